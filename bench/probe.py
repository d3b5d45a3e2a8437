"""Runs inside a fresh `python` process to time a Lambda handler; stdlib only (and the stdlib-only
event builder of local/apigw.py), so nothing loads early.

    python bench/probe.py cold MODULE OUT.json            import MODULE, answer one query, report
    python bench/probe.py warm MODULE OUT.json QUERIES.json ROUNDS [BUDGET_S]
    python bench/probe.py build MODULE OUT.json ARGS...   run `python -m MODULE ARGS...`, report time and memory

A warm run with a budget stops after the first round that ends past BUDGET_S seconds of timed calls.

Timings use time.perf_counter (CLOCK_MONOTONIC on Linux, so the parent's spawn stamp in
BENCH_SPAWNED_AT is comparable). Results go to OUT.json: the handler may print to stdout (EMF).
"""

import time

STARTED = time.perf_counter()  # first statement: as close to interpreter start as a script gets

import importlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import urllib.parse  # noqa: E402
from typing import Any  # noqa: E402

from local.apigw import http_api_event  # noqa: E402  (stdlib only: the same events as the local server)
from local.lambda_context import FakeLambdaContext  # noqa: E402  (stdlib only: the one fake context)


def peak_rss_mb() -> float:
    """This process's peak RSS. On Linux getrusage's ru_maxrss survives fork+exec, so a child of a
    large parent would report the parent's peak: /proc's VmHWM is this process's own."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)  # bytes on macOS, KiB elsewhere


def search_event(query: str) -> dict[str, Any]:
    raw_query = urllib.parse.urlencode({"q": query, "limit": "5"})
    return http_api_event("GET", "/v1/search", raw_query, {"host": "abc123.execute-api.us-east-1.amazonaws.com"})


def invoke(handler: Any, event: dict[str, Any]) -> dict[str, Any]:
    response = handler(event, FakeLambdaContext())
    if response.get("statusCode") != 200:
        raise RuntimeError(f"{event['rawPath']} answered {response.get('statusCode')}: {response.get('body')}")
    return response


def cold(module: str, out: str) -> None:
    handler = importlib.import_module(module).handler  # init: imports, and the index opened
    initialised = time.perf_counter()
    invoke(handler, search_event(os.environ.get("BENCH_QUERY", "連絡が来ない")))
    answered = time.perf_counter()
    result = {
        "to_answer_ms": (answered - STARTED) * 1000,
        "first_invoke_ms": (answered - initialised) * 1000,  # the first query alone, after init
        "spawn_to_answer_ms": (answered - float(os.environ["BENCH_SPAWNED_AT"])) * 1000,
        "peak_rss_mb": peak_rss_mb(),
    }
    with open(out, "w", encoding="utf-8") as f:
        json.dump(result, f)


def warm(module: str, out: str, queries_file: str, rounds: int, budget_s: float | None = None) -> None:
    handler = importlib.import_module(module).handler
    with open(queries_file, encoding="utf-8") as f:
        events = [search_event(q) for q in json.load(f)]
    for event in events:  # warm-up: the first invocation of each query is not timed
        invoke(handler, event)
    latencies: list[float] = []
    for _ in range(rounds):
        for event in events:
            started = time.perf_counter()
            invoke(handler, event)
            latencies.append((time.perf_counter() - started) * 1000)
        if budget_s is not None and sum(latencies) > budget_s * 1000:
            break
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"latencies_ms": latencies, "peak_rss_mb": peak_rss_mb()}, f)


def build(module: str, out: str, args: list[str]) -> None:
    """Run a module as `python -m` would, in this fresh process, so its peak RSS is its own."""
    import runpy

    sys.argv = [module, *args]
    code: object = 0
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit as exit_:
        code = exit_.code
    result = {"exit": code if isinstance(code, int) else 1, "seconds": time.perf_counter() - STARTED}
    with open(out, "w", encoding="utf-8") as f:
        json.dump({**result, "peak_rss_mb": peak_rss_mb()}, f)


if __name__ == "__main__":
    mode, module, out, *rest = sys.argv[1:]
    if mode == "cold":
        cold(module, out)
    elif mode == "build":
        build(module, out, rest)
    else:
        warm(module, out, rest[0], int(rest[1]), float(rest[2]) if len(rest) > 2 else None)
