"""`python -m local.server --port 3000`: the real Lambda handler behind a local HTTP server.

Each HTTP request becomes an API Gateway HTTP API v2 event (local.apigw) and is answered by
`app.handler`; `/` and `/search.html` serve the demo pages. Binds to 127.0.0.1 only.

Like Lambda, each execution environment (a worker process that imported the function) answers one
request at a time, and more environments start when requests overlap: one slow feedback call never
holds a search back, and a process-wide lock around the handler is not needed (Powertools keeps the
current event in module state, so two requests must never share a process at once).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import signal
import sys
import uuid
from concurrent.futures import ProcessPoolExecutor
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from local import aws as local_aws
from local import lambda_environment
from local.apigw import http_api_event, http_response, split_target
from settings import local_state_dir

# The demo pages: a partner's article page with popup widgets, and the publisher's own search page.
DEMO_PAGES = {
    "/": Path(__file__).with_name("demo.html"),
    "/index.html": Path(__file__).with_name("demo.html"),
    "/search.html": Path(__file__).with_name("search.html"),
}
HOST = "127.0.0.1"
MAX_BODY = 1024 * 1024  # API Gateway's own limit is higher; nothing here needs more
CONCURRENCY = 4  # execution environments at most, as a small reserved concurrency would allow
# The methods an HTTP API's ANY route hands to the function; API Gateway refuses the others itself.
API_GATEWAY_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def prepare_environment(port: int) -> None:
    """Configure the function for local use before any worker imports it.

    Services the function needs locally (e.g. an in-process DynamoDB stand-in for feedback and clicks) start
    here too, so that `make run` needs no AWS account.
    """
    origins = f"http://{HOST}:{port},http://localhost:{port}"
    os.environ.setdefault("TAYORI_ALLOWED_ORIGINS", origins)
    os.environ.setdefault("TAYORI_INDEX_RELOAD", "1")  # `make index` in another shell takes effect
    os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "1")  # no X-Ray daemon here
    os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "tayori")
    os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "Tayori")
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    if not os.environ.get("AWS_ENDPOINT_URL_DYNAMODB"):  # unless pointed at a DynamoDB already
        port = int(os.environ.get("TAYORI_DYNAMODB_PORT") or 0)
        local_dynamodb = local_aws.start(port, state_file=local_aws.state_file())
        print(f"feedback table {local_dynamodb.table} on moto at {local_dynamodb.endpoint}", flush=True)
        print(f"clicks table {local_dynamodb.clicks_table} on moto at {local_dynamodb.endpoint}", flush=True)


# --- HTTP ---------------------------------------------------------------------------------------------


def json_error(status: int, code: str, message: str) -> bytes:
    """The handler's error shape (api/errors.py), for what the server refuses before the handler runs."""
    return json.dumps({"error": {"code": code, "message": message, "details": []}}).encode()


class LambdaHTTPHandler(BaseHTTPRequestHandler):
    """One HTTP request → one invocation of the Lambda handler."""

    server: LocalServer
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without this, a keep-alive request waits ~40 ms for
    # the client's delayed ACK (Nagle's algorithm).
    disable_nagle_algorithm = True

    def do_request(self) -> None:
        target = self.path.encode("latin-1")  # http.server decodes the request line as Latin-1
        raw_path, raw_query = split_target(target)
        if self.command in ("GET", "HEAD") and raw_path in DEMO_PAGES:
            self.send_body(200, [("Content-Type", "text/html; charset=utf-8")], DEMO_PAGES[raw_path].read_bytes())
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            status, code = (413, "body_too_large") if length > MAX_BODY else (400, "invalid_request")
            self.close_connection = True  # the unread body would otherwise be taken for the next request
            self.send_body(status, [("Content-Type", "application/json")], json_error(status, code, "bad body length"))
            return
        body = self.rfile.read(length) if length else b""
        request_id = uuid.uuid4().hex
        event = http_api_event(
            self.command,
            raw_path,
            raw_query,
            headers=self.headers.items(),
            body=body,
            source_ip=self.client_address[0],
            request_id=request_id,
        )
        status, headers, payload = http_response(self.server.invoke(event, request_id))
        self.send_body(status, headers, payload)

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_request

    def send_body(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        """Send one answer. For HEAD the function gives GET's Content-Length with an empty body."""
        self.send_response(status)
        length = str(len(body))
        for name, value in headers:
            if name.lower() == "content-length" and self.command == "HEAD":
                length = value
            elif name.lower() not in {"content-length", "connection", "transfer-encoding"}:
                self.send_header(name, value)
        if status not in (204, 304):
            self.send_header("Content-Length", length)
        self.end_headers()
        if self.command != "HEAD" and status not in (204, 304):
            self.wfile.write(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """What http.server refuses itself (a request line over 64 KB, a method API Gateway does not
        hand on, a malformed request) answers in the handler's JSON error shape, not an HTML page."""
        if code == HTTPStatus.NOT_IMPLEMENTED:  # a method with no do_*: the client's mistake, as API Gateway says
            code, message = HTTPStatus.METHOD_NOT_ALLOWED, None
        self.log_error("code %d, message %s", code, message)
        status = HTTPStatus(code)
        codes = {414: "request_line_too_long", 405: "method_not_allowed", 431: "headers_too_large"}
        readable = explain or status.description or status.phrase
        body = json_error(code, codes.get(code, "invalid_request"), readable)
        self.close_connection = True
        self.send_response(code, message)
        self.send_header("Content-Type", "application/json")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        # The function logs every request itself (JSON); keep the access log short and on stderr.
        target = getattr(self, "path", "")[:200]  # unset when the request line itself was refused
        sys.stderr.write(f"{self.command} {target} {args[1] if len(args) > 1 else ''}\n")


class LocalServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, concurrency: int = CONCURRENCY) -> None:
        super().__init__((HOST, port), LambdaHTTPHandler)
        # "spawn": each environment is a fresh interpreter, as in Lambda (no state forked from here).
        spawn = multiprocessing.get_context("spawn")
        self.environments = ProcessPoolExecutor(concurrency, spawn, initializer=lambda_environment.start)
        self.environments.submit(lambda_environment.ready).result()  # one warm environment before the first request

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}"

    def invoke(self, event: dict[str, Any], request_id: str) -> dict[str, Any]:
        return self.environments.submit(lambda_environment.invoke, event, request_id).result()

    def server_close(self) -> None:
        super().server_close()
        self.environments.shutdown(wait=True, cancel_futures=True)


def server_state_file() -> Path:
    """Where `make run` says which address it serves on, so `make report` links to its search page."""
    return local_state_dir() / "local-server.json"


def record_url(url: str) -> None:
    """Tell other local commands (`make report`) the server's address, e.g. `http://127.0.0.1:3000`."""
    state = server_state_file()
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text(json.dumps({"url": url}), encoding="utf-8")


def recorded_url() -> str | None:
    """The address the last `make run` served on (it may have stopped since), or None."""
    try:
        return str(json.loads(server_state_file().read_text(encoding="utf-8"))["url"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local.server", description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 3000), help="default: 3000")
    parser.add_argument("--concurrency", type=int, default=CONCURRENCY, help="execution environments at most")
    args = parser.parse_args(argv)
    prepare_environment(args.port)
    # SIGTERM (what process managers and tests send) stops like Ctrl-C, so the environments stop too.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    server = LocalServer(args.port, args.concurrency)
    record_url(server.url)
    print(f"Tayori is serving on {server.url}  (demo page: {server.url}/, API: {server.url}/v1/health)", flush=True)
    print(f"local state (search log, DynamoDB pointer) in {local_state_dir()}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
