"""POST /v1/feedback: a reader's vote on a passage reaches the DynamoDB table (moto), bad votes get a
clear 4xx, and a broken table costs only the vote, never a search."""

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from cfnlint.decode import decode
from conftest import write_partners

from adapters import feedback_table as table_adapter

ROOT = Path(__file__).resolve().parent.parent
JSON = {"content-type": "application/json"}


@pytest.fixture
def content_dir(content_dir: Path) -> Path:
    return write_partners(content_dir)


def passage_id(api: Any, query: str = "仕事が忙しい") -> str:
    return api.get("/v1/search", q=query).json["results"][0]["id"]


def vote(api: Any, **fields: Any) -> Any:
    return api.call("POST", "/v1/feedback", headers=JSON, body=json.dumps(fields, ensure_ascii=False))


def test_a_vote_is_stored_with_its_query_passage_partner_and_an_expiry(api, feedback_table) -> None:
    pid = passage_id(api)
    before = int(time.time())
    answer = vote(api, query="仕事が忙しい", passage_id=pid, helpful=False, partner="koi-note")
    assert answer.status == 201
    assert answer.headers["cache-control"] == "no-store"
    [item] = feedback_table.items()
    assert answer.json == {"id": item["feedback_id"]["S"], "recorded": True}
    assert item["query"] == {"S": "仕事が忙しい"}
    assert item["passage_id"] == {"S": pid}
    assert item["helpful"] == {"BOOL": False}
    assert item["partner"] == {"S": "koi-note"}
    expires = int(item[table_adapter.TTL_ATTRIBUTE]["N"])
    assert before + 180 * 86400 <= expires <= int(time.time()) + 180 * 86400


def test_a_vote_from_the_publishers_own_site_has_no_partner(api, feedback_table) -> None:
    assert vote(api, query="連絡", passage_id=passage_id(api, "連絡"), helpful=True).status == 201
    [item] = feedback_table.items()
    assert item["partner"] == {"S": ""} and item["helpful"] == {"BOOL": True}


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"query": "あ" * 201}, 400, "invalid_request"),
        ({"query": ""}, 400, "invalid_request"),
        ({"query": "   "}, 400, "invalid_request"),
        ({"helpful": "yes"}, 400, "invalid_request"),
        ({"helpful": 1}, 400, "invalid_request"),
        ({"helpful": None}, 400, "invalid_request"),
        ({"passage_id": "no-such-passage"}, 422, "unknown_passage"),
        ({"partner": "nobody"}, 400, "unknown_partner"),
        ({"score": 5}, 400, "invalid_request"),
    ],
)
def test_a_bad_vote_is_a_clear_4xx_and_stores_nothing(api, feedback_table, change: dict, status: int, code: str):
    fields = {"query": "仕事", "passage_id": passage_id(api), "helpful": True, **change}
    answer = vote(api, **fields)
    assert (answer.status, answer.json["error"]["code"]) == (status, code)
    assert feedback_table.items() == []


def test_a_vote_missing_a_field_or_not_json_is_a_400(api, feedback_table) -> None:
    pid = passage_id(api)
    missing = vote(api, query="仕事", passage_id=pid)
    assert missing.status == 400
    assert {"parameter": "helpful", "problem": "is required"} in missing.json["error"]["details"]
    broken = api.call("POST", "/v1/feedback", headers=JSON, body='{"query": "仕事", ')
    assert broken.status == 400 and broken.json["error"]["code"] == "invalid_request"
    assert feedback_table.items() == []


def test_a_vote_naming_a_key_twice_is_a_400_and_stores_nothing(api, feedback_table) -> None:
    fields = json.dumps({"query": "仕事", "passage_id": passage_id(api)}, ensure_ascii=False)
    body = fields[:-1] + ', "helpful": true, "helpful": false}'
    answer = api.call("POST", "/v1/feedback", headers=JSON, body=body)
    assert (answer.status, answer.json["error"]["code"]) == (400, "invalid_request")
    assert "`body` names the key 'helpful' more than once" in answer.json["error"]["message"]
    assert feedback_table.items() == []


