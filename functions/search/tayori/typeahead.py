"""Type-ahead: complete what the reader has typed so far with headings and the index's words.

Matching goes through the shared normalizer (width, case and kana folding), so 「ＬＩＮＥ」 completes
like 「line」 and 「ライン」 like 「らいん」. Word completions come from the word fields only (never
the bigram fields, whose 心が or 心で are no words) and from the lexicon's readings, so a kana
prefix reaches its kanji word (れんら → 連絡). Everything is read from the build once, lazily.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from tayori.impacts import ImpactIndex
from tayori.lexicon import Lexicon
from tayori.normalize import normalize_text, script_of
from tayori.schema import WORD_FIELDS

# One kana is the start of too many words (き: 来る, 気, 聞く …) to complete as a word.
MIN_KANA_PREFIX = 2


def _too_short(word: str) -> bool:
    """One kana: the start of too many words and inside too many headings to suggest anything."""
    return len(word) < MIN_KANA_PREFIX and all(script_of(c) == "kana" for c in word)


@dataclass(frozen=True)
class Suggestion:
    text: str
    type: str  # "heading" or "term"
    id: str | None = None  # the passage a heading opens

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {"text": self.text, "type": self.type}
        if self.id is not None:
            found["id"] = self.id
        return found


def normalized(text: str) -> str:
    """Folded text without spaces: how headings and prefixes are compared."""
    return "".join(normalize_text(text).split())


@dataclass(frozen=True)
class Heading:
    id: str
    text: str
    key: str  # normalized, spaces removed


class TypeAhead:
    """Completions from one index build, read through the opened index's own reader, impacts and
    lexicon (tayori.engine.SearchIndex hands them over: nothing is opened twice)."""

    def __init__(self, reader: Any, impacts: ImpactIndex, lexicon: Lexicon) -> None:
        self._reader = reader
        self._impacts = impacts
        self._lexicon = lexicon

    @cached_property
    def headings(self) -> list[Heading]:
        """Every passage heading in article and reading order."""
        rows = self._impacts.headings()
        return [Heading(passage_id, text, normalized(text)) for passage_id, text in rows]

    @cached_property
    def _surfaces(self) -> list[tuple[str, str]]:
        """(folded surface, its lemma) of every lexicon word, sorted for prefix search."""
        return sorted({(normalize_text(s), terms[0]) for s, terms in self._lexicon.entries.items() if terms})

    @cached_property
    def _display(self) -> dict[str, str]:
        """How to show a term: as the articles write it (めっせーじ → メッセージ, lin → LINE)."""
        return self._impacts.surfaces()

    def heading_matches(self, prefix: str) -> list[Heading]:
        """Headings holding every word typed (「男性 心」 finds 「…男性の心理」)."""
        words = normalize_text(prefix).split()
        if not words or _too_short(words[0]):
            return []
        ranked = []
        for order, heading in enumerate(self.headings):
            if all(word in heading.key for word in words):
                # Headings that start with what was typed first, then earlier matches, then article order.
                ranked.append((heading.key.find(words[0]), order, heading))
        return [heading for *_, heading in sorted(ranked, key=lambda r: r[:2])]

    def term_matches(self, prefix: str, limit: int) -> list[str]:
        """Words of the index that complete the last word typed, directly or through a reading,
        most frequent first (never just the word itself)."""
        words = normalize_text(prefix).split()
        if not words or _too_short(words[-1]) or words[-1].isdigit():  # 2 is no start of a word
            return []
        last = words[-1]
        counts: dict[str, float] = {}
        for name in (WORD_FIELDS["heading"], WORD_FIELDS["body"]):
            for frequency, raw in self._reader.most_frequent_terms(name, number=limit * 3, prefix=last):
                term = raw.decode() if isinstance(raw, bytes) else raw
                counts[term] = counts.get(term, 0.0) + frequency
        start = bisect.bisect_left(self._surfaces, (last, ""))
        for surface, lemma in self._surfaces[start : start + 200]:
            if not surface.startswith(last):
                break
            if lemma not in counts:
                counts[lemma] = float(self._reader.doc_frequency(WORD_FIELDS["body"], lemma))
        ranked = sorted(((f, t) for t, f in counts.items() if f > 0 and t != last), key=lambda ft: (-ft[0], ft[1]))
        return [self._display.get(term, term) for _, term in ranked[:limit]]

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        """Headings first (they answer directly), then word completions, at most limit in all."""
        if not prefix.strip():
            return []
        found: list[Suggestion] = []
        seen: set[str] = set()
        for heading in self.heading_matches(prefix):
            if heading.text not in seen:
                seen.add(heading.text)
                found.append(Suggestion(heading.text, "heading", heading.id))
        for term in self.term_matches(prefix, limit):
            if term not in seen:
                seen.add(term)
                found.append(Suggestion(term, "term"))
        return found[:limit]
