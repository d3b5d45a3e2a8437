"""The one text analyzer, shared by the index build and by the function at query time.

Index terms and query terms come from the same code, so they cannot drift apart
(a page segmented one way and a query another is how correct passages vanish).

Pipeline, each step small and testable alone:
    normalize (NFKC width folding + case folding, with offsets back to the source)
    | split into script runs (kanji, hiragana, katakana, latin/digits)
    | emit terms: CJK runs as overlapping character bigrams, latin runs as words.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from whoosh.analysis import Token, Tokenizer

# Bump whenever the terms produced for a text change: it is part of the index build id.
ANALYZER_VERSION = "1"


@dataclass(frozen=True, slots=True)
class Term:
    """An analysed term and the span of source text it came from."""

    text: str
    start: int
    end: int


def normalize(text: str) -> tuple[str, list[int]]:
    """NFKC + casefold, one source character at a time, so every output character
    knows the source offset it came from (needed for highlight ranges).

    A half-width voiced mark (ｶﾞ) composes with the character before it."""
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        folded = unicodedata.normalize("NFKC", ch).casefold()
        if folded in ("\u3099", "\u309a", "\u309b", "\u309c", "゙", "゚") and out:
            mark = "\u3099" if folded in ("\u3099", "\u309b", "゙") else "\u309a"
            composed = unicodedata.normalize("NFC", out[-1] + mark)
            if len(composed) == 1:
                out[-1] = composed
                continue
        for c in folded:
            out.append(c)
            offsets.append(i)
    offsets.append(len(text))
    return "".join(out), offsets


def script_of(ch: str) -> str:
    """The script class of a normalized character; '' for separators and punctuation."""
    if "\u3041" <= ch <= "\u309f":
        return "hiragana"
    if "\u30a1" <= ch <= "\u30ff" or ch == "ー":
        return "katakana"
    if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or ch in "々〆ヶ":
        return "kanji"
    if ch.isalnum():
        return "latin"
    return ""


def script_runs(text: str) -> Iterator[tuple[str, int, int]]:
    """Maximal runs of one script: (script, start, end) in normalized text."""
    start = 0
    current = ""
    for i, ch in enumerate(text):
        script = script_of(ch)
        if script != current:
            if current:
                yield current, start, i
            current, start = script, i
    if current:
        yield current, start, len(text)


def bigrams(run: str, start: int) -> Iterator[tuple[str, int, int]]:
    """Overlapping character bigrams of a CJK run; a one-character run is its own term."""
    if len(run) == 1:
        yield run, start, start + 1
        return
    for i in range(len(run) - 1):
        yield run[i : i + 2], start + i, start + i + 2


def analyze(text: str) -> list[Term]:
    """The terms of a text, with spans into the original (un-normalized) text."""
    norm, offsets = normalize(text)
    terms: list[Term] = []
    for script, start, end in script_runs(norm):
        pieces = [(norm[start:end], start, end)] if script == "latin" else bigrams(norm[start:end], start)
        for piece, s, e in pieces:
            terms.append(Term(piece, offsets[s], offsets[e - 1] + 1))
    return terms


class TayoriTokenizer(Tokenizer):
    """Whoosh adapter around analyze(): the index sees exactly the terms queries are built from."""

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, term in enumerate(analyze(value)):
            token.text = term.text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value[term.start : term.end]
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + term.start
                token.endchar = start_char + term.end
            yield token


def whoosh_analyzer() -> TayoriTokenizer:
    return TayoriTokenizer()
