"""`make bench-scale` (`python -m bench.scale`): build, size, memory and speed at a publisher's size.

For the seed's own passages and for synthetic catalogues of 500, 2,000 and 10,000 passages
(`bench.scale_corpus`), in one run:
- build: `python -m index` in a fresh process: wall time and peak RSS; the index's size on disk;
- package: the function zip `deploy/package.py` makes, with that index inside (zipped, unzipped);
- warm speed: full handler invocations with API Gateway v2 events, the query sets' queries ×
  ROUNDS after an untimed pass, in one fresh process (fewer rounds once WARM_BUDGET_S is spent);
- first query after a fresh process start (import, open the index, answer), and its peak RSS;
- the FTS5 trigram and Whoosh-default peers' p50 on the same passages (their search call);
- cold start at the seed's size beside a bare Powertools handler, in fresh processes;
then where one function stops: index bytes per passage, and the catalogue size at which the
artifact would reach Lambda's limits, extrapolated linearly from the measured sizes.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import speed
from bench.corpus import CONTENT, DATA, SHARED_CORPUS, Doc, load_offtopic, passages
from bench.peers import PEERS
from bench.relevance import percentile
from bench.scale_corpus import generate
from bench.tayori_engine import build_module_args

SIZES = (500, 2_000, 10_000)
ROUNDS = 10
WARM_BUDGET_S = 60.0  # timed calls per size; at today's 10,000-passage speed, 10 rounds would take 8 minutes
FIRST_QUERY_RUNS = 3
COLD_RUNS = 5
SCALE_PEERS = ("fts5-trigram", "whoosh-default")
PROGRESS_EVERY_S = 5.0
# Lambda's limits for a function's code, as the service counts them (MiB).
ZIPPED_LIMIT = 50 * 2**20  # a zip uploaded directly
UNZIPPED_LIMIT = 250 * 2**20  # 262,144,000 bytes: the function and its layers, unzipped
PASSAGES_PER_ARTICLE = 20
TEMPLATE = Path(__file__).resolve().parent.parent / "template.yaml"

_STARTED = time.perf_counter()


def progress(message: str) -> None:
    print(f"[scale {time.perf_counter() - _STARTED:6.0f}s] {message}", file=sys.stderr, flush=True)


@dataclass
class Row:
    """Everything measured at one size; None where a measurement could not be made."""

    passages: int
    articles: int
    distinct_nouns: int | None = None
    build_s: float | None = None
    build_rss_mb: float | None = None
    index_bytes: int | None = None
    zipped: int | None = None
    unzipped: int | None = None
    warm: dict[str, float] | None = None
    first_query_ms: float | None = None  # a fresh process: import, open the index, answer
    first_invoke_ms: float | None = None  # of which the first query alone, after the function's init
    first_query_rss_mb: float | None = None
    peer_p50_ms: dict[str, float] | None = None


@contextlib.contextmanager
def heartbeat(label: str, every_s: float = 15.0) -> Iterator[None]:
    """Say every few seconds that a long, silent step (a probe process, the peers) is still running."""
    done = threading.Event()
    started = time.perf_counter()

    def beat() -> None:
        while not done.wait(every_s):
            progress(f"  {label}: still running, {time.perf_counter() - started:.0f}s")

    thread = threading.Thread(target=beat, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


def scale_queries() -> list[str]:
    """Realistic queries that the catalogues' text can answer: the shared corpus's queries and off-topic ones
    (95), or the seed's development sets when the shared corpus is absent."""
    if (SHARED_CORPUS / "queries.json").exists():
        queries = [item["q"] for item in json.loads((SHARED_CORPUS / "queries.json").read_text(encoding="utf-8"))]
        return queries + load_offtopic(SHARED_CORPUS / "offtopic.json")
    queries = [item["q"] for item in json.loads((DATA / "dev_queries.json").read_text(encoding="utf-8"))]
    return queries + load_offtopic(DATA / "dev_offtopic.json")


