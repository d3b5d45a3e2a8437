"""`python -m local.server`: real HTTP in, API Gateway v2 events to the real handler, real HTTP out."""

import base64
import json
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from local.apigw import http_api_event, http_response

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(built_index: Path) -> Iterator[str]:
    """The local server in its own process, answering from built_index; yields its base URL."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TAYORI_", "POWERTOOLS_"))}
    env |= {
        "TAYORI_INDEX_DIR": str(built_index),
        "PYTHONPATH": f"{REPO / 'functions' / 'search'}{os.pathsep}{REPO}",
        "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:9",  # this test needs no local DynamoDB
        "PYTHONUNBUFFERED": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "local.server", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        seen = []
        for line in process.stdout:  # the server prints its URL once it listens
            seen.append(line)
            if f"http://127.0.0.1:{port}" in line:
                break
        else:
            pytest.fail("the server exited before listening:\n" + "".join(seen))
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def fetch(url: str, method: str = "GET", headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def test_the_local_server_answers_like_the_deployed_api(server: str) -> None:
    status, headers, body = fetch(f"{server}/v1/search?q=%E4%BB%95%E4%BA%8B&limit=2")
    assert status == 200
    answer = json.loads(body)
    assert answer["results"][0]["heading"] == "仕事が忙しい"
    assert len(answer["results"]) <= 2

    status, _, _ = fetch(f"{server}/v1/search?q=%E4%BB%95%E4%BA%8B&limit=2", headers={"If-None-Match": headers["etag"]})
    assert status == 304

    status, headers, body = fetch(f"{server}/v1/nothing")
    assert status == 404 and json.loads(body)["error"]["code"] == "not_found"

    status, headers, body = fetch(f"{server}/v1/health", method="POST")
    assert status == 405 and headers["allow"] == "GET, HEAD, OPTIONS"

    status, _, body = fetch(f"{server}/v1/health")
    assert status == 200 and json.loads(body)["passages"] == 5


def test_the_local_server_allows_its_own_origin(server: str) -> None:
    preflight = {"Origin": server, "Access-Control-Request-Method": "GET"}
    status, headers, _ = fetch(f"{server}/v1/search", method="OPTIONS", headers=preflight)

    assert status == 204
    assert headers["access-control-allow-origin"] == server


def test_the_demo_page_searches_the_api(server: str) -> None:
    status, headers, body = fetch(f"{server}/")

    assert status == 200
    assert headers["content-type"].startswith("text/html")
    page = body.decode()
    assert "/v1/" in page


def test_events_have_the_api_gateway_v2_shape() -> None:
    event = http_api_event(
        "get",
        "/v1/search",
        "q=%E9%80%A3%E7%B5%A1&tag=a&tag=b&empty=",
        headers=[("Host", "127.0.0.1:3000"), ("X-Many", "1"), ("X-Many", "2"), ("Cookie", "a=1; b=2")],
        source_ip="127.0.0.9",
        request_id="req-1",
    )

    assert event["version"] == "2.0" and event["routeKey"] == "$default"
    assert event["rawPath"] == "/v1/search"
    assert event["rawQueryString"] == "q=%E9%80%A3%E7%B5%A1&tag=a&tag=b&empty="
    assert event["queryStringParameters"] == {"q": "連絡", "tag": "a,b", "empty": ""}
    assert event["headers"] == {"host": "127.0.0.1:3000", "x-many": "1,2"}
    assert event["cookies"] == ["a=1", "b=2"]
    http = event["requestContext"]["http"]
    assert (http["method"], http["path"], http["sourceIp"]) == ("GET", "/v1/search", "127.0.0.9")
    assert event["requestContext"]["requestId"] == "req-1"
    assert event["isBase64Encoded"] is False and "body" not in event


def test_event_bodies_are_text_or_base64_as_api_gateway_sends_them() -> None:
    text = http_api_event("POST", "/v1/x", headers={"Content-Type": "application/json"}, body=b'{"a":1}')
    assert (text["body"], text["isBase64Encoded"]) == ('{"a":1}', False)

    binary = http_api_event("POST", "/v1/x", headers={"Content-Type": "image/png"}, body=b"\x89PNG")
    assert binary["isBase64Encoded"] is True
    assert base64.b64decode(binary["body"]) == b"\x89PNG"


def test_handler_results_become_status_headers_cookies_and_body() -> None:
    status, headers, body = http_response(
        {
            "statusCode": 201,
            "headers": {"Content-Type": "image/png"},
            "cookies": ["s=1; Secure"],
            "body": base64.b64encode(b"\x89PNG").decode(),
            "isBase64Encoded": True,
        }
    )
    assert status == 201
    assert ("set-cookie", "s=1; Secure") in headers
    assert body == b"\x89PNG"
    # Payload 2.0 lets a function return just a JSON object: a 200.
    assert http_response({"ok": True}) == (200, [("content-type", "application/json")], b'{"ok": true}')
