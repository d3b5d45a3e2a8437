"""What the reader sees marked in a snippet follows the same analysis as the search itself."""

import textwrap
import unicodedata

import pytest
from conftest import write_article

from index.build import build
from tayori.analysis import Analyzer, Term
from tayori.engine import SearchIndex
from tayori.snippets import build_snippet, sentences

ARTICLE = textwrap.dedent(
    """\
    ---
    slug: kidoku
    title: 既読スルーされたとき
    url: https://media.tayori.example/love/kidoku
    lang: ja
    published: 2025-08-01
    ---

    既読スルーが続くと不安になります。

    ## 返事が来ない理由

    忙しいなどの理由で、返事が来ないこともあります。返す余裕がないのです。面倒に感じているのかもしれません。

    ## ブログで気持ちを整理する

    ﾌﾞﾛｸﾞに気持ちを書くと落ち着きます。
    """
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    content = tmp_path_factory.mktemp("content")
    write_article(content, ARTICLE)
    (content / "synonyms.txt").write_text("めんどくさい => 面倒\n", encoding="utf-8")
    root = tmp_path_factory.mktemp("index")
    build(content, root, cache_dir=None)
    return SearchIndex(root)


def marked(engine: SearchIndex, query: str) -> list[str]:
    hits = engine.search(query, 1).hits
    assert hits, f"{query!r} found nothing"
    return [hits[0].snippet[s:e] for s, e in hits[0].highlights]


def test_a_katakana_word_is_marked_whole(engine: SearchIndex) -> None:
    assert marked(engine, "既読スルー") == ["既読スルー"]


def test_a_synonym_match_is_marked(engine: SearchIndex) -> None:
    assert "面倒" in marked(engine, "めんどくさい")


def test_function_words_are_never_marked(engine: SearchIndex) -> None:
    shown = marked(engine, "返事が来ない どのくらい待つ")
    assert "返事" in shown
    assert not {"ない", "どの", "が"} & set(shown), shown


@pytest.mark.parametrize("typed", ["ﾌﾞﾛｸﾞ", unicodedata.normalize("NFD", "ブログ"), "ブログ"])
def test_a_mark_covers_every_voiced_mark_of_the_word(typed: str) -> None:
    text = f"{typed}を書く"
    [first, *_] = Analyzer().analyse(text).words
    assert text[first.start : first.end] == typed


def test_half_width_text_in_an_article_is_marked_to_its_last_mark(engine: SearchIndex) -> None:
    assert "ﾌﾞﾛｸﾞ" in marked(engine, "ブログ")


LATIN_ARTICLE = textwrap.dedent(
    """\
    ---
    slug: sns
    title: SNSとの付き合い方
    url: https://media.tayori.example/love/sns
    lang: ja
    published: 2025-08-01
    ---

    恋人のSNSが気になる人へ。

    ## ストーリーだけ更新する彼

    返信はないのにInstagramのstoryは毎日更新している。そんな彼の心理を考えます。

    ## スマホの通知

    iPhoneの通知を切って、連絡を待つ時間を減らしましょう。
    """
)


@pytest.fixture(scope="module")
def latin_engine(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    content = tmp_path_factory.mktemp("latin-content")
    write_article(content, LATIN_ARTICLE)
    root = tmp_path_factory.mktemp("latin-index")
    build(content, root, cache_dir=None)
    return SearchIndex(root)


@pytest.mark.parametrize(
    ("typed", "heading"),
    [("iPhone", "スマホの通知"), ("iphone 通知", "スマホの通知"), ("story", "ストーリーだけ更新する彼"),
     ("instagram", "ストーリーだけ更新する彼"), ("ｉＰｈｏｎｅ", "スマホの通知")],
)
def test_a_latin_word_in_japanese_text_is_found_by_the_same_word_typed_alone(
    latin_engine: SearchIndex, typed: str, heading: str
) -> None:
    hits = latin_engine.search(typed, 3).hits
    assert hits and hits[0].heading == heading, [h.heading for h in hits]
    assert any(hits[0].snippet[s:e].lower() in {"iphone", "story", "instagram"} for s, e in hits[0].highlights)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("つい「どうして?」と思いますよね。次です。", ["つい「どうして?」と思いますよね。", "次です。"]),
        ("本当に!?そうです。", ["本当に!?", "そうです。"]),
        ("「終わり。」と言った。", ["「終わり。」と言った。"]),
        ("一行目\n二行目", ["一行目", "二行目"]),
    ],
)
def test_a_snippet_sentence_ends_outside_quotes_and_brackets(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_a_single_kana_is_never_marked_alone() -> None:
    # 好き misread as 好 + the き of 来る: the sentence still counts, but き is not marked.
    sentence = "好きな人から連絡が来ない。"
    terms = [Term("来る", 1, 2), Term("連絡", 6, 8), Term("来る", 9, 10)]
    snippet, ranges = build_snippet([(sentence, terms)], {("来る",): 1.0, ("連絡",): 1.0})
    assert snippet == sentence
    assert [snippet[s:e] for s, e in ranges] == ["連絡", "来"]
