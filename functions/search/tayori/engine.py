"""Answers a reader's free text with passages from the index.

The query is never parsed as Whoosh query syntax: it goes through the shared analyzer, and the
plan (tayori.query) is built from the resulting terms, so `*`, `AND`, `title:` or quotes are text.

A query runs in two stages whose cost does not grow with the catalogue:
1. **candidates**: the champion lists (tayori.impacts) of the plan's terms, each bounded, are
   accumulated with the clause weights; the best `first_stage_candidates` passages go on;
2. **exact re-ranking**: each candidate's own word impacts give its exact BM25F score (a phrase
   counts only when all its words are there), times its coverage of the query's concepts
   (coordination) and a structural prior. A result is only returned when it covers enough of what
   the reader asked: an off-topic query finds nothing rather than something vaguely similar.
Stored fields are read only for the results shown.
"""

from __future__ import annotations

import heapq
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from pathlib import Path
from typing import Any, Protocol

from whoosh import index as whoosh_index
from whoosh import scoring

from tayori import thesaurus
from tayori.analysis import Analyzer, Term
from tayori.impacts import GRAM, IMPACTS_FILE, WORD, ImpactIndex, PassageFacts
from tayori.index_store import IndexMissingError, current_build, read_manifest
from tayori.lexicon import LEXICON_FILE, Lexicon
from tayori.query import QueryPlan, QueryPlanner
from tayori.ranking import RANKING, RankingParameters
from tayori.safety import is_crisis
from tayori.snippets import AnalysedSentence, analyse_sentences, build_snippet
from tayori.typeahead import Suggestion, TypeAhead

SNIPPET_CACHE_SIZE = 2048  # passages whose analysed sentences stay in memory


@dataclass(frozen=True, slots=True)
class Ranked:
    """A candidate after exact re-scoring."""

    score: float  # what results are ordered by: evidence × coverage^(coord_power - 1)
    evidence: float  # BM25F × coverage × prior: what decides whether the query is answered
    coverage: float  # share of the query's idf-weighted topics the passage holds
    passage: PassageFacts


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


class PassageSearch(Protocol):
    """Everything the function's routes ask of a search backend: this Whoosh-based SearchIndex,
    or another engine behind the same API (docs/scaling.md). Texts go in as the reader typed
    them; analysis and ranking are the backend's business."""

    @property
    def version(self) -> str:
        """The build answering (part of every ETag)."""
        ...

    @property
    def passage_count(self) -> int: ...

    def search(self, text: str, limit: int) -> SearchOutcome:
        """At most limit passages that answer text, best first; none (with overview passages)
        when nothing answers."""
        ...

    def section(self, passage_id: str) -> dict[str, Any] | None:
        """One whole passage by id, or None."""
        ...

    def suggest(self, prefix: str, limit: int) -> list[Suggestion]:
        """Type-ahead completions for what the reader has typed so far."""
        ...


