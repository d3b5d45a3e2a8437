"""`make report`: editors see the queries that found nothing (from the function's own log lines) and
the passages readers marked 「役に立たなかった」 (from the feedback table), locally with no AWS account."""

import json
import logging
import os
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest
import report_samples
from bs4 import BeautifulSoup
from conftest import SAMPLE_ARTICLE, write_article, write_partners

from index.build import build
from local import aws as local_aws
from local import server as local_server
from local.logfile import tee_function_logs
from tools import report

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def search_log(tmp_path: Path):
    """The function's log lines appended to a file, as the local server does for `make run`."""
    path = tmp_path / "search-log.jsonl"
    handler = tee_function_logs(path)
    yield path
    logging.getLogger("tayori").removeHandler(handler)
    handler.close()


def readers_use_the_widget(api) -> dict[str, str]:
    """Searches (some finding nothing) and votes, all through the real handler; returns passage ids by query."""
    for q, partner in [("xyzzy", None), ("ＸＹＺＺＹ", "koi-note"), ("xyzzy", None), ("qwfp", None)]:
        answer = api.get("/v1/search", q=q, **({"partner": partner} if partner else {}))
        assert answer.status == 200 and answer.json["results"] == []
    ids = {q: api.get("/v1/search", q=q).json["results"][0]["id"] for q in ("仕事が忙しい", "気持ちが冷めた")}
    votes = [("仕事が忙しい", False), ("仕事が忙しい", False), ("仕事が忙しい", True), ("気持ちが冷めた", False)]
    for q, helpful in votes:
        body = json.dumps({"query": q, "passage_id": ids[q], "helpful": helpful}, ensure_ascii=False)
        assert api.call("POST", "/v1/feedback", headers={"content-type": "application/json"}, body=body).status == 201
    return ids


@pytest.fixture
def content_dir(content_dir: Path) -> Path:
    return write_partners(content_dir)


def run_report(args: list[str], capsys: pytest.CaptureFixture[str], html: Path | None = None) -> str:
    """`make report` with these arguments; its printed output. The HTML page goes to `html` (or is discarded)."""
    capsys.readouterr()
    with tempfile.TemporaryDirectory() as folder:
        assert report.main([*args, "--html", str(html or Path(folder) / "report.html")]) == 0
    return capsys.readouterr().out


def test_the_report_ranks_zero_result_queries_and_unhelpful_passages(
    api, feedback_table, search_log: Path, built_index: Path, capsys, monkeypatch
) -> None:
    ids = readers_use_the_widget(api)
    monkeypatch.setenv("TAYORI_INDEX_DIR", str(built_index))  # headings come from the index in use
    out = run_report(
        ["--log", str(search_log), "--dynamodb", "aws", "--endpoint-url", feedback_table.endpoint,
         "--table", feedback_table.name, "--json"],
        capsys,
    )  # fmt: skip
    data = json.loads(out)
    assert data["searches_read"] == 6
    assert data["zero_result_queries"] == [
        {"query": "xyzzy", "count": 3, "partners": {"direct": 2, "koi-note": 1}, "spellings": ["xyzzy", "ＸＹＺＺＹ"],
         "terms": ["xyzzy"], "mentioned_in": [], "missing_words": ["xyzzy"]},
        {"query": "qwfp", "count": 1, "partners": {"direct": 1}, "spellings": ["qwfp"], "terms": ["qwfp"],
         "mentioned_in": [], "missing_words": ["qwfp"]},
    ]  # fmt: skip
    assert [(p["passage_id"], p["not_helpful"], p["helpful"]) for p in data["unhelpful_passages"]] == [
        (ids["仕事が忙しい"], 2, 1),
        (ids["気持ちが冷めた"], 1, 0),
    ]
    assert data["unhelpful_passages"][0]["heading"].endswith("仕事が忙しい")
    assert data["unhelpful_passages"][0]["queries"] == ["仕事が忙しい"]


