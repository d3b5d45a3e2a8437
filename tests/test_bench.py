"""`make bench` measures what it says: the metrics on hand-made rankings, and every engine on a tiny corpus."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import pytest

from bench import scale, speed
from bench.__main__ import COLUMNS
from bench.__main__ import main as bench_main
from bench.corpus import (
    CONTENT,
    DATA,
    SECTIONS,
    Doc,
    content_with_articles,
    content_without_editors_language,
    load_keyed_queries,
    load_offtopic,
    load_queries,
    load_sections,
    passages,
    section_keys,
)
from bench.peers import PEERS
from bench.relevance import (
    evaluate,
    grades,
    is_english,
    ndcg_at,
    recall_at,
    reciprocal_rank_at,
    success_at_1,
)
from bench.scale_corpus import article_sizes, general_nouns, generate
from bench.tayori_engine import open_search, tayori_search
from index.content import load_articles

REL = {"A": 2, "B": 1, "C": 1}


# --- metrics on hand-made rankings ---------------------------------------------------------------


def test_ndcg_rewards_the_best_passage_first_and_discounts_by_rank():
    ideal = 2 + 1 / math.log2(3) + 1 / math.log2(4)
    assert ndcg_at(["A", "B", "C"], REL) == pytest.approx(1.0)
    assert ndcg_at(["B", "A"], REL) == pytest.approx((1 + 2 / math.log2(3)) / ideal)
    assert ndcg_at(["X", "X2", "X3", "X4", "X5", "A"], REL) == 0.0  # beyond the top 5


def test_reciprocal_rank_counts_the_first_passage_of_any_grade_within_ten():
    assert reciprocal_rank_at(["X", "Y", "C"], REL) == pytest.approx(1 / 3)
    assert reciprocal_rank_at([f"X{i}" for i in range(10)] + ["A"], REL) == 0.0
    assert reciprocal_rank_at([], REL) == 0.0


def test_success_at_1_needs_the_best_answer_on_top():
    assert success_at_1(["A", "B"], REL) == 1.0
    assert success_at_1(["B", "A"], REL) == 0.0  # useful, but not the best answer
    assert success_at_1([], REL) == 0.0


def test_recall_at_5_is_the_share_of_useful_passages_in_the_top_five():
    assert recall_at(["A", "X1", "X2", "X3", "X4", "B"], REL) == pytest.approx(1 / 3)
    assert recall_at(["C", "A", "B"], REL) == 1.0


def test_a_heading_returned_twice_is_credited_once():
    assert grades(["A", "A", "B"], REL) == [2, 0, 1]
    assert recall_at(["A", "A", "A"], REL) == pytest.approx(1 / 3)


def test_headings_are_compared_after_nfkc(tmp_path: Path):
    sections = {"M3": "ＬＩＮＥを送る", "S": "まとめ|その後"}
    docs = [Doc("LINEを送る", "text", "seed"), Doc("まとめ｜その後", "text", "seed")]
    path = tmp_path / "q.json"
    path.write_text(json.dumps([{"q": "ﾗｲﾝ", "rel": {"M3": 2, "S": 1}}]), encoding="utf-8")
    [query] = load_queries(path, section_keys(sections, docs))
    assert grades(["seed#LINEを送る", "seed#まとめ｜その後"], query.rel) == [2, 1]


def test_a_query_grading_an_unknown_section_is_an_error(tmp_path: Path):
    path = tmp_path / "q.json"
    path.write_text(json.dumps([{"q": "x", "rel": {"Z9": 2}}]), encoding="utf-8")
    with pytest.raises(ValueError, match="Z9"):
        load_queries(path, {"A": "seed#heading"})


def test_english_queries_are_those_without_japanese_characters():
    assert is_english("why did he go silent?")
    assert not is_english("ﾗｲﾝ 送っていい?")  # half-width katakana is Japanese
    assert not is_english("LINE 既読")


def test_evaluate_averages_over_queries_and_counts_empty_answers(tmp_path: Path):
    path = tmp_path / "q.json"
    keys = {"A": "s#忙しい", "B": "s#冷却期間"}
    rows = [
        {"q": "忙しい彼", "rel": {"A": 2}},
        {"q": "how long to wait", "rel": {"B": 2}},
        {"q": "待つ", "rel": {"B": 2}},
    ]
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    answers = {"忙しい彼": ["s#忙しい"], "how long to wait": ["s#忙しい", "s#冷却期間"], "ラーメン": ["s#忙しい"]}
    result = evaluate(lambda q: answers.get(q, []), load_queries(path, keys), ["ラーメン", "天気"], rounds=1)
    assert result["mrr@10"] == pytest.approx((1 + 0.5 + 0) / 3)
    assert result["s@1"] == pytest.approx(1 / 3)
    assert result["en_mrr@10"] == pytest.approx(0.5)
    assert result["real_empty"] == pytest.approx(1 / 3)
    assert result["offtopic_empty"] == pytest.approx(0.5)
    assert result["latency_p95_ms"] >= 0.0


# --- the benchmark data matches the content ------------------------------------------------------


def test_every_graded_section_is_an_indexed_passage_of_the_content(seed_content: Path):
    keys = section_keys(load_sections(), passages(seed_content))
    assert keys["M1"] == "otoshin-futsu-sonogo#冷却期間を置く"
    for name in ("dev_queries.json", "heldout_queries.json"):
        if (DATA / name).exists():
            assert load_queries(DATA / name, keys)


def test_a_section_missing_from_the_content_is_reported():
    with pytest.raises(ValueError, match="冷却期間を置く"):
        section_keys({"M1": "冷却期間を置く"}, [Doc("まとめ", "text", "seed")])


def test_a_section_heading_that_two_articles_share_is_ambiguous():
    with pytest.raises(ValueError, match="several passages"):
        section_keys({"S": "まとめ"}, [Doc("まとめ", "text", "seed"), Doc("まとめ", "text", "other")])


# --- engines on a tiny corpus ---------------------------------------------------------------------

DOCS = [
    Doc("仕事が忙しくて連絡できない", "残業が続いてスマホを見る余裕がない。", "busy"),
    Doc("冷却期間を置く", "しばらく連絡を控えて、気持ちが落ち着くのを待ちましょう。", "wait"),
    Doc("Reasons he goes quiet", "He is busy at work and forgets to reply.", "busy"),
]


@pytest.mark.parametrize("name", list(PEERS))
def test_every_peer_finds_an_english_passage_and_nothing_for_an_unrelated_query(name: str):
    search = PEERS[name](DOCS)
    assert search("busy at work")[0] == "busy#Reasons he goes quiet"
    assert search("大阪のラーメン") == []


@pytest.mark.parametrize("name", ["fts5-trigram", "whoosh-bigram"])
def test_character_ngram_peers_find_japanese_without_spaces(name: str):
    search = PEERS[name](DOCS)
    assert search("冷却期間はどのくらい")[0] == "wait#冷却期間を置く"
    assert search("残業が続いて辛い")[0] == "busy#仕事が忙しくて連絡できない"


def test_fts5_trigram_finds_nothing_for_queries_shorter_than_three_characters():
    assert PEERS["fts5-trigram"](DOCS)("残業") == []


def test_whoosh_defaults_treat_an_unspaced_japanese_phrase_as_one_word():
    # What a newcomer gets: the standard analyzer splits on spaces and punctuation only.
    search = PEERS["whoosh-default"](DOCS)
    assert search("冷却期間") == []
    assert search("冷却期間を置く") == ["wait#冷却期間を置く"]


@pytest.mark.parametrize("name", list(PEERS))
def test_query_syntax_is_never_an_error(name: str):
    search = PEERS[name](DOCS)
    for text in ['"', "work AND (", "heading:", "wor*", 'a"b OR']:
        assert isinstance(search(text), list)


ARTICLE = """---
slug: tiny
title: 小さな記事
url: https://example.com/tiny
lang: ja
published: 2024-01-01
---
はじめに。

