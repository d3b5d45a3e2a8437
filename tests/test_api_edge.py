"""What real clients send at the edge: bodies and their media types, HEAD, Accept-Encoding, conditional
requests, strict numbers, the one error shape, CORS and partners' origins, a hanging feedback store."""

import gzip
import json
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ApiAnswer, ApiClient, point_function_at, write_partners

VOTE = {"query": "連絡", "helpful": True}


def passage_id(api: ApiClient) -> str:
    return api.get("/v1/search", q="残業").json["results"][0]["id"]


def post_vote(api: ApiClient, content_type: str, body: bytes | str, **extra) -> ApiAnswer:
    return api.call("POST", "/v1/feedback", headers={"content-type": content_type, **extra}, body=body)


# --- bodies -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "Application/JSON", "application/json; charset=UTF-8", "text/plain;charset=UTF-8"],
)
def test_json_votes_are_accepted_as_browsers_and_beacons_send_them(api, feedback_table, content_type: str) -> None:
    body = json.dumps({**VOTE, "passage_id": passage_id(api)})
    answer = post_vote(api, content_type, body)

    assert answer.status == 201, answer.body
    assert len(feedback_table.items()) == 1


@pytest.mark.parametrize(
    "content_type", ["application/xml", "application/x-www-form-urlencoded", "text/plain; charset=latin-1"]
)
def test_a_body_of_another_media_type_is_a_415(api, feedback_table, content_type: str) -> None:
    answer = post_vote(api, content_type, "query=x")

    assert answer.status == 415
    assert answer.json["error"]["code"] == "unsupported_media_type"
    assert answer.json["error"]["details"] == []
    assert feedback_table.items() == []


def test_a_body_that_is_not_utf8_is_a_400_not_a_500(api, feedback_table) -> None:
    answer = post_vote(api, "application/json", b'{"query": "\xff\xfe", "passage_id": "x", "helpful": true}')

    assert answer.status == 400
    assert feedback_table.items() == []


def test_body_field_errors_name_the_field_as_the_client_sent_it(api) -> None:
    answer = post_vote(api, "application/json", json.dumps({"query": 5, "passage_id": "x", "helpful": "yes"}))

    assert answer.status == 400
    named = {detail["parameter"] for detail in answer.json["error"]["details"]}
    assert named == {"query", "helpful"}


def test_malformed_json_is_a_400_naming_the_body(api) -> None:
    answer = post_vote(api, "text/plain", "{not json")

    assert answer.status == 400
    assert answer.json["error"]["details"] == [{"parameter": "body", "problem": "is not valid JSON"}]


BODY_ROUTES = ["/v1/feedback", "/v1/clicks"]


@pytest.mark.parametrize("route", BODY_ROUTES)
@pytest.mark.parametrize("content_type", ["application/json", "text/plain;charset=UTF-8"])
def test_a_body_nested_too_deeply_is_refused_not_a_500(api, monkeypatch, route, content_type) -> None:
    import settings

    nested = "[" * 100_000 + "]" * 100_000
    # Measured before it is parsed: over the limit is a 413, however it is (mal)formed.
    answer = api.call("POST", route, headers={"content-type": content_type}, body=nested)
    assert answer.status == 413
    assert answer.json["error"]["code"] == "body_too_large"

    # Were the limit ever raised past what the parser can nest: a 400 naming the body, like any bad JSON.
    monkeypatch.setattr(settings, "MAX_FEEDBACK_BYTES", 1024 * 1024)
    answer = api.call("POST", route, headers={"content-type": content_type}, body=nested)
    assert answer.status == 400
    assert answer.json["error"]["details"] == [{"parameter": "body", "problem": "is not valid JSON"}]


@pytest.mark.parametrize("route", BODY_ROUTES)
def test_any_body_over_the_limit_is_a_413_malformed_or_not(api, route) -> None:
    import settings

    for body in ["x" * (settings.MAX_FEEDBACK_BYTES + 1), json.dumps({"query": "連" * settings.MAX_FEEDBACK_BYTES})]:
        answer = api.call("POST", route, headers={"content-type": "application/json"}, body=body)
        assert answer.status == 413, body[:20]
        assert answer.json["error"]["code"] == "body_too_large"


@pytest.mark.parametrize("route", BODY_ROUTES)
@pytest.mark.parametrize(
    "content_type", ["application/json", "text/plain", "text/plain;charset=UTF-8", "", "image/png"]
)
def test_an_empty_body_is_the_same_400_whatever_its_type(api, route, content_type) -> None:
    headers = {"content-type": content_type} if content_type else {}
    answer = api.call("POST", route, headers=headers, body=b"")

    assert answer.status == 400
    assert answer.json["error"]["details"] == [{"parameter": "body", "problem": "is required"}]


