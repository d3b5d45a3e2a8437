"""Bad requests get one JSON error shape and a 4xx; failures inside get a JSON 5xx that reveals nothing."""

from collections.abc import Iterator

import pytest

from tests.conftest import ApiAnswer, ApiClient, point_function_at


def assert_error(answer: ApiAnswer, status: int, code: str) -> dict:
    assert answer.status == status, answer.body
    assert answer.headers["content-type"] == "application/json"
    assert answer.headers["cache-control"] == "no-store"
    error = answer.json["error"]
    assert error["code"] == code
    assert error["message"]
    return error


@pytest.mark.parametrize(
    ("query", "parameter", "problem"),
    [
        ({}, "q", "is required"),
        ({"q": ""}, "q", "must not be empty"),
        ({"q": "あ" * 201}, "q", "must be at most 200 characters"),
        ({"q": "連絡", "limit": "0"}, "limit", "must be at least 1"),
        ({"q": "連絡", "limit": "21"}, "limit", "must be at most 20"),
        ({"q": "連絡", "limit": "abc"}, "limit", "must be a whole number"),
        ({"q": "連絡", "limit": "2.5"}, "limit", "must be a whole number"),
        ({"q": "連絡", "limit": ""}, "limit", "must be a whole number"),
    ],
)
def test_invalid_search_parameters_are_a_400_naming_the_parameter(
    api: ApiClient, query: dict, parameter: str, problem: str
) -> None:
    error = assert_error(api.get("/v1/search", **query), 400, "invalid_request")

    assert {"parameter": parameter, "problem": problem} in error["details"]
    assert parameter in error["message"]


# Spaces of any kind, and marks that show nothing: a zero-width space, a lone byte order mark.
@pytest.mark.parametrize("blank", [" ", "　", "\t\n", "\u200b", "\ufeff", " \u200b\u3000\ufeff "])
def test_a_blank_query_is_a_400(api: ApiClient, blank: str) -> None:
    error = assert_error(api.get("/v1/search", q=blank), 400, "invalid_request")
    assert "blank" in error["message"]


# Unicode's Default_Ignorable_Code_Point characters render as nothing: text made only of them (and
# spaces) is blank on every route that takes a reader's text, never searched, logged or stored.
DEFAULT_IGNORABLE = ["\u3164", "\u115f", "\u1160", "\uffa0", "\u034f", "\u180e", "\u00ad", "\u2060", "\U000e0020"]


@pytest.mark.parametrize("invisible", DEFAULT_IGNORABLE, ids=[f"U+{ord(c):04X}" for c in DEFAULT_IGNORABLE])
@pytest.mark.parametrize("route", ["/v1/search", "/v1/suggest"])
def test_a_query_of_only_characters_that_render_as_nothing_is_blank(api: ApiClient, route: str, invisible: str) -> None:
    for blank in (invisible, invisible * 3, f" {invisible}\u3000"):
        error = assert_error(api.get(route, q=blank), 400, "invalid_request")
        assert {"parameter": "q", "problem": "must not be blank"} in error["details"]


def test_a_visible_character_among_ones_that_render_as_nothing_is_searched(api: ApiClient) -> None:
    assert api.get("/v1/search", q="\u3164連絡\u034f").status == 200
    assert api.get("/v1/search", q="\u2800").status == 200  # a braille blank is a visible cell, not ignorable


def test_the_limits_themselves_are_accepted(api: ApiClient) -> None:
    assert api.get("/v1/search", q="あ" * 200).status == 200
    assert api.get("/v1/search", q="連絡", limit="1").status == 200
    assert api.get("/v1/search", q="連絡", limit="20").status == 200


