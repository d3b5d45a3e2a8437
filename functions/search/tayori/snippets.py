"""Snippets: the sentences of a passage that best match the query, with highlight ranges.

Ranges are [start, end) offsets in Unicode code points into the snippet text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from tayori.analysis import Term

SENTENCE_END = re.compile(r"(?<=[。!?!?])|\n")
MAX_SNIPPET_CHARS = 160
SEPARATOR = " … "


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if s and s.strip()]


def merge(ranges: list[tuple[int, int]]) -> list[list[int]]:
    """Overlapping or touching ranges (bigrams of one word) become one range."""
    merged: list[list[int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


AnalysedSentence = tuple[str, list[Term]]


def analyse_sentences(body: str, analyze: Callable[[str], list[Term]]) -> list[AnalysedSentence]:
    """A passage's sentences with their terms: computed once per passage and reused."""
    return [(sentence, analyze(sentence)) for sentence in sentences(body)]


def build_snippet(
    analysed: list[AnalysedSentence],
    weights: Mapping[str, float],
    max_chars: int = MAX_SNIPPET_CHARS,
) -> tuple[str, list[list[int]]]:
    """Pick the best sentences (by the weight of distinct query terms they contain), keep them in
    reading order, and return the snippet with the ranges of the terms that matched."""
    scored: list[tuple[float, int, str, list[tuple[int, int]]]] = []
    for index, (sentence, terms) in enumerate(analysed):
        matched = [t for t in terms if t.text in weights]
        score = sum(weights[text] for text in {t.text for t in matched})
        scored.append((score, index, sentence, [(t.start, t.end) for t in matched]))
    if not scored:
        return "", []
    best = sorted(scored, key=lambda s: (-s[0], s[1]))
    chosen = [best[0]]
    length = len(best[0][2])
    for candidate in best[1:]:
        if candidate[0] <= 0 or length + len(SEPARATOR) + len(candidate[2]) > max_chars:
            continue
        chosen.append(candidate)
        length += len(SEPARATOR) + len(candidate[2])
    chosen.sort(key=lambda s: s[1])
    parts: list[str] = []
    ranges: list[tuple[int, int]] = []
    offset = 0
    for _, _, sentence, spans in chosen:
        if parts:
            offset += len(SEPARATOR)
        text = sentence
        if len(text) > max_chars:
            text = text[: max_chars - 1] + "…"
            spans = [(s, e) for s, e in spans if e <= max_chars - 1]
        parts.append(text)
        ranges.extend((offset + s, offset + e) for s, e in spans)
        offset += len(text)
    return SEPARATOR.join(parts), merge(ranges)
