"""Katakana spellings of the Latin words the articles use: a reader types ライン, らいん or ﾗｲﾝ for
the LINE of an article, ストーリー for its story.

JMdict glosses many katakana loanwords with their English source word (ライン: "line"). For every
Latin word of the content, the katakana spellings of the entries glossed exactly by it become
one-way synonym rules, katakana → the Latin word, which the analyzer then folds and stems on both
sides like any other rule. Build time only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from index.resources.jmdict import JMdict
from tayori.thesaurus import Rule

SOURCE = "loanwords (JMdict)"
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]+")


def latin_words(texts: Iterable[str]) -> set[str]:
    """The Latin words (two letters or more, lowercased) of the texts."""
    return {m.group().lower() for text in texts for m in _LATIN_WORD.finditer(text)}


def _katakana(text: str) -> bool:
    return bool(text) and all("\u30a1" <= ch <= "\u30ff" for ch in text)


def loanword_rules(jmdict: JMdict, words: set[str]) -> list[Rule]:
    """One rule per Latin word of the content that some JMdict entry glosses exactly (a whole
    gloss, case-insensitive): its katakana spellings → the word."""
    rules: list[Rule] = []
    for word, spellings in sorted(jmdict.katakana_glossed(words).items()):
        kana = tuple(sorted(s for s in spellings if _katakana(s)))
        if kana:
            rules.append(Rule(SOURCE, len(rules) + 1, kana, (word,)))
    return rules
