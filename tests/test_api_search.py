"""GET /v1/search through the real handler: the answer's contract, limits, query text taken literally,
and what each search leaves in logs and metrics."""

import json
import textwrap

import pytest

from tests.conftest import SAMPLE_ARTICLE, ApiClient, point_function_at, write_article

HIT_FIELDS = {"id", "heading", "path", "category", "article", "url", "snippet", "highlights", "score"}


def test_search_answers_with_the_documented_fields(api: ApiClient) -> None:
    answer = api.get("/v1/search", q="仕事が忙しい")

    assert answer.status == 200
    assert answer.headers["content-type"] == "application/json"
    body = answer.json
    assert set(body) == {"query", "took_ms", "index_version", "language", "results", "suggestions"}
    assert body["query"] == "仕事が忙しい"
    assert body["language"] == "ja"
    assert isinstance(body["took_ms"], int | float) and body["took_ms"] >= 0
    top = body["results"][0]
    assert set(top) == HIT_FIELDS
    assert top["heading"] == "仕事が忙しい"
    assert top["path"] == ["彼からの連絡を待つときの心構え", "連絡が来ない理由", "仕事が忙しい"]
    assert top["article"] == {
        "slug": "renraku-matsu",
        "title": "彼からの連絡を待つときの心構え",
        "url": "https://media.tayori.example/love/renraku-matsu",
    }
    assert top["url"].startswith("https://media.tayori.example/love/renraku-matsu#")


def test_highlights_are_code_point_ranges_inside_the_snippet(api: ApiClient) -> None:
    results = api.get("/v1/search", q="残業").json["results"]

    assert results
    for hit in results:
        for start, end in hit["highlights"]:
            assert 0 <= start < end <= len(hit["snippet"])
    marked = [hit["snippet"][s:e] for hit in results for s, e in hit["highlights"]]
    assert any("残業" in text for text in marked)


def test_index_version_is_the_build_that_answered(api: ApiClient, built_index) -> None:
    manifest_dir = built_index / (built_index / "CURRENT").read_text().strip()
    build_id = json.loads((manifest_dir / "manifest.json").read_text())["build_id"]

    assert api.get("/v1/search", q="連絡").json["index_version"] == build_id


def test_limit_caps_the_results_and_defaults_to_five(tmp_path, monkeypatch, api: ApiClient) -> None:
    # Eight sections that all mention the query word.
    sections = "\n".join(f"### 連絡の悩み{n}\n\n連絡についての悩みその{n}です。\n" for n in range(1, 9))
    article = SAMPLE_ARTICLE.split("## ")[0] + "## 連絡の悩み\n\n" + sections
    content = tmp_path / "many"
    write_article(content, article)
    from index.build import build

    build(content, tmp_path / "many_index")
    point_function_at(tmp_path / "many_index")

    assert len(api.get("/v1/search", q="連絡").json["results"]) == 5
    assert len(api.get("/v1/search", q="連絡", limit=2).json["results"]) == 2
    assert len(api.get("/v1/search", q="連絡", limit=20).json["results"]) > 5


@pytest.mark.parametrize(
    "text",
    ["*", "仕事 AND 忙しい", "title:仕事", "heading:仕事", "仕事~", '"仕事が忙しい"', "仕事^3", "(仕事", "NOT 仕事"],
)
def test_query_syntax_characters_are_plain_text(api: ApiClient, text: str) -> None:
    answer = api.get("/v1/search", q=text)

    assert answer.status == 200, answer.body
    assert answer.json["query"] == text
    if "仕事" in text:
        # The word still finds its section: the operators were neither applied nor an error.
        assert answer.json["results"][0]["heading"] == "仕事が忙しい"


def test_a_query_with_commas_is_kept_whole(api: ApiClient) -> None:
    # API Gateway comma-joins repeated parameters; a single value with commas must survive that.
    answer = api.get("/v1/search", q="仕事,忙しい")

    assert answer.status == 200
    assert answer.json["query"] == "仕事,忙しい"


def test_each_search_emits_latency_and_result_metrics(api: ApiClient, emitted_metrics) -> None:
    api.get("/v1/search", q="仕事")
    api.get("/v1/search", q="zzzqqq")

    blobs = emitted_metrics()
    assert len(blobs) == 2
    for blob in blobs:
        directive = blob["_aws"]["CloudWatchMetrics"][0]
        assert {"SearchLatency", "ResultCount", "ZeroResults"} <= {m["Name"] for m in directive["Metrics"]}
        assert {m["Name"]: m["Unit"] for m in directive["Metrics"]}["SearchLatency"] == "Milliseconds"
        assert directive["Namespace"] == "TayoriTest"
    found, nothing = ({name: blob[name][0] for name in ("ResultCount", "ZeroResults")} for blob in blobs)
    assert found["ResultCount"] >= 1 and found["ZeroResults"] == 0
    assert nothing == {"ResultCount": 0, "ZeroResults": 1}


def test_each_search_is_logged_as_json_with_the_request_id(
    api: ApiClient, function_logs, http_event, lambda_context
) -> None:
    import app

    event = http_event("GET", "/v1/search", query={"q": "気持ち"})
    app.handler(event, lambda_context)

    search_log = next(entry for entry in function_logs() if entry["message"] == "search")
    assert search_log["query"] == "気持ち"
    assert search_log["result_count"] >= 1 and search_log["zero_results"] is False
    assert search_log["correlation_id"] == event["requestContext"]["requestId"]
    assert search_log["function_request_id"] == lambda_context.aws_request_id


def test_only_searches_a_reader_ran_are_logged_and_counted_not_heads_or_304_revalidations(
    api: ApiClient, function_logs, emitted_metrics
) -> None:
    assert api.call("HEAD", "/v1/search", query={"q": "連絡"}).status == 200
    first = api.get("/v1/search", q="連絡")
    revalidated = api.get("/v1/search", headers={"If-None-Match": first.headers["etag"]}, q="連絡")
    assert (first.status, revalidated.status) == (200, 304)

    searches = [line for line in function_logs() if line.get("message") == "search"]
    assert [line["query"] for line in searches] == ["連絡"]
    counted = [doc["ResultCount"] for doc in emitted_metrics() if "SearchLatency" in doc]
    assert counted == [[len(first.json["results"])]]


def test_a_second_article_is_searchable(tmp_path, monkeypatch, api: ApiClient) -> None:
    content = tmp_path / "two"
    write_article(content)
    write_article(
        content,
        textwrap.dedent(
            """\
            ---
            slug: fukuen
            title: 復縁したいときに読む話
            url: https://media.tayori.example/love/fukuen
            lang: ja
            published: 2025-08-01
            ---

            復縁を考えるあなたへ。

            ## 復縁のきっかけ

            誕生日のメッセージが復縁のきっかけになることもあります。
            """
        ),
    )
    from index.build import build

    build(content, tmp_path / "two_index")
    point_function_at(tmp_path / "two_index")

    top = api.get("/v1/search", q="誕生日のメッセージ").json["results"][0]
    assert top["article"]["slug"] == "fukuen"
