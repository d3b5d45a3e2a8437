"""A real client in the test suite: Schemathesis fuzzes every operation of the OpenAPI document the API
serves, with valid and invalid input, against the real handler behind the local server's API Gateway
event translation. Every answer must be no server error and agree with the document: its status,
media type, headers and body schema."""

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.test_local_server import serve

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The local server answering from a small index built for this module (one server for every case)."""
    from index.build import build
    from tests.conftest import write_article

    content = tmp_path_factory.mktemp("contract") / "content"
    write_article(content)
    root = content.parent / "search_index"
    build(content, root)
    yield from serve(Path(root), {})


def served_document() -> dict:
    """The document /v1/openapi.json serves (it depends on the code, not the index)."""
    import json

    import app  # noqa: F401  (registers every route)
    from routes.openapi import openapi_document

    return json.loads(openapi_document())


schema = schemathesis.openapi.from_dict(served_document())


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_answer_agrees_with_the_openapi_document(case: schemathesis.Case, server_url: str) -> None:
    case.call_and_validate(base_url=server_url, checks=CHECKS)


def test_the_fuzzed_document_is_the_one_served(server_url: str) -> None:
    import json
    import urllib.request

    with urllib.request.urlopen(f"{server_url}/v1/openapi.json", timeout=10) as response:
        assert json.loads(response.read()) == served_document()