@pytest.mark.parametrize(
    "query",
    [[("q", "仕事"), ("q", "連絡")], [("q", "仕事"), ("partner", "koi-note"), ("partner", "koi-note")]],
    ids=["q", "partner"],
)
def test_a_repeated_query_parameter_is_a_400_saying_it_must_be_given_once(api: ApiClient, query) -> None:
    repeated = query[-1][0]
    error = assert_error(api.call("GET", "/v1/search", query=query), 400, "invalid_request")
    assert error["details"] == [{"parameter": repeated, "problem": "must be given once, as text"}]


def test_an_unknown_route_is_a_json_404(api: ApiClient) -> None:
    error = assert_error(api.get("/v1/nothing-here"), 404, "not_found")
    assert "/v1/nothing-here" in error["message"]
    assert_error(api.get("/"), 404, "not_found")


def test_an_unknown_section_is_a_json_404(api: ApiClient) -> None:
    assert_error(api.get("/v1/sections/renraku-matsu-0000000000"), 404, "section_not_found")


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_a_wrong_method_is_a_405_with_allow(api: ApiClient, method: str) -> None:
    answer = api.call(method, "/v1/search", query={"q": "連絡"}, body=b"{}")

    error = assert_error(answer, 405, "method_not_allowed")
    assert answer.headers["allow"] == "GET, HEAD, OPTIONS"
    assert method in error["message"]


def test_a_wrong_method_on_a_section_path_is_a_405(api: ApiClient) -> None:
    answer = api.call("DELETE", "/v1/sections/some-id")
    assert_error(answer, 405, "method_not_allowed")


def test_without_an_index_search_and_health_answer_503(api: ApiClient, tmp_path, monkeypatch) -> None:
    point_function_at(tmp_path / "never-built")

    assert_error(api.get("/v1/search", q="連絡"), 503, "index_unavailable")
    assert_error(api.get("/v1/health"), 503, "index_unavailable")
    assert_error(api.get("/v1/sections/anything"), 503, "index_unavailable")
    # What does not need the index still works.
    assert api.get("/v1/openapi.json").status == 200


def test_the_index_is_found_once_it_is_built(api: ApiClient, built_index, tmp_path, monkeypatch) -> None:
    point_function_at(tmp_path / "later")
    assert api.get("/v1/health").status == 503

    (built_index).rename(tmp_path / "later")
    assert api.get("/v1/health").status == 200


class BrokenIndex:
    """An index that fails the way any unforeseen bug would."""

    version, passage_count = "broken", 0

    def search(self, text: str, limit: int) -> None:
        raise RuntimeError("disk on fire at /var/task/secret.py")


@pytest.fixture
def broken_index() -> Iterator[None]:
    """The routes get BrokenIndex through the dependency they declare (Powertools' dependency_overrides)."""
    from api.index_holder import current_index
    from app import app

    app.dependency_overrides[current_index] = BrokenIndex
    yield
    app.dependency_overrides.clear()


def test_an_unexpected_failure_is_a_json_500_that_reveals_nothing(api: ApiClient, broken_index, function_logs) -> None:
    answer = api.get("/v1/search", q="連絡")

    error = assert_error(answer, 500, "internal_error")
    assert "secret" not in answer.body.decode() and "RuntimeError" not in answer.body.decode()
    assert error == {"code": "internal_error", "message": "something went wrong on our side", "details": []}
    failure = next(entry for entry in function_logs() if entry["level"] == "ERROR")
    assert "disk on fire" in failure["exception"]
    assert failure["exception_name"] == "RuntimeError"


def test_the_one_function_that_reads_powertools_route_tables_tells_405_from_404() -> None:
    from api.routing import allowed_methods
    from app import app

    assert allowed_methods(app, "DELETE", "/v1/search") == ["GET", "HEAD", "OPTIONS"]
    assert allowed_methods(app, "GET", "/v1/feedback") == ["OPTIONS", "POST"]
    assert allowed_methods(app, "GET", "/v1/sections/any-id") == []  # the path has GET: not a wrong method
    assert allowed_methods(app, "GET", "/v1/nothing") == []
