"""`python -m bench`: relevance of Tayori (and its peers) on each query set, then handler speed.

    python -m bench                      # dev, held-out and blind sets, every engine, speed
    python -m bench --details            # also each query's top 5 headings with their grades
    python -m bench --queries my.json    # one query set of your own (same format as dev_queries.json)
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
from bench.corpus import CONTENT, DATA, check_sections, load_offtopic, load_queries, load_sections, passages
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
COLD_RUNS = 5


def engines(workdir: Path, content_dir: Path, wanted: list[str] | None) -> dict[str, SearchFn]:
    """Tayori first, then the peers, each over the same passages."""
    docs = passages(content_dir)
    makers: dict[str, Callable[[], SearchFn]] = {"tayori": lambda: tayori_search(workdir / "tayori", content_dir)}
    makers.update({name: partial(make, docs) for name, make in PEERS.items()})
    return {name: make() for name, make in makers.items() if not wanted or name in wanted}


def fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def table(results: dict[str, dict[str, Any]]) -> str:
    head = (
        f"{'engine':<16}{'nDCG@5':>8}{'MRR@10':>8}{'S@1':>7}{'R@5':>7}{'EN MRR':>8}"
        f"{'off∅%':>7}{'real∅%':>8}{'mean ms':>9}{'p95 ms':>8}"
    )
    rows = [head, "-" * len(head)]
    for name, r in results.items():
        rows.append(
            f"{name:<16}{r['ndcg@5']:>8.3f}{r['mrr@10']:>8.3f}{r['s@1']:>7.3f}{r['r@5']:>7.3f}"
            f"{fmt(r['en_mrr@10'], '.3f'):>8}{fmt(pct(r['offtopic_empty']), '.0f'):>7}{pct(r['real_empty']):>8.0f}"
            f"{r['latency_mean_ms']:>9.2f}{r['latency_p95_ms']:>8.2f}"
        )
    return "\n".join(rows)


def pct(share: float | None) -> float | None:
    return None if share is None else share * 100


def details(name: str, result: dict[str, Any], wanted: dict[str, dict[str, int]]) -> str:
    lines = [f"--- {name}: top 5 per query ([grade] heading; 'want' lists the graded headings)"]
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--queries", type=Path, help="a query file of your own instead of the built-in sets")
    parser.add_argument("--offtopic", type=Path, help="off-topic queries to go with --queries")
    parser.add_argument("--details", action="store_true", help="print each query's top 5 headings with grades")
    parser.add_argument("--engines", nargs="+", metavar="NAME", help="only these engines (e.g. tayori)")
    parser.add_argument("--no-speed", action="store_true", help="skip the handler latency and cold-start runs")
    parser.add_argument("--content", type=Path, default=CONTENT, help="content folder (default: content/)")
    args = parser.parse_args(argv)

    sections = load_sections()
    check_sections(sections, passages(args.content))
    if args.queries:
        sets = {args.queries.name: (args.queries, args.offtopic)}
    else:
        sets = {
            name: (DATA / q, DATA / o) for name, (q, o) in QUERY_SETS.items() if (DATA / q).exists()
        }
    with tempfile.TemporaryDirectory(prefix="tayori-bench-") as tmp:
        engine_fns = engines(Path(tmp), args.content, args.engines)
        for set_name, (query_path, offtopic_path) in sets.items():
            queries = load_queries(query_path, sections)
            offtopic = load_offtopic(offtopic_path) if offtopic_path else []
            results = {name: evaluate(fn, queries, offtopic) for name, fn in engine_fns.items()}
            first = next(iter(results.values()))
            print(
                f"\n== relevance: {set_name} set — {first['queries']} queries "
                f"({first['english_queries']} English), {first['offtopic_queries']} off-topic"
            )
            print(table(results))
            if args.details:
                wanted = {q.text: q.rel for q in queries}
                for name, result in results.items():
                    print(details(name, result, wanted))
        if not args.no_speed and "tayori" in engine_fns:
            first_set = next(iter(sets.values()))[0]
            texts = [q.text for q in load_queries(first_set, sections)]
            print(
                f"\n== speed (ms): full handler invocations with HTTP API v2 events for /v1/search\n"
                f"   warm: {WARM_ROUNDS} rounds of the {len(texts)} queries of {first_set.name} after a warm-up\n"
                f"   cold: fresh python process imports the handler, opens the index, answers one query;"
                f" median of {COLD_RUNS} runs\n"
                "   (script→answer: from the probe's first line; spawn→answer: from process spawn;"
                " process wall: spawn to exit)"
            )
            print(speed.table(speed.measure(Path(tmp) / "tayori", texts, runs=COLD_RUNS, rounds=WARM_ROUNDS)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
