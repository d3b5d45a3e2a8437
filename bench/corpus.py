"""What every engine is measured on: the passages of the real content, and the query sets."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from index.content import load_articles

DATA = Path(__file__).resolve().parent / "data"
CONTENT = Path(__file__).resolve().parent.parent / "content"


@dataclass(frozen=True)
class Doc:
    """A passage as a baseline engine sees it: its own heading and its full text."""

    heading: str
    body: str


@dataclass(frozen=True)
class Query:
    text: str
    rel: dict[str, int]  # normalized heading → grade (2 = best answer, 1 = also useful)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def passages(content_dir: Path = CONTENT) -> list[Doc]:
    """The indexed passages, as the build indexes them (sections with no text are left out)."""
    return [
        Doc(p.heading, p.text)
        for _, article_passages in load_articles(content_dir)
        for p in article_passages
        if p.blocks
    ]


def load_sections(path: Path = DATA / "sections.json") -> dict[str, str]:
    """Section key → heading. An H2 key names the H2's own passage, whose heading is the H2 text."""
    return json.loads(path.read_text(encoding="utf-8"))


def load_queries(path: Path, sections: dict[str, str]) -> list[Query]:
    """Graded queries; a key missing from sections.json is an error, not a silent zero."""
    queries = []
    for item in json.loads(path.read_text(encoding="utf-8")):
        unknown = set(item["rel"]) - set(sections)
        if unknown:
            raise ValueError(f"{path}: query {item['q']!r} grades unknown section keys {sorted(unknown)}")
        queries.append(Query(item["q"], {nfkc(sections[key]): grade for key, grade in item["rel"].items()}))
    return queries


def load_offtopic(path: Path) -> list[str]:
    return list(json.loads(path.read_text(encoding="utf-8")))


def check_sections(sections: dict[str, str], docs: list[Doc]) -> None:
    """Every graded heading must exist in the content, or an edit to an article would quietly zero its queries."""
    headings = {nfkc(d.heading) for d in docs}
    missing = {key: h for key, h in sections.items() if nfkc(h) not in headings}
    if missing:
        raise ValueError(f"sections.json names headings that are not indexed passages: {missing}")