def timed_build(content_dir: Path, out_root: Path, label: str) -> tuple[float, float]:
    """`python -m index` in a fresh process, its progress relayed every few seconds; (seconds, peak RSS MB).

    Raises RuntimeError with the build's last lines when it fails."""
    module, *args = build_module_args(content_dir, out_root)
    with tempfile.TemporaryDirectory(prefix="tayori-build-") as tmp:
        out = Path(tmp) / "result.json"
        command = [sys.executable, str(speed.PROBE), "build", module, str(out), *args]
        proc = subprocess.Popen(
            command, env=speed.probe_env(out_root), cwd=speed.ROOT,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(proc.stderr or []), daemon=True)
        reader.start()
        started = last_shown = time.perf_counter()
        while proc.poll() is None:
            time.sleep(0.2)
            if time.perf_counter() - last_shown >= PROGRESS_EVERY_S:
                last_shown = time.perf_counter()
                latest = lines[-1].strip() if lines else "(nothing printed yet)"
                progress(f"  {label}: building, {last_shown - started:.0f}s; last: {latest}")
        reader.join()
        result = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {"exit": proc.returncode}
    if result["exit"] != 0:
        raise RuntimeError("the build failed:\n" + "".join(lines[-10:]))
    return result["seconds"], result["peak_rss_mb"]


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


class Packager:
    """The function folder `deploy/package.py` assembles (code, whoosh for the Lambda platform), made once;
    each size's index is put in its place and the folder zipped as the deployment zip would be."""

    def __init__(self, workdir: Path) -> None:
        from deploy.package import assemble

        self.workdir = workdir
        self.function_dir = workdir / "function"
        self.error = ""
        try:
            assemble(self.function_dir)
        except (OSError, subprocess.CalledProcessError, RuntimeError) as err:
            self.error = f"the function could not be assembled ({err})"

    def size(self, index_root: Path) -> tuple[int, int] | None:
        """(zipped, unzipped) bytes of the function zip holding index_root; None if assembling failed."""
        from deploy.package import INDEX_DIR, write_zip

        if self.error:
            return None
        shutil.rmtree(self.function_dir / INDEX_DIR)
        shutil.copytree(index_root, self.function_dir / INDEX_DIR)
        size = write_zip(self.function_dir, self.workdir / "function.zip")
        return size.zipped, size.unzipped


def peer_p50(docs: list[Doc], queries: list[str], rounds: int) -> dict[str, float]:
    """Each scale peer's p50 (ms) of its search call over queries × rounds, after an untimed pass."""
    results = {}
    for name in SCALE_PEERS:
        search = PEERS[name](docs)
        for text in queries:
            search(text)
        latencies = []
        for _ in range(rounds):
            for text in queries:
                started = time.perf_counter()
                search(text)
                latencies.append((time.perf_counter() - started) * 1000)
        results[name] = percentile(latencies, 50)
    return results


def measure(
    content_dir: Path, row: Row, workdir: Path, queries: list[str], packager: Packager, rounds: int,
    first_query: bool = True,
) -> Row:
    """Fill row with the build, sizes, speeds and peers at one size; the index stays in workdir/index.
    first_query=False leaves the first-query figures to the caller (the seed's come from the cold-start runs)."""
    label = f"{row.passages:,} passages"
    index_root = workdir / "index"
    progress(f"{label}: build (python -m index)")
    row.build_s, row.build_rss_mb = timed_build(content_dir, index_root, label)
    row.index_bytes = folder_bytes(index_root)
    progress(f"{label}: built in {row.build_s:.1f}s; packaging")
    sizes = packager.size(index_root)
    if sizes:
        row.zipped, row.unzipped = sizes
    env = speed.probe_env(index_root)
    if first_query:
        progress(f"{label}: first query after a fresh start, {FIRST_QUERY_RUNS} processes")
        with heartbeat(label):
            cold = speed.cold_start("app", env, FIRST_QUERY_RUNS)
        row.first_query_ms, row.first_query_rss_mb = cold["to_answer_ms"], cold["peak_rss_mb"]
        row.first_invoke_ms = cold.get("first_invoke_ms")
    progress(f"{label}: warm handler, {len(queries)} queries × up to {rounds} (budget {WARM_BUDGET_S:.0f}s)")
    with heartbeat(label):
        row.warm = speed.warm_latency("app", env, queries, rounds, budget_s=WARM_BUDGET_S)
    progress(f"{label}: peers ({', '.join(SCALE_PEERS)})")
    with heartbeat(label):
        row.peer_p50_ms = peer_p50(passages(content_dir), queries, rounds)
    progress(f"{label}: warm p50 {row.warm['warm_p50_ms']:.2f} ms, p99 {row.warm['warm_p99_ms']:.2f} ms")
    return row


def cell(value: float | None, spec: str, width: int) -> str:
    return f"{'-' if value is None else format(value, spec):>{width}}"


def mb(size: int | None) -> float | None:
    return None if size is None else size / 1_000_000