def test_an_empty_partner_is_no_partner_as_in_a_search(api, feedback_table) -> None:
    assert vote(api, query="連絡", passage_id=passage_id(api, "連絡"), helpful=True, partner="").status == 201
    [item] = feedback_table.items()
    assert item["partner"] == {"S": ""}


def test_a_body_over_2_kb_is_a_413(api, feedback_table) -> None:
    body = json.dumps({"query": "仕事", "passage_id": passage_id(api), "helpful": True}) + " " * 2100
    answer = api.call("POST", "/v1/feedback", headers=JSON, body=body)
    assert (answer.status, answer.json["error"]["code"]) == (413, "body_too_large")
    assert feedback_table.items() == []


def test_feedback_only_accepts_post(api) -> None:
    answer = api.get("/v1/feedback")
    assert answer.status == 405 and "POST" in answer.headers["allow"]


def test_a_missing_table_is_a_503_for_the_vote_and_search_still_answers(api, feedback_table, monkeypatch) -> None:
    monkeypatch.setenv(table_adapter.TABLE_ENV, "no-such-table")
    pid = passage_id(api)
    answer = vote(api, query="仕事", passage_id=pid, helpful=True)
    assert (answer.status, answer.json["error"]["code"]) == (503, "feedback_unavailable")
    assert "no-such-table" not in answer.body.decode()  # no internals in the answer
    search = api.get("/v1/search", q="仕事")
    assert search.status == 200 and search.json["results"][0]["id"] == pid


def test_an_unreachable_dynamodb_fails_the_vote_fast_and_search_still_answers(api, feedback_table, monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:9")  # nothing listens on the discard port
    pid = passage_id(api)
    started = time.perf_counter()
    answer = vote(api, query="仕事", passage_id=pid, helpful=False)
    assert answer.status == 503 and answer.json["error"]["code"] == "feedback_unavailable"
    assert time.perf_counter() - started < 5
    assert api.get("/v1/search", q="仕事").status == 200
    assert feedback_table.items() == []


def test_the_dynamodb_client_is_made_once_and_reused(api, feedback_table) -> None:
    pid = passage_id(api)
    assert vote(api, query="仕事", passage_id=pid, helpful=True).status == 201
    first = table_adapter.client()
    assert vote(api, query="仕事", passage_id=pid, helpful=False).status == 201
    assert table_adapter.client() is first
    assert len(feedback_table.items()) == 2


def test_a_cold_start_that_only_searches_never_imports_boto3(built_index: Path) -> None:
    probe = "import sys, app\nprint('boto3' in sys.modules)\n"
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": f"{ROOT / 'functions' / 'search'}:{ROOT}",
        "TAYORI_INDEX_DIR": str(built_index),
        "POWERTOOLS_TRACE_DISABLED": "1",
        "POWERTOOLS_METRICS_NAMESPACE": "TayoriTest",
    }
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_template_defines_an_on_demand_table_with_ttl_and_lets_the_function_only_put_items() -> None:
    template, problems = decode(str(ROOT / "template.yaml"))
    assert not problems, problems
    resources = template["Resources"]
    [(name, table)] = [
        (n, r)
        for n, r in resources.items()
        if r["Type"] == "AWS::DynamoDB::Table" and r["Properties"]["KeySchema"][0]["AttributeName"] == "feedback_id"
    ]
    props = table["Properties"]
    assert props["BillingMode"] == "PAY_PER_REQUEST"
    assert props["TimeToLiveSpecification"] == {"AttributeName": table_adapter.TTL_ATTRIBUTE, "Enabled": True}
    assert props["KeySchema"] == [{"AttributeName": "feedback_id", "KeyType": "HASH"}]
    function = resources["SearchFunction"]["Properties"]
    assert function["Environment"]["Variables"][table_adapter.TABLE_ENV] == {"Ref": name}
    assert {
        "Statement": [{"Effect": "Allow", "Action": "dynamodb:PutItem", "Resource": {"Fn::GetAtt": [name, "Arn"]}}]
    } in function["Policies"]
