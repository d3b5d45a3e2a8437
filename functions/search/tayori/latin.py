"""The analyzer's stage for Latin-script runs: English words and the brand names inside Japanese text.

`LINE`, `iPhone` or `story` in an article and the same word typed alone reach one term, because
both go through these functions (after the shared width and case folding): contractions dropped,
irregular forms to their base form, a light, predictable suffix stemmer, function words marked.
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_ASCII_WORD = re.compile(r"[a-z0-9]+")
_CONTRACTIONS = ("n't", "'s", "'re", "'ve", "'ll", "'m", "'d")

# Irregular forms readers type, to the base form the stemmer then treats like any other.
_IRREGULAR = {
    "fell": "fall", "fallen": "fall", "left": "leave", "lost": "lose", "felt": "feel", "went": "go", "gone": "go",
    "came": "come", "got": "get", "gotten": "get", "thought": "think", "said": "say", "made": "make",
    "took": "take", "taken": "take", "gave": "give", "given": "give", "broke": "break", "broken": "break",
    "told": "tell", "saw": "see", "seen": "see", "knew": "know", "known": "know", "met": "meet", "sent": "send",
    "kept": "keep", "began": "begin", "stood": "stand", "men": "man", "guys": "guy", "children": "child",
    "women": "woman", "burnt": "burn", "spent": "spend", "wrote": "write", "written": "write", "bought": "buy",
    "wives": "wife", "lives": "life", "people": "person", "ate": "eat", "eaten": "eat", "slept": "sleep",
}


# Negations whose base is not what is left without n't.
_NEGATED = {"can't": "can", "won't": "will", "shan't": "shall"}


def words(run: str) -> list[tuple[str, int, int]]:
    """English words of a folded Latin run (lowercase, apostrophes as ') with their spans."""
    return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(run)]


def first_stem(text: str) -> str | None:
    """The first Latin term the analyzer gives a plain ASCII text (no apostrophes: they may join
    or split words), found without running it; None for any other text. Rule sets of thousands
    of English phrases are keyed by it at cold start."""
    if not text.isascii() or "'" in text:
        return None
    found = _ASCII_WORD.search(text.lower())
    return stem(found.group()) if found else None


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """ignore, ignored, ignoring → ignor; texting → text; stopped → stop; seeing → see; replies → reply;
    fell → fall.

    Deliberately light (no dictionary): the same rule runs on content and queries, so what matters
    is that inflected forms meet, not that the stem is a word."""
    for suffix in _CONTRACTIONS:
        if word.endswith(suffix):
            word = _NEGATED.get(word, word[: -len(suffix)])
            break
    word = _IRREGULAR.get(word, word)
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    for suffix in ("ing", "ed", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix) and not word.endswith("ss"):
            # agreed loses only its d, to meet agree
            word = word[:-1] if word.endswith("eed") else word[: -len(suffix)]
            if len(word) > 2 and word[-1] == word[-2] and word[-1] not in "aeioulsz":  # stopp, not see
                word = word[:-1]
            break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


# Function words and verbs too general to say what the reader asks about: dropped like particles.
# Contractions typed without the apostrophe (dont, im) are function words too.
_STOPWORDS = """a an the is are am was were be been do does did i me my mine you your he him his she her it
its we us our they them their to of in on at for and or but so if that this with from about as by can could should
would will what when still just really always never often sometimes usually get got give make want go going know
let keep kept seem tell say said after before instead all any some very too much more most now then than there here
ever even only also lot anymore because without
dont doesnt didnt cant couldnt wont wouldnt shouldnt isnt arent wasnt werent havent hasnt im ive youre hes shes
thats whats myself yourself himself herself itself ourselves yourselves themselves"""
STOPWORDS = frozenset(stem(w) for w in _STOPWORDS.split())
