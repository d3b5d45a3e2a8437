"""General language resources derived at build time: each derivation on a tiny made-up input,
and what a reader gets from them with no editors' files at all."""

import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from index.build import build
from index.resources.english import english_rules, gloss_phrase
from index.resources.jmdict import Entry, JMdict
from index.resources.loanwords import latin_words, loanword_rules
from index.resources.pivot import gloss_synonym_rules
from index.resources.synonyms import synonym_groups, synonym_rules
from index.resources.vocabulary import general_lexicon, is_worth_segmenting, merge
from tayori import latin, thesaurus
from tayori.analysis import Analyzer
from tayori.engine import SearchIndex
from tayori.lexicon import Lexicon
from tayori.normalize import is_japanese
from tests.conftest import write_article

# --- JMdict, read from a database in jamdict's layout ------------------------------------------

JAMDICT_TABLES = """
CREATE TABLE Entry (idseq INTEGER NOT NULL UNIQUE);
CREATE TABLE Kanji (ID INTEGER PRIMARY KEY, idseq INTEGER, text TEXT);
CREATE TABLE Kana (ID INTEGER PRIMARY KEY, idseq INTEGER, text TEXT, nokanji BOOLEAN);
CREATE TABLE KJP (kid INTEGER, text TEXT);
CREATE TABLE KNP (kid INTEGER, text TEXT);
CREATE TABLE Sense (ID INTEGER PRIMARY KEY, idseq INTEGER);
CREATE TABLE SenseGloss (sid INTEGER, lang TEXT, gend TEXT, text TEXT);
"""


def tiny_jamdict(path: Path) -> Path:
    db = sqlite3.connect(path)
    db.executescript(JAMDICT_TABLES)
    db.executemany("INSERT INTO Entry VALUES (?)", [(1,), (2,)])
    db.executemany("INSERT INTO Kanji VALUES (?, ?, ?)", [(1, 1, "喧嘩"), (2, 1, "諠譁"), (3, 2, "既読")])
    db.executemany("INSERT INTO Kana VALUES (?, ?, ?, 0)", [(1, 1, "けんか"), (2, 2, "きどく")])
    db.execute("INSERT INTO KJP VALUES (1, 'ichi1')")
    db.executemany("INSERT INTO Sense VALUES (?, ?)", [(10, 1), (11, 1), (20, 2)])
    db.executemany(
        "INSERT INTO SenseGloss VALUES (?, 'eng', NULL, ?)",
        [(10, "quarrel"), (10, "fight"), (11, "brawl"), (20, "already read")],
    )
    db.commit()
    db.close()
    return path


def test_jmdict_entries_have_their_spellings_commonness_and_senses_in_order(tmp_path: Path) -> None:
    jmdict = JMdict(tiny_jamdict(tmp_path / "jamdict.db"))
    entries = list(jmdict.entries())
    assert entries == [
        Entry(1, ("喧嘩", "諠譁"), ("けんか",), common=True),
        Entry(2, ("既読",), ("きどく",), common=False),
    ]
    assert [e.senses for e in jmdict.with_senses(entries[1:])] == [(("already read",),)]
    assert jmdict.with_senses(entries[:1])[0].senses == (("quarrel", "fight"), ("brawl",))


# --- English → Japanese --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gloss", "phrase"),
    [
        ("to make peace with", "make peace"),
        ("(making) contact", "contact"),
        ("cohabitation (usu. of a romantically involved couple)", "cohabitation"),
        ("long distance", "long distance"),
        ("in-law", "in-law"),
        ("stage of ennui (esp. in one's married life)", "stage of ennui"),
        ("activities leading to marriage and a family life", None),  # an explanation, not a query
        ("how", None),  # a question word: an intent, not a topic
        ("to be", None),  # nothing but stop words
        ("tele-", None),  # a prefix
    ],
)
def test_a_gloss_becomes_the_phrase_a_reader_would_type(gloss: str, phrase: str | None) -> None:
    assert gloss_phrase(gloss) == phrase


THREE_WORDS = [
    Entry(1, ("仲直り",), ("なかなおり",), True, (("reconciliation", "make peace with"),)),
    Entry(2, ("遠距離",), ("えんきょり",), True, (("long distance", "tele-"),)),
    Entry(3, ("義理",), ("ぎり",), True, (("duty", "sense of duty"), ("in-law", "relation by marriage"))),
    Entry(4, ("和解",), ("わかい",), True, (("reconciliation", "settlement"),)),
    Entry(5, ("同棲",), ("どうせい",), True, (("cohabitation", "living together"),)),
]


