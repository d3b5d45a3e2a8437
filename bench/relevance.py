"""Relevance metrics, and `evaluate(search)` for any engine given as `query text -> ranked passage keys`.

Results are compared by passage key (`slug#heading`) after NFKC normalization; a passage is
credited once (a repeat ranks but gains nothing). nDCG gains are the grades themselves (2 and 1).
"""

from __future__ import annotations

import math
import re
import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

from bench.corpus import DATA, Query, load_offtopic, load_queries, load_sections, nfkc, passages, section_keys

# An engine under test: the reader's text in, passage keys (`slug#heading`) out, best first.
SearchFn = Callable[[str], Sequence[str]]

# Kana (full and half width), CJK ideographs: a query with none of these is an English query.
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")

METRIC_KEYS = (
    "ndcg@5", "ja_ndcg@5", "en_ndcg@5", "mrr@10", "s@1", "r@5", "en_mrr@10", "offtopic_empty", "real_empty",
)  # fmt: skip


def is_english(text: str) -> bool:
    return not JAPANESE.search(text)


def grades(ranked: Sequence[str], rel: dict[str, int]) -> list[int]:
    """The grade of each ranked passage, 0 for unlisted passages and for repeats."""
    seen: set[str] = set()
    out = []
    for heading in ranked:
        key = nfkc(heading)
        out.append(0 if key in seen else rel.get(key, 0))
        seen.add(key)
    return out


def ndcg_at(ranked: Sequence[str], rel: dict[str, int], k: int = 5) -> float:
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(grades(ranked, rel)[:k]))
    ideal = sum(g / math.log2(i + 2) for i, g in enumerate(sorted(rel.values(), reverse=True)[:k]))
    return dcg / ideal if ideal else 0.0


def reciprocal_rank_at(ranked: Sequence[str], rel: dict[str, int], k: int = 10) -> float:
    for i, g in enumerate(grades(ranked, rel)[:k]):
        if g >= 1:
            return 1.0 / (i + 1)
    return 0.0


def success_at_1(ranked: Sequence[str], rel: dict[str, int]) -> float:
    return 1.0 if grades(ranked, rel)[:1] == [2] else 0.0


def recall_at(ranked: Sequence[str], rel: dict[str, int], k: int = 5) -> float:
    relevant = sum(1 for g in rel.values() if g >= 1)
    found = sum(1 for g in grades(ranked, rel)[:k] if g >= 1)
    return found / relevant if relevant else 0.0


def percentile(values: Sequence[float], p: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def evaluate(
    search: SearchFn,
    queries: Sequence[Query] | None = None,
    offtopic: Sequence[str] | None = None,
    rounds: int = 3,
) -> dict[str, Any]:
    """Every metric for one engine; `per_query` and `offtopic_per_query` hold the rankings for --details.

    Each query is run once for its ranking, then `rounds` more times for latency (the first pass
    warms caches, as a warm Lambda would be)."""
    if queries is None:
        queries = load_queries(DATA / "dev_queries.json", section_keys(load_sections(), passages()))
    if offtopic is None:
        offtopic = load_offtopic(DATA / "dev_offtopic.json")
    per_query = []
    for query in queries:
        ranked = list(search(query.text))
        per_query.append(
            {
                "q": query.text,
                "ranked": ranked,
                "grades": grades(ranked, query.rel),
                "ndcg@5": ndcg_at(ranked, query.rel),
                "rr@10": reciprocal_rank_at(ranked, query.rel),
                "s@1": success_at_1(ranked, query.rel),
                "r@5": recall_at(ranked, query.rel),
                "english": is_english(query.text),
            }
        )
    offtopic_per_query = [{"q": text, "ranked": list(search(text))} for text in offtopic]
    latencies = []
    for _ in range(rounds):
        for text in [q.text for q in queries] + list(offtopic):
            started = time.perf_counter()
            search(text)
            latencies.append((time.perf_counter() - started) * 1000)
    english = [r for r in per_query if r["english"]]
    japanese = [r for r in per_query if not r["english"]]
    return {
        "ndcg@5": mean([r["ndcg@5"] for r in per_query]),
        "ja_ndcg@5": mean([r["ndcg@5"] for r in japanese]) if japanese else None,
        "en_ndcg@5": mean([r["ndcg@5"] for r in english]) if english else None,
        "mrr@10": mean([r["rr@10"] for r in per_query]),
        "s@1": mean([r["s@1"] for r in per_query]),
        "r@5": mean([r["r@5"] for r in per_query]),
        "en_mrr@10": mean([r["rr@10"] for r in english]) if english else None,
        "offtopic_empty": (
            mean([0.0 if r["ranked"] else 1.0 for r in offtopic_per_query]) if offtopic_per_query else None
        ),
        "real_empty": mean([0.0 if r["ranked"] else 1.0 for r in per_query]),
        "latency_p50_ms": percentile(latencies, 50),
        "latency_mean_ms": mean(latencies),
        "latency_p95_ms": percentile(latencies, 95),
        "queries": len(per_query),
        "english_queries": len(english),
        "offtopic_queries": len(offtopic_per_query),
        "per_query": per_query,
        "offtopic_per_query": offtopic_per_query,
    }
