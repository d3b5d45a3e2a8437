"""GET /v1/widget.js: the script partners embed, small, cacheable for long and versioned."""

import gzip
from pathlib import Path

from conftest import ApiClient

ROOT = Path(__file__).resolve().parents[1]
WIDGET = ROOT / "functions" / "search" / "widget" / "tayori-search.js"  # built by `make widget`
BUDGET = 8 * 1024  # bytes, gzipped: script and styles together


def test_the_widget_is_served_as_javascript(api: ApiClient) -> None:
    answer = api.get("/v1/widget.js")
    assert answer.status == 200
    assert answer.headers["content-type"] == "text/javascript; charset=utf-8"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.body == WIDGET.read_bytes()
    assert b'customElements.define("tayori-search"' in answer.body


def test_the_served_widget_is_built_from_its_sources_with_the_apis_query_limit() -> None:
    from settings import MAX_QUERY_CHARS

    source = WIDGET.read_text(encoding="utf-8")
    assert source.startswith("/* Tayori search widget") and "built from widget/src by esbuild" in source
    assert f"maxLength:{MAX_QUERY_CHARS}," in source  # the input's limit comes from settings, via esbuild's define
    assert "MAX_QUERY_CHARS" not in source
    assert len(source.splitlines()) <= 3  # minified


def test_the_served_widget_fits_the_size_budget_gzipped(api: ApiClient) -> None:
    answer = api.get("/v1/widget.js", headers={"accept-encoding": "gzip, deflate, br"})
    assert answer.headers["content-encoding"] == "gzip"
    assert gzip.decompress(answer.body) == WIDGET.read_bytes()
    assert len(answer.body) <= BUDGET, f"widget is {len(answer.body)} bytes gzipped, budget {BUDGET}"
    # The styles live inside the script: there is nothing else to download.
    assert b"<link" not in gzip.decompress(answer.body)


def test_the_versioned_url_is_immutable_and_the_plain_one_revalidates(api: ApiClient) -> None:
    plain = api.get("/v1/widget.js")
    etag = plain.headers["etag"]
    version = etag.strip('"')
    assert len(version) == 12
    assert "immutable" not in plain.headers["cache-control"]
    assert "max-age=600" in plain.headers["cache-control"]

    pinned = api.get("/v1/widget.js", v=version)
    assert pinned.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert pinned.body == plain.body

    # An old version's URL gets today's script, but must not be cached as if it were that version.
    stale = api.get("/v1/widget.js", v="0123456789ab")
    assert stale.status == 200 and "immutable" not in stale.headers["cache-control"]


def test_a_matching_etag_gets_304_without_a_body(api: ApiClient) -> None:
    etag = api.get("/v1/widget.js").headers["etag"]
    answer = api.get("/v1/widget.js", headers={"if-none-match": etag})
    assert answer.status == 304 and answer.body == b""
    assert answer.headers["etag"] == etag
    assert api.get("/v1/widget.js", headers={"if-none-match": '"other"'}).status == 200


def test_the_widget_builds_result_text_without_markup_parsing() -> None:
    sources = [*(ROOT / "widget" / "src").glob("*.js"), WIDGET]
    source = "\n".join(path.read_text(encoding="utf-8") for path in sources)
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in source, f"{sink} would let API or query text become markup"
