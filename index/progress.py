"""Progress lines for long builds: each phase named, with counts, rate and an estimate.

A build of thousands of passages takes a minute; whoever runs it should never wonder whether it
hangs. A phase reports at most every `INTERVAL` seconds as it advances, and a heartbeat thread
speaks for it when one step runs long (a Whoosh commit, a SQLite write), so no silence lasts
longer than `HEARTBEAT` seconds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

INTERVAL = 2.0  # seconds between progress lines while a phase advances
HEARTBEAT = 4.0  # a phase that has not advanced for this long still says it is alive


class Phase:
    """One named phase of `total` steps (0: unknown); `advance()` after each step."""

    def __init__(self, name: str, total: int, log: Callable[[str], None]) -> None:
        self.name, self.total, self.log = name, total, log
        self.done = 0
        self.started = self._last_line = time.monotonic()
        self._lock = threading.Lock()

    def advance(self, steps: int = 1) -> None:
        with self._lock:
            self.done += steps
            if time.monotonic() - self._last_line >= INTERVAL:
                self._report()

    def _report(self, note: str = "") -> None:
        elapsed = time.monotonic() - self.started
        line = f"{self.name}: {self.done}"
        if self.total:
            line += f"/{self.total} ({100 * self.done / self.total:.0f} %)"
            if 0 < self.done < self.total:
                line += f", about {elapsed * (self.total - self.done) / self.done:.0f} s left"
        self.log(f"{line}, {elapsed:.0f} s{note}")
        self._last_line = time.monotonic()

    def heartbeat(self) -> None:
        with self._lock:
            if time.monotonic() - self._last_line >= HEARTBEAT:
                self._report(" (still working)")


@contextmanager
def phase(name: str, total: int, log: Callable[[str], None]) -> Iterator[Phase]:
    """A phase with a heartbeat; logs its total time when it ends (and only on success)."""
    current = Phase(name, total, log)
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(1.0):
            current.heartbeat()

    thread = threading.Thread(target=beat, name=f"progress: {name}", daemon=True)
    thread.start()
    try:
        yield current
    finally:
        stop.set()
        thread.join()
    counted = f", {current.done}" if current.done or current.total else ""  # a phase that counts nothing says so
    log(f"{name}: done{counted} in {time.monotonic() - current.started:.1f} s")
