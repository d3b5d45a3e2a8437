"""Japanese synonyms through English: two JMdict entries whose first English gloss is the same
mean the same (遠恋 and 遠距離恋愛 are both "long distance relationship"; 聯絡 is 連絡).

Sudachi's synonym groups (index/resources/synonyms.py) cover common words; readers also type
abbreviations and spellings that no group holds and the content never uses. A general entry whose
first gloss is the first gloss of a content word's entry, and of at most MAX_SHARING entries in
all, becomes a one-way rule `general spelling => content word`. Only spellings the content's
lexicon does not know at all are kept, and none in hiragana alone (homophones: かく is 書く, 欠く,
掻く …): a rule never changes how a word the articles use is read.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping

from index.resources.english import content_spelling, gloss_phrase
from index.resources.jmdict import Entry, JMdict
from tayori.normalize import is_hiragana
from tayori.thesaurus import Rule

SOURCE = "derived synonyms (JMdict glosses)"
MAX_SHARING = 2  # a first gloss more entries give ("to go", "time") names a broad meaning, not a synonym


def gloss_synonym_rules(
    jmdict: JMdict,
    content_entries: Iterable[Entry],
    entries_by_spelling: Mapping[str, Iterable[Entry]],
    content_words: Collection[str],
    is_unknown: Callable[[str], bool],
    readings: Mapping[str, str] | None = None,
) -> list[Rule]:
    """Rules `general spelling => content word, …` (sorted by spelling).

    content_entries: the content words' JMdict entries with their senses; entries_by_spelling:
    every entry by its folded spellings; content_words: folded lemmas as the index holds them;
    is_unknown(spelling): True when the content's lexicon knows no word of it; readings: as
    english.content_spelling takes them (homographs told apart by reading)."""
    by_gloss: dict[str, set[str]] = {}
    for entry in content_entries:
        target = content_spelling(entry, content_words, None, readings)
        if target is None or target[1] != 1.0 or not entry.senses or not entry.senses[0]:
            continue
        gloss = entry.senses[0][0]
        if gloss_phrase(gloss):
            by_gloss.setdefault(gloss.lower(), set()).add(target[0])
    spellings: dict[int, set[str]] = {}
    for spelling, entries in entries_by_spelling.items():
        for entry in entries:
            spellings.setdefault(entry.id, set()).add(spelling)
    found: dict[str, set[str]] = {}
    for gloss, ids in jmdict.first_glossed(by_gloss).items():
        if len(ids) > MAX_SHARING:
            continue
        for idseq in ids:
            for spelling in spellings.get(idseq, ()):
                if not is_hiragana(spelling) and spelling not in content_words and is_unknown(spelling):
                    found.setdefault(spelling, set()).update(by_gloss[gloss])
    return [Rule(SOURCE, line, (word,), tuple(sorted(found[word]))) for line, word in enumerate(sorted(found), 1)]
