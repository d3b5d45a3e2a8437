"""`make package`: the zip, unpacked where nothing else is, answers a Japanese query with only Powertools beside it.

Lambda gives the function its zip in /var/task, the Powertools layer in /opt/python and boto3 from the
runtime. The test rebuilds that: an empty folder with the zip's contents, and a "layer" folder holding
only Powertools (with the extras the layer ships) and boto3, each with its own dependencies. A fresh
interpreter started with -I -S sees nothing else, so whoosh can only come from the zip.
"""

import json
import os
import re
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import EventFactory

ROOT = Path(__file__).resolve().parent.parent
# What Lambda puts beside the function: the Powertools layer (extras included) and the runtime's boto3.
PROVIDED_BY_LAMBDA = ["aws-lambda-powertools[tracer,parser]", "boto3"]

INVOKE = r"""
import json, sys
function_dir, layer_dir, event_file, result_file = sys.argv[1:5]
sys.path[:0] = [function_dir, layer_dir]  # Lambda's order: /var/task before /opt/python

import app
import whoosh


class Context:  # what Lambda passes; Logger reads these fields
    function_name = "tayori-search"
    function_version = "$LATEST"
    memory_limit_in_mb = 1024
    invoked_function_arn = "arn:aws:lambda:ap-northeast-1:123456789012:function:tayori-search"
    aws_request_id = "5f0d1c1e-6f2b-4c1e-9a31-3a6f2d7f1b10"

    def get_remaining_time_in_millis(self):
        return 10_000


with open(event_file, encoding="utf-8") as handle:
    response = app.handler(json.load(handle), Context())
modules = {name: sys.modules[name].__file__ for name in ("app", "tayori", "whoosh", "aws_lambda_powertools")}
with open(result_file, "w", encoding="utf-8") as handle:
    json.dump({"response": response, "modules": modules}, handle)
"""


def distributions_with_dependencies(roots: list[str]) -> list[metadata.Distribution]:
    """The installed distributions named by roots, plus everything they require (extras followed)."""
    found: dict[str, metadata.Distribution] = {}
    pending = [Requirement(root) for root in roots]
    while pending:
        requirement = pending.pop()
        name = canonicalize_name(requirement.name)
        if name in found:
            continue
        dist = found[name] = metadata.distribution(name)
        for raw in dist.requires or []:
            dependency = Requirement(raw)
            wanted = {""} | requirement.extras
            if dependency.marker is None or any(dependency.marker.evaluate({"extra": e}) for e in wanted):
                pending.append(dependency)
    return list(found.values())


def top_level_entries(dist: metadata.Distribution) -> set[Path]:
    entries = set()
    for file in dist.files or []:
        first = file.parts[0]
        if first in {"..", "bin", "__pycache__"} or first.endswith(".dist-info"):
            continue
        entries.add(Path(str(dist.locate_file(first))))
    return entries


def make_layer(folder: Path) -> Path:
    folder.mkdir()
    for dist in distributions_with_dependencies(PROVIDED_BY_LAMBDA):
        for entry in top_level_entries(dist):
            link = folder / entry.name
            if not link.exists():
                link.symlink_to(entry, target_is_directory=entry.is_dir())
    return folder


