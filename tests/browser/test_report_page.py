"""The editors' HTML report in real Chromium, opened from disk: its charts draw, it asks the network for
nothing, long queries wrap inside the window, and screenshots are kept in test-artifacts/ for a person to
look at."""

from __future__ import annotations

import uuid
from pathlib import Path

import report_samples

from tools import report

from .conftest import ARTIFACTS


def write_report(html_path: Path, built_index: Path, feedback_table, monkeypatch, searches=report_samples.SEARCHES):
    """`make report` on `searches` (report_samples' week unless given), its votes and clicks: writes html_path."""
    monkeypatch.setenv("TAYORI_INDEX_DIR", str(built_index))
    from tayori.engine import SearchIndex

    index = SearchIndex(built_index)
    busy, waiting = (index.search(q, 1).hits[0].id for q in ("仕事が忙しい", "待つあいだにできること"))
    clicks_table = f"tayori-clicks-{uuid.uuid4().hex[:8]}"
    report_samples.create_clicks_table(feedback_table.client, clicks_table)
    report_samples.fill_tables(feedback_table.client, feedback_table.name, clicks_table, busy, waiting)
    log = report_samples.write_search_log(html_path.parent / "search-log.jsonl", searches)
    assert report.main(["--log", str(log), "--dynamodb", "aws", "--endpoint-url", feedback_table.endpoint,
                        "--table", feedback_table.name, "--clicks-table", clicks_table,
                        "--html", str(html_path)]) == 0  # fmt: skip


def test_the_report_opens_from_disk_with_its_charts_and_fetches_nothing(
    page, built_index: Path, feedback_table, tmp_path: Path, monkeypatch, capsys
) -> None:
    html_path = tmp_path / "report.html"
    write_report(html_path, built_index, feedback_table, monkeypatch)

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


# What readers paste into a search box: a url, a word run together, a sentence with no space to break at.
LONG_QUERIES = [
    "https://media.tayori.example/love/otoshin-futsu-sonogo?utm_source=newsletter&utm_medium=email&utm_campaign=2026",
    "whydoesmyboyfriendnotanswermymessagesanymoreeventhoughhereadthemallandisonlineeverynight",
    "彼氏から連絡が来なくなって一週間たつけど自分から連絡したほうがいいのかそれとも待ったほうがいいのか教えてほしい",
]


def test_long_queries_wrap_and_every_table_fits_an_1100_pixel_window(
    page, built_index: Path, feedback_table, tmp_path: Path, monkeypatch, capsys
) -> None:
    # Each long query found nothing twice (spelled with and without a trailing space: "also:" shows
    # them again), and once found something nobody opened.
    searches = [
        *report_samples.SEARCHES,
        *[("2026-11-25", query + tail, "koi-note", 0) for query in LONG_QUERIES for tail in ("", " ")],
        *[("2026-11-25", query + "の話", "direct", 3) for query in LONG_QUERIES],
    ]
    html_path = tmp_path / "report.html"
    write_report(html_path, built_index, feedback_table, monkeypatch, searches)
    page.set_viewport_size({"width": 1100, "height": 900})
    page.goto(html_path.as_uri())

    assert page.evaluate("document.documentElement.scrollWidth") <= 1100
    for n, table in enumerate(page.locator("table").all()):
        box = table.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 1100, f"table {n} is off screen"
    for query in LONG_QUERIES:  # whole, wrapped inside their cells, not cut
        cell = page.locator("#zero td", has_text=query[:30]).first
        assert query in cell.inner_text().replace("\n", "")
        assert cell.bounding_box()["height"] > 2 * page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "editors-report-long-queries.png"), full_page=True)
