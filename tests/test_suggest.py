"""GET /v1/suggest: as a reader types, headings that contain the words so far, then frequent index terms."""

import textwrap
from collections import Counter
from pathlib import Path

import pytest
from conftest import write_article

from tayori.impacts import ImpactIndex, write_surfaces

LINE_ARTICLE = textwrap.dedent(
    """\
    ---
    slug: line-henshin
    title: LINEの返信が遅い彼
    url: https://media.tayori.example/love/line-henshin
    lang: ja
    published: 2025-08-01
    ---

    LINEの返信が遅いと、気になりますよね。

    ## 返信が遅い理由

    仕事の連絡が多く、返信が遅れることがあります。短いメッセージなら返しやすいものです。
    心が離れたのではと心配になっても、心で感じたことをすぐ送らないこと。
    """
)


@pytest.fixture
def content_dir(content_dir: Path) -> Path:
    write_article(content_dir, LINE_ARTICLE)
    return content_dir


def suggestions(api, q: str, **params) -> list[dict]:
    answer = api.get("/v1/suggest", q=q, **params)
    assert answer.status == 200, answer.json
    assert answer.json["query"] == q
    return answer.json["suggestions"]


def test_headings_containing_the_typed_text_come_first_with_their_passage_ids(api) -> None:
    found = suggestions(api, "連絡")
    headings = [s for s in found if s["type"] == "heading"]
    assert [s["text"] for s in headings] == ["連絡が来ない理由", "彼からの連絡を待つときの心構え"]
    assert found[: len(headings)] == headings
    for s in headings:
        section = api.get(f"/v1/sections/{s['id']}").json
        assert section["heading"] == s["text"]


def test_every_typed_word_must_appear_in_a_suggested_heading(api) -> None:
    assert [s["text"] for s in suggestions(api, "仕事 忙") if s["type"] == "heading"] == ["仕事が忙しい"]


def test_width_case_and_kana_are_folded_like_search(api) -> None:
    assert [s["text"] for s in suggestions(api, "ｌｉｎｅ") if s["type"] == "heading"] == ["LINEの返信が遅い彼"]
    assert [s["text"] for s in suggestions(api, "アイダ") if s["type"] == "heading"] == ["待つあいだにできること"]


def test_frequent_index_terms_extend_the_last_word(api) -> None:
    terms = [s for s in suggestions(api, "連") if s["type"] == "term"]
    assert {"text": "連絡", "type": "term"} in terms
    assert all(s["text"].startswith("連") and s["text"] != "連" for s in terms)
    assert all("id" not in s for s in terms)


def test_a_kana_prefix_completes_to_its_kanji_word_through_its_reading(api) -> None:
    assert {"text": "連絡", "type": "term"} in suggestions(api, "れんら")
    assert {"text": "連絡", "type": "term"} in suggestions(api, "レンラ")


def test_completions_are_words_never_a_noun_with_its_particle(api) -> None:
    terms = [s["text"] for s in suggestions(api, "心", limit=10) if s["type"] == "term"]
    assert "心配" in terms
    assert not [t for t in terms if t[-1] in "がをにでとはも"], terms


def test_a_word_is_shown_as_the_articles_write_it(api) -> None:
    assert {"text": "メッセージ", "type": "term"} in suggestions(api, "めっせ")
    assert {"text": "LINE", "type": "term"} in suggestions(api, "li")  # not its stem


def test_an_inflected_word_is_shown_in_its_dictionary_form(api) -> None:
    # The article writes 送る only as 送ら (すぐ送らないこと).
    terms = [s["text"] for s in suggestions(api, "送", limit=10)]
    assert "送る" in terms and "送ら" not in terms


def test_one_kana_or_a_number_suggests_nothing(api) -> None:
    assert suggestions(api, "こ") == [] and suggestions(api, "い") == []  # い is in a heading (遅い)
    assert [s for s in suggestions(api, "2") if s["type"] == "term"] == []


def test_limit_caps_the_list_and_nothing_matching_is_an_empty_list(api) -> None:
    assert len(suggestions(api, "連", limit=1)) == 1
    assert suggestions(api, "量子コンピューター") == []


def test_suggest_answers_are_cacheable_like_search(api) -> None:
    answer = api.get("/v1/suggest", q="連絡")
    assert answer.headers["etag"] and "max-age" in answer.headers["cache-control"]


@pytest.mark.parametrize(
    "params",
    [{}, {"q": ""}, {"q": "   "}, {"q": "あ" * 51}, {"q": "連絡", "limit": 0}, {"q": "連絡", "limit": 11}],
)
def test_bad_parameters_are_a_400(api, params: dict) -> None:
    answer = api.get("/v1/suggest", **params)
    assert answer.status == 400 and answer.json["error"]["code"] == "invalid_request"


def test_a_word_written_only_in_inflected_forms_is_shown_in_its_dictionary_form(tmp_path: Path) -> None:
    path = tmp_path / "impacts.sqlite"
    write_surfaces(path, {"追う": Counter({"追われ": 2, "追い": 1}), "知れる": Counter({"しれ": 3})})
    assert ImpactIndex(path).surfaces() == {"追う": "追う", "知れる": "知れる"}
