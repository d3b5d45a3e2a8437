"""Promises about answers on the real article: what a reader types, and the passage they get."""

from pathlib import Path

import pytest

from tayori.engine import SearchIndex
from tayori.safety import is_crisis


@pytest.fixture(scope="module")
def engine(seed_index: Path) -> SearchIndex:
    """The seed article's index, whatever else content/articles holds."""
    return SearchIndex(seed_index)


def top(engine: SearchIndex, query: str) -> str:
    hits = engine.search(query, 5).hits
    return hits[0].heading if hits else ""


@pytest.mark.parametrize(
    ("query", "heading"),
    [
        ("冷却期間", "冷却期間を置く"),
        ("れいきゃくきかん", "冷却期間を置く"),  # typed in kana
        ("忙しかったから連絡できなかった", "仕事が忙しくて連絡できない"),  # inflected forms
        ("ＳＮＳで思い出した", "孤独や寂しさを感じたから"),  # full-width latin
        ("めんどくさい", "連絡するのが億劫だと感じている"),  # a synonym the article never uses
        ("he ghosted me because he got bored", "相手への気持ちがなくなった"),  # English
    ],
)
def test_readers_find_the_passage_that_answers_them(engine: SearchIndex, query: str, heading: str) -> None:
    assert top(engine, query) == heading


def test_english_queries_are_detected_as_english(engine: SearchIndex) -> None:
    assert engine.search("how long should I wait", 5).language == "en"
    assert engine.search("追いLINEしていい?", 5).language == "ja"


# 住宅ローン is in no passage: a real word the articles lack counts against them, even beside 連絡.
@pytest.mark.parametrize(
    "query",
    # The last ones have no topic at all: a question word, a quantity, words that only point.
    [
        "大阪のラーメン",
        "確定申告の締め切り",
        "住宅ローンの連絡",
        "weather forecast",
        "ｘｙｚｚｙ",
        "なぜ",
        "3日",
        "1",
        "そうなんだ",
    ],
)
def test_off_topic_queries_find_nothing_but_offer_suggestions(engine: SearchIndex, query: str) -> None:
    outcome = engine.search(query, 5)
    assert outcome.hits == []
    assert outcome.suggestions and all(s.score == 0 for s in outcome.suggestions)


def test_a_kanji_standing_alone_is_a_word_the_articles_lack(engine: SearchIndex) -> None:
    # 姉 is in no passage; as a word of its own it counts fully against every passage.
    assert engine.search("姉の仕事", 5).hits == []
    # 中 after 仕事 is a suffix, not a topic of its own.
    assert top(engine, "仕事中で連絡できない") == "仕事が忙しくて連絡できない"
    # 付 and 合 of 付き合って (a verb the lexicon lacks) are pieces of a word, not words.
    question = "付き合って半年の彼氏がいるのですが、先週の金曜日から急にLINEの返信が来なくなりました。"
    assert engine.search(question, 5).hits


SELF_HARM = [
    "消えたい", "ｷｴﾀｲ", "もう死にたい", "I want to kill myself", "feeling suicidal",
    # inflected and roundabout forms of the same wishes
    "消えてしまいたい", "いなくなりたい", "死にたくなる", "死んだほうがいいのかな", "生きてる意味がない",
    "生きるのが辛い", "i wanna die", "I don’t want to live anymore", "I just want to end it all",
]


@pytest.mark.parametrize("query", SELF_HARM)
def test_self_harm_phrasing_gets_no_advice_and_no_overview(engine: SearchIndex, query: str) -> None:
    outcome = engine.search(query, 5)
    assert outcome.hits == [] and outcome.suggestions == []


@pytest.mark.parametrize("query", ["彼が急に消えた", "死ぬほど会いたい", "彼がいなくなって寂しい", "end it with him"])
def test_everyday_words_of_dying_or_vanishing_are_not_self_harm(query: str) -> None:
    assert not is_crisis(query)


def test_the_same_words_in_an_ordinary_question_still_find_answers(engine: SearchIndex) -> None:
    assert engine.search("彼が急に消えた", 5).hits


def test_highlights_mark_the_matched_words_in_the_snippet(engine: SearchIndex) -> None:
    hit = engine.search("冷却期間", 1).hits[0]
    marked = [hit.snippet[s:e] for s, e in hit.highlights]
    assert "冷却期間" in marked
    assert "連絡" not in marked  # a word of the synonym phrase 連絡を控える is not marked alone


def test_highlights_follow_reading_and_synonym_matches(engine: SearchIndex) -> None:
    hit = engine.search("めんどくさい", 1).hits[0]
    assert "面倒" in [hit.snippet[s:e] for s, e in hit.highlights]
    hit = engine.search("れんらく", 1).hits[0]
    assert "連絡" in [hit.snippet[s:e] for s, e in hit.highlights]


def test_snippets_are_whole_sentences_of_the_passage(engine: SearchIndex) -> None:
    hit = engine.search("追いLINE", 1).hits[0]
    passage = engine.section(hit.id)
    assert passage is not None
    assert all(part.strip("…") in passage["text"] for part in hit.snippet.split(" … "))


def test_numbers_are_details_not_topics(engine: SearchIndex) -> None:
    # "3日" must not outweigh what the reader asks about.
    assert top(engine, "既読スルーされて3日、忙しいだけ?") == "仕事が忙しくて連絡できない"
    assert top(engine, "he left me on read for 3 days") != ""


def test_english_phrases_match_across_pronouns_and_irregular_verbs(engine: SearchIndex) -> None:
    assert top(engine, "signs he fell out of love") == "相手への気持ちがなくなった"
