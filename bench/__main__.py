"""`python -m bench`: relevance of Tayori (and its peers) on each query set, then handler speed.

    python -m bench                      # seed sets, the shared corpus, other sections, speed
    python -m bench --corpus-only        # just the two corpus tables (make bench-corpus)
    python -m bench --corpus-only --details --engines tayori   # each corpus query's top 5, for development
    python -m bench --queries my.json    # one query set of your own (same format as dev_queries.json)

The corpus table indexes the seed plus every article of the shared evaluation corpus
(`../shared/corpus/articles/`) in a temporary copy of `content/` (content/ is untouched), beside
the peers on the same passages and a `tayori-bare` row: the same engine built with the editors'
synonyms, English lexicon and question words emptied. The `other sections` table does the same
with four articles beyond relationships (work, friends, family, money: bench/data/sections/),
which nobody tuned the engine for.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from bench import speed
from bench.corpus import (
    CONTENT,
    DATA,
    SECTIONS,
    SHARED_CORPUS,
    Query,
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
from bench.relevance import SearchFn, evaluate
from bench.tayori_engine import tayori_search

QUERY_SETS = {
    "dev": ("dev_queries.json", "dev_offtopic.json"),
    "held-out": ("heldout_queries.json", "heldout_offtopic.json"),
    "dev2": ("dev2_queries.json", "dev2_offtopic.json"),
    # Written apart from the tuning work and only ever read as these totals.
    "blind": ("blind_queries.json", "blind_offtopic.json"),
}

WARM_ROUNDS = 20
CORPUS_HANDLER_ROUNDS = 10
COLD_RUNS = 5
TAYORI_INDEX = "tayori"  # the index folder of the tayori engine inside a run's work directory


def engines(
    workdir: Path, content_dir: Path, wanted: list[str] | None, bare: bool = False
) -> dict[str, SearchFn]:
    """Tayori first (and tayori-bare when asked), then the peers, each over the same passages."""
    docs = passages(content_dir)
    makers: dict[str, Callable[[], SearchFn]] = {"tayori": lambda: tayori_search(workdir / TAYORI_INDEX, content_dir)}
    if bare:
        makers["tayori-bare"] = lambda: tayori_search(
            workdir / "tayori-bare", content_without_editors_language(content_dir, workdir / "bare")
        )
    makers.update({name: partial(make, docs) for name, make in PEERS.items()})
    return {name: make() for name, make in makers.items() if not wanted or name in wanted}


def fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def pct(share: float | None) -> float | None:
    return None if share is None else share * 100


COLUMNS = [  # (title, result key, format, scale)
    ("nDCG@5", "ndcg@5", ".3f", 1), ("JA nDCG", "ja_ndcg@5", ".3f", 1), ("EN nDCG", "en_ndcg@5", ".3f", 1),
    ("MRR@10", "mrr@10", ".3f", 1), ("S@1", "s@1", ".3f", 1), ("R@5", "r@5", ".3f", 1),
    ("EN MRR", "en_mrr@10", ".3f", 1), ("off∅%", "offtopic_empty", ".0f", 100), ("real∅%", "real_empty", ".0f", 100),
    ("p50 ms", "latency_p50_ms", ".2f", 1), ("p95 ms", "latency_p95_ms", ".2f", 1),
]  # fmt: skip


def table(results: dict[str, dict[str, Any]]) -> str:
    """One row per engine; off∅% = off-topic queries answered with nothing, real∅% = real ones answered with nothing;
    p50/p95: the engine's search call in this process (no handler)."""
    head = f"{'engine':<16}" + "".join(f"{title:>9}" for title, *_ in COLUMNS)
    rows = [head, "-" * len(head)]
    for name, r in results.items():
        cells = (fmt(None if r[key] is None else r[key] * scale, spec) for _, key, spec, scale in COLUMNS)
        rows.append(f"{name:<16}" + "".join(f"{cell:>9}" for cell in cells))
    return "\n".join(rows)


def details(name: str, result: dict[str, Any], wanted: dict[str, dict[str, int]]) -> str:
    lines = [f"--- {name}: top 5 per query ([grade] passage; 'want' lists the graded passages)"]
    for r in result["per_query"]:
        lines.append(f"{r['q']}   nDCG@5 {r['ndcg@5']:.2f}  RR {r['rr@10']:.2f}")
        want = wanted[r["q"]]
        lines.append("    want: " + ", ".join(f"{h} ({g})" for h, g in sorted(want.items(), key=lambda x: -x[1])))
        top = zip(r["ranked"][:5], r["grades"], strict=False)
        lines.extend(f"    {i}. [{g}] {h}" for i, (h, g) in enumerate(top, 1))
        if not r["ranked"]:
            lines.append("    (no results)")
    lines.append("off-topic (should return nothing):")
    for r in result["offtopic_per_query"]:
        shown = ", ".join(r["ranked"][:3]) if r["ranked"] else "(no results)"
        lines.append(f"    {r['q']}  →  {shown}")
    return "\n".join(lines)


