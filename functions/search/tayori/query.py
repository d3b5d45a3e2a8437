"""From a reader's text to a query plan: the Whoosh clauses to score with, and the concepts a
passage must cover to count as an answer.

Japanese text is analysed into words (each word with its compound parts is one concept) and
bigrams; editors' synonyms add alternatives to concepts; English text is translated through the
editors' English lexicon; question words (なぜ, how to) steer ranking without being concepts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from tayori import thesaurus
from tayori.analysis import Analyzer, Term
from tayori.impacts import GRAM, WORD
from tayori.normalize import is_hiragana, is_japanese
from tayori.ranking import RANKING, RankingParameters
from tayori.schema import GRAM_FIELDS, WORD_FIELDS
from tayori.thesaurus import ENGLISH_STOPWORDS


class TermStatistics(Protocol):
    """What planning needs from the index (a Whoosh searcher has both)."""

    def idf(self, fieldname: str, text: str) -> float: ...

    def doc_frequency(self, fieldname: str, text: str) -> int: ...


@dataclass
class Concept:
    """One thing the reader asked about, and the phrases (word-term tuples) that count as finding
    it: its own word, or a synonym or translation of it, all of whose terms must be present."""

    alternatives: set[tuple[str, ...]]
    weight: float = 0.0
    untranslated: bool = False  # an English word the lexicon does not know
    intent: bool = False  # a question word: steers ranking, never counts as a topic
    quantity: bool = False  # a number or its counter (3日): a detail of the question

    def terms(self) -> set[str]:
        return {t for alt in self.alternatives for t in alt}

    def found_in(self, matched: set[str]) -> bool:
        return any(matched.issuperset(alt) for alt in self.alternatives)


@dataclass(frozen=True, slots=True)
class Clause:
    """Terms that must all be in a passage (one phrase) for it to gain their impacts times weight."""

    kind: str  # tayori.impacts.WORD or GRAM
    terms: tuple[str, ...]
    weight: float


@dataclass
class QueryPlan:
    """What the engine needs to answer a text: scoring clauses, the concepts that decide coverage,
    and term weights for snippets. Independent of the index library, so another backend could
    execute the same plan."""

    language: str
    clauses: list[Clause] = field(default_factory=list)
    concepts: list[Concept] = field(default_factory=list)
    # term → weight, for choosing and highlighting snippet sentences
    highlight: dict[str, float] = field(default_factory=dict)

    def coverage(self, matched: set[str]) -> float:
        """The idf-weighted share of the query's topics (question words aside) a passage contains."""
        topics = [c for c in self.concepts if not c.intent] or self.concepts
        total = sum(c.weight for c in topics)
        found = sum(c.weight for c in topics if c.found_in(matched))
        return found / total if total else 0.0


