"""`python -m local.server --port 3000`: the real Lambda handler behind a local HTTP server.

Each HTTP request becomes an API Gateway HTTP API v2 event (local.apigw) and is answered by
`app.handler` in this process; `/` and `/search.html` serve the demo pages. Binds to 127.0.0.1 only.
"""

import argparse
import os
import sys
import threading
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from local import aws as local_aws
from local.apigw import http_api_event, http_response
from local.logfile import tee_function_logs

# The demo pages: a partner's article page with popup widgets, and the publisher's own search page.
DEMO_PAGES = {
    "/": Path(__file__).with_name("demo.html"),
    "/index.html": Path(__file__).with_name("demo.html"),
    "/search.html": Path(__file__).with_name("search.html"),
}
HOST = "127.0.0.1"
MAX_BODY = 1024 * 1024  # API Gateway's own limit is higher; nothing here needs more


@dataclass
class LocalContext:
    """What the handler reads from Lambda's context object."""

    aws_request_id: str
    function_name: str = "tayori-search-local"
    function_version: str = "$LATEST"
    memory_limit_in_mb: int = 1024
    invoked_function_arn: str = "arn:aws:lambda:local:123456789012:function:tayori-search-local"
    log_group_name: str = "/aws/lambda/tayori-search-local"
    log_stream_name: str = "local"

    def get_remaining_time_in_millis(self) -> int:
        return 10_000


def prepare_environment(port: int) -> None:
    """Configure the function for local use before it is imported.

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
        local_dynamodb = local_aws.start(port, state_file=local_aws.STATE_FILE)
        print(f"feedback table {local_dynamodb.table} on moto at {local_dynamodb.endpoint}", flush=True)
        print(f"clicks table {local_dynamodb.clicks_table} on moto at {local_dynamodb.endpoint}", flush=True)


class LambdaHTTPHandler(BaseHTTPRequestHandler):
    """One HTTP request → one invocation of the Lambda handler."""

    server: "LocalServer"
    protocol_version = "HTTP/1.1"

    def do_request(self) -> None:
        url = urlsplit(self.path)
        if self.command == "GET" and url.path in DEMO_PAGES:
            self.send_body(200, [("Content-Type", "text/html; charset=utf-8")], DEMO_PAGES[url.path].read_bytes())
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self.send_body(413, [("Content-Type", "application/json")], b'{"error":{"code":"too_large"}}')
            return
        body = self.rfile.read(length) if length else b""
        request_id = uuid.uuid4().hex
        event = http_api_event(
            self.command,
            url.path,
            url.query,
            headers=self.headers.items(),
            body=body,
            source_ip=self.client_address[0],
            request_id=request_id,
        )
        status, headers, payload = self.server.invoke(event, LocalContext(aws_request_id=request_id))
        self.send_body(status, headers, payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = do_request

    def send_body(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.send_response(status)
        for name, value in headers:
            if name.lower() not in {"content-length", "connection", "transfer-encoding"}:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and status not in (204, 304):
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        # The function logs every request itself (JSON); keep the access log short and on stderr.
        sys.stderr.write(f"{self.command} {self.path} {args[1] if len(args) > 1 else ''}\n")


class LocalServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int) -> None:
        super().__init__((HOST, port), LambdaHTTPHandler)
        import app  # after prepare_environment(): the function reads its settings at import

        self.handler = app.handler
        tee_function_logs()  # build/search-log.jsonl, read by `make report`
        # One invocation at a time, as in one Lambda execution environment (Powertools keeps the
        # current event in shared state).
        self._invoke_lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}"

    def invoke(self, event: dict[str, Any], context: LocalContext) -> tuple[int, list[tuple[str, str]], bytes]:
        with self._invoke_lock:
            result = self.handler(event, context)
        return http_response(result)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local.server", description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 3000), help="default: 3000")
    args = parser.parse_args(argv)
    prepare_environment(args.port)
    server = LocalServer(args.port)
    print(f"Tayori is serving on {server.url}  (demo page: {server.url}/, API: {server.url}/v1/health)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
