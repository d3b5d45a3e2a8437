"""Partners: editors list them in content/partners.toml; the build refuses a bad file with file:line;
the function serves only listed partners, CORS only for their origins, and tags their traffic."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from adapters.partners import load_source
from index.build import main as build_main

ROOT = Path(__file__).resolve().parent.parent

PARTNERS = textwrap.dedent(
    """\
    [publisher]
    name = "Tayori Media"
    origins = ["https://media.tayori.example"]

    [[partners]]
    id = "koi-note"
    name = "恋ノート"
    origins = ["https://koi-note.example", "https://www.koi-note.example"]
    [partners.tracking]
    utm_source = "koi-note"
    utm_medium = "widget"

    [[partners]]
    id = "hidamari"
    name = "ひだまり相談室"
    origins = ["https://hidamari.example"]
    """
)


@pytest.fixture
def content_dir(content_dir: Path) -> Path:
    """The shared sample content plus a partners file."""
    (content_dir / "partners.toml").write_text(PARTNERS, encoding="utf-8")
    return content_dir


def build_errors(content_dir: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert build_main(["--content", str(content_dir), "--out", str(out)]) == 1
    return [line for line in capsys.readouterr().err.splitlines() if not line.startswith("[index]")]


def test_the_build_reports_every_problem_with_file_and_line_and_keeps_the_old_index(
    content_dir: Path, built_index: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (built_index / "CURRENT").read_text()
    source = content_dir / "partners.toml"
    source.write_text(
        textwrap.dedent(
            """\
            [publisher]
            name = "Tayori Media"
            origins = ["https://media.tayori.example/"]

            [[partners]]
            id = "koi-note"
            name = "恋ノート"
            colour = "pink"
            origins = [
                "https://koi-note.example",
                "http://plain.example",
                "https://*.example",
            ]

            [[partners]]
            id = "koi-note"
            origins = ["https://other.example"]
            """
        ),
        encoding="utf-8",
    )
    errors = build_errors(content_dir, built_index, capsys)
    assert errors == [
        f"{source}:3: 'https://media.tayori.example/' is not an origin: no path, query or trailing slash"
        " (browsers send scheme://host[:port])",
        f"{source}:8: unknown key 'colour' in [[partners]] (known keys: id, name, origins, tracking)",
        f"{source}:11: 'http://plain.example' must use https (http only for localhost)",
        f"{source}:12: 'https://*.example': wildcards are not allowed: list each origin",
        f"{source}:15: [[partners]] is missing 'name'",
        f"{source}:16: duplicate partner id 'koi-note' (first defined at {source}:6)",
    ]
    assert (built_index / "CURRENT").read_text() == before


def test_the_build_reports_a_toml_syntax_error_at_its_line(
    content_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = content_dir / "partners.toml"
    source.write_text('[publisher]\nname = Tayori\norigins = ["https://a.example"]\n', encoding="utf-8")
    [error] = build_errors(content_dir, tmp_path / "out", capsys)
    assert error.startswith(f"{source}:2: invalid TOML")
    source.write_text('[publisher]\nname = "Tayori"\norigins = ["https://a.example"\n', encoding="utf-8")
    [error] = build_errors(content_dir, tmp_path / "out", capsys)
    assert error.startswith(f"{source}:3: invalid TOML")


def test_the_build_ships_exactly_the_validated_partners_with_the_index(built_index: Path) -> None:
    build_dir = built_index / (built_index / "CURRENT").read_text().strip()
    shipped = json.loads((build_dir / "partners.json").read_text(encoding="utf-8"))
    assert shipped == {
        "publisher": {"name": "Tayori Media", "origins": ["https://media.tayori.example"]},
        "partners": [
            {
                "id": "koi-note",
                "name": "恋ノート",
                "origins": ["https://koi-note.example", "https://www.koi-note.example"],
                "tracking": {"utm_source": "koi-note", "utm_medium": "widget"},
            },
            {"id": "hidamari", "name": "ひだまり相談室", "origins": ["https://hidamari.example"], "tracking": {}},
        ],
    }


def test_the_repository_partners_file_is_valid() -> None:
    partners = load_source(ROOT / "content" / "partners.toml")
    assert partners.partners, "content/partners.toml lists no partner"


@pytest.mark.parametrize(
    ("method", "path", "args"),
    [
        ("GET", "/v1/search", {"query": {"q": "連絡", "partner": "nobody"}}),
        ("GET", "/v1/suggest", {"query": {"q": "連絡", "partner": "nobody"}}),
        (
            "POST",
            "/v1/feedback",
            {"body": '{"query": "連絡", "passage_id": "x", "helpful": true, "partner": "nobody"}'},
        ),
    ],
)
def test_an_unknown_partner_is_a_400_on_every_route(api, method: str, path: str, args: dict) -> None:
    answer = api.call(method, path, headers={"content-type": "application/json"}, **args)
    assert answer.status == 400
    assert answer.json["error"]["code"] == "unknown_partner"
    assert "nobody" in answer.json["error"]["message"]


def test_a_partner_search_carries_its_tracking_parameters_and_a_direct_search_none(api) -> None:
    partner = api.get("/v1/search", q="連絡", partner="koi-note")
    assert partner.status == 200
    assert partner.json["partner_tracking"] == {"utm_source": "koi-note", "utm_medium": "widget"}
    assert partner.json["results"]
    direct = api.get("/v1/search", q="連絡")
    assert direct.status == 200 and "partner_tracking" not in direct.json
    assert direct.json["results"] == partner.json["results"]


def test_partner_is_a_dimension_of_metrics_and_a_key_of_log_lines(api, function_logs, emitted_metrics) -> None:
    assert api.get("/v1/search", q="連絡", partner="hidamari").status == 200
    assert api.get("/v1/search", q="連絡").status == 200
    searches = [line for line in function_logs() if line.get("message") == "search"]
    assert [line["partner"] for line in searches] == ["hidamari", "direct"]
    documents = emitted_metrics()
    assert [doc["partner"] for doc in documents] == ["hidamari", "direct"]
    for doc in documents:
        assert all("partner" in dims for d in doc["_aws"]["CloudWatchMetrics"] for dims in d["Dimensions"])


CORS_PROBE = """
import json, sys
from local.apigw import http_api_event, http_response
from local.lambda_context import FakeLambdaContext as Context
import app

