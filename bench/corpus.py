"""What every engine is measured on: the passages of a content folder, and the query sets.

A passage is named by its key, `slug#heading` (the heading as written: an H3's text, an H2's text
for the H2's own passage, the article title for the lead). Keys compare after NFKC normalization.

Two kinds of query set:
- the seed's sets (`bench/data/`), graded by section keys of `sections.json` (headings of the seed
  article), resolved to passage keys against the content;
- the shared evaluation corpus (`../shared/corpus/`: five more articles, queries graded by passage
  key over all six articles), measured on a copy of `content/` with its articles added.
"""

from __future__ import annotations

import json
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from index.content import load_articles
from tayori.thesaurus import FILES as EDITORS_LANGUAGE_FILES

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
CONTENT = ROOT / "content"
# The shared evaluation corpus lives beside the repository (the worktree's ../shared).
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
# Four articles from other sections (work, friends, family, money) in the same format, with graded
# queries (data/sections/README.md).
SECTIONS = DATA / "sections"


@dataclass(frozen=True)
class Doc:
    """A passage as a baseline engine sees it: its own heading, its full text and its article."""

    heading: str
    body: str
    slug: str = ""

    @property
    def key(self) -> str:
        """How the query sets name this passage: `slug#heading`."""
        return f"{self.slug}#{self.heading}"


@dataclass(frozen=True)
class Query:
    text: str
    rel: dict[str, int]  # NFKC passage key (`slug#heading`) → grade (2 = best answer, 1 = also useful)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def passages(content_dir: Path = CONTENT) -> list[Doc]:
    """The indexed passages, as the build indexes them (sections with no text are left out)."""
    return [
        Doc(p.heading, p.text, article.slug)
        for article, article_passages in load_articles(content_dir)
        for p in article_passages
        if p.blocks
    ]


def load_sections(path: Path = DATA / "sections.json") -> dict[str, str]:
    """Section key → heading. An H2 key names the H2's own passage, whose heading is the H2 text."""
    return json.loads(path.read_text(encoding="utf-8"))


def section_keys(sections: dict[str, str], docs: list[Doc]) -> dict[str, str]:
    """Section key → passage key, found by heading in the content.

    Raises ValueError for a heading that is not an indexed passage (an edit to the article would
    otherwise quietly zero its queries) or that several articles share (the grade would be ambiguous)."""
    by_heading: dict[str, list[str]] = {}
    for doc in docs:
        by_heading.setdefault(nfkc(doc.heading), []).append(nfkc(doc.key))
    missing = {key: h for key, h in sections.items() if nfkc(h) not in by_heading}
    if missing:
        raise ValueError(f"sections.json names headings that are not indexed passages: {missing}")
    shared = {key: by_heading[nfkc(h)] for key, h in sections.items() if len(by_heading[nfkc(h)]) > 1}
    if shared:
        raise ValueError(f"sections.json names headings that several passages share: {shared}")
    return {key: by_heading[nfkc(h)][0] for key, h in sections.items()}


def load_queries(path: Path, keys: dict[str, str]) -> list[Query]:
    """Graded queries of a seed set (`rel` by section key); an unknown section key is an error, not a silent zero."""
    queries = []
    for item in json.loads(path.read_text(encoding="utf-8")):
        unknown = set(item["rel"]) - set(keys)
        if unknown:
            raise ValueError(f"{path}: query {item['q']!r} grades unknown section keys {sorted(unknown)}")
        queries.append(Query(item["q"], {keys[key]: grade for key, grade in item["rel"].items()}))
    return queries


def load_keyed_queries(path: Path, docs: list[Doc]) -> list[Query]:
    """Graded queries whose `rel` names passages as `slug#heading` (the shared corpus's format).

    Raises ValueError listing every key that names no indexed passage."""
    known = {nfkc(doc.key) for doc in docs}
    queries = []
    unknown: dict[str, list[str]] = {}
    for item in json.loads(path.read_text(encoding="utf-8")):
        rel = {nfkc(key): grade for key, grade in item["rel"].items()}
        if missing := sorted(set(rel) - known):
            unknown[item["q"]] = missing
        queries.append(Query(item["q"], rel))
    if unknown:
        raise ValueError(f"{path}: queries grade passages that are not indexed: {unknown}")
    return queries


def load_offtopic(path: Path) -> list[str]:
    return list(json.loads(path.read_text(encoding="utf-8")))


def content_with_articles(content_dir: Path, articles_dir: Path, into: Path) -> Path:
    """A copy of content_dir (editors' files included) with every article of articles_dir added; returns it."""
    copy = into / "content"
    shutil.copytree(content_dir, copy)
    for article in sorted(articles_dir.glob("*.md")):
        shutil.copyfile(article, copy / "articles" / article.name)
    return copy


def content_without_editors_language(content_dir: Path, into: Path) -> Path:
    """A copy of content_dir whose synonyms, English lexicon and question words files are empty:
    what the engine does with general language knowledge alone (the "bare" row)."""
    copy = into / "content"
    shutil.copytree(content_dir, copy)
    for name in EDITORS_LANGUAGE_FILES:
        (copy / name).write_text("", encoding="utf-8")
    return copy
