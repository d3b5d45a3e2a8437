"""The README stays true: every setting the code reads and every make target is documented."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_declared_once_and_documented_in_the_readme() -> None:
    import settings

    declared = {setting.name for setting in settings.SETTINGS}
    sources = [p for folder in ("functions", "local", "tools") for p in (ROOT / folder).rglob("*.py")]
    code = "\n".join(p.read_text(encoding="utf-8") for p in sources)
    assert set(re.findall(r"\bTAYORI_[A-Z_]+\b", code)) <= declared, "a TAYORI_ variable is read but not declared"
    assert sorted(name for name in declared if f"| `{name}` |" not in README) == []


def test_every_request_limit_is_documented_in_the_readme_with_its_value() -> None:
    import settings

    rows = dict(re.findall(r"^\| `([A-Z_]+)` \| ([0-9.]+) \|", README, flags=re.MULTILINE))
    assert {limit.name: str(limit.value) for limit in settings.LIMITS} == rows


def test_every_make_target_with_a_description_is_in_the_readme() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = re.findall(r"^([a-z][a-z-]*):.*## ", makefile, flags=re.MULTILINE)
    assert {"run", "test", "index", "bench"} <= set(targets)
    assert sorted(t for t in targets if f"`{t}`" not in README and f"make {t}" not in README) == []


def test_make_help_prints_values_not_variable_names() -> None:
    import subprocess

    shown = subprocess.run(["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, text=True)
    assert shown.returncode == 0, shown.stderr
    assert "$(" not in shown.stdout
    assert "http://127.0.0.1:3000" in shown.stdout  # PORT's default


def test_the_readme_shows_each_api_example_once() -> None:
    examples = re.findall(r"^    (curl .*?)\s+#", README, flags=re.MULTILINE)
    assert examples, "the README's API block has curl examples"
    assert sorted(e for e in set(examples) if examples.count(e) > 1) == []


def test_the_readme_names_the_two_commands_and_ci_runs_the_test_one() -> None:
    assert "make run" in README and "make test" in README
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_editor_file_in_content_is_documented() -> None:
    for path in (ROOT / "content").iterdir():
        if path.is_file():
            assert f"content/{path.name}" in README, path.name
