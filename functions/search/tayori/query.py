"""From a reader's text to a query plan: the clauses to score with, and the concepts a passage
must cover to count as an answer.

The plan is built from the shared analyzer's output alone (words in any script, bigrams): each
word with its compound parts is one concept; synonyms, English → Japanese rules and question
words (なぜ, how to) add alternatives, the last steering ranking without being a topic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from tayori import latin, thesaurus
from tayori.analysis import Analysis, Analyzer, Term
from tayori.impacts import GRAM, WORD
from tayori.normalize import is_hiragana, is_japanese, normalize_text, script_of
from tayori.ranking import RANKING, RankingParameters
from tayori.schema import GRAM_FIELDS, WORD_FIELDS


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
    translated: bool = False  # an English rule gave it a Japanese alternative
    untranslated: bool = False  # an English query's word that no rule translates
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
    # phrase (one or more terms, all needed) → weight, for choosing and highlighting snippet sentences
    highlight: dict[tuple[str, ...], float] = field(default_factory=dict)
    # phrase → the index of its word clause in clauses (each phrase has one)
    word_clause_at: dict[tuple[str, ...], int] = field(default_factory=dict, repr=False)

    def coverage(self, matched: set[str]) -> float:
        """The idf-weighted share of the query's topics a passage contains: question words and
        quantities aside, so a query of only those (なぜ, 3日, 1) has no topic and covers nothing."""
        topics = [c for c in self.concepts if not c.intent and not c.quantity]
        total = sum(c.weight for c in topics)
        found = sum(c.weight for c in topics if c.found_in(matched))
        return found / total if total else 0.0


# Case and binding particles: after a lone kanji they show it is a noun standing alone.
_PARTICLES = frozenset("がはをのにともへでや")


class QueryPlanner:
    """Turns a reader's text into a QueryPlan, working on the shared analyzer's output only."""

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
        self._english = thesaurus.Expander(rules.english, self._word_texts, self._latin_texts, latin.first_stem)
        self._intents_ja = thesaurus.Expander([r for r in rules.intents if is_japanese(r.lhs[0])], self._word_texts)
        self._intents_en = thesaurus.Expander(
            [r for r in rules.intents if not is_japanese(r.lhs[0])], self._word_texts, self._latin_texts
        )

    def _word_texts(self, text: str) -> list[str]:
        return self.analyzer.analyse(text).word_texts

    def _latin_texts(self, text: str) -> list[str]:
        return self.analyzer.analyse(text).latin_texts

    def _idf(self, term: str) -> float:
        return float(self._stats.idf(WORD_FIELDS["body"], term))

    def plan(self, text: str) -> QueryPlan:
        """The scoring clauses, weighed concepts and highlight weights for a reader's text.

        Each word (with the parts of its compound: 冷却期間 → 冷却, 期間) is one concept; a synonym,
        a translation (English words → Japanese) or a phrase rule spanning several words adds an
        alternative way of finding it; question words (intents) are marked so they never count
        as the topic."""
        analysis = self.analyzer.analyse(text)
        plan = QueryPlan(analysis.language)
        plan.concepts.extend(self._word_concepts(analysis.words))
        words = list(dict.fromkeys(analysis.word_texts))
        latin_words = analysis.latin_texts
        for term in words:
            self._add_words(plan, [term], 1.0)
        english = analysis.language == "en"
        stop = latin.STOPWORDS
        for expander, weight, intent, expanded in (
            (self._synonyms, self.params.synonym_weight, False, self._synonyms.expand(words)),
            (self._english, self.params.translation_weight, False, self._english.expand(latin_words, True, stop)),
            (self._intents_ja, self.params.intent_weight, True, self._intents_ja.expand(words, maximal=True)),
            (self._intents_en, self.params.intent_weight, True, self._intents_en.expand(latin_words, True, stop)),
        ):
            for expansion in expanded:
                matched = set(expansion.matched)
                if expander is self._english:
                    # An English phrase ("long distance") is one thing asked about, in one word of Japanese.
                    touched = [self._merge_concepts(plan, matched)]
                    touched[0].translated = True
                else:
                    # A Japanese rule's words keep their own concepts, each now also found by the rule's
                    # other side, so a passage that says it another way covers all of them.
                    touched = [c for c in plan.concepts if c.terms() & matched] or [self._merge_concepts(plan, matched)]
                for concept in touched:
                    concept.alternatives.add(expansion.terms)
                    concept.intent = concept.intent or intent
                self._add_words(plan, list(expansion.terms), weight)
        for concept in plan.concepts:
            concept.untranslated = english and not concept.translated and not concept.intent
        self._add_grams(plan, analysis)
        lone_words = self._lone_kanji_words(text, analysis)
        for concept in plan.concepts:
            concept.weight = self._weigh(concept, lone_words)
        return plan

    @staticmethod
    def _word_concepts(terms: list[Term]) -> list[Concept]:
        """One concept per source span; a number and the short counter after it (3日, 2 weeks)
        say how much, not what about."""
        by_span: dict[tuple[int, int], Concept] = {}
        previous: Term | None = None
        for term in terms:
            concept = by_span.setdefault((term.start, term.end), Concept(set()))
            concept.alternatives.add((term.text,))
            number_before = previous is not None and previous.text.isdigit() and previous.end <= term.start
            counter = len(term.text) <= 2 or term.text.isascii()  # 日, 週間 (as 週 + 間), days
            concept.quantity = term.text.isdigit() or (number_before and counter)
            previous = term
        return list(by_span.values())

    @staticmethod
    def _merge_concepts(plan: QueryPlan, matched: set[str]) -> Concept:
        """The one concept that the words a rule matched now form (a phrase such as "long distance"
        is one thing asked about, not two)."""
        touched = [c for c in plan.concepts if c.terms() & matched]
        if not touched:
            merged = Concept({tuple(sorted(matched))})
            plan.concepts.append(merged)
            return merged
        merged, *rest = touched
        for other in rest:
            merged.alternatives |= other.alternatives
            merged.intent = merged.intent or other.intent
            merged.translated = merged.translated or other.translated
            plan.concepts.remove(other)
        return merged

    def _add_grams(self, plan: QueryPlan, analysis: Analysis) -> None:
        """Bigrams back words up in scoring; they mark snippets only inside stretches the lexicon
        does not know (elsewhere the words say what matched: a bigram across など+の is no word)."""
        unknown = [(t.start, t.end) for t in analysis.unknown]
        for gram in analysis.grams:
            plan.clauses.append(Clause(GRAM, (gram.text,), self.params.gram_weight))
            if any(s <= gram.start and gram.end <= e for s, e in unknown):
                weight = self.params.gram_weight * self._stats.idf(GRAM_FIELDS["body"], gram.text)
                plan.highlight.setdefault((gram.text,), weight)

    def _add_words(self, plan: QueryPlan, terms: list[str], weight: float) -> None:
        """All terms of one phrase must match together, with the given weight."""
        phrase = tuple(terms)
        # A phrase two rules lead to is still one piece of evidence: it counts once, at its best weight.
        same = plan.word_clause_at.get(phrase)
        if same is None:
            plan.word_clause_at[phrase] = len(plan.clauses)
            plan.clauses.append(Clause(WORD, phrase, weight))
        elif plan.clauses[same].weight < weight:
            plan.clauses[same] = Clause(WORD, phrase, weight)
        # A phrase marks a sentence only where all its words are (連絡 alone is not 連絡を控える).
        idf = max(self._idf(t) for t in phrase)
        plan.highlight[phrase] = max(plan.highlight.get(phrase, 0.0), weight * idf)

    def _weigh(self, concept: Concept, lone_words: set[str]) -> float:
        """A concept weighs its rarest phrase's idf. One the index has never seen counts fully when
        it looks like a real word (レストラン, 渋谷, or a kanji standing alone: 猫が, 母と; the reader
        asks about something else), and half when it is kana the lexicon lacks (a particle or
        ending), a kanji after kanji (勉強中: a suffix) or an English word the lexicon cannot
        translate (most English queries carry a few)."""
        terms = concept.terms()
        known = [t for t in terms if self._stats.doc_frequency(WORD_FIELDS["body"], t)]
        weight = max((self._idf(t) for t in known or terms), default=0.0)
        if concept.quantity:
            return weight * self.params.quantity_weight
        if known or (
            not concept.untranslated
            and any(len(t) >= 3 or (len(t) == 2 and not is_hiragana(t)) or t in lone_words for t in terms)
        ):
            return weight
        return weight * self.params.unknown_weight

    @staticmethod
    def _lone_kanji_words(text: str, analysis: Analysis) -> set[str]:
        """Unknown single kanji that stand as words: not right after another kanji (勉強中: a
        suffix), and followed by a particle or nothing Japanese (猫が, 姉の, 母), not by the kana
        of an inflected word the lexicon lacks (付き合って, 言えば)."""

        def script_at(i: int) -> str:
            return script_of(normalize_text(text[i])) if 0 <= i < len(text) else ""

        return {
            t.text
            for t in analysis.unknown
            if len(t.text) == 1
            and script_of(t.text) == "kanji"
            and script_at(t.start - 1) != "kanji"
            and (script_at(t.end) not in ("kana", "kanji") or normalize_text(text[t.end]) in _PARTICLES)
        }
