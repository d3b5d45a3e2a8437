"""`python -m local.server`: real HTTP in, API Gateway v2 events to the real handler, real HTTP out."""

import base64
import json
import os
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from local.apigw import http_api_event, http_response

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(built_index: Path, extra_env: dict[str, str]) -> dict[str, str]:
    """The environment of a local server answering from built_index, keeping its state beside it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TAYORI_", "POWERTOOLS_", "AWS_"))}
    return env | {
        "TAYORI_INDEX_DIR": str(built_index),
        "TAYORI_LOCAL_STATE_DIR": str(built_index.parent / "local-state"),  # never `make run`'s build/
        "PYTHONPATH": f"{REPO / 'functions' / 'search'}{os.pathsep}{REPO}",
        "PYTHONUNBUFFERED": "1",
        **extra_env,
    }


def serve(built_index: Path, extra_env: dict[str, str]) -> Iterator[str]:
    """The local server in its own process, answering from built_index; yields its base URL."""
    port = free_port()
    # This server needs no local DynamoDB unless extra_env says otherwise.
    env = server_env(built_index, {"AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:9", **extra_env})
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
        # Keep reading its output: a full pipe would stop the server mid-request.
        threading.Thread(target=process.stdout.read, daemon=True).start()
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()  # stops like Ctrl-C: the execution environments finish what they run
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a machine under load; never leave a server behind
            process.kill()
            process.wait()


@pytest.fixture
def server(built_index: Path) -> Iterator[str]:
    """The local server in its own process, answering from built_index; yields its base URL."""
    yield from serve(built_index, {})


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


def raw_request(url: str, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send bytes exactly as given (urllib would percent-encode them) and read one response."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            assert chunk, f"the server closed the connection without an answer: {data!r}"
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
        while len(body) < int(headers.get("content-length", 0)):
            chunk = sock.recv(65536)
            assert chunk, "the server closed the connection mid-body"
            body += chunk
        return int(lines[0].split()[1]), headers, body


def test_the_readme_example_with_raw_utf8_in_the_url_finds_passages(server: str) -> None:
    # What `curl 'http://127.0.0.1:3000/v1/search?q=仕事&limit=2'` sends: the UTF-8 bytes, not escapes.
    request = "GET /v1/search?q=仕事&limit=2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
    status, _, body = raw_request(server, request)

    answer = json.loads(body)
    assert status == 200
    assert answer["query"] == "仕事"
    assert answer["results"][0]["heading"] == "仕事が忙しい"


def test_an_overlong_request_line_is_a_json_error(server: str) -> None:
    request = b"GET /v1/search?q=" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"
    status, headers, body = raw_request(server, request)

    assert status == 414
    assert headers["content-type"] == "application/json"
    assert json.loads(body)["error"]["code"] == "request_line_too_long"


def test_a_method_the_server_does_not_know_is_a_json_error(server: str) -> None:
    status, headers, body = raw_request(server, b"BREW /v1/search HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")

    assert status == 405
    assert headers["content-type"] == "application/json"
    assert set(json.loads(body)["error"]) == {"code", "message", "details"}


def test_requests_on_a_kept_alive_connection_are_as_fast_as_on_new_ones(server: str) -> None:
    import http.client
    import time

    connection = http.client.HTTPConnection(server.removeprefix("http://"), timeout=10)
    timings = []
    for _ in range(6):
        started = time.perf_counter()
        connection.request("GET", "/v1/health")
        response = connection.getresponse()
        response.read()
        timings.append(time.perf_counter() - started)
    connection.close()
    assert response.status == 200
    assert sorted(timings[1:])[2] < 0.03  # the median keep-alive request: no 40 ms delayed-ACK stall


def test_the_local_server_keeps_its_search_log_in_its_own_state_dir(server: str, built_index: Path) -> None:
    # `make test` beside `make run`: the test's server logs into its own state dir, never into build/,
    # which a live `make run` may be writing at the same time (so only this test's query is looked for).
    query = f"独自の言葉{uuid.uuid4().hex[:8]}"
    fetch(f"{server}/v1/search?q={urllib.parse.quote(query)}")

    log = (built_index.parent / "local-state" / "search-log.jsonl").read_text(encoding="utf-8")
    assert query in log
    make_runs_log = REPO / "build" / "search-log.jsonl"
    assert not make_runs_log.exists() or query not in make_runs_log.read_text(encoding="utf-8", errors="replace")


def test_a_second_server_on_a_busy_port_says_so_in_one_line_and_leaves_the_first_ones_state_alone(
    server: str, built_index: Path
) -> None:
    port = urllib.parse.urlsplit(server).port
    state = built_index.parent / "local-state"
    before = {path.name: path.read_bytes() for path in state.iterdir()}

    # With no DynamoDB given, a server that got going would start its own and point build/ at it.
    second = subprocess.run(
        [sys.executable, "-m", "local.server", "--port", str(port)],
        cwd=REPO,
        env=server_env(built_index, {}),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert second.returncode == 1
    assert second.stdout == ""
    assert second.stderr.count("\n") == 1, second.stderr  # one line, no traceback
    assert f"port {port}" in second.stderr and "in use" in second.stderr and "PORT=" in second.stderr
    assert {path.name: path.read_bytes() for path in state.iterdir()} == before
    assert fetch(f"{server}/v1/health")[0] == 200  # the first server still answers


def test_a_busy_dynamodb_port_is_said_in_one_line_not_a_traceback(built_index: Path, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        env = server_env(built_index, {"TAYORI_DYNAMODB_PORT": str(busy)})
        env["TAYORI_LOCAL_STATE_DIR"] = str(tmp_path / "state")
        result = subprocess.run(
            [sys.executable, "-m", "local.server", "--port", str(free_port())],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1, result.stderr  # one line, no traceback
    assert f"DynamoDB port {busy}" in result.stderr and "TAYORI_DYNAMODB_PORT" in result.stderr


def test_make_run_on_a_busy_port_stops_before_it_builds_anything(server: str, tmp_path: Path) -> None:
    port = urllib.parse.urlsplit(server).port
    index_dir = tmp_path / "make-run-index"  # where this `make run` would build, never the real one
    env = server_env(index_dir, {"TAYORI_LOCAL_STATE_DIR": str(tmp_path / "make-run-state")})

    result = subprocess.run(
        ["make", "run", f"PORT={port}"], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )

    assert result.returncode != 0
    assert "in use" in result.stderr and f"PORT={port + 1}" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not index_dir.exists() and not (tmp_path / "make-run-state").exists()


def test_the_search_log_has_one_line_per_search_a_reader_ran(server: str, built_index: Path) -> None:
    url = f"{server}/v1/search?q={urllib.parse.quote('仕事')}"
    assert fetch(url, method="HEAD")[0] == 200  # curl -I
    status, headers, _ = fetch(url)
    assert status == 200
    assert fetch(url, headers={"If-None-Match": headers["etag"]})[0] == 304

    log = built_index.parent / "local-state" / "search-log.jsonl"
    searches = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [line["query"] for line in searches if line.get("message") == "search"] == ["仕事"]


def test_the_test_suite_keeps_its_local_state_out_of_make_runs_build_dir() -> None:
    from settings import local_state_dir

    assert REPO / "build" not in (local_state_dir(), *local_state_dir().parents)


def test_raw_utf8_targets_become_the_events_api_gateway_sends() -> None:
    event = http_api_event("GET", "/v1/sections/仕事", "q=仕事 休み&tag=a+b&x=%E4%BB%95")

    assert event["rawPath"] == "/v1/sections/%E4%BB%95%E4%BA%8B"
    assert event["rawQueryString"] == "q=%E4%BB%95%E4%BA%8B%20%E4%BC%91%E3%81%BF&tag=a+b&x=%E4%BB%95"
    assert event["requestContext"]["http"]["path"] == "/v1/sections/仕事"
    # Percent-decoded as UTF-8; `+` is left as it is (the function reads rawQueryString itself).
    assert event["queryStringParameters"] == {"q": "仕事 休み", "tag": "a+b", "x": "仕"}


@pytest.fixture
def server_with_hanging_dynamodb(built_index: Path, trickling_dynamodb: str) -> Iterator[str]:
    yield from serve(built_index, {"AWS_ENDPOINT_URL_DYNAMODB": trickling_dynamodb})


def test_a_slow_feedback_call_never_holds_a_search_back(server_with_hanging_dynamodb: str) -> None:
    import threading
    import time

    server = server_with_hanging_dynamodb
    _, _, body = fetch(f"{server}/v1/search?q=%E4%BB%95%E4%BA%8B")
    vote = json.dumps({"query": "仕事", "passage_id": json.loads(body)["results"][0]["id"], "helpful": True})
    answers: list[int] = []

    def post() -> None:
        request = urllib.request.Request(
            f"{server}/v1/feedback", data=vote.encode(), headers={"Content-Type": "application/json"}
        )
        try:
            urllib.request.urlopen(request, timeout=20)
        except urllib.error.HTTPError as error:
            answers.append(error.code)

    slow = threading.Thread(target=post)
    slow.start()
    time.sleep(0.3)  # the vote is now waiting on the hanging store
    started = time.perf_counter()
    status, _, _ = fetch(f"{server}/v1/search?q=%E4%BB%95%E4%BA%8B&limit=1")
    took = time.perf_counter() - started
    slow.join()

    assert status == 200
    assert took < 2.5  # at worst a second environment's cold start, never the vote's 3 s deadline
    assert answers == [503]


def answers_on_one_connection(url: str, request: bytes, count: int) -> list[tuple[int, dict[str, str], bytes]]:
    """Send bytes as given on one connection and read `count` answers (fewer if the server closes it)."""
    host, port = url.removeprefix("http://").split(":")
    answers = []
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)
        stream = sock.makefile("rb")
        for _ in range(count):
            status_line = stream.readline()
            if not status_line:
                break
            assert status_line.startswith(b"HTTP/1.1 "), f"not a status line: {status_line!r}"
            headers = {}
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                headers[name.lower()] = value.strip()
            body = stream.read(int(headers.get("content-length", 0)))
            answers.append((int(status_line.split()[1]), headers, body))
    return answers


def chunked(body: bytes, size: int = 7) -> bytes:
    chunks = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x;ext=1\r\n%s\r\n" % (len(c), c) for c in chunks) + b"0\r\nTrailer: x\r\n\r\n"


def test_a_chunked_body_is_read_and_the_next_request_on_the_connection_is_answered(server: str) -> None:
    body = json.dumps({"query": "連絡", "passage_id": "x"}).encode()  # `helpful` missing: a 400 naming it
    request = (
        b"POST /v1/feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n" + chunked(body) + b"GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n"
    )
    (status, _, answer), (next_status, _, health) = answers_on_one_connection(server, request, 2)

    assert status == 400
    assert json.loads(answer)["error"]["details"] == [{"parameter": "helpful", "problem": "is required"}]
    assert next_status == 200 and json.loads(health)["status"] == "ok"


@pytest.mark.parametrize(
    ("coding", "status"),
    [(b"gzip", 501), (b"gzip, chunked", 501), (b"chunked", 400)],  # the last with a malformed chunk size
)
def test_a_body_the_server_cannot_read_is_refused_and_the_connection_closed(server: str, coding, status) -> None:
    request = (
        b"POST /v1/feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: "
        + coding
        + b"\r\n\r\nzz\r\n{}\r\n0\r\n\r\nGET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n"
    )
    answers = answers_on_one_connection(server, request, 2)

    assert len(answers) == 1, "the rest of the body was read as a request"
    answered, headers, body = answers[0]
    assert answered == status
    assert headers["connection"] == "close"
    assert set(json.loads(body)["error"]) == {"code", "message", "details"}


def test_a_chunked_body_over_the_limit_is_a_413_and_the_connection_closed(server: str) -> None:
    from local.server import MAX_BODY

    request = b"POST /v1/clicks HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n" % (MAX_BODY + 1)
    [(status, headers, _)] = answers_on_one_connection(server, request, 2)
    assert (status, headers["connection"]) == (413, "close")


@pytest.mark.parametrize("method", [b"TRACE", b"CONNECT", b"BREW", b"PROPFIND"])
def test_any_method_a_route_does_not_have_is_a_405_with_allow_in_the_one_error_shape(server: str, method) -> None:
    for target in (b"/v1/health", b"127.0.0.1:3150"):
        request = method + b" " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        status, headers, body = raw_request(server, request)
        assert status == 405, target
        assert headers["allow"] in ("GET, HEAD, OPTIONS", "GET, HEAD, POST, OPTIONS")
        assert headers["content-type"] == "application/json"
        assert set(json.loads(body)["error"]) == {"code", "message", "details"}


def test_an_absolute_form_target_is_read_as_its_path_and_query(server: str) -> None:
    request = f"GET {server}/v1/search?q=%E4%BB%95%E4%BA%8B HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    status, _, body = raw_request(server, request.encode())

    assert status == 200
    assert json.loads(body)["query"] == "仕事"


def test_doubled_slashes_are_never_normalised_anywhere_in_the_path(server: str) -> None:
    for target in ("//v1/health", "/v1//health"):
        status, _, body = fetch_raw_target(server, target)
        assert status == 404, target
        assert json.loads(body)["error"]["code"] == "not_found"


def fetch_raw_target(server: str, target: str) -> tuple[int, dict[str, str], bytes]:
    return raw_request(server, f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())


def test_path_parameters_are_percent_decoded_as_api_gateway_decodes_them(server: str) -> None:
    _, _, body = fetch(f"{server}/v1/search?q=%E4%BB%95%E4%BA%8B")
    section = json.loads(body)["results"][0]["id"]
    escaped = "".join(f"%{byte:02X}" for byte in section.encode())  # every byte escaped, as a client may

    status, _, body = fetch_raw_target(server, f"/v1/sections/{escaped}")
    assert status == 200
    assert json.loads(body)["id"] == section


def test_head_over_http_carries_gets_content_length_without_a_body(server: str) -> None:
    for path in ("/v1/health", "/v1/openapi.json", "/v1/widget.js"):
        get_status, get_headers, get_body = fetch(f"{server}{path}")
        request = f"HEAD {path} HTTP/1.1\r\nHost: x\r\n\r\nGET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n".encode()
        host, port = server.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(request)
            stream = sock.makefile("rb")
            head_status = int(stream.readline().split()[1])
            headers = {}
            while (line := stream.readline()) != b"\r\n":
                name, _, value = line.decode("latin-1").partition(":")
                headers[name.lower()] = value.strip()
            # No body follows: the next bytes are the next answer's status line.
            assert stream.readline().startswith(b"HTTP/1.1 200"), path
        assert head_status == get_status == 200
        assert headers["content-length"] == get_headers["content-length"] == str(len(get_body)), path