# --- HEAD, compression, conditional requests, numbers --------------------------------------------------


GET_ROUTES = ["/v1/search?q=連絡", "/v1/suggest?q=れん", "/v1/health", "/v1/widget.js", "/v1/openapi.json"]


@pytest.mark.parametrize("path", GET_ROUTES)
def test_head_answers_every_get_route_like_get_without_a_body(api, path: str) -> None:
    route, _, query = path.partition("?")
    get = api.call("GET", route, query=query)
    head = api.call("HEAD", route, query=query)

    assert (head.status, get.status) == (200, 200)
    assert head.body == b""
    assert head.headers.get("etag") == get.headers.get("etag")
    assert head.headers["content-type"] == get.headers["content-type"]


@pytest.mark.parametrize("path", [*GET_ROUTES, "/v1/search?q=連絡&limit=x"])
def test_head_carries_gets_content_length(api, path: str) -> None:
    route, _, query = path.partition("?")
    for headers in ({}, {"Accept-Encoding": "gzip"}):
        get = api.call("GET", route, query=query, headers=headers)
        head = api.call("HEAD", route, query=query, headers=headers)
        # Equal but for `took_ms`, which may take a digit more or less between two searches.
        assert int(head.headers["content-length"]) == pytest.approx(len(get.body), abs=3), (path, headers)
        assert head.status == get.status


def test_a_section_answers_head_too(api) -> None:
    head = api.call("HEAD", f"/v1/sections/{passage_id(api)}")
    assert (head.status, head.body) == (200, b"")


@pytest.mark.parametrize(
    ("accept_encoding", "gzipped"),
    [("gzip", True), ("gzip;q=0", False), ("br, gzip;q=0.0", False), ("*", True), ("*, gzip;q=0", False), ("", False)],
)
def test_accept_encoding_q_values_are_honoured(api, accept_encoding: str, gzipped: bool) -> None:
    answer = api.get("/v1/widget.js", headers={"Accept-Encoding": accept_encoding})

    assert (answer.headers.get("content-encoding") == "gzip") is gzipped
    body = gzip.decompress(answer.body) if gzipped else answer.body
    assert body.startswith(b"/*")


def test_if_none_match_star_on_a_missing_section_is_a_404(api) -> None:
    answer = api.get("/v1/sections/no-such-section", headers={"If-None-Match": "*"})
    assert answer.status == 404


def test_a_matching_etag_never_turns_a_refusal_into_a_304(partner_api) -> None:
    own = {"Origin": "https://koi-note.example"}
    etag = partner_api.get("/v1/search", headers=own, q="連絡", partner="koi-note").headers["etag"]

    for origin in ("https://evil.example", "https://media.tayori.example"):
        answer = partner_api.get(
            "/v1/search", headers={"Origin": origin, "If-None-Match": etag}, q="連絡", partner="koi-note"
        )
        assert answer.status == 403, origin
        assert answer.json["error"]["code"] == "partner_origin_mismatch"
    assert (
        partner_api.get("/v1/search", headers={**own, "If-None-Match": etag}, q="連絡", partner="koi-note").status
        == 304
    )

    section = partner_api.get("/v1/search", q="連絡").json["results"][0]["id"]
    tag = partner_api.get(f"/v1/sections/{section}").headers["etag"]
    evil = {"Origin": "https://evil.example", "If-None-Match": tag}
    assert partner_api.call("GET", f"/v1/sections/{section}", query="partner=koi-note", headers=evil).status == 403


def test_if_none_match_star_on_an_existing_section_is_a_304(api) -> None:
    answer = api.get(f"/v1/sections/{passage_id(api)}", headers={"If-None-Match": "*"})
    assert (answer.status, answer.body) == (304, b"")


def test_query_parameters_are_read_as_the_url_standard_reads_a_form(api) -> None:
    # `+` is a space, whatever API Gateway made of queryStringParameters.
    answer = api.call("GET", "/v1/search", query="q=why+did+he+go+silent")
    assert answer.json["query"] == "why did he go silent"


# --- text: one rule for every text parameter and body field ----------------------------------------------


# C0, DEL, C1, not UTF-8, bidirectional override and isolate (U+202E, U+2066)
NOT_TEXT = ["%00", "%07", "%1F", "%7F", "%C2%85", "%C2%9F", "%FF%FE", "a%C3", "%ED%A0%80", "%E2%80%AE", "%E2%81%A6"]


