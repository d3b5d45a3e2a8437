"""Shared fixtures: a small real index built from an article written in the test, API Gateway HTTP API
v2 events, a Lambda context, and a client that calls the real handler.

    def test_something(api):                       # the handler answering from a fresh small index
        answer = api.get("/v1/search", q="連絡")
        assert answer.status == 200 and answer.json["results"]

    def test_other(http_event, lambda_context):    # raw events, for anything `api` does not cover
        import app
        result = app.handler(http_event("POST", "/v1/feedback", body=b"{}"), lambda_context)
"""

import io
import json
import os
import shutil
import socket
import tempfile
import textwrap
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

# Before any test imports the function: no X-Ray daemon here, and metrics need a namespace.
os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "1")
os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "TayoriTest")
os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "tayori")
# Tests keep their local state (search log, DynamoDB pointer) to themselves, never `make run`'s build/.
os.environ["TAYORI_LOCAL_STATE_DIR"] = tempfile.mkdtemp(prefix="tayori-test-state-")

from local.apigw import http_api_event, http_response
from local.lambda_context import FakeLambdaContext

# A short article with every structure the parser knows: lead, H2 text, H3s, caption + list, callout.
SAMPLE_ARTICLE = textwrap.dedent(
    """\
    ---
    slug: renraku-matsu
    title: 彼からの連絡を待つときの心構え
    url: https://media.tayori.example/love/renraku-matsu
    lang: ja
    published: 2025-07-01
    ---

    彼から連絡が来ないと、不安な気持ちになりますよね。
    この記事では、連絡を待つときの心構えを紹介します。

    ## 連絡が来ない理由

    連絡が来ない理由はさまざまです。

    ### 仕事が忙しい

    仕事が忙しい時期は、スマホを見る余裕がありません。

    **たとえば**
    - 残業が続いている
    - 出張が多い

    > 忙しさが落ち着くまで、そっと待ってあげましょう。

    ### 気持ちが冷めた

    気持ちが冷めてしまい、連絡を控えている場合もあります。

    ## 待つあいだにできること

    趣味や友人との時間を大切にして、自分の生活を楽しみましょう。
    """
)


def write_article(content_dir: Path, text: str = SAMPLE_ARTICLE, name: str | None = None) -> Path:
    """Write one Markdown article under content_dir/articles/ (named after its slug unless `name`)."""
    articles = content_dir / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    slug = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("slug:"))
    path = articles / (name or f"{slug}.md")
    path.write_text(text, encoding="utf-8")
    return path


PARTNERS_TOML = (
    '[publisher]\nname = "Tayori"\norigins = ["https://media.tayori.example"]\n\n'
    '[[partners]]\nid = "koi-note"\nname = "恋ノート"\norigins = ["https://koi-note.example"]\n'
)


def write_partners(content_dir: Path) -> Path:
    """One partner, koi-note, beside the sample article."""
    (content_dir / "partners.toml").write_text(PARTNERS_TOML, encoding="utf-8")
    return content_dir


# The repository's own article: tests that need real content use it, never whatever content/articles
# holds (a user who imported their site there must still see `make test` pass).
REPOSITORY = Path(__file__).resolve().parent.parent
SEED_ARTICLE = REPOSITORY / "content" / "articles" / "otoshin-futsu-sonogo.md"


@pytest.fixture(scope="session")
def seed_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A content folder made once per session: the seed article and the editors' files of the
    repository's content/ (`*.txt`, `partners.toml`), and no other article. Do not write to it."""
    content = tmp_path_factory.mktemp("seed") / "content"
    (content / "articles").mkdir(parents=True)
    shutil.copy(SEED_ARTICLE, content / "articles" / SEED_ARTICLE.name)
    for editors_file in [*(REPOSITORY / "content").glob("*.txt"), REPOSITORY / "content" / "partners.toml"]:
        shutil.copy(editors_file, content / editors_file.name)
    return content