## 冷却期間を置く

しばらく連絡を控えましょう。

## 仕事が忙しい

残業が続いています。
"""


def test_tayori_is_measured_on_a_fresh_index_built_from_the_content(tmp_path: Path):
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "articles" / "tiny.md").write_text(ARTICLE, encoding="utf-8")
    search = tayori_search(tmp_path / "index", content)
    assert search("残業")[0] == "tiny#仕事が忙しい"
    assert (tmp_path / "index" / "CURRENT").exists()


def test_the_command_prints_one_row_per_engine_with_tayori_first(tmp_path: Path, capsys, seed_content: Path):
    path = tmp_path / "mine.json"
    path.write_text(json.dumps([{"q": "冷却期間", "rel": {"M1": 2}}], ensure_ascii=False), encoding="utf-8")
    assert bench_main(["--queries", str(path), "--no-speed", "--content", str(seed_content)]) == 0
    rows = [line.split()[0] for line in capsys.readouterr().out.splitlines() if line.split()]
    engines = [row for row in rows if row in {"tayori", *PEERS}]
    assert engines == ["tayori", *PEERS]


# --- the shared corpus: the seed's content plus more articles, graded by slug#heading -----------------

OTHER_ARTICLE = """---
slug: enkyori
title: 遠距離恋愛のコツ
url: https://example.com/enkyori
lang: ja
published: 2024-01-02
---
離れて暮らす二人へ。

## ＬＩＮＥの頻度

毎日のＬＩＮＥは短くても大丈夫です。

## 会う頻度