@pytest.mark.parametrize("escaped", NOT_TEXT)
@pytest.mark.parametrize("route", ["/v1/search", "/v1/suggest"])
def test_control_characters_and_invalid_utf8_in_q_are_a_400_that_says_so(api, function_logs, route, escaped) -> None:
    answer = api.call("GET", route, query=f"q=%E9%80%A3{escaped}")

    assert answer.status == 400, answer.body
    assert answer.json["error"]["details"] == [
        {"parameter": "q", "problem": "must not contain control characters or invalid UTF-8"}
    ]
    assert not [line for line in function_logs() if line.get("message") == "search"]


@pytest.mark.parametrize("escaped", NOT_TEXT)
def test_the_same_rule_holds_for_partner_and_section_ids(api, escaped) -> None:
    problem = "must not contain control characters or invalid UTF-8"
    answer = api.call("GET", "/v1/search", query=f"q=x&partner=koi{escaped}")
    assert answer.status == 400
    assert answer.json["error"]["details"] == [{"parameter": "partner", "problem": problem}]

    # A section id is refused like `q`, not looked up (and never "no such endpoint").
    answer = api.call("GET", f"/v1/sections/abc{escaped}")
    assert answer.status == 400, answer.body
    assert answer.json["error"]["code"] == "invalid_request"
    assert answer.json["error"]["details"] == [{"parameter": "section_id", "problem": problem}]
    assert answer.json["error"]["message"] == f"`section_id` {problem}"


@pytest.mark.parametrize("escaped", NOT_TEXT)
def test_a_path_no_route_has_is_refused_the_same_way_without_a_parameter_to_name(api, escaped) -> None:
    answer = api.call("GET", f"/v1/nothing{escaped}/here")

    assert answer.status == 400, answer.body
    assert answer.json["error"] == {
        "code": "invalid_request",
        "message": "the path must not contain control characters or invalid UTF-8",
        "details": [],
    }


INVISIBLE_OR_NOT_TEXT = ("Cc", "Cs", "Cf", "Zl", "Zp")


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/v1/nothing%E2%80%8B%E2%80%A8", ""),  # zero-width space, line separator: not refused, but unseen
        ("/v1/sections/a%E2%80%8Bb", ""),
        ("/v1/sections/a%FFb%00", ""),
        ("/v1/search", "q=x&partner=koi%E2%80%8Bnote"),
        ("/v1/search", "q=x&partner=koi%FF%00"),
        ("/v1/search", "q=%E2%80%AE%FF&limit=%00"),
    ],
)
def test_no_error_message_echoes_a_control_character_or_a_byte_that_was_not_utf8(api, path, query) -> None:
    import unicodedata

    answer = api.call("GET", path, query=query)

    assert answer.status in (400, 404), answer.body
    error = answer.json["error"]
    shown = [error["message"], *(value for detail in error["details"] for value in detail.values())]
    assert not [ch for text in shown for ch in text if unicodedata.category(ch) in INVISIBLE_OR_NOT_TEXT]


@pytest.mark.parametrize("route", BODY_ROUTES)
@pytest.mark.parametrize("field", ["query", "passage_id", "partner"])
@pytest.mark.parametrize("bad", ["\\u0000", "\\u0007", "\\u007f", "\\u0085", "\\ud800", "\\u202e"])  # JSON escapes
def test_control_characters_in_a_body_field_are_a_400_and_nothing_is_stored(
    api, feedback_table, monkeypatch, route, field, bad
) -> None:
    monkeypatch.setenv("TAYORI_CLICKS_TABLE", feedback_table.name)  # clicks into the same fresh table
    body = {"query": "連絡", "passage_id": passage_id(api), "partner": None}
    body |= {"helpful": True} if route == "/v1/feedback" else {"rank": 1}
    text = json.dumps(body | {field: "PLACEHOLDER"}).replace('"PLACEHOLDER"', f'"a{bad}b"')
    answer = api.call("POST", route, headers={"content-type": "application/json"}, body=text)

    assert answer.status == 400, answer.body
    assert answer.json["error"]["details"] == [
        {"parameter": field, "problem": "must not contain control characters or invalid UTF-8"}
    ]
    assert feedback_table.items() == []


