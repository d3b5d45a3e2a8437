"""The analysis bake-off compares like with like: each analyzer turns a Japanese sentence into its
content terms, and one harness ranks and scores any of them with the benchmark's metrics.

Janome, MeCab and TinySegmenter come from the optional `bakeoff` extra: their tests skip when it
is not installed. The bigram and Sudachi ones always run.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable

import pytest

from bench import bakeoff
from bench.corpus import Doc, Query
from bench.relevance import evaluate

SENTENCE = "彼から連絡が来なかったのは、仕事が忙しかったからです。ＬＩＮＥも見ていない"
PARTICLES = {"から", "が", "は", "です", "た", "も"}  # particles and auxiliaries in every dictionary


def analyzer(make: Callable[[], bakeoff.TermsFn], *modules: str) -> bakeoff.TermsFn:
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed: `make bakeoff` installs the optional analyzers")
    return make()


LEMMATIZERS = {
    "sudachi": (bakeoff.sudachi_terms, ("sudachipy", "sudachidict_core")),
    "janome": (bakeoff.janome_terms, ("janome",)),
    "mecab": (bakeoff.mecab_terms, ("fugashi", "ipadic")),
}


@pytest.mark.parametrize("name", list(LEMMATIZERS))
def test_morphological_analyzers_index_dictionary_forms_of_content_words_only(name: str):
    make, modules = LEMMATIZERS[name]
    terms = analyzer(make, *modules)(SENTENCE)
    # 来なかった → 来る, 忙しかった → 忙しい: the forms a reader types elsewhere meet here.
    assert {"連絡", "仕事", "来る", "忙しい", "line"} <= set(terms)
    assert not PARTICLES & set(terms)


def test_tinysegmenter_splits_into_surface_words_without_lemmas():
    terms = analyzer(bakeoff.tinysegmenter_terms, "tinysegmenter")(SENTENCE)
    assert {"連絡", "仕事"} <= set(terms)
    assert "忙しい" not in terms and "。" not in terms


def test_bigrams_cover_every_adjacent_pair_of_a_japanese_run():
    terms = bakeoff.bigram_terms()("連絡が来ない ＬＩＮＥ")
    assert terms == ["連絡", "絡が", "が来", "来な", "ない", "line"]


DOCS = [
    Doc("仕事が忙しくて連絡できない", "残業が続いてスマホを見る余裕がない。", "a"),
    Doc("冷却期間を置く", "仕事のことは忘れて、しばらく連絡を控えましょう。", "a"),
    Doc("まとめ", "焦らずに待ちましょう。", "a"),
]


def test_the_harness_ranks_heading_matches_first_and_scores_with_the_bench_metrics():
    search = bakeoff.whoosh_search(DOCS, {"words": bakeoff.sudachi_terms(), "grams": bakeoff.bigram_terms()})
    # 仕事 is in the first heading and in the second body: the heading wins.
    assert search("仕事")[:2] == ["a#仕事が忙しくて連絡できない", "a#冷却期間を置く"]
    queries = [Query("忙しかった", {"a#仕事が忙しくて連絡できない": 2}), Query("控える", {"a#冷却期間を置く": 2})]
    result = evaluate(search, queries, ["ラーメン"], rounds=1)
    assert result["ndcg@5"] == pytest.approx(1.0)
    assert result["s@1"] == 1.0
    assert result["offtopic_empty"] == 1.0


def test_the_command_prints_a_scored_row_per_variant_and_lists_missing_libraries(capsys, monkeypatch):
    absent = bakeoff.Variant("absent", "a library that is not installed", ("no_such_analyzer_lib",))
    monkeypatch.setattr(bakeoff, "VARIANTS", [*bakeoff.VARIANTS, absent])
    assert bakeoff.main(["--only", "bigram", "sudachi", "absent", "--no-cold"]) == 0
    rows = {line.split()[0]: line.split()[1:] for line in capsys.readouterr().out.splitlines() if line.strip()}
    for name in ("bigram", "sudachi"):
        cells = rows[name]
        assert len(cells) == 6 * 2 + 3  # both query sets, then ms/q, cold ms, MB
        assert 0.0 < float(cells[0]) <= 1.0  # dev nDCG@5: the real content, really scored
    assert float(rows["sudachi"][-1]) > 50  # its dictionary is part of what it ships
    assert rows["absent"][:2] == ["skipped:", "not"]