新幹線で月に一度会いに行きましょう。
"""


def write_corpus(tmp_path: Path, queries: list[dict], offtopic: list[str]) -> tuple[Path, Path]:
    """A content folder with the tiny article and a corpus folder with one more article and its query files."""
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "articles" / "tiny.md").write_text(ARTICLE, encoding="utf-8")
    (content / "synonyms.txt").write_text("連絡, ＬＩＮＥ\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    (corpus / "articles").mkdir(parents=True)
    (corpus / "articles" / "enkyori.md").write_text(OTHER_ARTICLE, encoding="utf-8")
    (corpus / "queries.json").write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    (corpus / "offtopic.json").write_text(json.dumps(offtopic, ensure_ascii=False), encoding="utf-8")
    return content, corpus


def test_corpus_queries_name_passages_by_slug_and_heading_after_nfkc(tmp_path: Path):
    content, corpus = write_corpus(
        tmp_path,
        [{"q": "頻度", "rel": {"enkyori#LINEの頻度": 2, "enkyori#遠距離恋愛のコツ": 1}}],  # the lead: its title
        [],
    )
    docs = passages(content_with_articles(content, corpus / "articles", tmp_path / "merged"))
    assert {d.slug for d in docs} == {"tiny", "enkyori"}
    [query] = load_keyed_queries(corpus / "queries.json", docs)
    assert grades(["enkyori#ＬＩＮＥの頻度", "tiny#仕事が忙しい", "enkyori#遠距離恋愛のコツ"], query.rel) == [2, 0, 1]
    assert not (content / "articles" / "enkyori.md").exists()  # the content folder itself is untouched


def test_a_corpus_query_grading_a_passage_that_does_not_exist_is_an_error(tmp_path: Path):
    content, corpus = write_corpus(tmp_path, [{"q": "頻度", "rel": {"enkyori#電話の頻度": 2}}], [])
    docs = passages(content_with_articles(content, corpus / "articles", tmp_path / "merged"))
    with pytest.raises(ValueError, match="enkyori#電話の頻度"):
        load_keyed_queries(corpus / "queries.json", docs)


def test_the_bare_build_empties_synonyms_english_and_question_words(tmp_path: Path, seed_content: Path):
    bare = content_without_editors_language(seed_content, tmp_path)
    for name in ("synonyms.txt", "english.txt", "intents.txt"):
        assert (seed_content / name).read_text(encoding="utf-8").strip()  # the copied files are untouched
        assert (bare / name).read_text(encoding="utf-8") == ""
    assert sorted(p.name for p in (bare / "articles").iterdir()) == sorted(
        p.name for p in (seed_content / "articles").iterdir()
    )


def corpus_row(out: str, engine: str) -> dict[str, str]:
    """A printed table row as {column title: cell}."""
    row = next(line for line in out.splitlines() if line.split() and line.split()[0] == engine)
    return {title: cell for (title, *_), cell in zip(COLUMNS, row.split()[1:], strict=True)}


def test_the_corpus_table_scores_every_engine_on_the_merged_passages(tmp_path: Path, capsys):
    queries = [
        {"q": "新幹線", "rel": {"enkyori#会う頻度": 2}},  # one passage has it: nDCG 1, RR 1
        {"q": "qqq", "rel": {"tiny#仕事が忙しい": 2}},  # English, found nowhere: 0, 0, nothing returned
    ]
    content, corpus = write_corpus(tmp_path, queries, ["大阪のラーメン屋"])
    argv = ["--corpus-only", "--no-speed", "--content", str(content), "--corpus", str(corpus)]
    assert bench_main([*argv, "--engines", "tayori", "tayori-bare", "fts5-trigram"]) == 0
    out = capsys.readouterr().out
    assert "2 articles, 6 passages" in out and "2 queries (1 English), 1 off-topic" in out
    row = corpus_row(out, "fts5-trigram")
    assert (row["nDCG@5"], row["JA nDCG"], row["EN nDCG"], row["MRR@10"], row["S@1"]) == (
        "0.500", "1.000", "0.000", "0.500", "0.500"
    )
    assert (row["off∅%"], row["real∅%"]) == ("100", "50")
    assert corpus_row(out, "tayori")["JA nDCG"] == "1.000"
    assert "tayori-bare" in out


# --- handler speed --------------------------------------------------------------------------------


def test_a_bare_powertools_handler_is_timed_cold_and_warm_in_fresh_processes(tmp_path: Path):
    env = speed.probe_env(tmp_path)  # the hello-world handler needs no index
    cold = speed.cold_start("bench.hello_app", env, runs=1)
    assert 0 < cold["to_answer_ms"] <= cold["spawn_to_answer_ms"] <= cold["wall_ms"]
    assert cold["peak_rss_mb"] > 1
    warm = speed.warm_latency("bench.hello_app", env, ["冷却期間", "why"], rounds=2)
    assert warm["calls"] == 4
    assert 0 < warm["warm_p50_ms"] <= warm["warm_p99_ms"]


def test_a_handler_that_fails_to_import_is_reported_not_hidden(tmp_path: Path):
    with pytest.raises(speed.ProbeError, match="No module named"):
        speed.cold_start("no_such_handler_module", speed.probe_env(tmp_path), runs=1)


# --- the scale benchmark's synthetic catalogues -----------------------------------------------------


def catalogue_files(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((folder / "articles").glob("*.md"))}


def test_a_catalogue_is_valid_content_with_exactly_the_passages_asked_for(tmp_path: Path):
    for size in (1, 23, 500):
        catalogue = generate(tmp_path / f"c{size}", size)
        articles = load_articles(catalogue.content_dir)  # the build's own validation: raises on any problem
        indexed = [p for _, ps in articles for p in ps if p.blocks]
        assert (len(indexed), len(articles)) == (size, catalogue.articles)
        assert (catalogue.content_dir / "synonyms.txt").read_text(encoding="utf-8") == (
            CONTENT / "synonyms.txt"
        ).read_text(encoding="utf-8")


def test_a_catalogue_has_the_content_format_h2_h3_lists_captions_and_callouts(tmp_path: Path):
    catalogue = generate(tmp_path / "c", 60)
    blocks = {b.kind for _, ps in load_articles(catalogue.content_dir) for p in ps for b in p.blocks}
    kinds = {p.kind for _, ps in load_articles(catalogue.content_dir) for p in ps}
    assert {"paragraph", "item", "caption", "callout"} <= blocks
    assert kinds == {"lead", "h2", "h3"}


def test_the_same_seed_writes_the_same_catalogue_and_another_seed_another(tmp_path: Path):
    first = catalogue_files(generate(tmp_path / "a", 45, seed=3).content_dir)
    assert catalogue_files(generate(tmp_path / "b", 45, seed=3).content_dir) == first
    assert catalogue_files(generate(tmp_path / "c", 45, seed=4).content_dir) != first


@pytest.mark.parametrize("size", [500, 2_000, 10_000])
def test_the_scale_sizes_split_into_articles_of_about_twenty_passages(size: int):
    sizes = list(article_sizes(size, random.Random(7)))
    assert sum(sizes) == size
    assert all(16 <= s <= 24 for s in sizes[:-1])
    assert 16 <= sizes[-1] <= 39  # the last article takes what is left
    assert 16 <= size / len(sizes) <= 24


def test_the_vocabulary_grows_with_the_catalogue(tmp_path: Path):
    small = generate(tmp_path / "small", 40)
    large = generate(tmp_path / "large", 400)
    assert large.distinct_nouns > 2 * small.distinct_nouns
    assert len(general_nouns()) > 10_000  # a general word list, not the articles' own words


# --- the scale report's arithmetic ------------------------------------------------------------------


def test_lambda_limits_are_extrapolated_from_the_measured_sizes():
    rows = [
        scale.Row(1_000, 50, index_bytes=2_000_000, zipped=11_000_000, unzipped=22_000_000),
        scale.Row(3_000, 150, index_bytes=6_000_000, zipped=13_000_000, unzipped=30_000_000),
    ]
    fit = scale.linear_fit([(r.passages, r.zipped) for r in rows])
    assert fit == pytest.approx((10_000_000, 1_000))
    assert scale.passages_at(50 * 2**20, fit) == pytest.approx((50 * 2**20 - 10_000_000) / 1_000)
    text = scale.limits(rows)
    assert "index bytes per passage (slope over the measured sizes): 2,000" in text
    assert "extrapolated linearly, not measured" in text


def test_a_build_is_timed_in_a_fresh_process_with_its_own_peak_memory(tmp_path: Path):
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "articles" / "tiny.md").write_text(ARTICLE, encoding="utf-8")
    seconds, peak_rss_mb = scale.timed_build(content, tmp_path / "index", "tiny")
    assert seconds > 0 and peak_rss_mb > 1
    assert open_search(tmp_path / "index")("残業")[0] == "tiny#仕事が忙しい"


def test_a_failed_build_is_reported_with_its_messages(tmp_path: Path):
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "articles" / "bad.md").write_text("no front matter\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="missing front matter"):
        scale.timed_build(content, tmp_path / "index", "bad")


def test_the_other_sections_queries_grade_passages_that_exist(tmp_path: Path, seed_content: Path):
    docs = passages(content_with_articles(seed_content, SECTIONS / "articles", tmp_path / "merged"))
    queries = load_keyed_queries(SECTIONS / "queries.json", docs)
    assert len(queries) == 64 and len(load_offtopic(SECTIONS / "offtopic.json")) == 12
    assert {d.slug for d in docs} >= {"hitomae-de-shikaru-joushi", "group-line-nakama-hazure", "oya-kakanshou"}
