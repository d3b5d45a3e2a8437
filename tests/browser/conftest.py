"""Real Chromium (Debian's package) driven by Playwright, against the real local server.

The browser is never downloaded: Playwright launches /usr/bin/chromium. Where it is missing the tests
skip with a message, except under CI (CI=true), where a missing browser is a failure.
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
# Without the background-networking flags Chromium keeps calling home, which a closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing: install Debian's chromium package (`make browser`)"
    if os.environ.get("CI"):
        pytest.fail(message + " — browser tests must run in CI", pytrace=False)
    pytest.skip(message)


def server_pythonpath() -> str:
    return f"{REPO / 'functions' / 'search'}{os.pathsep}{REPO}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LocalServer:
    """`python -m local.server` in a child process: the demo page, the widget and the real handler,
    answering from the index root `index` (never the one `make run` serves)."""

    def __init__(self, index: Path, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = ARTIFACTS / f"server-{self.port}.log"
        ARTIFACTS.mkdir(exist_ok=True)
        self._log_file = self.log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "local.server", "--port", str(self.port)],
            cwd=REPO,
            env={
                **os.environ,
                "PYTHONPATH": server_pythonpath(),
                "POWERTOOLS_TRACE_DISABLED": "1",
                "POWERTOOLS_METRICS_NAMESPACE": "TayoriTest",
                "TAYORI_INDEX_DIR": str(index),
                **(env or {}),
            },
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )
        self._wait_until_ready()

    def _wait_until_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"local server exited:\n{self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(self.url + "/v1/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"local server not ready after {timeout}s:\n{self.log.read_text()[-3000:]}")

    def local_table(self, kind: str) -> tuple[str, object]:
        """The name of the server's local DynamoDB table for `kind` ("feedback", "clicks") and a client."""
        import boto3

        from local.aws import REGION, local_credentials

        found = re.search(rf"{kind} table (\S+) on moto at (\S+)", self.log.read_text())
        assert found, "the local server did not start its DynamoDB"
        table, endpoint = found.groups()
        return table, boto3.client("dynamodb", endpoint_url=endpoint, region_name=REGION, **local_credentials())

    def feedback_votes(self) -> list:
        """What the server's local DynamoDB (moto, started by local.server) holds in the feedback table."""
        from adapters.feedback_table import scan_votes

        return list(scan_votes(*self.local_table("feedback")))

    def clicks(self) -> list:
        """What the server's local DynamoDB holds in the clicks table (POST /v1/clicks)."""
        from adapters.click_table import scan_clicks

        return list(scan_clicks(*self.local_table("clicks")))

    def get_json(self, path: str) -> dict:
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            return json.load(response)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self._log_file.close()


@pytest.fixture(scope="session")
def server(seed_index: Path) -> Iterator[LocalServer]:
    """The local server on the seed article's index (built for the session, not `make index`'s)."""
    require_chromium()
    running = LocalServer(seed_index)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    yield opened
    context.close()


def searches(page) -> list[str]:
    """Start recording the URLs of the search requests the page makes."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url) if "/v1/search" in request.url else None)
    return seen
