"""Sections, health and the OpenAPI document, through the real handler."""

from tests.conftest import ApiClient


def test_a_section_is_the_whole_passage(api: ApiClient) -> None:
    hit = api.get("/v1/search", q="残業").json["results"][0]
    answer = api.get(f"/v1/sections/{hit['id']}")

    assert answer.status == 200
    section = answer.json
    assert section["id"] == hit["id"]
    assert section["heading"] == "仕事が忙しい"
    assert section["path"] == hit["path"]
    assert section["url"] == hit["url"]
    # The full text: paragraph, caption, list items and the callout, not just the snippet.
    for line in ("スマホを見る余裕がありません", "残業が続いている", "出張が多い", "そっと待ってあげましょう"):
        assert line in section["text"]


def test_health_reports_the_index_in_use(api: ApiClient) -> None:
    health = api.get("/v1/health")

    assert health.status == 200
    body = health.json
    assert body["status"] == "ok"
    assert body["passages"] == 5  # lead, H2 text, two H3s, and the second H2
    assert body["index_version"] == api.get("/v1/search", q="連絡").json["index_version"]


def test_openapi_document_describes_every_route(api: ApiClient) -> None:
    answer = api.get("/v1/openapi.json")

    assert answer.status == 200
    document = answer.json
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Tayori search API"
    paths = document["paths"]
    assert {"/v1/search", "/v1/sections/{section_id}", "/v1/health"} <= set(paths)
    assert "/v1/openapi.json" not in paths  # the document does not list itself

    parameters = {p["name"]: p for p in paths["/v1/search"]["get"]["parameters"]}
    assert parameters["q"]["required"] is True
    assert parameters["q"]["schema"]["maxLength"] == 200
    assert parameters["limit"]["schema"]["minimum"] == 1
    assert parameters["limit"]["schema"]["maximum"] == 20
    assert parameters["limit"]["schema"]["default"] == 5

    responses = paths["/v1/search"]["get"]["responses"]
    assert {"200", "400", "503"} <= set(responses)
    assert "404" in paths["/v1/sections/{section_id}"]["get"]["responses"]