def test_english_rules_reverse_the_glosses_of_the_contents_words() -> None:
    rules = english_rules(THREE_WORDS, {"仲直り", "遠距離", "義理"})
    assert {r.lhs[0]: r.rhs for r in rules} == {
        "reconciliation": ("仲直り",),
        "make peace": ("仲直り",),
        "long distance": ("遠距離",),
        "duty": ("義理",),
        "sense of duty": ("義理",),
        "in-law": ("義理",),
        "relation by marriage": ("義理",),
        # the words of a multiword gloss that say something alone
        "peace": ("仲直り",),
        "long": ("遠距離",),
        "distance": ("遠距離",),
        "sense": ("義理",),
        "relation": ("義理",),
        "marriage": ("義理",),
    }  # 同棲 and 和解 are not content words: their glosses give no rule


def test_a_word_of_a_multiword_gloss_ranks_after_the_words_whole_glosses() -> None:
    entries = [
        Entry(1, ("既読",), (), True, (("already read",),)),
        Entry(2, ("読む",), (), True, (("to read",),)),
        Entry(3, ("疲れる",), (), True, (("to get tired", "to be worn out"),)),
    ]
    by_phrase = {r.lhs[0]: r.rhs for r in english_rules(entries, {"既読", "読む", "疲れる"})}
    assert by_phrase["read"] == ("読む", "既読")
    assert "out" not in by_phrase  # the particle of a phrasal verb says nothing alone
    assert by_phrase["tired"] == ("疲れる",)


def test_a_gloss_reaches_its_derivational_relatives_that_are_english_words() -> None:
    entries = [
        Entry(1, ("倦怠",), (), True, (("boredom",),)),
        Entry(2, ("突然",), (), True, (("sudden",),)),
    ]
    vocabulary = {"bore", "boredom", "sudden", "suddenly"}
    by_phrase = {r.lhs[0]: r.rhs for r in english_rules(entries, {"倦怠", "突然"}, vocabulary=vocabulary)}
    assert by_phrase["bore"] == ("倦怠",)  # so "boring" and "bored" find it
    assert by_phrase["suddenly"] == ("突然",)
    assert set(by_phrase) == {"boredom", "bore", "sudden", "suddenly"}  # no made-up words (boredomness)


def test_a_general_synonyms_glosses_reach_the_content_word_after_its_own() -> None:
    rules = english_rules(THREE_WORDS, {"仲直り", "遠距離", "義理"}, synonyms={"和解": "仲直り"})
    by_phrase = {r.lhs[0]: r.rhs for r in rules}
    assert by_phrase["settlement"] == ("仲直り",)
    assert by_phrase["reconciliation"] == ("仲直り",)


def test_an_english_phrase_keeps_the_content_words_it_glosses_best_first() -> None:
    entries = [
        Entry(1, ("口論",), (), False, (("argument", "quarrel"),)),
        Entry(2, ("喧嘩",), (), True, (("quarrel", "fight"),)),
    ]
    (rule,) = [r for r in english_rules(entries, {"口論", "喧嘩"}) if r.lhs == ("quarrel",)]
    assert rule.rhs == ("喧嘩", "口論")  # first gloss of a common word, before a second gloss


def test_kana_spellings_of_kanji_words_do_not_match_homophones() -> None:
    entries = [Entry(1, ("添う",), ("そう",), True, (("to meet",),))]
    assert english_rules(entries, {"そう"}) == []


# --- Japanese synonyms -------------------------------------------------------------------------


def test_synonym_rules_lead_from_general_words_to_the_contents_words() -> None:
    rules = synonym_rules([{"和解", "仲直り"}, {"口論", "争い"}, {"無視", "黙殺", "スルー"}], {"仲直り", "無視"})
    assert [(r.lhs, r.rhs) for r in rules] == [
        (("和解",), ("仲直り",)),
        (("スルー",), ("無視",)),
        (("黙殺",), ("無視",)),
    ]


def test_synonym_rules_never_lead_to_a_word_written_in_hiragana_alone() -> None:
    # なくなる is 無くなる ("run out") in the articles; this group is 亡くなる ("die").
    assert synonym_rules([{"亡くなる", "死ぬ", "なくなる"}], {"なくなる"}) == []


def test_synonym_rules_skip_groups_too_broad_to_be_synonyms() -> None:
    broad = {f"語{i}" for i in range(20)} | {"仲直り"}
    assert synonym_rules([broad], {"仲直り"}) == []


def test_sudachi_groups_words_that_mean_the_same() -> None:
    groups = synonym_groups(["和解", "仲直り", "同棲"])
    assert {"和解", "仲直り"} in groups.values()


# --- General vocabulary --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "hiragana", "kept"),
    [
        ("同棲", False, True),
        ("言", False, False),
        ("タイプ", False, True),
        ("カ", False, False),
        ("しない", False, False),
        ("やっぱり", True, True),
        ("いか", True, False),
    ],
)
def test_which_words_are_worth_segmenting(word: str, hiragana: bool, kept: bool) -> None:
    assert is_worth_segmenting(word, hiragana) is kept


