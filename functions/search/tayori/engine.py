"""Answers a reader's free text with passages from the Whoosh index.

The query is never parsed as Whoosh query syntax: it goes through the shared analyzer, and the
Whoosh query is built from the resulting terms, so `*`, `AND`, `title:` or quotes are just text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh import scoring

from tayori.analysis import analyze
from tayori.index_store import current_build, read_manifest
from tayori.snippets import build_snippet

# Where a term is found says how much it is about: a heading names the passage's subject.
FIELD_BOOSTS = {"heading": 3.0, "body": 1.0, "category": 0.5}


@dataclass(frozen=True)
class Hit:
    id: str
    heading: str
    path: list[str]
    category: str
    article: dict[str, str]
    url: str
    snippet: str
    highlights: list[list[int]]
    score: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "heading": self.heading,
            "path": self.path,
            "category": self.category,
            "article": self.article,
            "url": self.url,
            "snippet": self.snippet,
            "highlights": self.highlights,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class SearchOutcome:
    query: str
    hits: list[Hit]
    language: str = "ja"  # the language detected in the query: "ja" or "en"
    # Popular passages for an empty state; never mixed into hits, which are confident matches only.
    suggestions: list[Hit] = field(default_factory=list)


class SearchIndex:
    """One opened index build; open once per process and reuse across invocations."""

    def __init__(self, root: Path) -> None:
        self.build_dir = current_build(root)
        self.manifest = read_manifest(self.build_dir)
        self._index = whoosh_index.open_dir(str(self.build_dir))
        self._searcher = self._index.searcher(weighting=scoring.BM25F(B=0.75, K1=1.2))

    @property
    def version(self) -> str:
        return str(self.manifest["build_id"])

    @property
    def passage_count(self) -> int:
        return int(self.manifest["passage_count"])

    @cached_property
    def _documents(self) -> dict[str, dict[str, Any]]:
        return {doc["id"]: doc for doc in self._searcher.all_stored_fields()}

    def section(self, passage_id: str) -> dict[str, Any] | None:
        doc = self._documents.get(passage_id)
        if doc is None:
            return None
        return {
            "id": doc["id"],
            "heading": doc["heading"],
            "path": doc["path"],
            "category": doc["category"],
            "article": article_of(doc),
            "url": doc["url"],
            "text": doc["body"],
        }

    def term_weights(self, terms: list[str]) -> dict[str, float]:
        """Inverse document frequency of each query term over the body field."""
        return {t: self._searcher.idf("body", t) for t in terms}

    def search(self, text: str, limit: int) -> SearchOutcome:
        terms = list(dict.fromkeys(t.text for t in analyze(text)))
        if not terms:
            return SearchOutcome(text, [])
        clauses = [wq.Term(field, term, boost=boost) for term in terms for field, boost in FIELD_BOOSTS.items()]
        results = self._searcher.search(wq.Or(clauses), limit=limit)
        weights = self.term_weights(terms)
        hits = []
        for result in results:
            doc = result.fields()
            snippet, highlights = build_snippet(doc["body"], weights, analyze)
            hits.append(
                Hit(
                    id=doc["id"],
                    heading=doc["heading"],
                    path=doc["path"],
                    category=doc["category"],
                    article=article_of(doc),
                    url=doc["url"],
                    snippet=snippet,
                    highlights=highlights,
                    score=float(result.score or 0.0),
                )
            )
        return SearchOutcome(text, hits)


def article_of(doc: dict[str, Any]) -> dict[str, str]:
    return {"slug": doc["slug"], "title": doc["article_title"], "url": doc["article_url"]}