class SearchIndex:
    """One opened index build; open once per process and reuse across invocations.

    Raises tayori.index_store.IndexMissingError when no build exists at root.
    """

    def __init__(self, root: Path, params: RankingParameters = RANKING) -> None:
        self.build_dir = current_build(root)
        self.manifest = read_manifest(self.build_dir)
        self.params = params
        self._index = whoosh_index.open_dir(str(self.build_dir))
        self._searcher = self._index.searcher(weighting=scoring.BM25F(B=params.bm25_b, K1=params.bm25_k1))
        if not (self.build_dir / IMPACTS_FILE).exists():  # built by an older Tayori
            raise IndexMissingError(f"{self.build_dir} has no {IMPACTS_FILE}: run `make index` to rebuild it")
        self._impacts = ImpactIndex(self.build_dir / IMPACTS_FILE)
        lexicon_path = self.build_dir / LEXICON_FILE
        self.analyzer = Analyzer(Lexicon.load(lexicon_path) if lexicon_path.exists() else None)
        self.planner = QueryPlanner(self.analyzer, thesaurus.load(self.build_dir), self._searcher, params)
        self._sentence_cache: OrderedDict[str, list[AnalysedSentence]] = OrderedDict()

    @property
    def version(self) -> str:
        return str(self.manifest["build_id"])

    @property
    def passage_count(self) -> int:
        return int(self.manifest["passage_count"])

    def _stored(self, docnum: int) -> dict[str, Any]:
        return self._searcher.stored_fields(docnum)

    def section(self, passage_id: str) -> dict[str, Any] | None:
        """The whole passage with this id, or None."""
        docnum = self._impacts.docnum_of(passage_id)
        if docnum is None:
            return None
        doc = self._stored(docnum)
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
        """The passages that answer text, best first (at most limit), or none and suggestions;
        nothing at all for self-harm phrasing (tayori.safety)."""
        plan = self.planner.plan(text)
        if is_crisis(text):
            return SearchOutcome(text, [], plan.language, [])
        if not plan.clauses or not plan.concepts:
            return SearchOutcome(text, [], plan.language, self.overview_passages())
        word_scores, gram_scores = self._first_stage(plan)
        pool = max(self.params.first_stage_candidates, limit * 3)
        candidates = heapq.nlargest(pool, word_scores.keys() | gram_scores.keys(),
                                    key=lambda d: word_scores.get(d, 0.0) + gram_scores.get(d, 0.0))
        ranked = self._rerank(plan, self._impacts.passages(candidates), gram_scores)
        # Whether the query is answered at all is decided on the passage with the strongest
        # evidence (BM25F × coverage, once); the order of the answers then favours coverage more.
        if not ranked or max(ranked, key=attrgetter("evidence")).coverage < self.params.min_coverage:
            return SearchOutcome(text, [], plan.language, self.overview_passages())
        hits = [self._hit(r.passage.docnum, r.score, plan.highlight) for r in ranked[:limit]]
        return SearchOutcome(text, hits, plan.language)

    def _first_stage(self, plan: QueryPlan) -> tuple[dict[int, float], dict[int, float]]:
        """Weighted impacts accumulated over the champion lists of every clause's terms:
        (word scores, bigram scores) by docnum. Reads a bounded number of postings per term."""
        scores: dict[str, dict[int, float]] = {WORD: {}, GRAM: {}}
        for clause in plan.clauses:
            accumulated = scores[clause.kind]
            for term in clause.terms:
                for docnum, impact in self._impacts.champions(clause.kind, term):
                    accumulated[docnum] = accumulated.get(docnum, 0.0) + clause.weight * impact
        return scores[WORD], scores[GRAM]

    def _rerank(
        self, plan: QueryPlan, candidates: dict[int, PassageFacts], gram_scores: dict[int, float]
    ) -> list[Ranked]:
        """The candidates that cover enough of the query, best first.

        A word clause scores exactly from the passage's own impacts (a phrase only when all its
        words are there); bigrams keep their champion-list score (they only back words up). The
        order also weighs the passage's article: the share of the query its candidate passages
        cover together (passage evidence combined with its document's, as in Callan, "Passage-level
        evidence in document retrieval", SIGIR 1994), so of two passages that say 連絡 the one in
        the article about 喧嘩 answers 喧嘩したあと いつ連絡する."""
        word_clauses = [c for c in plan.clauses if c.kind == WORD]
        query_words = {t for c in word_clauses for t in c.terms}
        floor = self.params.min_coverage * self.params.tail_coverage
        ranked = []
        # The article's context: how much of the query its candidate passages cover together.
        by_article: dict[str, set[str]] = {}
        for facts in candidates.values():
            by_article.setdefault(facts.slug, set()).update(t for t in query_words if t in facts.words)
        article_share = {slug: plan.coverage(found) for slug, found in by_article.items()}
        article_power = self.params.article_coverage_power
        for docnum, facts in candidates.items():
            words = facts.words
            score = gram_scores.get(docnum, 0.0)
            for clause in word_clauses:
                if all(t in words for t in clause.terms):
                    score += clause.weight * sum(words[t] for t in clause.terms)
            share = plan.coverage({t for t in query_words if t in words})
            if share >= floor:
                evidence = score * share * self.params.prior(facts.kind, facts.heading)
                rank = evidence * share ** (self.params.coord_power - 1) * article_share[facts.slug] ** article_power
                ranked.append(Ranked(rank, evidence, share, facts))
        ranked.sort(key=attrgetter("score"), reverse=True)
        return ranked

    def _sentences(self, doc: dict[str, Any]) -> list[AnalysedSentence]:
        cache = self._sentence_cache
        found = cache.get(doc["id"])
        if found is None:
            found = cache[doc["id"]] = analyse_sentences(doc["body"], self._snippet_terms)
            if len(cache) > SNIPPET_CACHE_SIZE:
                cache.popitem(last=False)
        else:
            cache.move_to_end(doc["id"])
        return found

    def _hit(self, docnum: int, score: float, weights: dict[str, float]) -> Hit:
        doc = self._stored(docnum)
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
        analysis = self.analyzer.analyse(sentence)
        return sorted(analysis.words + analysis.grams, key=lambda t: (t.start, -t.end))

    def overview_passages(self) -> list[Hit]:
        """For the empty state: the first articles' overview sections, in reading order."""
        return [self._hit(docnum, 0.0, {}) for docnum in self._overview]

    def suggest(self, prefix: str, limit: int) -> list[Suggestion]:
        """Type-ahead completions (tayori.typeahead), read from this build on first use."""
        return self._typeahead.suggest(prefix, limit)

    @cached_property
    def _typeahead(self) -> TypeAhead:
        return TypeAhead(self._searcher.reader(), self._impacts, self.analyzer.lexicon)

    @cached_property
    def _overview(self) -> list[int]:
        return self._impacts.overview(self.params.empty_state_count)


def article_of(doc: dict[str, Any]) -> dict[str, str]:
    return {"slug": doc["slug"], "title": doc["article_title"], "url": doc["article_url"]}
