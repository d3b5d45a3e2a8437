"""Type-ahead: complete what the reader has typed so far with headings and frequent index terms.

Matching goes through the shared normalizer (width, case and kana folding), so 「ＬＩＮＥ」 completes
like 「line」 and 「ライン」 like 「らいん」; term completions are the index's own terms, so they are
exactly what the analyzer produced for the content.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.fields import TEXT

from tayori.analysis import normalize

MAX_PREFIX = 50  # type-ahead is for the start of a query, not a paragraph


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


def normalize_text(text: str) -> str:
    return normalize(text)[0]


def normalized(text: str) -> str:
    return "".join(normalize_text(text).split())


@dataclass(frozen=True)
class Heading:
    id: str
    text: str
    key: str  # normalized, spaces removed


class Suggester:
    """Completions from one index build; headings are read once, terms from Whoosh's term index."""

    def __init__(self, build_dir: Path) -> None:
        self.build_dir = build_dir

    @cached_property
    def _reader(self) -> Any:
        return whoosh_index.open_dir(str(self.build_dir)).reader()

    @cached_property
    def headings(self) -> list[Heading]:
        found = []
        for doc in sorted(self._reader.all_stored_fields(), key=lambda d: (d.get("slug", ""), d.get("position", 0))):
            text = doc["heading"]
            found.append(Heading(doc["id"], text, normalized(text)))
        return found

    @cached_property
    def _term_fields(self) -> list[str]:
        """Every analysed text field of the index (headings, body, …): their terms are what search matches."""
        return [name for name, field in self._reader.schema.items() if isinstance(field, TEXT)]

    def heading_matches(self, prefix: str) -> list[Heading]:
        """Headings holding every word typed (「男性 心」 finds 「…男性の心理」)."""
        words = normalize_text(prefix).split()
        if not words:
            return []
        ranked = []
        for order, heading in enumerate(self.headings):
            if all(word in heading.key for word in words):
                # Headings that start with what was typed first, then earlier matches, then article order.
                ranked.append((heading.key.find(words[0]), order, heading))
        return [heading for *_, heading in sorted(ranked, key=lambda r: r[:2])]

    def term_matches(self, prefix: str, limit: int) -> list[str]:
        """Frequent index terms that extend the last word typed (never just the word itself)."""
        words = normalize_text(prefix).split()
        if not words:
            return []
        last = words[-1]
        counts: dict[str, float] = {}
        for name in self._term_fields:
            for frequency, raw in self._reader.most_frequent_terms(name, number=limit * 3, prefix=last):
                term = raw.decode() if isinstance(raw, bytes) else raw
                if term != last and term.startswith(last):
                    counts[term] = counts.get(term, 0.0) + frequency
        return [term for term, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))][:limit]

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        if not prefix.strip():
            return []
        found: list[Suggestion] = []
        seen: set[str] = set()
        for heading in self.heading_matches(prefix):
            if heading.text not in seen:
                seen.add(heading.text)
                found.append(Suggestion(heading.text, "heading", heading.id))
        # Headings answer directly, so they come first; terms fill what is left.
        for term in self.term_matches(prefix, limit):
            if term not in seen:
                seen.add(term)
                found.append(Suggestion(term, "term"))
        return found[:limit]
