"""POST /v1/clicks: a reader opened a result. Through the real handler with API Gateway v2 events and a
moto DynamoDB table: what a beacon sends is stored, bad clicks get the API's error shape, and a broken
table costs only the click, never a search."""

import json
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cfnlint.decode import decode
from conftest import write_partners

from adapters import click_table as click_store

ROOT = Path(__file__).resolve().parent.parent
BEACON = {"content-type": "text/plain;charset=UTF-8"}  # what navigator.sendBeacon sends for a string


@dataclass
class ClicksTable:
    name: str
    client: Any

    def items(self) -> list[dict[str, Any]]:
        return self.client.scan(TableName=self.name)["Items"]


@pytest.fixture
def clicks_table(moto_dynamodb: Any, monkeypatch: pytest.MonkeyPatch) -> ClicksTable:
    """A new, empty clicks table on the session's moto server, with the function pointed at it."""
    from local import aws as local_aws

    table = ClicksTable(f"tayori-clicks-{uuid.uuid4().hex[:8]}", moto_dynamodb.client())
    click_store.create_table(table.client, table.name)
    for name, value in local_aws.endpoint_env(moto_dynamodb.endpoint, moto_dynamodb.table, table.name).items():
        monkeypatch.setenv(name, value)
    return table


@pytest.fixture
def content_dir(content_dir: Path) -> Path:
    return write_partners(content_dir)


def passage_id(api: Any, query: str = "仕事が忙しい") -> str:
    return api.get("/v1/search", q=query).json["results"][0]["id"]


def click(api: Any, headers: dict[str, str] | None = None, **fields: Any) -> Any:
    body = json.dumps(fields, ensure_ascii=False)
    return api.call("POST", "/v1/clicks", headers=BEACON if headers is None else headers, body=body)


def test_a_beacon_click_is_stored_with_query_passage_rank_partner_time_and_expiry(api, clicks_table) -> None:
    pid = passage_id(api)
    before = int(time.time())
    answer = click(api, query="仕事が忙しい", passage_id=pid, rank=2, partner="koi-note")
    assert (answer.status, answer.body) == (204, b"")
    assert answer.headers["cache-control"] == "no-store"
    [item] = clicks_table.items()
    assert uuid.UUID(item["click_id"]["S"]).version == 4
    assert {k: v for k, v in item.items() if k not in {"click_id", "created_at", "expires_at"}} == {
        "query": {"S": "仕事が忙しい"},
        "passage_id": {"S": pid},
        "rank": {"N": "2"},
        "partner": {"S": "koi-note"},
    }
    created = datetime.fromisoformat(item["created_at"]["S"])
    assert created.tzinfo == UTC and before <= created.timestamp() <= time.time()
    assert item["created_at"]["S"] == created.isoformat(timespec="seconds")
    expires = int(item["expires_at"]["N"])
    assert before + 180 * 86400 <= expires <= int(time.time()) + 180 * 86400


@pytest.mark.parametrize(
    "content_type", ["application/json", "Application/JSON; charset=utf-8", "text/plain", "TEXT/PLAIN;charset=UTF-8"]
)
def test_json_is_accepted_as_application_json_or_text_plain_in_any_case(api, clicks_table, content_type) -> None:
    answer = click(api, {"content-type": content_type}, query="連絡", passage_id=passage_id(api, "連絡"), rank=1)
    assert answer.status == 204
    [item] = clicks_table.items()
    assert item["partner"] == {"S": ""}  # the publisher's own site


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"query": "あ" * 201}, 400, "invalid_request"),
        ({"query": ""}, 400, "invalid_request"),
        ({"query": "   "}, 400, "invalid_request"),
        ({"passage_id": ""}, 400, "invalid_request"),
        ({"passage_id": "p" * 201}, 400, "invalid_request"),
        ({"rank": 0}, 400, "invalid_request"),
        ({"rank": 101}, 400, "invalid_request"),
        ({"rank": "1"}, 400, "invalid_request"),
        ({"rank": 1.5}, 400, "invalid_request"),
        ({"rank": True}, 400, "invalid_request"),
        ({"rank": None}, 400, "invalid_request"),
        ({"extra": 1}, 400, "invalid_request"),
        ({"partner": "nobody"}, 400, "unknown_partner"),
        ({"passage_id": "no-such-passage"}, 422, "unknown_passage"),
    ],
)
def test_a_bad_click_gets_the_apis_error_shape_and_stores_nothing(api, clicks_table, change, status, code) -> None:
    fields = {"query": "仕事", "passage_id": passage_id(api), "rank": 1, **change}
    answer = click(api, **fields)
    assert (answer.status, answer.json["error"]["code"]) == (status, code)
    assert answer.json["error"]["message"]
    assert clicks_table.items() == []


def test_the_query_may_be_200_characters_and_rank_100(api, clicks_table) -> None:
    assert click(api, query="あ" * 200, passage_id=passage_id(api), rank=100).status == 204


