"""Answers a reader's free text with passages from the Whoosh index.

The query is never parsed as Whoosh query syntax: it goes through the shared analyzer, and the
Whoosh query is built from the resulting terms, so `*`, `AND`, `title:` or quotes are just text.

Ranking is BM25F over word and bigram fields (the clauses come from tayori.query), re-ranked by
coverage, with a prior against the article's lead. A result is only
returned when it covers enough of what the reader asked (the idf-weighted share of the query's
concepts it contains): an off-topic query finds nothing rather than something vaguely similar.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh import scoring

from tayori import thesaurus
from tayori.analysis import Analyzer, Term
from tayori.index_store import current_build, read_manifest
from tayori.lexicon import LEXICON_FILE, Lexicon
from tayori.query import WORD_BOOSTS, QueryPlanner
from tayori.snippets import AnalysedSentence, analyse_sentences, build_snippet

# The share of the query's idf-weighted concepts the best passage must contain.
MIN_COVERAGE = 0.4
TAIL_COVERAGE = 0.5  # results after the first need this fraction of MIN_COVERAGE
COORD_POWER = 1.0
CANDIDATES = 30
# The lead introduces the whole article (its heading is the title, naming every topic) and a
# closing summary (まとめ) restates it: a specific section that matches as well is the better answer.
KIND_PRIOR = {"lead": 0.6}
SUMMARY_PRIOR = 0.6
SUMMARY_HEADINGS = ("まとめ", "おわりに", "終わりに", "最後に", "総括")
SUGGESTION_COUNT = 3


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
        lexicon_path = self.build_dir / LEXICON_FILE
        self.analyzer = Analyzer(Lexicon.load(lexicon_path) if lexicon_path.exists() else None)
        self.planner = QueryPlanner(self.analyzer, thesaurus.load(self.build_dir), self._searcher)
        self._sentence_cache: dict[str, list[AnalysedSentence]] = {}

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

    def search(self, text: str, limit: int) -> SearchOutcome:
        plan = self.planner.plan(text)
        if not plan.clauses or not plan.concepts:
            return SearchOutcome(text, [], plan.language, self.suggestions())
        results = self._searcher.search(wq.Or(plan.clauses), limit=max(limit * 3, CANDIDATES), terms=True)
        # Coordination: a passage that answers more of the question ranks above one that repeats
        # a single word of it many times.
        ranked: list[tuple[float, float, dict[str, Any]]] = []
        for result in results:
            matched = {t.decode() if isinstance(t, bytes) else t for f, t in result.matched_terms() if f in WORD_BOOSTS}
            share = plan.coverage(matched)
            if share >= MIN_COVERAGE * TAIL_COVERAGE:
                doc = result.fields()
                prior = prior_of(doc)
                ranked.append((float(result.score or 0.0) * share**COORD_POWER * prior, share, doc))
        ranked.sort(key=lambda r: -r[0])
        if not ranked or ranked[0][1] < MIN_COVERAGE:
            return SearchOutcome(text, [], plan.language, self.suggestions())
        hits = [self._hit(doc, score, plan.highlight) for score, _, doc in ranked[:limit]]
        return SearchOutcome(text, hits, plan.language)

    def _sentences(self, doc: dict[str, Any]) -> list[AnalysedSentence]:
        cached = self._sentence_cache.get(doc["id"])
        if cached is None:
            cached = self._sentence_cache[doc["id"]] = analyse_sentences(doc["body"], self._snippet_terms)
        return cached

    def _hit(self, doc: dict[str, Any], score: float, weights: dict[str, float]) -> Hit:
        snippet, highlights = build_snippet(self._sentences(doc), weights)
        return Hit(
            id=doc["id"],
            heading=doc["heading"],
            path=doc["path"],
            category=doc["category"],
            article=article_of(doc),
            url=doc["url"],
            snippet=snippet,
            highlights=highlights,
            score=score,
        )

    def _snippet_terms(self, sentence: str) -> list[Term]:
        return self.analyzer.words(sentence) + self.analyzer.grams(sentence)

    def suggestions(self) -> list[Hit]:
        """For the empty state: each article's overview sections, in reading order."""
        overview = sorted(
            (d for d in self._documents.values() if d.get("kind") == "h2"), key=lambda d: (d["slug"], d["position"])
        )
        return [self._hit(d, 0.0, {}) for d in overview[:SUGGESTION_COUNT]]


def prior_of(doc: dict[str, Any]) -> float:
    if str(doc.get("heading", "")).startswith(SUMMARY_HEADINGS):
        return SUMMARY_PRIOR
    return KIND_PRIOR.get(doc.get("kind", ""), 1.0)


def article_of(doc: dict[str, Any]) -> dict[str, str]:
    return {"slug": doc["slug"], "title": doc["article_title"], "url": doc["article_url"]}
