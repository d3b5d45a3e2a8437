"""Handler speed: warm latency of full invocations, and cold start beside a bare Powertools handler.

Each measurement runs `bench/probe.py` in a fresh `python` process (the Lambda cold start is a
fresh interpreter), with tracing off and a metrics namespace set, as in the function's config.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.relevance import percentile

ROOT = Path(__file__).resolve().parent.parent
PROBE = Path(__file__).resolve().parent / "probe.py"
HANDLERS = {"tayori": "app", "powertools-hello": "bench.hello_app"}


class ProbeError(Exception):
    """The probe process failed (for instance the handler did not import)."""


def probe_env(index_root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "PYTHONPATH": os.pathsep.join([str(ROOT / "functions" / "search"), str(ROOT)]),
            "POWERTOOLS_TRACE_DISABLED": "1",
            "POWERTOOLS_METRICS_NAMESPACE": "TayoriBench",
            "TAYORI_INDEX_DIR": str(index_root),
        }
    )
    env.setdefault("AWS_DEFAULT_REGION", "us-east-1")  # Lambda always sets a region
    return env


def run_probe(args: list[str], env: dict[str, str], timeout: float = 120) -> tuple[dict[str, Any], float]:
    """The probe's JSON result and the process's wall time in ms."""
    with tempfile.TemporaryDirectory(prefix="tayori-probe-") as tmp:
        out = Path(tmp) / "result.json"
        spawned = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, str(PROBE), args[0], args[1], str(out), *args[2:]],
            env={**env, "BENCH_SPAWNED_AT": repr(spawned)},
            stdout=subprocess.DEVNULL,  # the handlers print EMF metrics and logs
            stderr=subprocess.PIPE,
            text=True,
            timeout=timeout,
            cwd=ROOT,
        )
        wall_ms = (time.perf_counter() - spawned) * 1000
        if proc.returncode != 0 or not out.exists():
            raise ProbeError(proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"exit {proc.returncode}")
        return json.loads(out.read_text(encoding="utf-8")), wall_ms


def with_retries(fn: Any, *args: Any, attempts: int = 3, wait_s: float = 10) -> Any:
    """The handler's code may be mid-edit in a shared tree: a failed import is retried a little later."""
    for attempt in range(1, attempts + 1):
        try:
            return fn(*args)
        except ProbeError as err:
            if attempt == attempts:
                raise
            print(f"    (probe failed: {err}; retrying in {wait_s:.0f}s)", file=sys.stderr, flush=True)
            time.sleep(wait_s)
    raise AssertionError("unreachable")


def cold_start(module: str, env: dict[str, str], runs: int) -> dict[str, float]:
    samples = []
    for _ in range(runs):
        result, wall_ms = run_probe(["cold", module], env)
        samples.append({**result, "wall_ms": wall_ms})
    return {key: statistics.median(s[key] for s in samples) for key in samples[0]}


def warm_latency(
    module: str, env: dict[str, str], queries: list[str], rounds: int, budget_s: float | None = None
) -> dict[str, float]:
    """Warm p50/p99 (ms) of `rounds` passes over queries after an untimed one, in one fresh process; with
    budget_s, fewer rounds once the timed calls add up past it. Also the calls timed and the process's peak RSS."""
    with tempfile.TemporaryDirectory(prefix="tayori-queries-") as tmp:
        path = Path(tmp) / "queries.json"
        path.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
        args = ["warm", module, str(path), str(rounds), *([str(budget_s)] if budget_s is not None else [])]
        result, _ = run_probe(args, env, timeout=3600)
    latencies = result["latencies_ms"]
    return {
        "warm_p50_ms": percentile(latencies, 50),
        "warm_p99_ms": percentile(latencies, 99),
        "calls": len(latencies),
        "warm_peak_rss_mb": result["peak_rss_mb"],
    }


def measure(index_root: Path, queries: list[str], runs: int = 5, rounds: int = 20) -> dict[str, dict[str, Any]]:
    """Per handler: warm p50/p99 and the medians of cold-start figures; {"error": ...} if it never ran."""
    env = probe_env(index_root)
    results: dict[str, dict[str, Any]] = {}
    for name, module in HANDLERS.items():
        try:
            results[name] = {
                **with_retries(warm_latency, module, env, queries, rounds),
                **with_retries(cold_start, module, env, runs),
            }
        except ProbeError as err:
            results[name] = {"error": str(err)}
    return results


def table(results: dict[str, dict[str, Any]]) -> str:
    columns = [
        ("warm p50", "warm_p50_ms", ".2f"),
        ("warm p99", "warm_p99_ms", ".2f"),
        ("cold: script→answer", "to_answer_ms", ".0f"),
        ("spawn→answer", "spawn_to_answer_ms", ".0f"),
        ("process wall", "wall_ms", ".0f"),
        ("peak RSS MB", "peak_rss_mb", ".1f"),
    ]
    head = f"{'handler':<18}" + "".join(f"{title:>{len(title) + 2}}" for title, _, _ in columns)
    rows = [head, "-" * len(head)]
    for name, r in results.items():
        if "error" in r:
            rows.append(f"{name:<18}  not measured: {r['error']}")
            continue
        rows.append(f"{name:<18}" + "".join(f"{format(r[key], spec):>{len(t) + 2}}" for t, key, spec in columns))
    return "\n".join(rows)
