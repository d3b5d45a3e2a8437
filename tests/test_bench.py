"""`make bench` measures what it says: the metrics on hand-made rankings, and every engine on a tiny corpus."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from bench import speed
from bench.__main__ import main as bench_main
from bench.corpus import CONTENT, DATA, Doc, check_sections, load_queries, load_sections, passages
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
from bench.tayori_engine import tayori_search

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
    path = tmp_path / "q.json"
    path.write_text(json.dumps([{"q": "ﾗｲﾝ", "rel": {"M3": 2, "S": 1}}]), encoding="utf-8")
    [query] = load_queries(path, sections)
    assert grades(["LINEを送る", "まとめ｜その後"], query.rel) == [2, 1]


def test_a_query_grading_an_unknown_section_is_an_error(tmp_path: Path):
    path = tmp_path / "q.json"
    path.write_text(json.dumps([{"q": "x", "rel": {"Z9": 2}}]), encoding="utf-8")
    with pytest.raises(ValueError, match="Z9"):
        load_queries(path, {"A": "heading"})


def test_english_queries_are_those_without_japanese_characters():
    assert is_english("why did he go silent?")
    assert not is_english("ﾗｲﾝ 送っていい?")  # half-width katakana is Japanese
    assert not is_english("LINE 既読")


def test_evaluate_averages_over_queries_and_counts_empty_answers(tmp_path: Path):
    path = tmp_path / "q.json"
    sections = {"A": "忙しい", "B": "冷却期間"}
    rows = [
        {"q": "忙しい彼", "rel": {"A": 2}},
        {"q": "how long to wait", "rel": {"B": 2}},
        {"q": "待つ", "rel": {"B": 2}},
    ]
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    answers = {"忙しい彼": ["忙しい"], "how long to wait": ["忙しい", "冷却期間"], "ラーメン": ["忙しい"]}
    result = evaluate(lambda q: answers.get(q, []), load_queries(path, sections), ["ラーメン", "天気"], rounds=1)
    assert result["mrr@10"] == pytest.approx((1 + 0.5 + 0) / 3)
    assert result["s@1"] == pytest.approx(1 / 3)
    assert result["en_mrr@10"] == pytest.approx(0.5)
    assert result["real_empty"] == pytest.approx(1 / 3)
    assert result["offtopic_empty"] == pytest.approx(0.5)
    assert result["latency_p95_ms"] >= 0.0


# --- the benchmark data matches the content ------------------------------------------------------


def test_every_graded_section_is_an_indexed_passage_of_the_content():
    sections = load_sections()
    check_sections(sections, passages(CONTENT))
    for name in ("dev_queries.json", "heldout_queries.json"):
        if (DATA / name).exists():
            assert load_queries(DATA / name, sections)


def test_a_section_missing_from_the_content_is_reported():
    with pytest.raises(ValueError, match="冷却期間を置く"):
        check_sections({"M1": "冷却期間を置く"}, [Doc("まとめ", "text")])


# --- engines on a tiny corpus ---------------------------------------------------------------------

DOCS = [
    Doc("仕事が忙しくて連絡できない", "残業が続いてスマホを見る余裕がない。"),
    Doc("冷却期間を置く", "しばらく連絡を控えて、気持ちが落ち着くのを待ちましょう。"),
    Doc("Reasons he goes quiet", "He is busy at work and forgets to reply."),
]


@pytest.mark.parametrize("name", list(PEERS))
def test_every_peer_finds_an_english_passage_and_nothing_for_an_unrelated_query(name: str):
    search = PEERS[name](DOCS)
    assert search("busy at work")[0] == "Reasons he goes quiet"
    assert search("大阪のラーメン") == []


@pytest.mark.parametrize("name", ["fts5-trigram", "whoosh-bigram"])
def test_character_ngram_peers_find_japanese_without_spaces(name: str):
    search = PEERS[name](DOCS)
    assert search("冷却期間はどのくらい")[0] == "冷却期間を置く"
    assert search("残業が続いて辛い")[0] == "仕事が忙しくて連絡できない"


def test_fts5_trigram_finds_nothing_for_queries_shorter_than_three_characters():
    assert PEERS["fts5-trigram"](DOCS)("残業") == []


def test_whoosh_defaults_treat_an_unspaced_japanese_phrase_as_one_word():
    # What a newcomer gets: the standard analyzer splits on spaces and punctuation only.
    search = PEERS["whoosh-default"](DOCS)
    assert search("冷却期間") == []
    assert search("冷却期間を置く") == ["冷却期間を置く"]


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
    assert search("残業")[0] == "仕事が忙しい"
    assert (tmp_path / "index" / "CURRENT").exists()


def test_the_command_prints_one_row_per_engine_with_tayori_first(tmp_path: Path, capsys):
    path = tmp_path / "mine.json"
    path.write_text(json.dumps([{"q": "冷却期間", "rel": {"M1": 2}}], ensure_ascii=False), encoding="utf-8")
    assert bench_main(["--queries", str(path), "--no-speed"]) == 0
    rows = [line.split()[0] for line in capsys.readouterr().out.splitlines() if line.split()]
    engines = [row for row in rows if row in {"tayori", *PEERS}]
    assert engines == ["tayori", *PEERS]


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