def test_general_words_are_segmented_with_their_lemma_and_inflected_forms() -> None:
    lexicon = general_lexicon(["同棲", "夜中", "見捨てる", "したい"])
    assert lexicon.entries["同棲"] == ("同棲",)
    assert "見捨て" in lexicon.stems and lexicon.entries["見捨て"] == ("見捨てる",)
    assert "したい" not in lexicon.entries and "どうせい" not in lexicon.entries  # no hiragana by default
    words = [s.terms for s in merge(Lexicon({"て": (), "た": ()}), lexicon).segment("夜中に見捨てた") if s.terms]
    assert words == [("夜中",), ("見捨てる",)]


def test_the_contents_own_entries_win_over_general_ones() -> None:
    content = Lexicon({"待": ("待つ",)}, stems={"待"})
    general = Lexicon({"待": ("待機",), "夜中": ("夜中",)})
    merged = merge(content, general)
    assert merged.entries == {"待": ("待つ",), "夜中": ("夜中",)}
    assert merged.stems == {"待"}


def test_a_general_word_that_begins_a_content_stem_is_left_out() -> None:
    content = Lexicon({"少な": ("少ない",), "くて": ()}, stems={"少な"})
    general = Lexicon({"少": ("少い",), "なくて": ()})
    merged = merge(content, general)
    assert "少" not in merged.entries
    assert [s.terms for s in merged.segment("少なくて")] == [("少ない",), ()]


# --- The derived files, next to the index --------------------------------------------------------


def test_derived_rule_files_are_read_after_the_editors_ones(tmp_path: Path) -> None:
    (tmp_path / thesaurus.ENGLISH_FILE).write_text("ghost => 音信不通\n", encoding="utf-8")
    derived = [thesaurus.Rule("derived", 1, ("long distance",), ("遠距離",))]
    (tmp_path / thesaurus.DERIVED_ENGLISH_FILE).write_text(thesaurus.dump(derived), encoding="utf-8")
    (tmp_path / thesaurus.DERIVED_SYNONYMS_FILE).write_text("和解 => 仲直り\n", encoding="utf-8")
    rules = thesaurus.load(tmp_path)
    assert [(r.lhs, r.rhs) for r in rules.english] == [(("ghost",), ("音信不通",)), (("long distance",), ("遠距離",))]
    assert [(r.lhs, r.rhs) for r in rules.synonyms] == [(("和解",), ("仲直り",))]


ARTICLE = """\
---
slug: enkyori
title: 遠距離恋愛を続けるコツ
url: https://media.tayori.example/love/enkyori
lang: ja
published: 2025-07-01
---

遠距離恋愛は不安がつきものです。

## 喧嘩のあとの仲直り

喧嘩をしたら、早めに謝って仲直りしましょう。

## 会う頻度

会う頻度は月に一度が目安です。

## 毎日のやりとり

LINEで毎日おやすみを送りあいましょう。
"""


