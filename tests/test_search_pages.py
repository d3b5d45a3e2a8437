"""GET /v1/search?offset=: the widget's full-page mode reads results page by page."""


def test_pages_of_results_follow_each_other_without_overlap(api) -> None:
    everything = [r["id"] for r in api.get("/v1/search", q="連絡", limit=20).json["results"]]
    assert len(everything) >= 3
    first = [r["id"] for r in api.get("/v1/search", q="連絡", limit=2).json["results"]]
    second = [r["id"] for r in api.get("/v1/search", q="連絡", limit=2, offset=2).json["results"]]
    assert first + second == everything[:4]
    past_the_end = api.get("/v1/search", q="連絡", limit=2, offset=len(everything))
    assert past_the_end.status == 200 and past_the_end.json["results"] == []


def test_an_offset_outside_0_to_80_is_a_400_naming_the_parameter(api) -> None:
    for offset in ("-1", "81", "two"):
        answer = api.get("/v1/search", q="連絡", offset=offset)
        assert answer.status == 400
        assert [d["parameter"] for d in answer.json["error"]["details"]] == ["offset"]