def report(title: str, engine_fns: dict[str, SearchFn], queries: list[Query], offtopic: list[str], show: bool) -> None:
    """Score every engine on one query set and print its table (and each query's ranking when show)."""
    results = {name: evaluate(fn, queries, offtopic) for name, fn in engine_fns.items()}
    first = next(iter(results.values()))
    print(
        f"\n== relevance: {title} — {first['queries']} queries "
        f"({first['english_queries']} English), {first['offtopic_queries']} off-topic"
    )
    print(table(results))
    if show:
        wanted = {q.text: q.rel for q in queries}
        for name, result in results.items():
            print(details(name, result, wanted))


def seed_sets(args: argparse.Namespace, workdir: Path) -> None:
    """The seed's query sets (or --queries) on content/, then the handler's speed on that index."""
    keys = section_keys(load_sections(), passages(args.content))
    if args.queries:
        sets = {args.queries.name: (args.queries, args.offtopic)}
    else:
        sets = {name: (DATA / q, DATA / o) for name, (q, o) in QUERY_SETS.items() if (DATA / q).exists()}
    engine_fns = engines(workdir, args.content, args.engines)
    for set_name, (query_path, offtopic_path) in sets.items():
        offtopic = load_offtopic(offtopic_path) if offtopic_path else []
        report(f"{set_name} set", engine_fns, load_queries(query_path, keys), offtopic, args.details)
    if not args.no_speed and "tayori" in engine_fns:
        first_set = next(iter(sets.values()))[0]
        texts = [q.text for q in load_queries(first_set, keys)]
        print(
            f"\n== speed (ms): full handler invocations with HTTP API v2 events for /v1/search\n"
            f"   warm: {WARM_ROUNDS} rounds of the {len(texts)} queries of {first_set.name} after a warm-up\n"
            f"   cold: fresh python process imports the handler, opens the index, answers one query;"
            f" median of {COLD_RUNS} runs\n"
            "   (script→answer: from the probe's first line; spawn→answer: from process spawn;"
            " process wall: spawn to exit)"
        )
        print(speed.table(speed.measure(workdir / TAYORI_INDEX, texts, runs=COLD_RUNS, rounds=WARM_ROUNDS)))


def corpus(args: argparse.Namespace, workdir: Path, corpus_dir: Path, name: str = "corpus") -> None:
    """The seed plus a corpus's articles: every engine, the bare row, and (unless asked not to)
    the handler's warm latency."""
    articles = corpus_dir / "articles"
    if not articles.is_dir():
        print(f"\n== relevance: {name} — skipped: no articles at {articles}")
        return
    content = content_with_articles(args.content, articles, workdir / "corpus")
    docs = passages(content)
    queries = load_keyed_queries(corpus_dir / "queries.json", docs)
    offtopic = load_offtopic(corpus_dir / "offtopic.json")
    engine_fns = engines(workdir, content, args.engines, bare=True)
    slugs = sorted({d.slug for d in docs})
    report(f"{name} ({len(slugs)} articles, {len(docs)} passages)", engine_fns, queries, offtopic, args.details)
    if not args.no_speed and "tayori" in engine_fns:
        texts = [q.text for q in queries] + offtopic
        try:
            warm = speed.warm_latency("app", speed.probe_env(workdir / TAYORI_INDEX), texts, CORPUS_HANDLER_ROUNDS)
        except speed.ProbeError as err:
            print(f"tayori full handler on this index: not measured: {err}")
            return
        print(
            f"tayori full handler on this index (API Gateway v2 events, {len(texts)} queries × "
            f"{CORPUS_HANDLER_ROUNDS} after a warm-up): warm p50 {warm['warm_p50_ms']:.2f} ms,"
            f" p99 {warm['warm_p99_ms']:.2f} ms"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--queries", type=Path, help="a query file of your own instead of the seed's sets")
    parser.add_argument("--offtopic", type=Path, help="off-topic queries to go with --queries")
    parser.add_argument("--details", action="store_true", help="print each query's top 5 passages with grades")
    parser.add_argument("--engines", nargs="+", metavar="NAME", help="only these engines (e.g. tayori tayori-bare)")
    parser.add_argument("--no-speed", action="store_true", help="skip the handler latency and cold-start runs")
    parser.add_argument("--content", type=Path, default=CONTENT, help="content folder (default: content/)")
    parser.add_argument("--corpus", type=Path, default=SHARED_CORPUS, help="evaluation corpus (default: %(default)s)")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--corpus-only", action="store_true", help="only the corpus table")
    which.add_argument("--no-corpus", action="store_true", help="skip the corpus table")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="tayori-bench-") as tmp:
        if not args.corpus_only:
            seed_sets(args, Path(tmp) / "seed")
        if not args.no_corpus and not args.queries:
            corpus(args, Path(tmp) / "corpus", args.corpus)
            if args.corpus == SHARED_CORPUS:  # (a corpus of one's own is measured alone)
                # Articles from other sections of a magazine, written by someone who had not seen the engine.
                corpus(args, Path(tmp) / "sections", SECTIONS, "other sections")
    return 0


if __name__ == "__main__":
    sys.exit(main())
