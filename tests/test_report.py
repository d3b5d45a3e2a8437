"""`make report`: editors see the queries that found nothing (from the function's own log lines) and
the passages readers marked 「役に立たなかった」 (from the feedback table), locally with no AWS account."""

import json
import logging
from pathlib import Path

import pytest
from conftest import write_partners

from local import aws as local_aws
from local.logfile import tee_function_logs
from tools import report


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


def run_report(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert report.main(args) == 0
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
        {"query": "xyzzy", "count": 3, "partners": {"direct": 2, "koi-note": 1}},
        {"query": "qwfp", "count": 1, "partners": {"direct": 1}},
    ]
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
        readers_use_the_widget(api)
        for name in ("AWS_ENDPOINT_URL_DYNAMODB", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
            monkeypatch.delenv(name)  # the report needs no AWS configuration to find it
        out = run_report(["--log", str(search_log)], capsys)
    finally:
        local.stop()
    assert "Queries that found nothing" in out
    assert "3×  xyzzy" in out
    assert f"4 votes in report-local-test, local DynamoDB at {local.endpoint}" in out
    assert "役に立たなかった   2, 役に立った   1" in out


def test_without_a_table_the_report_still_shows_the_log_part(search_log: Path, tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    search_log.write_text(json.dumps({"message": "search", "query": "xyzzy", "result_count": 0}) + "\n")
    out = run_report(["--log", str(search_log), "--dynamodb", "local"], capsys)
    assert "1×  xyzzy" in out
    assert "feedback unavailable: no local DynamoDB: start `make run` first" in out