@pytest.fixture(scope="session")
def seed_index(seed_content: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The index root (with CURRENT) built once per session from `seed_content`. Do not write to it."""
    from index.build import build

    root = tmp_path_factory.mktemp("seed") / "search_index"
    build(seed_content, root)
    return root


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A content/ folder holding SAMPLE_ARTICLE; write more with write_article(content_dir, text)."""
    content = tmp_path / "content"
    write_article(content)
    return content


@pytest.fixture
def built_index(content_dir: Path, tmp_path: Path) -> Path:
    """The index root (with CURRENT) built by the real build step from content_dir."""
    from index.build import build

    root = tmp_path / "search_index"
    build(content_dir, root)
    return root


@pytest.fixture
def lambda_context() -> FakeLambdaContext:
    return FakeLambdaContext()


EventFactory = Callable[..., dict[str, Any]]


def make_event(
    method: str = "GET",
    path: str = "/v1/health",
    query: str | dict[str, Any] | list[tuple[str, str]] | None = None,
    headers: dict[str, str] | list[tuple[str, str]] | None = None,
    body: bytes | str = b"",
) -> dict[str, Any]:
    """An API Gateway HTTP API v2 event; `query` as a raw string, a dict or (name, value) pairs."""
    raw_query = query if isinstance(query, str) else urlencode(query or {}, doseq=True)
    data = body.encode() if isinstance(body, str) else body
    return http_api_event(method, path, raw_query, headers=headers or {}, body=data)


@pytest.fixture
def http_event() -> EventFactory:
    """make_event as a fixture: http_event("GET", "/v1/search", query={"q": "連絡"})."""
    return make_event


@dataclass
class ApiAnswer:
    status: int
    headers: dict[str, str]  # lower-cased names
    body: bytes
    raw: dict[str, Any]  # what the handler returned

    @property
    def json(self) -> Any:
        return json.loads(self.body)


class ApiClient:
    """Calls the real `app.handler` with real v2 events, the way API Gateway would."""

    def __init__(self, handler: Callable[[dict[str, Any], Any], dict[str, Any]]) -> None:
        self.handler = handler

    def call(self, method: str, path: str, **event_args: Any) -> ApiAnswer:
        result = self.handler(make_event(method, path, **event_args), FakeLambdaContext())
        status, headers, body = http_response(result)
        return ApiAnswer(status, {name.lower(): value for name, value in headers}, body, result)

    def get(self, path: str, headers: dict[str, str] | None = None, **query: Any) -> ApiAnswer:
        return self.call("GET", path, query=query or None, headers=headers)


def point_function_at(root: Path) -> None:
    """Make the imported function answer from the index at `root` for this test (undone after it)."""
    from api.index_holder import search_index

    search_index.use_root(root)


@pytest.fixture(autouse=True)
def index_holder_restored() -> Iterator[None]:
    """Every test starts and ends with the function (if imported) pointed at the default index root."""
    yield
    import sys

    if "api.index_holder" in sys.modules:
        from api.index_holder import search_index
        from tayori.index_store import index_root

        search_index.use_root(index_root())


@pytest.fixture
def api(built_index: Path) -> Iterator[ApiClient]:
    """A client of the real handler, answering from `built_index` (SAMPLE_ARTICLE unless changed)."""
    import app

    point_function_at(built_index)
    yield ApiClient(app.handler)


@pytest.fixture
def function_logs(monkeypatch: pytest.MonkeyPatch) -> Callable[[], list[dict[str, Any]]]:
    """The function's JSON log lines written during the test: call the returned function to read them."""
    from api.telemetry import logger

    stream = io.StringIO()
    monkeypatch.setattr(logger.registered_handler, "stream", stream)
    return lambda: [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


@pytest.fixture
def emitted_metrics(capsys: pytest.CaptureFixture[str]) -> Callable[[], list[dict[str, Any]]]:
    """The CloudWatch EMF documents printed during the test (one per invocation that added metrics)."""
    capsys.readouterr()

    def read() -> list[dict[str, Any]]:
        return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith('{"_aws"')]

    return read


# --- DynamoDB (feedback): moto's server in this process, one fresh table per test ---------------------


@pytest.fixture(scope="session")
def moto_dynamodb() -> Iterator[Any]:
    """moto's DynamoDB server on 127.0.0.1 (any free port), started once for the session."""
    from local import aws as local_aws

    local = local_aws.start(0, table=f"tayori-feedback-{uuid.uuid4().hex[:8]}", configure_env=False)
    yield local
    local.stop()


@dataclass
class FeedbackTable:
    name: str
    endpoint: str
    client: Any  # boto3 DynamoDB client of the same server

    def items(self) -> list[dict[str, Any]]:
        return self.client.scan(TableName=self.name)["Items"]


@pytest.fixture
def feedback_table(moto_dynamodb: Any, monkeypatch: pytest.MonkeyPatch) -> FeedbackTable:
    """A new, empty feedback table, with the function pointed at it (endpoint, table name, dummy credentials)."""
    from adapters import feedback_table
    from local import aws as local_aws

    table = FeedbackTable(f"tayori-feedback-{uuid.uuid4().hex[:8]}", moto_dynamodb.endpoint, moto_dynamodb.client())
    feedback_table.create_table(table.client, table.name)
    for name, value in local_aws.endpoint_env(moto_dynamodb.endpoint, table.name).items():
        monkeypatch.setenv(name, value)
    return table


@pytest.fixture
def trickling_dynamodb() -> Iterator[str]:
    """An endpoint that accepts connections and sends one byte a second, forever: per-read timeouts never fire."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def trickle(conn: socket.socket) -> None:
        with conn:
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
            while not stop.wait(0.3):
                try:
                    conn.sendall(b" ")
                except OSError:
                    return

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=trickle, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    listener.close()