for origin in sys.argv[1:]:
    headers = {"origin": origin, "access-control-request-method": "GET"}
    event = http_api_event("OPTIONS", "/v1/search", "", headers=headers, body=b"")
    status, headers, _ = http_response(app.handler(event, Context()))
    allowed = dict((k.lower(), v) for k, v in headers).get("access-control-allow-origin")
    print(json.dumps([origin, allowed]))
"""


def test_cors_answers_the_publisher_and_listed_partners_only(built_index: Path) -> None:
    # A fresh function process: CORS origins are read at init, from the partners shipped with the index.
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": f"{ROOT / 'functions' / 'search'}:{ROOT}",
        "TAYORI_INDEX_DIR": str(built_index),
        "TAYORI_ALLOWED_ORIGINS": "",  # as deployed: nothing besides content/partners.toml
        "POWERTOOLS_TRACE_DISABLED": "1",
        "POWERTOOLS_METRICS_NAMESPACE": "TayoriTest",
    }
    origins = [
        "https://media.tayori.example",
        "https://www.koi-note.example",
        "https://hidamari.example",
        "https://evil.example",
        "http://127.0.0.1:3000",
    ]
    probe = subprocess.run(
        [sys.executable, "-c", CORS_PROBE, *origins], env=env, capture_output=True, text=True, timeout=60
    )
    assert probe.returncode == 0, probe.stderr
    answers = dict(json.loads(line) for line in probe.stdout.splitlines() if line.startswith('["'))
    assert answers == {
        "https://media.tayori.example": "https://media.tayori.example",
        "https://www.koi-note.example": "https://www.koi-note.example",
        "https://hidamari.example": "https://hidamari.example",
        "https://evil.example": None,
        "http://127.0.0.1:3000": None,
    }


def test_without_a_partners_file_only_the_publisher_page_and_configured_origins_are_served(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from conftest import write_article

    from adapters.partners import EMPTY, load_shipped
    from tayori.index_store import current_build

    content = tmp_path / "content"
    write_article(content)
    assert build_main(["--content", str(content), "--out", str(tmp_path / "ix")]) == 0
    assert load_shipped(current_build(tmp_path / "ix")) is EMPTY
    assert EMPTY.allowed_origins() == []
