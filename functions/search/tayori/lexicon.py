"""The word lexicon the analyzer segments with, derived from the corpus at build time.

A morphological analyzer with a full dictionary (Sudachi) runs only in the build step; what the
query side needs from it — every surface form seen in the content, its normalized lemma, the
stems of inflecting words and the kana readings — is written as a small TSV next to the index.
Index text and query text are then segmented by the same code over the same lexicon.

File format, one entry per line: `surface<TAB>term term …[<TAB>stem]` (surface already
normalized); an empty term list marks a function word (particles, auxiliaries) that is consumed but
not indexed; `stem` marks the stem of an inflecting word (忙し, 待), which only counts as a word
when kana follow it: 待 in 待って is 待つ, in 招待状 it is not.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tayori.normalize import fold_kana

LEXICON_FILE = "lexicon.tsv"

# Cost of leaving one character unsegmented, against 1 per lexicon word: prefer covering text
# with known words, then fewer, longer words.
_UNKNOWN_CHAR_COST = 4.0
# Katakana spelling a hiragana entry (a reading typed in katakana) counts from this length: shorter
# ones are particles and endings (ノ, ハ), never a word a reader means.
MIN_KATAKANA_READING = 3
# After a stem (来, 忙し) comes an ending; a content word there is most often a misreading.
_AFTER_STEM = 1.5


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int
    terms: tuple[str, ...] | None  # None: not in the lexicon


class Lexicon:
    def __init__(self, entries: dict[str, tuple[str, ...]], stems: set[str] | None = None) -> None:
        self.entries = entries
        self.stems = stems or set()
        self.max_len = max((len(s) for s in entries), default=1)

    @classmethod
    def load(cls, path: Path) -> Lexicon:
        entries: dict[str, tuple[str, ...]] = {}
        stems: set[str] = set()
        with path.open(encoding="utf-8") as f:
            for line in f:
                surface, terms, *flags = line.rstrip("\n").split("\t")
                if surface:
                    entries[surface] = tuple(terms.split())
                    if "stem" in flags:
                        stems.add(surface)
        return cls(entries, stems)

    def save(self, path: Path) -> None:
        lines = (
            f"{s}\t{' '.join(t)}{chr(9) + 'stem' if s in self.stems else ''}\n" for s, t in sorted(self.entries.items())
        )
        path.write_text("".join(lines), encoding="utf-8")

    def _key(self, word: str) -> str | None:
        """The entry word is: itself, or for katakana of MIN_KATAKANA_READING characters or more the
        hiragana reading it spells (キドクスルー is the reading きどくするー of 既読スルー)."""
        if word in self.entries:
            return word
        if len(word) >= MIN_KATAKANA_READING and all("\u30a1" <= ch <= "\u30fc" for ch in word):
            folded = "".join(fold_kana(ch) for ch in word)
            return folded if folded in self.entries else None
        return None

    def _awaits_ending(self, key: str) -> bool:
        """Whether key is a verb's or adjective's form cut at its kanji (来 of 来なくなった): its
        lemma ends in kana, the form in kanji, so an ending must follow."""
        terms = self.entries[key]
        return bool(terms) and _is_kanji(key[-1]) and _is_kana(terms[0][-1])

    def segment(self, text: str) -> list[Segment]:
        """Cheapest cover of text by lexicon words and unknown characters (dynamic programming).

        A word right after an inflecting word's stem or kanji form costs _AFTER_STEM more unless it
        is a function word or ending: 来 + なく + なっ + た, not 来 + なくなっ (無くなる) + た."""
        n = len(text)
        inf = float("inf")
        # best[j][after_stem]: cheapest cover of text[:j] whose last segment is (1) or is not (0) a stem;
        # back[j][after_stem]: where that segment starts, the state before it, its entry (None: unknown)
        best = [[0.0, inf]] + [[inf, inf] for _ in range(n)]
        back: list[list[tuple[int, int, str | None]]] = [[(0, 0, None), (0, 0, None)] for _ in range(n + 1)]
        for i in range(n):
            if best[i][0] == inf and best[i][1] == inf:
                continue
            words = []  # (end, entry, whether an ending must follow) of every word starting at i
            for j in range(i + 1, min(n, i + self.max_len) + 1):
                key = self._key(text[i:j])
                if key is None or (key in self.stems and not (j < n and _is_kana(text[j]))):
                    continue  # a stem is a word only with kana after it (待 in 待って, not in 招待状)
                words.append((j, key, key in self.stems or self._awaits_ending(key)))
            for state in (0, 1):
                here = best[i][state]
                if here == inf:
                    continue
                if here + _UNKNOWN_CHAR_COST < best[i + 1][0]:
                    best[i + 1][0], back[i + 1][0] = here + _UNKNOWN_CHAR_COST, (i, state, None)
                for j, key, awaits in words:
                    cost = here + 1.0 + (_AFTER_STEM if state and self.entries[key] else 0.0)
                    after = int(awaits)
                    if cost < best[j][after] or (cost == best[j][after] and back[j][after][2] is None):
                        best[j][after], back[j][after] = cost, (i, state, key)
        segments: list[Segment] = []
        j, state = n, 0 if best[n][0] <= best[n][1] else 1
        while j > 0:
            i, previous, key = back[j][state]
            segments.append(Segment(i, j, self.entries[key] if key is not None else None))
            j, state = i, previous
        segments.reverse()
        return merge_unknown(segments)


def _is_kanji(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _is_kana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f"


def merge_unknown(segments: list[Segment]) -> list[Segment]:
    """Adjacent unknown characters form one unknown segment."""
    merged: list[Segment] = []
    for seg in segments:
        if seg.terms is None and merged and merged[-1].terms is None and merged[-1].end == seg.start:
            merged[-1] = Segment(merged[-1].start, seg.end, None)
        else:
            merged.append(seg)
    return merged
