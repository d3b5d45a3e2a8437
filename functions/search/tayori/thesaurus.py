"""Editors' synonym and English lexicon files: parsing, validation and query expansion.

Both files use the Solr synonyms format, one rule per line:

    既読無視, 未読無視, 返信がない        equivalent: any of them finds the others
    めんどくさい => 面倒, 億劫             one-way: the left side also searches the right side
    # a comment

In the English lexicon (english.txt) every rule is one-way, English => Japanese.
Expansions are searched with a lower weight than the words the reader typed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tayori.normalize import is_japanese
from tayori.problems import ProblemsError

SYNONYMS_FILE = "synonyms.txt"
ENGLISH_FILE = "english.txt"
INTENTS_FILE = "intents.txt"
FILES = (SYNONYMS_FILE, ENGLISH_FILE, INTENTS_FILE)
# Rules the build derives from general language resources (index/resources), beside the editors'.
DERIVED_SYNONYMS_FILE = "derived_synonyms.txt"
DERIVED_ENGLISH_FILE = "derived_english.txt"


class ThesaurusError(ProblemsError):
    """Malformed synonym, English or intent rules."""


@dataclass(frozen=True)
class Rule:
    source: str
    line: int
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]


def parse(path: Path, shown_as: str | None = None, english: bool = False) -> list[Rule]:
    """All rules of a file; every malformed line is reported, as `file:line: message`."""
    name = shown_as or str(path)
    rules: list[Rule] = []
    errors: list[str] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        sides = line.split("=>")
        if len(sides) > 2:
            errors.append(f"{name}:{number}: more than one '=>' in a rule")
            continue
        if len(sides) == 2 and not all(side.strip() for side in sides):
            side = "after '=>': the right" if not sides[1].strip() else "before '=>': the left"
            errors.append(f"{name}:{number}: nothing {side} side is empty")
            continue
        groups = [tuple(p.strip() for p in side.split(",")) for side in sides]
        if any(not p for group in groups for p in group):
            errors.append(f"{name}:{number}: empty entry (check for doubled or trailing commas)")
            continue
        if len(groups) == 1 and len(groups[0]) < 2:
            errors.append(f"{name}:{number}: a synonym group needs at least two entries, or use 'a => b'")
            continue
        lhs, rhs = (groups[0], groups[0]) if len(groups) == 1 else (groups[0], groups[1])
        if english:
            if len(groups) == 1:
                errors.append(f"{name}:{number}: English rules are one-way: 'english words => 日本語'")
                continue
            if any(is_japanese(p) for p in lhs):
                errors.append(f"{name}:{number}: the left side must be English")
                continue
            if not all(is_japanese(p) for p in rhs):
                errors.append(f"{name}:{number}: the right side must be Japanese")
                continue
        rules.append(Rule(name, number, lhs, rhs))
    if errors:
        raise ThesaurusError(errors)
    return rules


@dataclass(frozen=True)
class Thesaurus:
    synonyms: list[Rule]
    english: list[Rule]  # English => Japanese
    intents: list[Rule]  # question words, Japanese or English

    def japanese_phrases(self) -> list[str]:
        """Every Japanese phrase, for the lexicon: the analyzer must know their words."""
        rules = [*self.synonyms, *self.english, *self.intents]
        return [p for rule in rules for p in (*rule.lhs, *rule.rhs) if is_japanese(p)]


def load(directory: Path) -> Thesaurus:
    """The rule files in a folder (any may be absent): the editors' and, after them, the derived
    ones of an index build; every problem reported at once."""
    errors: list[str] = []
    loaded: list[list[Rule]] = []
    files = (
        ((SYNONYMS_FILE, DERIVED_SYNONYMS_FILE), False),
        ((ENGLISH_FILE, DERIVED_ENGLISH_FILE), True),
        ((INTENTS_FILE,), False),
    )
    for names, english in files:
        rules: list[Rule] = []
        for name in names:
            try:
                rules.extend(parse(directory / name, english=english) if (directory / name).exists() else [])
            except ThesaurusError as found:
                errors.extend(found.errors)
        loaded.append(rules)
    if errors:
        raise ThesaurusError(errors)
    return Thesaurus(*loaded)


def dump(rules: Sequence[Rule]) -> str:
    """Rules in the file format parse reads: one `lhs, … => rhs, …` line each."""
    return "".join(f"{', '.join(r.lhs)} => {', '.join(r.rhs)}\n" for r in rules)


@dataclass(frozen=True)
class Expansion:
    matched: tuple[str, ...]  # the query terms that triggered it
    terms: tuple[str, ...]  # the analysed terms of one alternative phrase
    start: int = 0  # where the match starts among the query terms


class Expander:
    """Applies rules to an analysed query: for every left-side phrase found as a contiguous run
    of query terms, each right-side phrase becomes an expansion. Both sides go through the query's
    analyzer: `analyse` for right sides, `analyse_lhs` (default: the same) for left sides."""

    def __init__(
        self,
        rules: Sequence[Rule],
        analyse: Callable[[str], list[str]],
        analyse_lhs: Callable[[str], list[str]] | None = None,
        first_term: Callable[[str], str | None] | None = None,
    ) -> None:
        """first_term, when given, is a cheap way to the first term analyse_lhs would give a
        left side (None where it cannot tell): such left sides are analysed only when a query
        has that term, which keeps a cold start from analysing thousands of derived rules."""
        self._analyse = analyse
        self._analyse_lhs = analyse_lhs or analyse
        self._lhs: dict[tuple[str, Rule], tuple[str, ...]] = {}
        # Left sides by their first term (a query has a few words, derived rule sets thousands);
        # right sides, and left sides first_term can key, are analysed when first needed.
        self._by_first: dict[str, list[tuple[str, Rule]]] = {}
        self._order: dict[tuple[str, Rule], int] = {}
        for rule in rules:
            for phrase in rule.lhs:
                first = first_term(phrase) if first_term else None
                if first is None:
                    terms = tuple(self._analyse_lhs(phrase))
                    if not terms:
                        continue
                    self._lhs[phrase, rule] = terms
                    first = terms[0]
                self._by_first.setdefault(first, []).append((phrase, rule))
                self._order.setdefault((phrase, rule), len(self._order))  # file order, for expand
        self._rhs: dict[Rule, list[tuple[str, ...]]] = {}

    def _left(self, phrase: str, rule: Rule) -> tuple[str, ...]:
        if (phrase, rule) not in self._lhs:
            self._lhs[phrase, rule] = tuple(self._analyse_lhs(phrase))
        return self._lhs[phrase, rule]

    def _alternatives(self, lhs: tuple[str, ...], rule: Rule) -> list[tuple[str, ...]]:
        if rule not in self._rhs:
            self._rhs[rule] = [tuple(self._analyse(p)) for p in rule.rhs]
        return [r for r in self._rhs[rule] if r and r != lhs]

    def expand(
        self, query_terms: Sequence[str], maximal: bool = False, skippable: frozenset[str] = frozenset()
    ) -> list[Expansion]:
        """Expansions of every left side found in the query, where query words in skippable may
        stand between its words ("left me on read" is "left on read"). With maximal, a left side
        found only inside a longer one is ignored: "break up" is not also "break"."""
        keys = sorted({k for term in query_terms for k in self._by_first.get(term, ())}, key=self._order.__getitem__)
        lefts = [(self._left(*key), key[1]) for key in keys]
        found = [
            (s, e, lhs, self._alternatives(lhs, rule))
            for lhs, rule in lefts
            if lhs
            for s, e in _spans(query_terms, lhs, skippable)
        ]
        if maximal:
            found = [
                f
                for f in found
                if not any(o[0] <= f[0] and f[1] <= o[1] and o[1] - o[0] > f[1] - f[0] for o in found)
            ]
        expansions: list[Expansion] = []
        seen: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
        for start, _, lhs, alternatives in found:
            for alt in alternatives:
                if (lhs, alt) not in seen:
                    seen.add((lhs, alt))
                    expansions.append(Expansion(lhs, alt, start))
        return expansions


def _spans(seq: Sequence[str], part: tuple[str, ...], skippable: frozenset[str]) -> list[tuple[int, int]]:
    """Where part occurs in seq, in order, with only skippable words between its words."""
    spans = []
    for start, word in enumerate(seq):
        if word != part[0]:
            continue
        k, j = 1, start + 1
        while k < len(part) and j < len(seq) and (seq[j] == part[k] or seq[j] in skippable):
            k += seq[j] == part[k]
            j += 1
        if k == len(part):
            spans.append((start, j))
    return spans