def test_cloudwatch_exports_count_like_the_local_log(api, feedback_table, search_log: Path, tmp_path, capsys) -> None:
    readers_use_the_widget(api)
    lines = search_log.read_text(encoding="utf-8").splitlines()
    exported = tmp_path / "exported.jsonl"
    # `aws logs filter-log-events` wraps each line in {"message": ...}; a console copy prefixes a timestamp.
    exported.write_text(
        "\n".join(
            json.dumps({"timestamp": 1, "message": line}) if n % 2 else f"2026-11-26T10:00:00Z {line}"
            for n, line in enumerate(lines)
        ),
        encoding="utf-8",
    )
    direct = json.loads(run_report(["--log", str(search_log), "--dynamodb", "local", "--json"], capsys))
    wrapped = json.loads(run_report(["--log", str(exported), "--dynamodb", "local", "--json"], capsys))
    assert wrapped["zero_result_queries"] == direct["zero_result_queries"] != []


def test_locally_the_report_finds_the_table_of_make_run(api, search_log: Path, tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # build/local-dynamodb.json is written where `make run` runs
    local = local_aws.start(0, table="report-local-test", state_file=local_aws.state_file())
    try:
        for name, value in local_aws.endpoint_env(local.endpoint, local.table).items():
            monkeypatch.setenv(name, value)
        ids = readers_use_the_widget(api)
        clicks_table = json.loads(local_aws.state_file().read_text()).get("clicks_table") or report.DEFAULT_CLICKS_TABLE
        if clicks_table not in local.client().list_tables()["TableNames"]:
            report_samples.create_clicks_table(local.client(), clicks_table)
        click = {"click_id": {"S": "c1"}, "query": {"S": "仕事が忙しい"}, "passage_id": {"S": ids["仕事が忙しい"]},
                 "rank": {"N": "1"}, "partner": {"S": ""}}  # fmt: skip
        local.client().put_item(TableName=clicks_table, Item=click)
        for name in ("AWS_ENDPOINT_URL_DYNAMODB", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
            monkeypatch.delenv(name)  # the report needs no AWS configuration to find it
        monkeypatch.delenv(report.CLICKS_TABLE_ENV, raising=False)
        out = run_report(["--log", str(search_log)], capsys)
    finally:
        local.stop()
    assert "Queries that found nothing" in out
    assert "3×  xyzzy" in out
    assert f"4 votes in report-local-test, local DynamoDB at {local.endpoint}" in out
    assert "役に立たなかった   2, 役に立った   1" in out
    # Clicks from `make run`'s table too: 仕事が忙しい was opened, 気持ちが冷めた was not.
    assert f"(1 clicks in {clicks_table}, local DynamoDB at {local.endpoint})\n   1.    1×  気持ちが冷めた\n" in out


def test_without_a_table_the_report_still_shows_the_log_part(search_log: Path, tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    search_log.write_text(json.dumps({"message": "search", "query": "xyzzy", "result_count": 0}) + "\n")
    out = run_report(["--log", str(search_log), "--dynamodb", "local"], capsys)
    assert "1×  xyzzy" in out
    assert "feedback unavailable: no local DynamoDB: start `make run` first" in out


# --- The HTML report: a small week made in the test, every number checked ------------------------------


@pytest.fixture
def week(built_index: Path, feedback_table, tmp_path: Path, monkeypatch) -> dict[str, object]:
    """SAMPLE_ARTICLE's index in use, report_samples' search log, and its votes and clicks in moto's tables."""
    monkeypatch.setenv("TAYORI_INDEX_DIR", str(built_index))
    from tayori.engine import SearchIndex

    index = SearchIndex(built_index)
    busy = index.search("仕事が忙しい", 1).hits[0].id
    waiting = index.search("待つあいだにできること", 1).hits[0].id
    clicks_table = f"tayori-clicks-{uuid.uuid4().hex[:8]}"
    report_samples.create_clicks_table(feedback_table.client, clicks_table)
    report_samples.fill_tables(feedback_table.client, feedback_table.name, clicks_table, busy, waiting)
    log = report_samples.write_search_log(tmp_path / "exported.jsonl")
    args = ["--log", str(log), "--dynamodb", "aws", "--endpoint-url", feedback_table.endpoint,
            "--table", feedback_table.name, "--clicks-table", clicks_table,
            "--search-page", "https://koi.example/search"]  # fmt: skip
    return {"args": args, "busy": busy, "waiting": waiting, "clicks_table": clicks_table}


def rows(page: BeautifulSoup, section: str) -> list[list[str]]:
    """The cells' text of a report table's rows (header row left out)."""
    return [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in page.select(f"#{section} tr")[1:]]


def test_the_html_report_shows_the_weeks_numbers(week, tmp_path: Path, capsys) -> None:
    html_path = tmp_path / "report.html"
    data = json.loads(run_report([*week["args"], "--json"], capsys, html=html_path))
    page = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")

    assert [div.get_text(" ", strip=True) for div in page.select("#figures .figure")] == [
        "10 searches", "40% found nothing", "3 clicks", "4 votes",
    ]  # fmt: skip
    assert data["searches_per_day"] == {
        "2026-11-24": {"found": 0, "nothing": 3},
        "2026-11-25": {"found": 6, "nothing": 1},
    }
    per_day = page.select_one("#per-day svg")
    assert {"2026-11-24", "2026-11-25", "found nothing"} <= {t.get_text() for t in per_day.find_all("text")}

    # 浮気された, 浮気 された and 浮気されたら are one question; no passage has 浮気: worth writing.
    assert rows(page, "zero") == [
        ["1", "3", "浮気された also: 浮気 された / 浮気されたら", "浮気", "publisher's own site 2, koi-note 1",
         "no passage has 浮気: worth writing", "search it"],
        ["2", "1", "残業 友人", "友人 残業", "publisher's own site 1",
         "every word (友人, 残業) is in some passage; 1 article has them all: 彼からの連絡を待つときの心構え",
         "search it"],
    ]  # fmt: skip
    links = [a["href"] for a in page.select("#zero a")]
    assert links == [
        "https://koi.example/search?q=%E6%B5%AE%E6%B0%97%E3%81%95%E3%82%8C%E3%81%9F",
        "https://koi.example/search?q=%E6%AE%8B%E6%A5%AD%20%E5%8F%8B%E4%BA%BA",
    ]
    # 連絡が来ない was opened as 連絡 来ない (the same words); nobody opened what 出張 趣味 found.
    assert rows(page, "unclicked") == [["1", "2", "出張 趣味", "search it"]]
    assert [row[2:5] for row in rows(page, "clicks")] == [["2", "67%", "1.0"], ["1", "33%", "2.0"]]
    assert [(p["passage_id"], p["clicks"], p["mean_rank"]) for p in data["passage_clicks"]] == [
        (week["busy"], 2, 1.0), (week["waiting"], 1, 2.0),
    ]  # fmt: skip
    assert rows(page, "clicks")[0][1].endswith("連絡が来ない理由 › 仕事が忙しい")
    assert "3 clicks for 6 searches that found something (50%)" in page.select_one("#clicks .note").get_text()
    assert [row[2:4] for row in rows(page, "unhelpful")] == [["2", "1"], ["1", "0"]]
    assert rows(page, "unhelpful")[0][1].startswith("彼からの連絡を待つときの心構え › 連絡が来ない理由 › 仕事が忙しい")
    assert rows(page, "partners") == [
        ["publisher's own site", "8", "80%", "2", "3"],
        ["koi-note", "2", "20%", "1", "1"],
    ]
    assert len(page.select("section svg")) == 6


def test_the_html_report_needs_nothing_from_the_network(week, tmp_path: Path, capsys) -> None:
    html_path = tmp_path / "report.html"
    run_report(week["args"], capsys, html=html_path)
    text = html_path.read_text(encoding="utf-8")
    page = BeautifulSoup(text, "html.parser")
    assert page.find_all(["script", "link", "img", "iframe", "object", "embed"]) == []
    assert not page.select("[src]") and "@import" not in text and "url(" not in text
    # The only links are the ready-made searches, for the editor to click.
    assert {a["href"].split("?")[0] for a in page.select("a[href]")} == {"https://koi.example/search"}
    assert not [a for a in page.find_all(attrs={"xlink:href": True}) if not a["xlink:href"].startswith("#")]


def test_without_a_clicks_table_the_report_says_so_and_shows_the_rest(week, tmp_path: Path, capsys) -> None:
    args = [a if a != week["clicks_table"] else "no-such-table" for a in week["args"]]
    html_path = tmp_path / "report.html"
    data = json.loads(run_report([*args, "--json"], capsys, html=html_path))
    assert data["clicks_source"].startswith("clicks unavailable: no-such-table")
    assert data["unclicked_queries"] is None and len(data["unhelpful_passages"]) == 2
    page = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    assert "clicks unavailable" in page.select_one("#clicks").get_text()
    assert rows(page, "zero")[0][1] == "3"


def test_after_make_run_stops_the_report_says_the_tables_are_unreachable_and_still_renders(
    search_log: Path, tmp_path, capsys, monkeypatch
) -> None:
    # `make run` has stopped: its state file is left behind, pointing at a port nothing answers on,
    # and this machine has no AWS region configured.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TAYORI_LOCAL_STATE_DIR", str(tmp_path / "build"))
    local_aws.state_file().parent.mkdir(parents=True, exist_ok=True)
    local_aws.state_file().write_text(json.dumps(
        {"endpoint": "http://127.0.0.1:9", "table": "t", "clicks_table": "c", "region": "ap-northeast-1"}
    ))  # fmt: skip
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL_DYNAMODB"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    search_log.write_text(json.dumps({"message": "search", "query": "xyzzy", "result_count": 0}) + "\n")
    html_path = tmp_path / "report.html"
    out = run_report(["--log", str(search_log)], capsys, html=html_path)
    assert "1×  xyzzy" in out
    assert "feedback unavailable: no local DynamoDB (start `make run`) and no AWS region configured" in out
    page = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    assert "clicks unavailable" in page.select_one("#clicks").get_text()
    assert rows(page, "zero")[0][2] == "xyzzy"


def test_search_links_open_the_search_page_of_the_port_make_run_used(search_log: Path, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TAYORI_LOCAL_STATE_DIR", str(tmp_path / "build"))
    local_server.record_url("http://127.0.0.1:8123")  # what `make run PORT=8123` leaves behind
    search_log.write_text(json.dumps({"message": "search", "query": "xyzzy", "result_count": 0}) + "\n")
    html_path = tmp_path / "report.html"
    run_report(["--log", str(search_log), "--dynamodb", "local"], capsys, html=html_path)
    page = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    assert page.select_one("#zero a")["href"] == "http://127.0.0.1:8123/search.html?q=xyzzy"

    # --search-page still wins (production: the publisher's own search page).
    run_report(["--log", str(search_log), "--dynamodb", "local", "--search-page", "https://koi.example/s"], capsys,
               html=html_path)  # fmt: skip
    page = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    assert page.select_one("#zero a")["href"] == "https://koi.example/s?q=xyzzy"


# --- What the log holds that is not a topic, or not a log line ----------------------------------------------


def search_lines(*queries: str) -> list[str]:
    """`search` log lines that found nothing, one per query."""
    return [json.dumps({"message": "search", "query": q, "result_count": 0}, ensure_ascii=False) for q in queries]


def write_log(tmp_path: Path, lines: list[str]) -> Path:
    """A search log file of these lines, in tmp_path."""
    log = tmp_path / "search-log.jsonl"
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return log


def search_line(query: str, found: int) -> str:
    """A `search` log line for a query that found `found` passages."""
    return json.dumps({"message": "search", "query": query, "result_count": found}, ensure_ascii=False)


def ranked_rows(out: str) -> list[str]:
    """The numbered rows of the printed report's "Queries that found nothing"."""
    found_nothing = out.split("Queries that found nothing")[1].split("\n\n")[0].splitlines()
    return [line.strip() for line in found_nothing if line.strip()[:1].isdigit()]


def test_self_harm_phrasing_is_counted_apart_whatever_the_search_answered_never_an_article_to_write(
    built_index: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("TAYORI_INDEX_DIR", str(built_index))
    monkeypatch.chdir(tmp_path)
    # 死にたい found something: a log from before the search answered self-harm with nothing.
    lines = [*search_lines("消えたい", "I want to die", "消えたい", "死んだ方がマシ", "消えちゃいたい", "xyzzy"),
             search_line("死にたい", 3), search_line("仕事が忙しい", 2)]  # fmt: skip
    log = write_log(tmp_path, lines)
    html = tmp_path / "report.html"
    out = run_report(["--log", str(log), "--dynamodb", "local"], capsys, html)

    assert ranked_rows(out) == ["1.    1×  xyzzy    [direct 1; no passage has xyzzy: worth writing]"]
    self_harm = "self-harm phrasing (never an article topic: a page pointing to help is the publisher's call)"
    counted = "6 searches, 5 found nothing: 消えたい 2×, I want to die, 死にたい, 死んだ方がマシ, 消えちゃいたい"
    assert f"Queries with {self_harm}, {counted}" in out
    assert "answered with nothing" not in out and "all found nothing" not in out
    data = json.loads(run_report(["--log", str(log), "--dynamodb", "local", "--json"], capsys))
    assert [(g["query"], g["count"]) for g in data["self_harm_queries"]] == [
        ("消えたい", 2), ("I want to die", 1), ("死にたい", 1), ("死んだ方がマシ", 1), ("消えちゃいたい", 1)
    ]  # fmt: skip
    assert (data["self_harm_searches"], data["self_harm_searches_found_nothing"]) == (6, 5)
    assert [g["query"] for g in data["zero_result_queries"]] == ["xyzzy"]
    assert [g["query"] for g in data["unread_word_queries"] + data["no_word_queries"]] == []
    page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    assert [row[2] for row in rows(page, "zero")] == ["xyzzy"]
    assert f"{self_harm.capitalize()}, {counted}" in page.select_one("#zero").get_text()


def test_self_harm_searches_that_all_found_nothing_are_said_to(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    log = write_log(tmp_path, search_lines("消えたい", "死にたい", "消えたい"))
    out = run_report(["--log", str(log), "--dynamodb", "local"], capsys)
    assert "publisher's call), 3 searches, all found nothing: 消えたい 2×, 死にたい" in out


def test_queries_with_no_words_are_counted_apart_not_suggested_as_articles_to_write(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    log = write_log(tmp_path, search_lines("%", "+", "(((", "*", "...", "%", "xyzzy"))
    html = tmp_path / "report.html"
    out = run_report(["--log", str(log), "--dynamodb", "local"], capsys, html)

    assert [row.split("    [")[0] for row in ranked_rows(out)] == ["1.    1×  xyzzy"]
    assert "Queries with no words (symbols alone: nothing to write about), 6 searches: % 2×, (((, *, +, ..." in out

    data = json.loads(run_report(["--log", str(log), "--dynamodb", "local", "--json"], capsys))
    assert [g["query"] for g in data["zero_result_queries"]] == ["xyzzy"]
    assert [(g["query"], g["count"]) for g in data["no_word_queries"]] == [
        ("%", 2), ("(((", 1), ("*", 1), ("+", 1), ("...", 1)
    ]  # fmt: skip

    page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    zero = page.select_one("#zero")
    assert [row[2] for row in rows(page, "zero")] == ["xyzzy"]
    assert "worth writing" in zero.get_text()
    no_words = "No words (symbols alone: nothing to write about), 6 searches: % 2×, (((, *, +, ..."
    assert no_words in zero.get_text()


def test_words_the_lexicon_does_not_know_are_a_readers_words_not_filed_with_symbols(
    built_index: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    # SAMPLE_ARTICLE's lexicon has no word in ねこ or ぴえん: the search reads them as no words.
    monkeypatch.setenv("TAYORI_INDEX_DIR", str(built_index))
    monkeypatch.chdir(tmp_path)
    log = write_log(tmp_path, search_lines("ねこ", "ぴえん", "ねこ", "%", "xyzzy"))
    html = tmp_path / "report.html"
    out = run_report(["--log", str(log), "--dynamodb", "local"], capsys, html)

    unread = "words the search could not read (not in the articles' vocabulary, or particles alone)"
    assert f"Queries with {unread}, 3 searches: ねこ 2×, ぴえん" in out
    assert "Queries with no words (symbols alone: nothing to write about), 1 search: %" in out
    data = json.loads(run_report(["--log", str(log), "--dynamodb", "local", "--json"], capsys))
    assert [(g["query"], g["count"]) for g in data["unread_word_queries"]] == [("ねこ", 2), ("ぴえん", 1)]
    assert [g["query"] for g in data["no_word_queries"]] == ["%"]
    page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    assert f"{unread.capitalize()}, 3 searches: ねこ 2×, ぴえん." in page.select_one("#zero").get_text()


# Two articles: the query お金が全然たまらない's words are all in them, but no one article has them all.
MONEY_ARTICLE = """---
slug: chokin
title: お金が貯まらない原因
url: https://media.tayori.example/money/chokin
lang: ja
published: 2025-08-04
---

お金が貯まらないと不安になりますよね。

## 貯め方

まず毎月の支出を書き出しましょう。
"""
BUSY_ARTICLE = """---
slug: isogashii
title: 忙しい彼との付き合い方
url: https://media.tayori.example/love/isogashii
lang: ja
published: 2025-08-05
---

全然会えない日が続くと寂しくなりますよね。
"""


def test_a_query_whose_words_the_articles_use_is_never_said_to_be_unmentioned(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    content = tmp_path / "content"
    write_article(content, MONEY_ARTICLE)
    write_article(content, BUSY_ARTICLE)
    build(content, tmp_path / "index")
    monkeypatch.setenv("TAYORI_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.chdir(tmp_path)
    queries = ["お金が全然たまらない", "猫のお金", "支出 書き出す"]
    log = write_log(tmp_path, search_lines(*queries))

    data = json.loads(run_report(["--log", str(log), "--dynamodb", "local", "--json"], capsys))
    groups = {g["query"]: g for g in data["zero_result_queries"]}
    assert {"お金", "全然"} <= set(groups["お金が全然たまらない"]["terms"])
    assert groups["お金が全然たまらない"]["missing_words"] == []
    assert groups["猫のお金"]["missing_words"] == ["猫"]  # お金 is in the articles; 猫 is in no passage
    assert groups["支出 書き出す"]["missing_words"] == []
    assert groups["支出 書き出す"]["mentioned_in"] == ["お金が貯まらない原因"]

    rows_by_query = {row.split("×  ")[1].split("    [")[0]: row for row in ranked_rows(
        run_report(["--log", str(log), "--dynamodb", "local"], capsys))}  # fmt: skip
    words = ", ".join(groups["お金が全然たまらない"]["terms"])
    assert rows_by_query["お金が全然たまらない"].endswith(
        f"[direct 1; every word ({words}) is in some passage; no article has them all]"
    )
    assert rows_by_query["猫のお金"].endswith("[direct 1; no passage has 猫: worth writing]")
    assert rows_by_query["支出 書き出す"].endswith("is in some passage; 1 article has them all]")
    assert not any("mentions" in row for row in rows_by_query.values())


def test_the_header_counts_the_rows_it_shows(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    queries = [f"xyzzy{n}" for n in range(5) for _ in range(2)] + ["qwfp", "plugh"]  # 7 groups, 12 searches
    log = write_log(tmp_path, search_lines(*queries))
    out = run_report(["--log", str(log), "--dynamodb", "local", "--top", "3"], capsys)

    header = next(line for line in out.splitlines() if line.startswith("Queries that found nothing"))
    assert header == "Queries that found nothing (3 of 7 groups of words shown, 6 searches; 12 searches read)"
    assert len(ranked_rows(out)) == 3


def test_long_queries_are_shortened_in_the_printed_report_and_whole_in_json(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    long_query = "彼氏" + "あ" * 198  # 200 characters
    long_symbols = "%" * 200
    log = write_log(tmp_path, search_lines(long_query, long_symbols))
    out = run_report(["--log", str(log), "--dynamodb", "local"], capsys)

    assert long_query not in out and long_symbols not in out
    assert f"1×  {long_query[:39]}…    [direct 1; " in out
    assert f"1 search: {long_symbols[:39]}…" in out
    data = json.loads(run_report(["--log", str(log), "--dynamodb", "local", "--json"], capsys))
    assert [g["query"] for g in data["zero_result_queries"]] == [long_query]
    assert [g["query"] for g in data["no_word_queries"]] == [long_symbols]


def test_log_lines_that_cannot_be_read_are_counted_and_the_first_is_named(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    log = tmp_path / "bad.jsonl"
    lines = ["this is not a log line", *search_lines("xyzzy"), "{\"message\": \"search\", \"query\": ", "",
             json.dumps({"message": "{not json either"})]  # fmt: skip
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    html = tmp_path / "report.html"
    capsys.readouterr()
    assert report.main(["--log", str(log), "--dynamodb", "local", "--html", str(html)]) == 0
    printed = capsys.readouterr()

    warning = f"3 log lines could not be read as JSON log records and are not counted (first: {log}:1)"
    assert warning in printed.out and warning in printed.err
    assert "1×  xyzzy" in printed.out
    assert warning in BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").get_text()
    data = json.loads(run_report(["--log", str(log), "--dynamodb", "local", "--json"], capsys))
    assert data["unreadable_log_lines"] == {"count": 3, "first": f"{log}:1"}


def test_a_log_of_only_readable_lines_says_nothing_about_unreadable_ones(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    log = tmp_path / "search-log.jsonl"
    log.write_text("\n".join(search_lines("xyzzy")) + "\n\n", encoding="utf-8")
    out = run_report(["--log", str(log), "--dynamodb", "local"], capsys)
    assert "could not be read" not in out


def test_a_query_holding_a_tab_or_newline_stays_on_its_line_in_the_printed_report(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    log = write_log(tmp_path, search_lines("xyzzy\tqwfp\nplugh"))
    out = run_report(["--log", str(log), "--dynamodb", "local"], capsys)

    assert ranked_rows(out)[0].startswith("1.    1×  xyzzy\\tqwfp\\nplugh    [direct 1; ")
    assert "\t" not in out


# An article whose words give the index's lexicon 既読 (read きどく).
KIDOKU_ARTICLE = SAMPLE_ARTICLE.replace("彼から連絡が来ないと", "既読のまま返事が来ないと")


def test_queries_differing_only_in_kana_or_width_are_one_group(tmp_path: Path, capsys, monkeypatch) -> None:
    # The index's lexicon knows 既読 (read きどく): hiragana and katakana spellings must still meet.
    content = tmp_path / "content"
    write_article(content, KIDOKU_ARTICLE)
    build(content, tmp_path / "index")
    monkeypatch.setenv("TAYORI_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.chdir(tmp_path)
    queries = ["きどくむし", "キドクムシ", "キドクムシ", "ｷﾄﾞｸｽﾙｰ", "キドクスルー"]
    log = write_log(tmp_path, search_lines(*queries))

    data = json.loads(run_report(["--log", str(log), "--dynamodb", "local", "--json"], capsys))
    assert [(g["count"], g["spellings"]) for g in data["zero_result_queries"]] == [
        (3, ["キドクムシ", "きどくむし"]),
        (2, ["ｷﾄﾞｸｽﾙｰ", "キドクスルー"]),  # as often as each other: in the order readers typed them
    ]


def test_make_report_json_prints_only_the_json_on_stdout(tmp_path: Path) -> None:
    log = write_log(tmp_path, search_lines("xyzzy"))
    args = f"--json --log {log} --dynamodb local --html {tmp_path / 'report.html'}"
    # As a user types it in a shell: not a sub-make of `make test` (which would print its directory).
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    env["TAYORI_LOCAL_STATE_DIR"] = str(tmp_path / "build")
    for silent in ([], ["-s"]):
        # -o: the virtualenv the tests run in is used as it is, never reinstalled here.
        done = subprocess.run(
            ["make", *silent, "-o", ".venv/.installed", "report", f"REPORT_ARGS={args}"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert [g["query"] for g in json.loads(done.stdout)["zero_result_queries"]] == ["xyzzy"]
        assert "editors' report" in done.stderr  # the banner is still shown, beside the JSON
