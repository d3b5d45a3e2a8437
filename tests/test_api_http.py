"""HTTP behaviour a browser or a CDN relies on: caching with ETag/304, and CORS for configured origins."""

import pytest

from settings import ConfigurationError, Settings, extra_origins
from tests.conftest import ApiClient, point_function_at, write_article

DISALLOWED = "https://not-a-partner.example"


def allowed_origin() -> str:
    return "http://127.0.0.1:3000"  # the local demo page: allowed unless TAYORI_ALLOWED_ORIGINS says otherwise


def test_search_answers_are_cacheable_with_an_etag_of_the_index_version(api: ApiClient) -> None:
    answer = api.get("/v1/search", q="連絡")
    version = answer.json["index_version"]

    assert answer.headers["cache-control"] == "public, max-age=300"
    assert answer.headers["etag"].startswith(f'W/"{version}-')
    assert "Origin" in answer.headers["vary"]


def test_the_etag_follows_the_request_not_its_spelling(api: ApiClient) -> None:
    first = api.call("GET", "/v1/search", query="q=%E9%80%A3%E7%B5%A1&limit=3").headers["etag"]
    same = api.call("GET", "/v1/search", query="limit=3&q=%E9%80%A3%E7%B5%A1").headers["etag"]
    other = api.call("GET", "/v1/search", query="q=%E9%80%A3%E7%B5%A1&limit=4").headers["etag"]

    assert first == same
    assert first != other


def test_a_matching_if_none_match_is_a_304_without_a_body(api: ApiClient) -> None:
    etag = api.get("/v1/search", q="連絡").headers["etag"]

    again = api.get("/v1/search", headers={"If-None-Match": etag}, q="連絡")
    assert again.status == 304
    assert again.body == b""
    assert again.headers["etag"] == etag
    # A strong spelling of the same tag, or a list containing it, also matches (weak comparison).
    assert api.get("/v1/search", headers={"If-None-Match": etag.removeprefix("W/")}, q="連絡").status == 304
    assert api.get("/v1/search", headers={"If-None-Match": f'"other", {etag}'}, q="連絡").status == 304
    assert api.get("/v1/search", headers={"If-None-Match": '"other"'}, q="連絡").status == 200


def test_a_new_index_build_changes_the_etag(api: ApiClient, tmp_path, monkeypatch) -> None:
    old = api.get("/v1/search", q="連絡").headers["etag"]
    content = tmp_path / "changed"
    write_article(content)
    write_article(content, (content / "articles" / "renraku-matsu.md").read_text() + "\n連絡の追記です。\n")
    from index.build import build

    build(content, tmp_path / "changed_index")
    point_function_at(tmp_path / "changed_index")

    new = api.get("/v1/search", headers={"If-None-Match": old}, q="連絡")
    assert new.status == 200
    assert new.headers["etag"] != old


def test_sections_and_the_openapi_document_are_cacheable_too(api: ApiClient) -> None:
    hit = api.get("/v1/search", q="仕事").json["results"][0]
    section = api.get(f"/v1/sections/{hit['id']}")
    assert section.headers["etag"]
    assert api.get(f"/v1/sections/{hit['id']}", headers={"If-None-Match": section.headers["etag"]}).status == 304

    document = api.get("/v1/openapi.json")
    assert document.headers["cache-control"].startswith("public")
    assert api.get("/v1/openapi.json", headers={"If-None-Match": document.headers["etag"]}).status == 304


def test_health_is_never_cached(api: ApiClient) -> None:
    answer = api.get("/v1/health")
    assert answer.headers["cache-control"] == "no-store"
    assert "etag" not in answer.headers


def test_an_allowed_origin_gets_cors_headers(api: ApiClient) -> None:
    answer = api.get("/v1/search", headers={"Origin": allowed_origin()}, q="連絡")

    assert answer.headers["access-control-allow-origin"] == allowed_origin()
    assert "ETag" in answer.headers["access-control-expose-headers"]


def test_another_origin_gets_no_cors_headers(api: ApiClient) -> None:
    answer = api.get("/v1/search", headers={"Origin": DISALLOWED}, q="連絡")

    assert answer.status == 200  # the browser, not the API, withholds the answer from the page
    assert "access-control-allow-origin" not in answer.headers


def test_preflight_from_an_allowed_origin(api: ApiClient) -> None:
    answer = api.call(
        "OPTIONS",
        "/v1/search",
        headers={"Origin": allowed_origin(), "Access-Control-Request-Method": "GET"},
    )

    assert answer.status == 204
    assert answer.headers["access-control-allow-origin"] == allowed_origin()
    assert "GET" in answer.headers["access-control-allow-methods"].split(",")
    assert "If-None-Match" in answer.headers["access-control-allow-headers"].split(",")
    assert answer.headers["access-control-max-age"] == "600"


def test_preflight_from_another_origin_is_not_allowed(api: ApiClient) -> None:
    answer = api.call(
        "OPTIONS",
        "/v1/search",
        headers={"Origin": DISALLOWED, "Access-Control-Request-Method": "GET"},
    )
    assert "access-control-allow-origin" not in answer.headers


def test_errors_carry_cors_headers_so_pages_can_read_them(api: ApiClient) -> None:
    answer = api.get("/v1/search", headers={"Origin": allowed_origin()}, q="")
    assert answer.status == 400
    assert answer.headers["access-control-allow-origin"] == allowed_origin()


def test_extra_origins_come_from_tayori_allowed_origins() -> None:
    assert extra_origins({}) == ("http://127.0.0.1:3000", "http://localhost:3000")
    spaced = " https://a.example , https://b.example:8443,https://a.example"
    assert extra_origins({"TAYORI_ALLOWED_ORIGINS": spaced}) == ("https://a.example", "https://b.example:8443")
    assert extra_origins({"TAYORI_ALLOWED_ORIGINS": ""}) == ()
    assert extra_origins({"TAYORI_ALLOWED_ORIGINS": "*"}) == ("*",)


@pytest.mark.parametrize("bad", ["a.example", "https://a.example/path", "https://a.example/", "ftp://a.example"])
def test_a_malformed_origin_stops_the_function_at_start(bad: str) -> None:
    with pytest.raises(ConfigurationError, match="TAYORI_ALLOWED_ORIGINS"):
        extra_origins({"TAYORI_ALLOWED_ORIGINS": bad})


def test_settings_from_the_environment() -> None:
    environ = {"TAYORI_CACHE_MAX_AGE": "60", "TAYORI_INDEX_RELOAD": "1", "TAYORI_INDEX_DIR": "/none"}
    settings = Settings.from_env(environ)
    assert settings.cache_max_age == 60
    assert settings.reload_index is True
    assert settings.metrics_namespace == "Tayori"
    with pytest.raises(ConfigurationError, match="TAYORI_CACHE_MAX_AGE"):
        Settings.from_env({"TAYORI_CACHE_MAX_AGE": "five"})


def test_no_configured_origin_means_no_cors_at_all(api: ApiClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import settings

    monkeypatch.setattr(settings, "settings", Settings.from_env({"TAYORI_ALLOWED_ORIGINS": ""}))
    answer = api.get("/v1/search", headers={"Origin": "http://127.0.0.1:3000"}, q="連絡")
    assert "access-control-allow-origin" not in answer.headers
    assert answer.headers["vary"] == "Origin"