def run_isolated(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """A fresh interpreter that ignores PYTHON* variables, user site and site-packages (-I -S)."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "AWS_DEFAULT_REGION": "ap-northeast-1",
        "POWERTOOLS_TRACE_DISABLED": "1",
        "POWERTOOLS_METRICS_NAMESPACE": "Tayori",
        "POWERTOOLS_SERVICE_NAME": "tayori",
    }
    return subprocess.run(
        [sys.executable, "-I", "-S", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def packaged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Run `python -m deploy.package` as `make package` does; returns the zip and what it printed."""
    zip_path = tmp_path_factory.mktemp("dist") / "tayori-function.zip"
    done = subprocess.run(
        [sys.executable, "-m", "deploy.package", "--out", str(zip_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return zip_path, done.stdout


@pytest.fixture(scope="module")
def unzipped(packaged: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("var-task")
    assert not any(target.iterdir())
    with zipfile.ZipFile(packaged[0]) as archive:
        archive.extractall(target)
    return target


def test_package_prints_its_zipped_and_unzipped_size(packaged: tuple[Path, str]) -> None:
    zip_path, printed = packaged
    assert str(zip_path) in printed
    assert "MB zipped" in printed and "MB unzipped" in printed
    unzipped_total = sum(info.file_size for info in zipfile.ZipFile(zip_path).infolist())
    assert f"{unzipped_total / 1_000_000:.2f} MB unzipped" in printed
    assert f"{zip_path.stat().st_size / 1_000_000:.2f} MB zipped" in printed


def test_the_readme_states_a_true_bound_for_the_zip(packaged: tuple[Path, str]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [bound] = re.findall(r"make package .*under ([0-9.]+) MB zipped", readme)
    assert packaged[0].stat().st_size / 1_000_000 < float(bound)


def test_zip_holds_the_function_one_fresh_index_and_whoosh_but_not_powertools(unzipped: Path) -> None:
    source = ROOT / "functions" / "search"
    for module in [p.relative_to(source) for p in source.rglob("*.py") if "search_index" not in p.parts]:
        assert (unzipped / module).is_file(), f"{module} missing from the zip"
    builds = [p for p in (unzipped / "search_index").iterdir() if p.is_dir()]
    assert [b.name for b in builds] == [(unzipped / "search_index" / "CURRENT").read_text().strip()]
    assert (unzipped / "whoosh" / "__init__.py").is_file()
    assert not (unzipped / "aws_lambda_powertools").exists()
    assert not (unzipped / "boto3").exists()
    assert not (unzipped / "bin").exists()


def test_zip_ships_the_built_widget_the_api_serves(unzipped: Path) -> None:
    built = ROOT / "functions" / "search" / "widget" / "tayori-search.js"
    assert (unzipped / "widget" / "tayori-search.js").read_bytes() == built.read_bytes()
    assert not (unzipped / "widget" / "src").exists()  # the sources stay in the repository


def test_the_layer_alone_has_no_whoosh_and_no_function_code(tmp_path: Path) -> None:
    layer = make_layer(tmp_path / "layer")
    probe = "import sys; sys.path.insert(0, sys.argv[1]); import aws_lambda_powertools; import {}"
    assert run_isolated(["-c", probe.format("aws_xray_sdk"), str(layer)], tmp_path).returncode == 0
    for absent in ("whoosh", "tayori", "app"):
        done = run_isolated(["-c", probe.format(absent), str(layer)], tmp_path)
        assert f"No module named '{absent}'" in done.stderr


def test_unzipped_function_answers_a_japanese_query_with_only_powertools_beside_it(
    unzipped: Path, tmp_path: Path, http_event: EventFactory
) -> None:
    layer = make_layer(tmp_path / "layer")
    event_file, result_file = tmp_path / "event.json", tmp_path / "result.json"
    query = "音信不通になる理由"
    event = http_event("GET", "/v1/search", query={"q": query, "limit": "3"})
    event_file.write_text(json.dumps(event, ensure_ascii=False), encoding="utf-8")

    done = run_isolated(["-c", INVOKE, str(unzipped), str(layer), str(event_file), str(result_file)], unzipped)
    assert done.returncode == 0, done.stderr

    result = json.loads(result_file.read_text(encoding="utf-8"))
    for name in ("app", "tayori", "whoosh"):
        assert Path(result["modules"][name]).is_relative_to(unzipped), f"{name} not loaded from the zip"
    assert Path(result["modules"]["aws_lambda_powertools"]).is_relative_to(layer)

    response = result["response"]
    assert response["statusCode"] == 200
    body = json.loads(response["body"])
    build = (unzipped / "search_index" / "CURRENT").read_text().strip()
    manifest = json.loads((unzipped / "search_index" / build / "manifest.json").read_text(encoding="utf-8"))
    assert body["index_version"] == manifest["build_id"]
    assert body["query"] == query
    assert 1 <= len(body["results"]) <= 3
    assert all(hit["snippet"] and hit["article"]["url"].startswith("https://") for hit in body["results"])
