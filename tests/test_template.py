"""template.yaml: what the deployed stack must be, read the way CloudFormation reads it (intrinsic tags included)."""

import ast
import re
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
from cfnlint.decode import decode

ROOT = Path(__file__).resolve().parent.parent
# The public SSM parameter Powertools publishes for each release and runtime; CloudFormation resolves it.
POWERTOOLS_LAYER_PARAMETER = re.compile(
    r"\{\{resolve:ssm:/aws/service/powertools/python/(?P<arch>arm64|x86_64)/(?P<python>python3\.\d+)/"
    r"(?P<version>\d+\.\d+\.\d+)\}\}"
)


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    decoded, problems = decode(str(ROOT / "template.yaml"))
    assert not problems, problems
    return decoded


def resources_of_type(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {name: res for name, res in template["Resources"].items() if res["Type"] == kind}


def merged(global_value: Any, local_value: Any) -> Any:
    """SAM's Globals rule: maps merge key by key, anything else the resource's own value wins."""
    if isinstance(global_value, dict) and isinstance(local_value, dict):
        return {**global_value, **{k: merged(global_value.get(k), v) for k, v in local_value.items()}}
    return global_value if local_value is None else local_value


@pytest.fixture(scope="module")
def function(template: dict[str, Any]) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """The one search function: (logical id, resource, properties with Globals applied)."""
    functions = resources_of_type(template, "AWS::Serverless::Function")
    assert list(functions) == ["SearchFunction"]
    resource = functions["SearchFunction"]
    effective = merged(template.get("Globals", {}).get("Function", {}), resource["Properties"])
    return "SearchFunction", resource, effective


def parameter_default(template: dict[str, Any], value: Any) -> Any:
    assert set(value) == {"Ref"}, f"expected a parameter reference, got {value}"
    return template["Parameters"][value["Ref"]]["Default"]


def test_function_runs_the_search_handler_on_python313_arm64(function: tuple[str, dict, dict]) -> None:
    _, _, props = function
    assert props["Runtime"] == "python3.13"
    assert props["Architectures"] == ["arm64"]
    module, attribute = props["Handler"].split(".")
    source = ROOT / props["CodeUri"] / f"{module}.py"
    defined = {node.name for node in ast.parse(source.read_text(encoding="utf-8")).body if hasattr(node, "name")}
    assert attribute in defined, f"{source} defines no {attribute}"


def test_sam_build_runs_the_makefile_target_that_assembles_code_index_and_deps(
    function: tuple[str, dict, dict], tmp_path: Path
) -> None:
    logical_id, resource, _ = function
    meta = resource["Metadata"]
    assert meta["BuildMethod"] == "makefile"
    makefile_dir = ROOT / meta.get("ContextPath", resource["Properties"]["CodeUri"])
    assert (makefile_dir / "Makefile").is_file()
    artifacts = tmp_path / "artifacts"
    dry_run = subprocess.run(
        ["make", "-n", "-C", str(ROOT / meta.get("WorkingDirectory", ".")), "-f", str(makefile_dir / "Makefile"),
         f"build-{logical_id}", f"ARTIFACTS_DIR={artifacts}"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert f"-m deploy.package --function-dir {artifacts}" in dry_run.stdout.replace('"', "")


def test_the_powertools_layer_is_the_release_pinned_in_pyproject_for_the_same_runtime_and_architecture(
    function: tuple[str, dict, dict],
) -> None:
    _, _, props = function
    [layer] = props["Layers"]
    match = POWERTOOLS_LAYER_PARAMETER.fullmatch(layer)
    assert match, f"{layer!r}: the layer must come from Powertools' public parameter for one release"
    assert match["python"] == props["Runtime"]
    assert [match["arch"]] == props["Architectures"]
    with (ROOT / "pyproject.toml").open("rb") as handle:
        project = tomllib.load(handle)["project"]
    [pinned] = [dep for dep in project["optional-dependencies"]["runtime"] if dep.startswith("aws-lambda-powertools")]
    assert match["version"] == pinned.split("==")[1], "template.yaml deploys another Powertools than the tests ran"
    # The layer is the only source of Powertools: the function's own dependencies must not bundle it again.
    assert not [dep for dep in project["dependencies"] if "powertools" in dep.lower()]


def test_powertools_settings_are_set_once_for_every_function(template: dict[str, Any]) -> None:
    shared = template["Globals"]["Function"]["Environment"]["Variables"]
    assert shared["POWERTOOLS_SERVICE_NAME"] and shared["POWERTOOLS_METRICS_NAMESPACE"]
    for name, res in resources_of_type(template, "AWS::Serverless::Function").items():
        own = res["Properties"].get("Environment", {}).get("Variables", {})
        assert not [key for key in own if key.startswith("POWERTOOLS_")], f"{name} repeats Powertools settings"


def test_every_path_reaches_the_function_through_the_http_api_with_payload_v2(
    template: dict[str, Any], function: tuple[str, dict, dict]
) -> None:
    _, _, props = function
    [api_name] = resources_of_type(template, "AWS::Serverless::HttpApi")
    [event] = props["Events"].values()
    assert event["Type"] == "HttpApi"
    assert event["Properties"]["ApiId"] == {"Ref": api_name}
    assert event["Properties"]["Path"] == "/{proxy+}" and event["Properties"]["Method"].upper() == "ANY"
    assert event["Properties"]["PayloadFormatVersion"] == "2.0"


def test_http_api_is_throttled(template: dict[str, Any]) -> None:
    [api] = resources_of_type(template, "AWS::Serverless::HttpApi").values()
    route = api["Properties"]["DefaultRouteSettings"]
    rate = parameter_default(template, route["ThrottlingRateLimit"])
    burst = parameter_default(template, route["ThrottlingBurstLimit"])
    assert 0 < rate <= burst


def test_the_throttling_parameters_say_they_limit_each_route(template: dict[str, Any]) -> None:
    # DefaultRouteSettings throttles every route on its own, not all routes together.
    [api] = resources_of_type(template, "AWS::Serverless::HttpApi").values()
    for setting in api["Properties"]["DefaultRouteSettings"].values():
        description = template["Parameters"][setting["Ref"]]["Description"]
        assert "each route" in description and "all routes together" not in description


def test_the_function_is_the_one_cors_authority(template: dict[str, Any], function: tuple[str, dict, dict]) -> None:
    # With a CorsConfiguration, API Gateway would answer CORS itself and drop the function's headers.
    [api] = resources_of_type(template, "AWS::Serverless::HttpApi").values()
    assert "CorsConfiguration" not in api["Properties"]
    assert "AllowedOrigins" not in template["Parameters"]
    _, _, props = function
    assert props["Environment"]["Variables"]["TAYORI_ALLOWED_ORIGINS"] == ""  # only content/partners.toml's


def test_function_fits_the_http_api_timeout_and_is_traced(function: tuple[str, dict, dict]) -> None:
    _, _, props = function
    assert 1 <= props["Timeout"] < 30  # HTTP API integrations give up after 30 s
    assert 512 <= props["MemorySize"] <= 10240
    assert props["Tracing"] == "Active"


def test_logs_go_to_a_log_group_with_retention(template: dict[str, Any], function: tuple[str, dict, dict]) -> None:
    _, _, props = function
    group = template["Resources"][props["LoggingConfig"]["LogGroup"]["Ref"]]
    assert group["Type"] == "AWS::Logs::LogGroup"
    assert parameter_default(template, group["Properties"]["RetentionInDays"]) > 0


def test_outputs_give_the_api_url(template: dict[str, Any]) -> None:
    [api_name] = resources_of_type(template, "AWS::Serverless::HttpApi")
    urls = [out["Value"]["Fn::Sub"] for out in template["Outputs"].values() if "Fn::Sub" in out["Value"]]
    assert any(url.startswith(f"https://${{{api_name}}}.execute-api.") for url in urls)
