"""The shared analyzer: the ways readers type one word all reach the same index term."""

import pytest

from index.lexicon import LexiconBuilder
from tayori.analysis import Analyzer
from tayori.normalize import normalize

# A little text of the kind the articles hold: the lexicon is derived from it, as at build time.
CORPUS = """仕事が忙しくて連絡できない。
返信がなくても追いLINEはしない。LINEのメッセージを送る。
彼から連絡が来るのを待つ。寂しさを感じた。
音信不通にする男性の心理。冷却期間を置く。"""


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    builder = LexiconBuilder()
    builder.add_text(CORPUS)
    return Analyzer(builder.lexicon())


def words(analyzer: Analyzer, text: str) -> list[str]:
    return [t.text for t in analyzer.words(text)]


@pytest.mark.parametrize(
    "typed", ["he doesnt answer", "he doesn't answer", "he doesn't answer anymore", "he can't answer without me"]
)
def test_english_function_words_are_not_topics_with_or_without_the_apostrophe(analyzer: Analyzer, typed: str) -> None:
    assert words(analyzer, typed) == ["answer"]


@pytest.mark.parametrize("typed", ["LINE", "ＬＩＮＥ", "line", "Line"])
def test_width_and_case_do_not_matter(analyzer: Analyzer, typed: str) -> None:
    assert words(analyzer, typed) == words(analyzer, "line") != []


@pytest.mark.parametrize("typed", ["ﾒｯｾｰｼﾞ", "メッセージ", "めっせーじ"])
def test_half_width_katakana_and_hiragana_reach_the_katakana_word(analyzer: Analyzer, typed: str) -> None:
    assert words(analyzer, typed) == words(analyzer, "メッセージ") != []


def test_half_width_voiced_marks_compose() -> None:
    assert normalize("ｶﾞﾏﾝ")[0] == "がまん"


@pytest.mark.parametrize("typed", ["忙しい", "忙しくて", "忙しかった", "忙しければ"])
def test_inflected_adjectives_reach_their_lemma(analyzer: Analyzer, typed: str) -> None:
    assert words(analyzer, typed) == ["忙しい"]


@pytest.mark.parametrize("typed", ["来る", "来ない", "来た"])
def test_inflected_verbs_reach_their_lemma(analyzer: Analyzer, typed: str) -> None:
    assert "来る" in words(analyzer, typed)


def test_a_word_typed_in_kana_finds_its_kanji(analyzer: Analyzer) -> None:
    assert words(analyzer, "れんらく") == words(analyzer, "連絡") == ["連絡"]
    assert "寂しい" in words(analyzer, "さびしい")


@pytest.mark.parametrize("typed", ["オンシンフツウ", "ｵﾝｼﾝﾌﾂｳ"])
def test_a_reading_typed_in_katakana_finds_its_kanji(analyzer: Analyzer, typed: str) -> None:
    assert words(analyzer, typed) == words(analyzer, "おんしんふつう") == words(analyzer, "音信不通")


def test_a_compound_typed_in_katakana_is_read_whole() -> None:
    builder = LexiconBuilder()
    builder.add_text("既読スルーされた。スルーしないで。")  # スルー is also a word of its own
    analyzer = Analyzer(builder.lexicon())
    assert words(analyzer, "キドクスルー") == words(analyzer, "既読スルー") == words(analyzer, "きどくするー")


def test_a_katakana_word_the_lexicon_lacks_is_not_read_as_short_kana_words(analyzer: Analyzer) -> None:
    assert words(analyzer, "プロフィール") == ["ぷろふぃーる"]


def test_after_a_verb_cut_at_its_kanji_comes_an_ending_not_another_word() -> None:
    builder = LexiconBuilder()
    builder.add_text("連絡が来ない。気持ちがなくなった。")
    analyzer = Analyzer(builder.lexicon())
    assert words(analyzer, "連絡が来なくなった") == ["連絡", "来る"]  # not 来る + なくなる
    assert "なくなる" in words(analyzer, "気持ちがなくなった")


def test_a_word_is_also_found_by_its_lemmas_spelling() -> None:
    builder = LexiconBuilder()
    builder.add_text("お金を貯める。")
    analyzer = Analyzer(builder.lexicon())
    assert words(analyzer, "溜める") == words(analyzer, "貯める") == words(analyzer, "貯めた")


def test_question_words_formal_nouns_and_light_verbs_in_any_form_are_not_topics() -> None:
    builder = LexiconBuilder()
    builder.add_text("何と返せばいいか。彼に言われた。連絡を送る。上司のせいだ。こんなに送るつもりだった。送ってしまったかもしれない。")
    analyzer = Analyzer(builder.lexicon())
    assert words(analyzer, "何を言えばいい") == ["良い"]  # 言え: a form of 言う the text never used
    assert analyzer.analyse("何を言えばいい").unknown == []
    assert words(analyzer, "いつ送る") == ["送る"]
    assert words(analyzer, "上司のせいで送るつもり") == ["上司", "送る"]
    assert words(analyzer, "こんなに送る") == ["送る"]
    assert words(analyzer, "送ってしまったかもしれない") == ["送る"]


@pytest.mark.parametrize("typed", ["ようにする", "そうなんだ", "こうしたい"])
def test_auxiliary_stems_and_pointing_adverbs_are_not_words(typed: str) -> None:
    builder = LexiconBuilder()
    builder.add_text("連絡するようにする。そうなんだ。こうしたい。")
    assert words(Analyzer(builder.lexicon()), typed) == []


def test_words_are_found_without_spaces_and_particles_are_not_indexed(analyzer: Analyzer) -> None:
    assert words(analyzer, "冷却期間を置く") == ["冷却", "期間", "置く"]


def test_terms_point_back_at_the_source_text_for_highlighting(analyzer: Analyzer) -> None:
    text = "彼はＬＩＮＥで忙しかった"
    spans = {t.text: text[t.start : t.end] for t in analyzer.words(text)}
    assert spans[words(analyzer, "line")[0]] == "ＬＩＮＥ"
    assert spans["忙しい"].startswith("忙し")


def test_bigrams_cover_words_the_lexicon_has_never_seen(analyzer: Analyzer) -> None:
    assert [t.text for t in analyzer.grams("既読無視")] == ["既読", "読無", "無視"]
    assert [t.text for t in analyzer.grams("ﾗｲﾝ")] == [t.text for t in analyzer.grams("らいん")]


def test_query_syntax_is_just_text(analyzer: Analyzer) -> None:
    assert words(analyzer, 'title:連絡 AND "追いLINE" *~') == words(analyzer, "title 連絡 and 追いLINE")


def test_a_verb_stem_is_only_a_word_when_its_ending_follows(analyzer: Analyzer) -> None:
    # 待つ's stem 待 reads as the verb in 待って, not inside the unknown compound 招待状.
    assert "待つ" in words(analyzer, "待ってる")
    assert "待つ" not in words(analyzer, "招待状")