def build_table(rows: list[Row]) -> str:
    head = (
        f"{'passages':>9}{'articles':>9}{'nouns':>7}{'build s':>9}{'build RSS MB':>14}{'index MB':>10}"
        f"{'B/passage':>11}{'zip MB':>9}{'unzipped MB':>13}"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        per_passage = None if r.index_bytes is None else r.index_bytes / r.passages
        lines.append(
            f"{r.passages:>9,}{r.articles:>9,}{cell(r.distinct_nouns, ',', 7)}{cell(r.build_s, '.1f', 9)}"
            f"{cell(r.build_rss_mb, '.0f', 14)}{cell(mb(r.index_bytes), '.2f', 10)}{cell(per_passage, ',.0f', 11)}"
            f"{cell(mb(r.zipped), '.2f', 9)}{cell(mb(r.unzipped), '.2f', 13)}"
        )
    return "\n".join(lines)


def speed_table(rows: list[Row]) -> str:
    head = (
        f"{'passages':>9}{'warm p50':>10}{'warm p99':>10}{'calls':>7}{'RSS MB':>8}{'first query':>13}"
        f"{'of it: query':>14}{'RSS MB':>8}" + "".join(f"{name + ' p50':>20}" for name in SCALE_PEERS)
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        warm = r.warm or {}
        peers = r.peer_p50_ms or {}
        lines.append(
            f"{r.passages:>9,}{cell(warm.get('warm_p50_ms'), '.2f', 10)}{cell(warm.get('warm_p99_ms'), '.2f', 10)}"
            f"{cell(warm.get('calls'), '.0f', 7)}{cell(warm.get('warm_peak_rss_mb'), '.0f', 8)}"
            f"{cell(r.first_query_ms, '.0f', 13)}{cell(r.first_invoke_ms, '.0f', 14)}"
            f"{cell(r.first_query_rss_mb, '.0f', 8)}"
            + "".join(cell(peers.get(name), ".2f", 20) for name in SCALE_PEERS)
        )
    return "\n".join(lines)


def linear_fit(points: list[tuple[int, int]]) -> tuple[float, float] | None:
    """Least-squares (intercept, slope) of bytes against passages; None with fewer than two sizes."""
    if len(points) < 2:
        return None
    fit = statistics.linear_regression([x for x, _ in points], [y for _, y in points])
    return fit.intercept, fit.slope


def passages_at(limit: int, fit: tuple[float, float] | None) -> float | None:
    if fit is None or fit[1] <= 0:
        return None
    return (limit - fit[0]) / fit[1]


def memory_setting() -> int | None:
    """The function's MemorySize (MB) in template.yaml."""
    found = re.search(r"^\s*MemorySize:\s*(\d+)", TEMPLATE.read_text(encoding="utf-8"), re.MULTILINE)
    return int(found.group(1)) if found else None


def limits(rows: list[Row]) -> str:
    """Where one function stops: bytes per passage, the extrapolated sizes at Lambda's limits, memory."""
    index_fit = linear_fit([(r.passages, r.index_bytes) for r in rows if r.index_bytes is not None])
    lines = []
    if index_fit:
        lines.append(f"index bytes per passage (slope over the measured sizes): {index_fit[1]:,.0f}")
    for title, limit, attr in (("zipped upload", ZIPPED_LIMIT, "zipped"), ("unzipped", UNZIPPED_LIMIT, "unzipped")):
        fit = linear_fit([(r.passages, getattr(r, attr)) for r in rows if getattr(r, attr) is not None])
        at = passages_at(limit, fit)
        if at is None:
            lines.append(f"{title} limit ({limit / 2**20:.0f} MiB): not estimated (package sizes not measured)")
        else:
            lines.append(
                f"{title} limit ({limit / 2**20:.0f} MiB) reached at about {at:,.0f} passages"
                f" (~{at / PASSAGES_PER_ARTICLE:,.0f} articles): extrapolated linearly, not measured"
                + (" ; layers (Powertools) count against it too" if attr == "unzipped" else "")
            )
    setting = memory_setting()
    for r in rows:
        rss = [v for v in ((r.warm or {}).get("warm_peak_rss_mb"), r.first_query_rss_mb) if v is not None]
        if rss:
            share = f" = {max(rss) / setting:.0%} of MemorySize {setting} MB" if setting else ""
            lines.append(f"memory at {r.passages:,} passages: peak RSS {max(rss):.0f} MB{share}")
    return "\n".join(lines)


def cold_starts(seed_index: Path) -> dict[str, dict[str, Any]]:
    """Cold start at the seed's size, Tayori's handler and a bare Powertools one: medians of COLD_RUNS fresh
    processes each, the two handlers taking turns so that a busy moment of the machine weighs on both."""
    samples: dict[str, list[dict[str, float]]] = {name: [] for name in speed.HANDLERS}
    errors: dict[str, str] = {}
    for _ in range(COLD_RUNS):
        for name, module in speed.HANDLERS.items():
            if name not in errors:
                try:
                    samples[name].append(speed.cold_start(module, speed.probe_env(seed_index), runs=1))
                except speed.ProbeError as err:
                    errors[name] = str(err)
    results: dict[str, dict[str, Any]] = {name: {"error": error} for name, error in errors.items()}
    for name, runs in samples.items():
        if name not in errors:
            results[name] = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    return results


def cold_start_table(results: dict[str, dict[str, Any]]) -> str:
    lines = [f"{'handler':<18}{'script→answer ms':>18}{'spawn→answer ms':>17}{'peak RSS MB':>13}"]
    for name, r in results.items():
        if "error" in r:
            lines.append(f"{name:<18}  not measured: {r['error']}")
        else:
            lines.append(
                f"{name:<18}{r['to_answer_ms']:>18.0f}{r['spawn_to_answer_ms']:>17.0f}{r['peak_rss_mb']:>13.1f}"
            )
    tayori, hello = results.get("tayori", {}), results.get("powertools-hello", {})
    if "to_answer_ms" in tayori and "to_answer_ms" in hello:
        lines.append(f"tayori / bare Powertools (script→answer): {tayori['to_answer_ms'] / hello['to_answer_ms']:.2f}×")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="catalogue sizes in passages")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="warm rounds over the queries (default 10)")
    parser.add_argument("--seed", type=int, default=7, help="the catalogues' random seed")
    args = parser.parse_args(argv)

    queries = scale_queries()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="tayori-scale-") as tmp:
        work = Path(tmp)
        progress("assembling the function once (deploy/package.py) for the package sizes")
        packager = Packager(work / "package")
        if packager.error:
            progress(f"package sizes will not be measured: {packager.error}")
        seed_docs = passages(CONTENT)
        seed = Row(len(seed_docs), len({d.slug for d in seed_docs}))
        progress(f"seed content: {seed.passages} passages")
        rows.append(measure(CONTENT, seed, work / "seed", queries, packager, args.rounds, first_query=False))
        progress("cold start at the seed's size beside a bare Powertools handler (the seed's first query)")
        with heartbeat("cold start"):
            cold = cold_starts(work / "seed" / "index")
        if "to_answer_ms" in cold["tayori"]:
            seed.first_query_ms, seed.first_query_rss_mb = cold["tayori"]["to_answer_ms"], cold["tayori"]["peak_rss_mb"]
            seed.first_invoke_ms = cold["tayori"].get("first_invoke_ms")
        shutil.rmtree(work / "seed")
        for size in args.sizes:
            progress(f"{size:,} passages: generating the catalogue")
            catalogue = generate(work / f"content-{size}", size, seed=args.seed)
            row = Row(catalogue.passages, catalogue.articles, catalogue.distinct_nouns)
            rows.append(measure(catalogue.content_dir, row, work / f"run-{size}", queries, packager, args.rounds))
            shutil.rmtree(catalogue.content_dir)
            shutil.rmtree(work / f"run-{size}")
    print(
        f"\n== scale: build and size (seed content, then catalogues from bench.scale_corpus, seed {args.seed})\n"
        "   nouns: distinct common nouns in the text; zip/unzipped: the function zip with that index"
    )
    print(build_table(rows))
    print(
        f"\n== scale: speed (ms) — full handler, API Gateway v2 events, {len(queries)} queries × up to {args.rounds}"
        f" rounds\n   (calls: how many were timed); first query: a fresh process imports, opens, answers;"
        "\n   of it: query: the first invocation alone, after the function's init"
        f"\n   (median of {FIRST_QUERY_RUNS}; at the seed's size, of the {COLD_RUNS} cold-start runs below);"
        " RSS: peak of that process;\n   peers: their search call in-process"
    )
    print(speed_table(rows))
    print(f"\n== cold start at {seed.passages} passages (median of {COLD_RUNS} fresh processes each, taking turns)")
    print(cold_start_table(cold))
    print("\n== where one function stops")
    print(limits(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
