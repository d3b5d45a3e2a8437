"""`python -m local.server --port 3000`: the real Lambda handler behind a local HTTP server.

Each HTTP request becomes an API Gateway HTTP API v2 event (local.apigw) and is answered by
`app.handler`; `/` and `/search.html` serve the demo pages. Binds to 127.0.0.1 only.

The request target reaches the function as the client sent it: never normalised (`//v1/health` is
as unknown as `/v1//health`), an absolute-form target (`GET http://host/v1/health`, as proxies send)
read as its path and query. Every method is handed to the function, which answers a method a path does
not have with 405 and `Allow`, like any other. Bodies come with `Content-Length` or chunked
(`Transfer-Encoding: chunked`); a body the server cannot read is refused and the connection closed,
so its bytes are never read as the next request.

Like Lambda, each execution environment (a worker process that imported the function) answers one
request at a time, and more environments start when requests overlap: one slow feedback call never
holds a search back, and a process-wide lock around the handler is not needed (Powertools keeps the
current event in module state, so two requests must never share a process at once).
"""

from __future__ import annotations

import argparse
import errno
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
from urllib.parse import urlsplit

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
# What the server answers itself to a request that names no path (CONNECT host:port, OPTIONS *).
SERVER_METHODS = "GET, HEAD, POST, OPTIONS"
HEX_DIGITS = frozenset(b"0123456789abcdefABCDEF")


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


class BodyRefused(Exception):
    """A request body the server cannot read: the status and error code to answer with."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def request_target(request_line: str) -> str | None:
    """The target of a request line as sent (http.server collapses a leading `//`), an absolute-form
    target reduced to its path and query; None for a target that names no path (`host:port`, `*`)."""
    target = request_line.split(" ")[1] if request_line.count(" ") >= 2 else "/"
    if target.lower().startswith(("http://", "https://")):
        parts = urlsplit(target)
        return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return target if target.startswith("/") else None


class LambdaHTTPHandler(BaseHTTPRequestHandler):
    """One HTTP request → one invocation of the Lambda handler."""

    server: LocalServer
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without this, a keep-alive request waits ~40 ms for
    # the client's delayed ACK (Nagle's algorithm).
    disable_nagle_algorithm = True

    def __getattr__(self, name: str) -> Any:
        # http.server looks for do_<METHOD>: every method goes to the function, which knows the routes.
        if name.startswith("do_"):
            return self.do_request
        raise AttributeError(name)

    def do_request(self) -> None:
        try:
            body = self.read_body()
        except BodyRefused as refused:
            self.close_connection = True  # what is left of the body must never be read as a request
            self.send_json_error(refused.status, refused.code, refused.message)
            return
        target = request_target(self.requestline)
        if target is None:
            self.send_json_error(405, "method_not_allowed", "the request target must be a path", Allow=SERVER_METHODS)
            return
        raw_path, raw_query = split_target(target.encode("latin-1"))  # http.server decodes it as Latin-1
        if self.command in ("GET", "HEAD") and raw_path in DEMO_PAGES:
            self.send_body(200, [("Content-Type", "text/html; charset=utf-8")], DEMO_PAGES[raw_path].read_bytes())
            return
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

    def read_body(self) -> bytes:
        """The request body, from Content-Length or chunked transfer coding; BodyRefused otherwise."""
        coding = self.headers.get("Transfer-Encoding")
        if coding is not None:
            # RFC 9112: Transfer-Encoding overrides Content-Length, and the connection closes after.
            if "Content-Length" in self.headers:
                self.close_connection = True
            if [c.strip().lower() for c in coding.split(",") if c.strip()] != ["chunked"]:
                raise BodyRefused(501, "not_implemented", "only the chunked transfer coding is supported")
            return self.read_chunked()
        length_text = (self.headers.get("Content-Length") or "0").strip()
        if not (length_text.isascii() and length_text.isdigit()):
            raise BodyRefused(400, "invalid_request", "Content-Length must be a number of bytes")
        length = int(length_text)
        if length > MAX_BODY:
            raise BodyRefused(413, "body_too_large", f"the body must be at most {MAX_BODY} bytes")
        body = self.rfile.read(length) if length else b""
        if len(body) < length:
            raise BodyRefused(400, "invalid_request", "the body ended before its Content-Length")
        return body

    def read_chunked(self) -> bytes:
        """A chunked body (RFC 9112 section 7.1): size lines in hex, data, CRLF; trailers are read and dropped."""
        body = bytearray()
        while True:
            line = self.rfile.readline(1024)
            size_text = line.split(b";", 1)[0].strip()
            if not line.endswith(b"\n") or not size_text or not set(size_text) <= HEX_DIGITS:
                raise BodyRefused(400, "invalid_request", "malformed chunked body")
            size = int(size_text, 16)
            if size == 0:
                break
            if len(body) + size > MAX_BODY:
                raise BodyRefused(413, "body_too_large", f"the body must be at most {MAX_BODY} bytes")
            chunk = self.rfile.read(size)
            if len(chunk) < size or self.rfile.readline(3) not in (b"\r\n", b"\n"):
                raise BodyRefused(400, "invalid_request", "malformed chunked body")
            body += chunk
        for _ in range(100):  # trailer fields, up to the empty line
            line = self.rfile.readline(65537)
            if line in (b"\r\n", b"\n"):
                return bytes(body)
            if not line.endswith(b"\n"):
                break
        raise BodyRefused(400, "invalid_request", "malformed chunked body")

    def send_json_error(self, status: int, code: str, message: str, **headers: str) -> None:
        """The handler's one error shape, for what the server refuses before the handler runs."""
        extra = [(name, value) for name, value in headers.items()]
        fixed = [("Content-Type", "application/json"), ("Cache-Control", "no-store")]
        self.send_body(status, [*fixed, *extra], json_error(status, code, message))

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
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD" and status not in (204, 304):
            self.wfile.write(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """What http.server refuses itself (a request line over 64 KB, too many headers, a malformed
        request) answers in the handler's JSON error shape, not an HTML page."""
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
        # unset when the request line itself was refused; http.server reads it as Latin-1: show UTF-8
        target = getattr(self, "path", "")[:200].encode("latin-1", "replace").decode("utf-8", "replace")
        sys.stderr.write(f"{self.command} {target} {args[1] if len(args) > 1 else ''}\n")


class LocalServer(ThreadingHTTPServer):
    """Listens on 127.0.0.1:port as soon as it is made (OSError if it cannot, e.g. the port is in use);
    answers nothing until start_environments()."""

    daemon_threads = True
    environments: ProcessPoolExecutor | None = None

    def __init__(self, port: int) -> None:
        super().__init__((HOST, port), LambdaHTTPHandler)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}"

    def start_environments(self, concurrency: int = CONCURRENCY) -> None:
        """Start the execution environments, with the process's environment variables as they are now."""
        # "spawn": each environment is a fresh interpreter, as in Lambda (no state forked from here).
        spawn = multiprocessing.get_context("spawn")
        self.environments = ProcessPoolExecutor(concurrency, spawn, initializer=lambda_environment.start)
        self.environments.submit(lambda_environment.ready).result()  # one warm environment before the first request

    def invoke(self, event: dict[str, Any], request_id: str) -> dict[str, Any]:
        assert self.environments is not None, "start_environments() first"
        return self.environments.submit(lambda_environment.invoke, event, request_id).result()

    def server_close(self) -> None:
        super().server_close()
        if self.environments is not None:
            self.environments.shutdown(wait=True, cancel_futures=True)