class QueryPlanner:
    def __init__(
        self,
        analyzer: Analyzer,
        rules: thesaurus.Thesaurus,
        statistics: TermStatistics,
        params: RankingParameters = RANKING,
    ) -> None:
        self.analyzer = analyzer
        self.params = params
        self._stats = statistics
        self._synonyms = thesaurus.Expander(rules.synonyms, self._word_texts)
        self._english = thesaurus.Expander(rules.english, self._word_texts, thesaurus.english_terms)
        self._intents = thesaurus.Expander(rules.intents, self._word_texts, self._query_terms)

    def _word_texts(self, text: str) -> list[str]:
        return [t.text for t in self.analyzer.words(text)]

    def _query_terms(self, text: str) -> list[str]:
        """Terms as a query in text's language is matched on: words, or English stems."""
        return self._word_texts(text) if is_japanese(text) else thesaurus.english_terms(text)

    def _idf(self, term: str) -> float:
        return float(self._stats.idf(WORD_FIELDS["body"], term))

    def plan(self, text: str) -> QueryPlan:
        """The Whoosh clauses, weighed concepts and highlight weights for a reader's text."""
        english = not is_japanese(text) and bool(thesaurus.english_terms(text))
        plan = self._plan_english(text) if english else self._plan_japanese(text)
        for concept in plan.concepts:
            concept.weight = self._weigh(concept)
        return plan

    def _plan_japanese(self, text: str) -> QueryPlan:
        plan = QueryPlan("ja")
        terms = self.analyzer.words(text)
        words = list(dict.fromkeys(t.text for t in terms))
        # The lemma and the parts of one compound (冷却期間 → 冷却, 期間) are one concept.
        by_span: dict[tuple[int, int], Concept] = {}
        previous: Term | None = None
        for term in terms:
            concept = by_span.setdefault((term.start, term.end), Concept(set()))
            concept.alternatives.add((term.text,))
            # 3日, 2週間: a number and its counter say how much, not what about.
            number_before = previous is not None and previous.text.isdigit() and previous.end == term.start
            concept.quantity = term.text.isdigit() or (number_before and len(term.text) <= 2)
            previous = term
        plan.concepts.extend(by_span.values())
        for term in words:
            self._add_words(plan, [term], 1.0)
        for expansion in self._synonyms.expand(words):
            for concept in plan.concepts:
                if concept.terms() & set(expansion.matched):
                    concept.alternatives.add(expansion.terms)
            self._add_words(plan, list(expansion.terms), self.params.synonym_weight)
        self._add_intents(plan, words)
        for gram in dict.fromkeys(t.text for t in self.analyzer.grams(text)):
            weight = self.params.gram_weight * self._stats.idf(GRAM_FIELDS["body"], gram)
            plan.clauses.append(Clause(GRAM, (gram,), self.params.gram_weight))
            plan.highlight.setdefault(gram, weight)
        return plan

    def _plan_english(self, text: str) -> QueryPlan:
        plan = QueryPlan("en")
        terms = thesaurus.english_terms(text)
        translated: set[str] = set()
        concepts: dict[tuple[str, ...], Concept] = {}
        for expansion in self._english.expand(terms, maximal=True, skippable=ENGLISH_STOPWORDS):
            translated.update(expansion.matched)
            concept = concepts.setdefault(expansion.matched, Concept(set()))
            concept.alternatives.add(expansion.terms)
            concept.quantity = expansion.start > 0 and terms[expansion.start - 1].isdigit()  # 3 days
            self._add_words(plan, list(expansion.terms), self.params.translation_weight)
        plan.concepts.extend(concepts.values())
        translated.update(self._add_intents(plan, terms))
        for term in terms:
            if term not in translated and term not in ENGLISH_STOPWORDS:
                # Untranslated English words still count: LINE or SNS appear in the content as is.
                plan.concepts.append(Concept({(term,)}, untranslated=True, quantity=term.isdigit()))
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
            self._add_words(plan, list(expansion.terms), self.params.intent_weight)
        return used

    def _add_words(self, plan: QueryPlan, terms: list[str], weight: float) -> None:
        """All terms of one phrase must match together, with the given weight."""
        plan.clauses.append(Clause(WORD, tuple(terms), weight))
        if len(terms) == 1:  # a phrase's words alone (連絡 of 連絡を控える) would mark too much
            plan.highlight[terms[0]] = max(plan.highlight.get(terms[0], 0.0), weight * self._idf(terms[0]))

    def _weigh(self, concept: Concept) -> float:
        """A concept weighs its rarest phrase's idf. One the index has never seen counts fully when
        it looks like a real word (レストラン, 渋谷: the reader asks about something else), and half
        when it is a lone character or two kana (a particle or ending the lexicon lacks) or an
        English word the lexicon cannot translate (most English queries carry a few)."""
        terms = concept.terms()
        known = [t for t in terms if self._stats.doc_frequency(WORD_FIELDS["body"], t)]
        weight = max((self._idf(t) for t in known or terms), default=0.0)
        if concept.quantity:
            return weight * self.params.quantity_weight
        if known or (
            not concept.untranslated and any(len(t) >= 3 or (len(t) == 2 and not is_hiragana(t)) for t in terms)
        ):
            return weight
        return weight * self.params.unknown_weight
