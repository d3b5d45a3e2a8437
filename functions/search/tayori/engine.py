"""Answers a reader's free text with passages from the Whoosh index.

The query is never parsed as Whoosh query syntax: it goes through the shared analyzer, and the
Whoosh query is built from the resulting terms, so `*`, `AND`, `title:` or quotes are just text.

Ranking is BM25F over word and bigram fields, headings weighted above bodies. A result is only
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
from tayori.normalize import is_hiragana, is_japanese
from tayori.schema import GRAM_FIELDS, WORD_FIELDS
from tayori.snippets import AnalysedSentence, analyse_sentences, build_snippet
from tayori.thesaurus import ENGLISH_STOPWORDS

# Where a term is found says how much it is about: a heading names the passage's subject.
WORD_BOOSTS = {WORD_FIELDS["heading"]: 3.0, WORD_FIELDS["body"]: 1.0, WORD_FIELDS["category"]: 0.5}
GRAM_BOOSTS = {GRAM_FIELDS["heading"]: 1.0, GRAM_FIELDS["body"]: 0.3}
# Bigrams only back words up; synonyms and translations weigh less than the reader's own words.
GRAM_WEIGHT = 0.25
SYNONYM_WEIGHT = 0.5
INTENT_WEIGHT = 0.5
TRANSLATION_WEIGHT = 1.0
# The share of the query's idf-weighted concepts the best passage must contain.
MIN_COVERAGE = 0.4
TAIL_COVERAGE = 0.5  # results after the first need this fraction of MIN_COVERAGE
COORD_POWER = 1.0
UNKNOWN_WEIGHT = 0.5
CANDIDATES = 30
# The lead introduces the whole article (its heading is the title, naming every topic): a
# specific section that matches as well is the better answer.
KIND_PRIOR = {"lead": 0.6}
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


@dataclass
class Concept:
    """One thing the reader asked about, and the phrases (word-term tuples) that count as finding
    it: its own word, or a synonym or translation of it, all of whose terms must be present."""

    alternatives: set[tuple[str, ...]]
    weight: float = 0.0
    untranslated: bool = False  # an English word the lexicon does not know
    intent: bool = False  # a question word: steers ranking, never counts as a topic

    def terms(self) -> set[str]:
        return {t for alt in self.alternatives for t in alt}

    def found_in(self, matched: set[str]) -> bool:
        return any(matched.issuperset(alt) for alt in self.alternatives)


@dataclass
class QueryPlan:
    language: str
    clauses: list[wq.Query] = field(default_factory=list)
    concepts: list[Concept] = field(default_factory=list)
    # term → weight, for choosing and highlighting snippet sentences
    highlight: dict[str, float] = field(default_factory=dict)


class SearchIndex:
    """One opened index build; open once per process and reuse across invocations."""

    def __init__(self, root: Path) -> None:
        self.build_dir = current_build(root)
        self.manifest = read_manifest(self.build_dir)
        self._index = whoosh_index.open_dir(str(self.build_dir))
        self._searcher = self._index.searcher(weighting=scoring.BM25F(B=0.75, K1=1.2))
        lexicon_path = self.build_dir / LEXICON_FILE
        self.analyzer = Analyzer(Lexicon.load(lexicon_path) if lexicon_path.exists() else None)
        rules = thesaurus.load(self.build_dir)
        self._synonyms = thesaurus.Expander(rules.synonyms, self._word_texts)
        self._english = thesaurus.Expander(rules.english, self._word_texts, thesaurus.english_terms)
        self._intents = thesaurus.Expander(rules.intents, self._word_texts, self._query_terms)
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

    def _word_texts(self, text: str) -> list[str]:
        return [t.text for t in self.analyzer.words(text)]

    def _query_terms(self, text: str) -> list[str]:
        """Terms as a query in text's language is matched on: words, or English stems."""
        return self._word_texts(text) if is_japanese(text) else thesaurus.english_terms(text)

    def _idf(self, term: str) -> float:
        return float(self._searcher.idf(WORD_FIELDS["body"], term))

    def plan(self, text: str) -> QueryPlan:
        """The Whoosh clauses, concepts and highlight weights for a reader's text."""
        if not is_japanese(text) and thesaurus.english_terms(text):
            return self._plan_english(text)
        plan = QueryPlan("ja")
        terms = self.analyzer.words(text)
        words = list(dict.fromkeys(t.text for t in terms))
        # The lemma and the parts of one compound (冷却期間 → 冷却, 期間) are one concept.
        by_span: dict[tuple[int, int], Concept] = {}
        for term in terms:
            concept = by_span.setdefault((term.start, term.end), Concept(set()))
            concept.alternatives.add((term.text,))
        plan.concepts.extend(by_span.values())
        for term in words:
            self._add_words(plan, [term], 1.0)
        for expansion in self._synonyms.expand(words):
            for concept in plan.concepts:
                if concept.terms() & set(expansion.matched):
                    concept.alternatives.add(expansion.terms)
            self._add_words(plan, list(expansion.terms), SYNONYM_WEIGHT)
        self._add_intents(plan, words)
        for gram in dict.fromkeys(t.text for t in self.analyzer.grams(text)):
            weight = GRAM_WEIGHT * self._searcher.idf(GRAM_FIELDS["body"], gram)
            plan.clauses.extend(wq.Term(f, gram, boost=GRAM_WEIGHT * b) for f, b in GRAM_BOOSTS.items())
            plan.highlight.setdefault(gram, weight)
        return plan

    def _plan_english(self, text: str) -> QueryPlan:
        plan = QueryPlan("en")
        terms = thesaurus.english_terms(text)
        translated: set[str] = set()
        concepts: dict[tuple[str, ...], Concept] = {}
        for expansion in self._english.expand(terms, maximal=True):
            translated.update(expansion.matched)
            concept = concepts.setdefault(expansion.matched, Concept(set()))
            concept.alternatives.add(expansion.terms)
            self._add_words(plan, list(expansion.terms), TRANSLATION_WEIGHT)
        plan.concepts.extend(concepts.values())
        translated.update(self._add_intents(plan, terms))
        for term in terms:
            if term not in translated and term not in ENGLISH_STOPWORDS:
                # Untranslated English words still count: LINE or SNS appear in the content as is.
                plan.concepts.append(Concept({(term,)}, untranslated=True))
                self._add_words(plan, [term], 1.0)
        return plan

    def _add_intents(self, plan: QueryPlan, terms: list[str]) -> set[str]:
        """Question words (なぜ, how to) steer ranking towards that kind of answer; their concepts
        are marked so coverage ignores them. Returns the query terms they used."""
        used: set[str] = set()
        for expansion in self._intents.expand(terms, maximal=True):
            used.update(expansion.matched)
            concept = next((c for c in plan.concepts if c.terms() & set(expansion.matched)), None)
            if concept is None:
                concept = Concept({expansion.matched})
                plan.concepts.append(concept)
            concept.intent = True
            concept.alternatives.add(expansion.terms)
            self._add_words(plan, list(expansion.terms), INTENT_WEIGHT)
        return used

    def _add_words(self, plan: QueryPlan, terms: list[str], weight: float) -> None:
        """All terms of one phrase must match together (an And), with the given weight."""
        per_field = []
        for f, boost in WORD_BOOSTS.items():
            clause = [wq.Term(f, t) for t in terms]
            per_field.append(
                wq.And(clause, boost=weight * boost) if len(clause) > 1 else wq.Term(f, terms[0], boost=weight * boost)
            )
        plan.clauses.extend(per_field)
        if len(terms) == 1:  # a phrase's words alone (連絡 of 連絡を控える) would mark too much
            plan.highlight[terms[0]] = max(plan.highlight.get(terms[0], 0.0), weight * self._idf(terms[0]))

    def coverage(self, plan: QueryPlan, matched: set[str]) -> float:
        topics = [c for c in plan.concepts if not c.intent] or plan.concepts
        total = sum(c.weight for c in topics)
        found = sum(c.weight for c in topics if c.found_in(matched))
        return found / total if total else 0.0

    def _weigh(self, concept: Concept) -> float:
        """A concept weighs its rarest phrase's idf. One the index has never seen counts fully when
        it looks like a real word (レストラン, 渋谷: the reader asks about something else), and half
        when it is a lone character or two kana (a particle or ending the lexicon lacks) or an
        English word the lexicon cannot translate (most English queries carry a few)."""
        terms = concept.terms()
        known = [t for t in terms if self._searcher.doc_frequency(WORD_FIELDS["body"], t)]
        weight = max((self._idf(t) for t in known or terms), default=0.0)
        if known or (
            not concept.untranslated and any(len(t) >= 3 or (len(t) == 2 and not is_hiragana(t)) for t in terms)
        ):
            return weight
        return weight * UNKNOWN_WEIGHT

    def search(self, text: str, limit: int) -> SearchOutcome:
        plan = self.plan(text)
        if not plan.clauses or not plan.concepts:
            return SearchOutcome(text, [], plan.language, self.suggestions())
        for concept in plan.concepts:
            concept.weight = self._weigh(concept)
        results = self._searcher.search(wq.Or(plan.clauses), limit=max(limit * 3, CANDIDATES), terms=True)
        # Coordination: a passage that answers more of the question ranks above one that repeats
        # a single word of it many times.
        ranked: list[tuple[float, float, dict[str, Any]]] = []
        for result in results:
            matched = {t.decode() if isinstance(t, bytes) else t for f, t in result.matched_terms() if f in WORD_BOOSTS}
            share = self.coverage(plan, matched)
            if share >= MIN_COVERAGE * TAIL_COVERAGE:
                doc = result.fields()
                prior = KIND_PRIOR.get(doc.get("kind", ""), 1.0)
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


def article_of(doc: dict[str, Any]) -> dict[str, str]:
    return {"slug": doc["slug"], "title": doc["article_title"], "url": doc["article_url"]}
