"""Snippets: the sentences of a passage that best match the query, with highlight ranges.

Ranges are [start, end) offsets in Unicode code points into the snippet text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from tayori.analysis import Term
from tayori.normalize import script_of

SENTENCE_END = frozenset("。!?！？")
OPENING, CLOSING = "「『（(【", "」』）)】"
MAX_SNIPPET_CHARS = 160
SEPARATOR = " … "


def sentences(text: str) -> list[str]:
    """text's sentences: each ends at 。, ! or ? outside quotes and brackets (「どうして?」 is inside
    its sentence), with the closing brackets that follow, or at a line break."""
    found: list[str] = []
    start = depth = 0
    for i, ch in enumerate(text):
        if ch in OPENING:
            depth += 1
        elif ch in CLOSING:
            depth = max(depth - 1, 0)
        if ch == "\n" or (ch in SENTENCE_END and depth == 0 and text[i + 1 : i + 2] not in CLOSING + "!?！？"):
            found.append(text[start : i + 1])
            start = i + 1
            if ch == "\n":
                depth = 0  # a line break ends an unclosed quote too
    found.append(text[start:])
    return [s.strip() for s in found if s.strip()]


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
MAX_PHRASE_GAP = 3  # characters between a phrase's words: particles and endings (連絡を控える)


def phrase_spans(terms: list[Term], phrase: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where the phrase's terms stand in order, each within MAX_PHRASE_GAP of the one before: one
    range from the first term's start to the last one's end per occurrence."""
    found = []
    for i, first in enumerate(terms):
        if first.text != phrase[0]:
            continue
        end, k = first.end, 1
        for term in terms[i + 1 :]:
            if k == len(phrase) or term.start - end > MAX_PHRASE_GAP:
                break
            if term.text == phrase[k]:
                end, k = term.end, k + 1
        if k == len(phrase):
            found.append((first.start, end))
    return found


def analyse_sentences(body: str, analyze: Callable[[str], list[Term]]) -> list[AnalysedSentence]:
    """A passage's sentences with their terms: computed once per passage and reused."""
    return [(sentence, analyze(sentence)) for sentence in sentences(body)]


def build_snippet(
    analysed: list[AnalysedSentence],
    weights: Mapping[tuple[str, ...], float],
    max_chars: int = MAX_SNIPPET_CHARS,
) -> tuple[str, list[list[int]]]:
    """Pick the best sentences (by the weight of the distinct query phrases they hold), keep them
    in reading order, and return the snippet with the ranges of the terms of those phrases.

    weights maps a phrase (its terms, all of which must be in the sentence) to its weight."""
    scored: list[tuple[float, int, str, list[tuple[int, int]]]] = []
    for index, (sentence, terms) in enumerate(analysed):
        score = 0.0
        marked: list[tuple[int, int]] = []
        for phrase, weight in weights.items():
            found = phrase_spans(terms, phrase)
            if found:
                score += weight
                # One kana alone (the き of a 来る read into 好き) tells the reader nothing: not marked.
                marked.extend((s, e) for s, e in found if e - s > 1 or script_of(sentence[s]) != "kana")
        scored.append((score, index, sentence, marked))
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