def listen(port: int) -> LocalServer | None:
    """The server listening on `port`, or None after one line on stderr saying why it cannot (the port
    is in use, or not ours to take) and how to choose another."""
    try:
        return LocalServer(port)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            reason = "is in use (is `make run` already serving there?)"
        else:
            reason = f"cannot be listened on: {error.strerror or error}"
        print(f"port {port} on {HOST} {reason}; choose another: make run PORT={port + 1}", file=sys.stderr)
        return None


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
    parser.add_argument("--check-port", action="store_true", help="only check that the port is free (exit 1 if not)")
    args = parser.parse_args(argv)
    # The port first: a second `make run` on a busy port must stop before it starts a DynamoDB or
    # rewrites the pointers (build/local-*.json) the running one's `make report` reads.
    server = listen(args.port)
    if server is None:
        return 1
    if args.check_port:
        server.server_close()
        return 0
    # SIGTERM (what process managers and tests send) stops like Ctrl-C, so the environments stop too.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        prepare_environment(args.port)
    except local_aws.PortInUseError as error:
        print(error, file=sys.stderr)
        server.server_close()
        return 1
    try:
        server.start_environments(args.concurrency)
        record_url(server.url)
        print(f"Tayori is serving on {server.url}  (demo page: {server.url}/, API: {server.url}/v1/health)", flush=True)
        print(f"local state (search log, DynamoDB pointer) in {local_state_dir()}", flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
