"""Japanese synonyms and variants for the content's vocabulary, from Sudachi's synonym groups.

Sudachi's dictionary tags a word with the ids of the synonym groups it belongs to (和解 and 仲直り
share one; 無視 and スルー another). Grouping the general vocabulary's words by those ids gives,
for every content word, the general words that mean the same: each becomes a one-way rule
`general word => content word`, so a reader's 和解 also searches the content's 仲直り. Spelling
variants (カレシ, 淋しい) need no rule: Sudachi's normalized lemma already folds them in the lexicon.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sudachipy import Dictionary, SplitMode

from tayori.normalize import is_hiragana, normalize_text
from tayori.thesaurus import Rule

SOURCE = "derived synonyms (Sudachi)"
# A group this large is a broad topic ("feelings"), not words that mean the same.
MAX_GROUP = 8


def synonym_groups(words: Iterable[str]) -> dict[int, set[str]]:
    """Sudachi's synonym group id → the normalized lemmas of the given words in it (a word counts
    only when Sudachi reads it as one morpheme)."""
    tokenizer = Dictionary(dict="core").tokenizer(mode=SplitMode.C)
    groups: dict[int, set[str]] = {}
    for word in words:
        morphemes = tokenizer.tokenize(word)
        if len(morphemes) == 1 and not morphemes[0].is_oov():
            for group in morphemes[0].synonym_group_ids():
                groups.setdefault(group, set()).add(morphemes[0].normalized_form())
    return groups


def synonym_rules(
    groups: Iterable[Collection[str]], content_words: Collection[str], between_content_words: bool = False
) -> list[Rule]:
    """For each group of at most MAX_GROUP words with a word the content uses (folded as the
    analyzer folds terms), one rule from every other member to the content's members; with
    between_content_words, content words of one group also search each other."""
    rules: list[Rule] = []
    for group in groups:
        if len(group) > MAX_GROUP:
            continue
        members = sorted(group)
        # A word in hiragana alone is a homophone (なくなる: 無くなる "run out" and 亡くなる "die"):
        # the group says nothing about which one the content means.
        targets = tuple(w for w in members if normalize_text(w) in content_words and not is_hiragana(w))
        for word in members:
            rhs = tuple(t for t in targets if t != word)
            if rhs and (between_content_words or normalize_text(word) not in content_words):
                rules.append(Rule(SOURCE, len(rules) + 1, (word,), rhs))
    return rules
