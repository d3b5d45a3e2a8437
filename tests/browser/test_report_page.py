"""The editors' HTML report in real Chromium, opened from disk: its charts draw, it asks the network for
nothing, and a screenshot is kept in test-artifacts/ for a person to look at."""

from __future__ import annotations

import uuid
from pathlib import Path

import report_samples

from tools import report

from .conftest import ARTIFACTS


def test_the_report_opens_from_disk_with_its_charts_and_fetches_nothing(
    page, built_index: Path, feedback_table, tmp_path: Path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("TAYORI_INDEX_DIR", str(built_index))
    from tayori.engine import SearchIndex

    index = SearchIndex(built_index)
    busy, waiting = (index.search(q, 1).hits[0].id for q in ("仕事が忙しい", "待つあいだにできること"))
    clicks_table = f"tayori-clicks-{uuid.uuid4().hex[:8]}"
    report_samples.create_clicks_table(feedback_table.client, clicks_table)
    report_samples.fill_tables(feedback_table.client, feedback_table.name, clicks_table, busy, waiting)
    log = report_samples.write_search_log(tmp_path / "search-log.jsonl")
    html_path = tmp_path / "report.html"
    assert report.main(["--log", str(log), "--dynamodb", "aws", "--endpoint-url", feedback_table.endpoint,
                        "--table", feedback_table.name, "--clicks-table", clicks_table,
                        "--html", str(html_path)]) == 0  # fmt: skip

    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(html_path.as_uri())

    assert page.locator("h1").inner_text() == "What readers look for"
    charts = page.locator("section svg")
    assert charts.count() == 6
    for n in range(charts.count()):
        box = charts.nth(n).bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 100
    # Japanese text in the charts is text, drawn with the machine's fonts: it has a width.
    label = page.locator("#zero svg text", has_text="浮気された").first
    assert label.bounding_box()["width"] > 40
    assert page.locator("#zero td", has_text="worth writing").count() == 1
    assert requests == [html_path.as_uri()]

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "editors-report.png"), full_page=True)
