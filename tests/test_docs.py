"""The README stays true: every setting the code reads and every make target is documented."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_tayori_setting_the_code_reads_is_in_the_readme() -> None:
    sources = [p for folder in ("functions", "local", "tools") for p in (ROOT / folder).rglob("*.py")]
    code = "\n".join(p.read_text(encoding="utf-8") for p in sources)
    settings = set(re.findall(r"\bTAYORI_[A-Z_]+\b", code))
    assert settings, "the code reads no TAYORI_ settings? the pattern is out of date"
    assert sorted(s for s in settings if f"`{s}`" not in README) == []


def test_every_make_target_with_a_description_is_in_the_readme() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = re.findall(r"^([a-z][a-z-]*):.*## ", makefile, flags=re.MULTILINE)
    assert {"run", "test", "index", "bench"} <= set(targets)
    assert sorted(t for t in targets if f"`{t}`" not in README and f"make {t}" not in README) == []


def test_the_readme_names_the_two_commands_and_ci_runs_the_test_one() -> None:
    assert "make run" in README and "make test" in README
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_editor_file_in_content_is_documented() -> None:
    for path in (ROOT / "content").iterdir():
        if path.is_file():
            assert f"content/{path.name}" in README, path.name
