"""No text of the original is lost: every line of it is in the built index, once, as what it was."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as whoosh_index

from tayori.index_store import MANIFEST, current_build

ORIGINAL = Path(__file__).parent / "data" / "otoshin-futsu-sonogo.txt"


@pytest.fixture(scope="module")
def built(seed_index: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The seed article's passages read back from a real index built from it, and the build's manifest."""
    manifest = json.loads((current_build(seed_index) / MANIFEST).read_text(encoding="utf-8"))
    ix = whoosh_index.open_dir(str(current_build(seed_index)))
    with ix.searcher() as searcher:
        docs = [dict(doc) for doc in searcher.all_stored_fields()]
    return [d for d in docs if d["slug"] == "otoshin-futsu-sonogo"], manifest


def original_lines() -> list[str]:
    """The original's non-blank lines; list lines without their leading '- '."""
    lines = ORIGINAL.read_text(encoding="utf-8").splitlines()
    return [line.removeprefix("- ") for line in lines if line.strip()]


def test_every_line_of_the_original_is_indexed_exactly_as_often_as_it_occurs(built: Any) -> None:
    docs, manifest = built
    headings = [d["heading"] for d in docs if d["kind"] != "lead"]
    headings += [e["heading"] for e in manifest["empty_sections"]]
    body_lines = [line for d in docs for line in d["body"].split("\n")]
    indexed = Counter(headings) + Counter(body_lines)
    expected = Counter(original_lines())
    assert {line: n for line, n in expected.items() if indexed[line] < n} == {}, "lines lost"
    assert {line: n for line, n in indexed.items() if expected[line] < n} == {}, "lines indexed twice or invented"


def test_headings_are_indexed_as_headings_not_as_body_text(built: Any) -> None:
    docs, manifest = built
    headings = {d["heading"] for d in docs if d["kind"] != "lead"} | {e["heading"] for e in manifest["empty_sections"]}
    body_lines = {line for d in docs for line in d["body"].split("\n")}
    assert headings & body_lines == set()
    assert headings <= set(original_lines())


def test_each_heading_names_exactly_one_passage_or_the_reported_empty_section(built: Any) -> None:
    docs, manifest = built
    named = Counter(d["heading"] for d in docs if d["kind"] != "lead")
    named.update(e["heading"] for e in manifest["empty_sections"])
    assert [heading for heading, n in named.items() if n != 1] == []


def test_the_lead_is_the_text_before_the_first_heading(built: Any) -> None:
    docs, _ = built
    lead = next(d for d in docs if d["kind"] == "lead")
    lines = original_lines()
    first_heading = min(lines.index(d["heading"]) for d in docs if d["kind"] != "lead")
    assert lead["body"].split("\n") == lines[:first_heading]