@pytest.fixture(scope="module")
def bare_engine(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    """An index of one article with no synonyms, English lexicon or question words."""
    root = tmp_path_factory.mktemp("bare")
    write_article(root / "content", ARTICLE)
    build(root / "content", root / "index")
    return SearchIndex(root / "index")


def engine_with_editors_file(tmp_path: Path, name: str, text: str) -> SearchIndex:
    """An index of ARTICLE with one editors' rule file."""
    content = tmp_path / "content"
    write_article(content, ARTICLE)
    (content / name).write_text(text, encoding="utf-8")
    build(content, tmp_path / "index")
    return SearchIndex(tmp_path / "index")


def test_editors_rules_replace_derived_ones_for_the_same_phrase(tmp_path: Path) -> None:
    # JMdict glosses 喧嘩 as "quarrel"; the editors chose otherwise for this site.
    engine = engine_with_editors_file(tmp_path, thesaurus.ENGLISH_FILE, "quarrel => 仲直り\n")

    def japanese_alternatives(query: str) -> set[tuple[str, ...]]:
        concepts = engine.planner.plan(query).concepts
        return {alt for c in concepts for alt in c.alternatives if is_japanese(alt[0])}

    assert japanese_alternatives("quarrel") == {("仲直り",)}
    assert japanese_alternatives("reconciliation") == {("仲直り",)}


def test_editors_synonyms_add_to_the_general_ones_instead_of_hiding_them(tmp_path: Path) -> None:
    # The editors group ライン with other words; the articles themselves write LINE.
    engine = engine_with_editors_file(tmp_path, thesaurus.SYNONYMS_FILE, "ライン, メール => メッセージ\n")
    assert [h.heading for h in engine.search("ライン", 3).hits][:1] == ["毎日のやりとり"]


def test_english_reaches_the_articles_words_without_an_english_lexicon(bare_engine: SearchIndex) -> None:
    hits = bare_engine.search("long distance relationship", 3).hits
    assert hits and hits[0].article["slug"] == "enkyori"
    assert bare_engine.search("we had a quarrel", 3).hits[0].heading == "喧嘩のあとの仲直り"


@pytest.mark.parametrize("typed", ["ライン", "ﾗｲﾝ"])  # (typed in hiragana, a loanword is not known: docs/analysis.md)
def test_a_latin_word_of_the_articles_is_found_by_its_katakana_spelling(bare_engine: SearchIndex, typed: str) -> None:
    assert [h.heading for h in bare_engine.search(typed, 3).hits][:1] == ["毎日のやりとり"]


def test_loanword_rules_lead_from_katakana_to_the_latin_word_of_the_articles() -> None:
    rules = loanword_rules(JMdict(), latin_words(["LINEで送る", "Instagramのstory"]))
    assert {(r.lhs, r.rhs) for r in rules} >= {(("ライン",), ("line",))}
    assert all(r.rhs[0] in {"line", "instagram", "story"} for r in rules)


def test_a_general_synonym_finds_the_articles_word(bare_engine: SearchIndex) -> None:
    assert [h.heading for h in bare_engine.search("和解したい", 3).hits][:1] == ["喧嘩のあとの仲直り"]


def test_a_word_the_articles_never_use_finds_the_word_that_shares_its_meaning(bare_engine: SearchIndex) -> None:
    # JMdict glosses both 遠恋 and 遠距離恋愛 "long distance relationship"; the article says only the latter.
    hits = bare_engine.search("遠恋", 3).hits
    assert hits and hits[0].article["slug"] == "enkyori"
    assert "遠距離恋愛" in [hits[0].snippet[s:e] for s, e in hits[0].highlights]


class FirstGlosses:
    """The one JMdict query gloss_synonym_rules makes, over two made-up entries."""

    def first_glossed(self, glosses: Iterable[str]) -> dict[str, set[int]]:
        return {g: {1, 2} for g in glosses if g == "long distance relationship"}


def test_gloss_synonyms_lead_only_from_words_the_articles_lack() -> None:
    content = Entry(1, ("遠距離恋愛",), ("えんきょりれんあい",), False, (("long distance relationship",),))
    by_spelling = {"遠恋": (Entry(2, ("遠恋",), ("えんれん",), False),), "遠距離恋愛": (content,)}

    def rules(unknown: Callable[[str], bool]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        found = gloss_synonym_rules(FirstGlosses(), [content], by_spelling, {"遠距離恋愛"}, unknown)  # type: ignore[arg-type]
        return [(r.lhs, r.rhs) for r in found]

    assert rules(lambda text: True) == [(("遠恋",), ("遠距離恋愛",))]
    # Where the content's lexicon reads the spelling as its own words, a rule would reread them.
    assert rules(lambda text: text != "遠恋") == []


def test_homographs_are_told_apart_by_reading() -> None:
    entries = [
        Entry(1, ("認める",), ("みとめる",), True, (("recognize", "admit"),)),
        Entry(2, ("認める",), ("したためる",), False, (("to write", "to eat"),)),
    ]
    rules = english_rules(entries, {"認める"}, readings={"認める": "みとめる"})
    assert {r.lhs[0] for r in rules} == {"recognize", "admit"}


@pytest.mark.parametrize(
    "phrase", ["long distance", "in-law", "Make Peace", "3 days", "relation by marriage", "e-mail", "TV"]
)
def test_the_cheap_first_stem_of_an_english_phrase_is_the_analyzers(phrase: str) -> None:
    assert latin.first_stem(phrase) == Analyzer().analyse(phrase).latin_texts[0]


@pytest.mark.parametrize("phrase", ["one's partner", "ｌｏｎｇ distance", "遠距離"])
def test_phrases_the_cheap_first_stem_cannot_vouch_for_are_left_to_the_analyzer(phrase: str) -> None:
    assert latin.first_stem(phrase) is None


def test_a_common_word_of_one_kanji_has_its_english_but_a_numeral_does_not() -> None:
    entries = [
        Entry(1, ("親",), ("おや",), True, (("parent",),)),
        Entry(2, ("一",), ("いち",), True, (("one",),)),
        Entry(3, ("亥",), ("い",), False, (("boar",),)),
    ]
    rules = {r.lhs[0]: r.rhs for r in english_rules(entries, {"親", "一", "亥"})}
    assert rules == {"parent": ("親",)}  # a rare lone kanji is mostly a piece of another word
