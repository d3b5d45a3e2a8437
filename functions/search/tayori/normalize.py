"""The analyzer's first stage: character normalization with offsets back to the source text.

Readers type the same word many ways: ＬＩＮＥ/LINE (width), ﾗｲﾝ/ライン (half-width kana),
らいん/ライン (hiragana/katakana). All fold to one form here, one source character at a time,
so every normalized character knows where it came from (highlight ranges need that), as Lucene's
CharFilters correct offsets when normalization changes the length of the text.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_VOICED_MARKS = {"\u3099": "\u3099", "\u309b": "\u3099", "\u309a": "\u309a", "\u309c": "\u309a"}
_KATAKANA_TO_HIRAGANA = 0x30A1 - 0x3041


def fold_kana(ch: str) -> str:
    """Katakana → hiragana (ァ..ヶ); the long vowel mark and others are kept."""
    if "\u30a1" <= ch <= "\u30f6":
        return chr(ord(ch) - _KATAKANA_TO_HIRAGANA)
    return ch


@lru_cache(maxsize=8192)
def _char(ch: str, fold: bool) -> str:
    """One source character, NFKC- and case-folded (and kana-folded with fold)."""
    folded = unicodedata.normalize("NFKC", ch).casefold()
    return "".join(fold_kana(c) for c in folded) if fold else folded


def normalize(text: str, fold: bool = True) -> tuple[str, list[int]]:
    """NFKC width folding, case folding and (with fold) katakana → hiragana folding.

    Word segmentation runs unfolded, so a katakana word stays visibly one run (ライン is not
    mistaken for the particles ら・い・ん); the terms it yields are folded afterwards.

    Returns the normalized text and, for each of its characters, the offset of the source
    character it came from, plus a final entry for the end of the text (use `source_end` for the
    end of a span). A voiced mark (ｶﾞ, or a combining ゛ as in NFD text) composes with the
    character before it, as NFKC does for a whole string."""
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        folded = _char(ch, fold)
        mark = _VOICED_MARKS.get(folded.strip())
        if mark and out:
            composed = unicodedata.normalize("NFC", out[-1] + mark)
            if len(composed) == 1:
                out[-1] = fold_kana(composed) if fold else composed
                continue
        for c in folded:
            out.append(c)
            offsets.append(i)
    offsets.append(len(text))
    return "".join(out), offsets


def source_end(offsets: list[int], end: int) -> int:
    """The source offset just after normalized characters [.., end): it takes in a voiced mark that
    composed into the last character (ﾌﾞ is two source characters, one normalized)."""
    return max(offsets[end], offsets[end - 1] + 1)


@lru_cache(maxsize=65536)
def normalize_text(text: str, fold: bool = True) -> str:
    """The normalized text alone (cached: analysis normalizes the same short terms again and again)."""
    return normalize(text, fold)[0]


def script_of(ch: str) -> str:
    """The script class of a normalized character: "kana", "kanji", "latin" (letters and digits)
    or "" for separators and punctuation."""
    if "\u3041" <= ch <= "\u309f" or ch == "ー":
        return "kana"
    if "\u30a1" <= ch <= "\u30ff":
        return "kana"
    if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or ch in "々〆ヶ":
        return "kanji"
    if ch.isalnum():
        return "latin"
    return ""


def is_japanese(text: str) -> bool:
    # Kana and kanji stay kana and kanji under normalization, and ASCII never becomes either:
    # only other text needs normalizing (derived rule files hold thousands of phrases).
    if text.isascii():
        return False
    if any(script_of(ch) in ("kana", "kanji") for ch in text):
        return True
    return any(script_of(ch) in ("kana", "kanji") for ch in normalize_text(text))


def is_hiragana(text: str) -> bool:
    return all("\u3041" <= ch <= "\u309f" or ch == "ー" for ch in text)