# --- one error shape ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "query"),
    [
        ("GET", "/v1/search", "q="),
        ("GET", "/v1/search", "q=x&partner=nobody"),
        ("GET", "/v1/nothing", ""),
        ("DELETE", "/v1/search", ""),
        ("GET", "/v1/sections/nope", ""),
    ],
)
def test_every_error_has_code_message_and_details_and_no_internal_path(api, method, path, query) -> None:
    answer = api.call(method, path, query=query)

    error = answer.json["error"]
    assert set(error) == {"code", "message", "details"}
    assert isinstance(error["details"], list)
    assert "content/" not in error["message"] and ".py" not in error["message"] and "/var/" not in error["message"]
    assert answer.headers["cache-control"] == "no-store"


# --- CORS and partners ---------------------------------------------------------------------------------


@pytest.fixture
def partner_api(content_dir: Path, tmp_path: Path) -> Iterator[ApiClient]:
    """The handler answering from an index built with one partner, koi-note (https://koi-note.example)."""
    import app
    from index.build import build

    write_partners(content_dir)
    build(content_dir, tmp_path / "partner_index")
    point_function_at(tmp_path / "partner_index")
    yield ApiClient(app.handler)


def test_every_answer_varies_by_origin_even_the_immutable_widget(partner_api) -> None:
    for path, query in [("/v1/widget.js", ""), ("/v1/search", "q=連絡"), ("/v1/nothing", "")]:
        answer = partner_api.call("GET", path, query=query, headers={"Origin": "https://koi-note.example"})
        assert "Origin" in [v.strip() for v in answer.headers["vary"].split(",")], path


def test_a_partner_is_honoured_only_from_its_own_origins(partner_api) -> None:
    def search_from(origin: str) -> ApiAnswer:
        return partner_api.get("/v1/search", headers={"Origin": origin}, q="連絡", partner="koi-note")

    own = search_from("https://koi-note.example")
    other = search_from("https://media.tayori.example")

    assert own.status == 200
    assert other.status == 403
    assert other.json["error"]["code"] == "partner_origin_mismatch"
    assert "partner_tracking" not in other.body.decode()
    # The page may read why: the refusal still carries CORS headers for an allowed origin.
    assert other.headers["access-control-allow-origin"] == "https://media.tayori.example"


def test_a_partner_added_by_a_new_build_is_allowed_without_a_restart(partner_api, content_dir, tmp_path) -> None:
    from index.build import build

    newcomer = "https://newcomer.example"
    assert "access-control-allow-origin" not in partner_api.get("/v1/health", headers={"Origin": newcomer}).headers
    with (content_dir / "partners.toml").open("a", encoding="utf-8") as toml:
        toml.write(f'\n[[partners]]\nid = "newcomer"\nname = "New"\norigins = ["{newcomer}"]\n')
    build(content_dir, tmp_path / "partner_index")  # what `make index` does beside `make run`
    from api.index_holder import search_index

    search_index.use_root(tmp_path / "partner_index")  # the holder follows CURRENT under `make run`

    answer = partner_api.get("/v1/health", headers={"Origin": newcomer})
    assert answer.headers["access-control-allow-origin"] == newcomer


# --- a feedback store that hangs --------------------------------------------------------------------------


def test_a_trickling_feedback_store_is_a_503_within_the_deadline(api, feedback_table, trickling_dynamodb, monkeypatch):
    import settings

    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", trickling_dynamodb)
    started = time.monotonic()
    answer = post_vote(api, "application/json", json.dumps({**VOTE, "passage_id": passage_id(api)}))
    took = time.monotonic() - started

    assert answer.status == 503
    assert answer.json["error"]["code"] == "feedback_unavailable"
    assert took < settings.FEEDBACK_DEADLINE_SECONDS + 1.5
    assert api.get("/v1/search", q="連絡").status == 200  # search is never affected


def test_the_storage_client_makes_two_attempts_in_all_as_written() -> None:
    from adapters import feedback_table

    config = feedback_table.client().meta.config
    assert config.retries == {"total_max_attempts": 2, "mode": "standard"}
    assert config.read_timeout + config.connect_timeout < 10  # the function's timeout


def test_a_request_that_publishes_no_metric_leaves_no_partner_for_the_next_one(partner_api, capsys) -> None:
    koi = {"Origin": "https://koi-note.example"}
    section = partner_api.get("/v1/search", q="連絡").json["results"][0]["id"]
    # A section read for a partner publishes no metric, yet tags the request with its partner.
    assert partner_api.call("GET", f"/v1/sections/{section}", query="partner=koi-note", headers=koi).status == 200
    capsys.readouterr()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert partner_api.get("/v1/search", q="連絡").status == 200  # a direct search, no partner
    assert not [w for w in caught if "already been added" in str(w.message)]
    emitted = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith('{"_aws"')]
    assert [m["partner"] for m in emitted] == ["direct"]