def test_a_click_missing_a_field_or_not_json_is_a_400_naming_the_problem(api, clicks_table) -> None:
    missing = click(api, query="仕事", passage_id=passage_id(api))
    assert missing.status == 400
    assert {"parameter": "rank", "problem": "is required"} in missing.json["error"]["details"]
    broken = api.call("POST", "/v1/clicks", headers=BEACON, body='{"query": "仕事", ')
    assert (broken.status, broken.json["error"]["code"]) == (400, "invalid_request")
    listed = api.call("POST", "/v1/clicks", headers=BEACON, body="[1, 2]")
    assert listed.status == 400
    assert clicks_table.items() == []


@pytest.mark.parametrize("repeated", ['"rank": 2', '"rank": 1', '"query": "恋愛"'])
def test_a_click_naming_a_key_twice_is_a_400_and_stores_nothing(api, clicks_table, repeated: str) -> None:
    fields = json.dumps({"query": "仕事", "passage_id": passage_id(api), "rank": 1}, ensure_ascii=False)
    answer = api.call("POST", "/v1/clicks", headers=BEACON, body=fields[:-1] + ", " + repeated + "}")
    assert (answer.status, answer.json["error"]["code"]) == (400, "invalid_request")
    assert answer.json["error"]["details"][0]["parameter"] == "body"
    assert "more than once" in answer.json["error"]["message"]
    assert clicks_table.items() == []


def test_an_empty_partner_is_no_partner_as_in_a_search(api, clicks_table) -> None:
    assert api.get("/v1/search", q="連絡", partner="").status == 200
    assert click(api, query="連絡", passage_id=passage_id(api, "連絡"), rank=1, partner="").status == 204
    [item] = clicks_table.items()
    assert item["partner"] == {"S": ""}  # the publisher's own site


def test_a_body_over_2_kb_is_a_413(api, clicks_table) -> None:
    body = json.dumps({"query": "仕事", "passage_id": passage_id(api), "rank": 1}) + " " * 2100
    answer = api.call("POST", "/v1/clicks", headers=BEACON, body=body)
    assert (answer.status, answer.json["error"]["code"]) == (413, "body_too_large")
    assert clicks_table.items() == []


@pytest.mark.parametrize("headers", [{"content-type": "application/x-www-form-urlencoded"}, {}])
def test_a_body_that_is_not_json_or_plain_text_is_a_415(api, clicks_table, headers) -> None:
    answer = click(api, headers, query="仕事", passage_id=passage_id(api), rank=1)
    assert (answer.status, answer.json["error"]["code"]) == (415, "unsupported_media_type")
    assert clicks_table.items() == []


def test_clicks_only_accept_post(api) -> None:
    answer = api.get("/v1/clicks")
    assert answer.status == 405 and "POST" in answer.headers["allow"]


def test_a_missing_table_is_a_503_for_the_click_and_search_still_answers(api, clicks_table, monkeypatch) -> None:
    monkeypatch.setenv(click_store.TABLE_ENV, "no-such-table")
    pid = passage_id(api)
    answer = click(api, query="仕事", passage_id=pid, rank=1)
    assert (answer.status, answer.json["error"]["code"]) == (503, "clicks_unavailable")
    assert "no-such-table" not in answer.body.decode()
    search = api.get("/v1/search", q="仕事")
    assert search.status == 200 and search.json["results"][0]["id"] == pid


def test_an_unreachable_dynamodb_fails_the_click_fast_and_search_still_answers(api, clicks_table, monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:9")  # nothing listens on the discard port
    pid = passage_id(api)
    started = time.perf_counter()
    answer = click(api, query="仕事", passage_id=pid, rank=1)
    assert (answer.status, answer.json["error"]["code"]) == (503, "clicks_unavailable")
    assert time.perf_counter() - started < 5
    assert api.get("/v1/search", q="仕事").status == 200


def test_template_defines_the_clicks_table_on_demand_with_ttl_and_lets_the_function_only_put_items() -> None:
    template, problems = decode(str(ROOT / "template.yaml"))
    assert not problems, problems
    resources = template["Resources"]
    props = resources["ClicksTable"]["Properties"]
    assert props["BillingMode"] == "PAY_PER_REQUEST"
    assert props["KeySchema"] == [{"AttributeName": "click_id", "KeyType": "HASH"}]
    assert props["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}
    function = resources["SearchFunction"]["Properties"]
    assert function["Environment"]["Variables"][click_store.TABLE_ENV] == {"Ref": "ClicksTable"}
    statements = [s for policy in function["Policies"] for s in policy["Statement"]]
    assert {"Effect": "Allow", "Action": "dynamodb:PutItem", "Resource": {"Fn::GetAtt": ["ClicksTable", "Arn"]}} in (
        statements
    )
    assert {s["Action"] for s in statements} == {"dynamodb:PutItem"}
