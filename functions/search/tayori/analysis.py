"""The one text analyzer, shared by the index build and by the function at query time.

Index terms and query terms come from the same code over the same lexicon, so they cannot
drift apart (a page segmented one way and a query another is how correct passages vanish).

    normalize (width, case, kana; offsets kept)        tayori.normalize
    | split into chunks at punctuation and spaces
    | words: segment each chunk with the corpus lexicon → lemmas (忙しかった → 忙しい),
    |        compound parts and readings (れんらく → 連絡); function words dropped
    | grams: overlapping character bigrams of each CJK run (the recall safety net)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tayori.lexicon import Lexicon
from tayori.normalize import normalize, normalize_text, script_of

# Bump whenever the terms produced for a text change: it is part of the index build id.
ANALYZER_VERSION = "6"

_CHUNK = re.compile(r"[^\W_]+")  # runs of letters, digits, kana and kanji
_MIN_UNKNOWN_KANA = 3  # shorter unknown kana runs are particles and endings


@dataclass(frozen=True, slots=True)
class Term:
    """An analysed term and the span of source text it came from."""

    text: str
    start: int
    end: int


def script_runs(text: str, start: int, end: int) -> Iterator[tuple[str, int, int]]:
    """Maximal runs of one script inside text[start:end]: (script, start, end)."""
    run_start, current = start, ""
    for i in range(start, end):
        script = script_of(text[i])
        if script != current:
            if current:
                yield current, run_start, i
            current, run_start = script, i
    if current:
        yield current, run_start, end


class Analyzer:
    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or Lexicon({})

    def words(self, text: str) -> list[Term]:
        """Lemmas of the words of text; unknown kanji, kana and latin runs pass through whole."""
        norm, offsets = normalize(text, fold=False)
        terms: list[Term] = []

        def add(term: str, s: int, e: int) -> None:
            terms.append(Term(normalize_text(term), offsets[s], offsets[e - 1] + 1))

        for chunk in _CHUNK.finditer(norm):
            for seg in self.lexicon.segment(chunk.group()):
                s, e = chunk.start() + seg.start, chunk.start() + seg.end
                if seg.terms is not None:
                    for term in seg.terms:
                        add(term, s, e)
                    continue
                for script, rs, re_ in script_runs(norm, s, e):
                    if script != "kana" or re_ - rs >= _MIN_UNKNOWN_KANA:
                        add(norm[rs:re_], rs, re_)
        return terms

    def grams(self, text: str) -> list[Term]:
        """Overlapping character bigrams of CJK runs (a lone character is its own term);
        latin words whole."""
        norm, offsets = normalize(text)
        terms: list[Term] = []
        for chunk in _CHUNK.finditer(norm):
            cjk_start = None
            runs = [*script_runs(norm, chunk.start(), chunk.end()), ("", chunk.end(), chunk.end())]
            for script, s, e in runs:
                if script in ("kana", "kanji"):
                    cjk_start = s if cjk_start is None else cjk_start
                    continue
                if cjk_start is not None:
                    terms.extend(self._bigrams(norm, offsets, cjk_start, s))
                    cjk_start = None
                if script == "latin":
                    terms.append(Term(norm[s:e], offsets[s], offsets[e - 1] + 1))
        return terms

    @staticmethod
    def _bigrams(norm: str, offsets: list[int], start: int, end: int) -> Iterator[Term]:
        if end - start == 1:
            yield Term(norm[start], offsets[start], offsets[start] + 1)
            return
        for i in range(start, end - 1):
            yield Term(norm[i : i + 2], offsets[i], offsets[i + 1] + 1)


def term_string(terms: list[Term]) -> str:
    """Terms as the space-separated string the index fields are fed (terms never hold spaces)."""
    return " ".join(t.text for t in terms)
