"""The build step's one call into the general language resources: derive, then save next to the index.

    derived = derive(content_lexicon, passage_texts)
    derived.save(staging)          # lexicon.tsv (content + general words), derived_*.txt rules

The query side needs nothing new to use them: the lexicon is the one it already loads, and
`tayori.thesaurus.load` reads the derived rule files beside the editors' ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from sudachipy import Dictionary, SplitMode

from index.resources.english import content_spelling, english_rules, english_terms, is_spelling_to_translate
from index.resources.jmdict import Entry, JMdict
from index.resources.loanwords import latin_words, loanword_rules
from index.resources.pivot import gloss_synonym_rules
from index.resources.synonyms import synonym_groups, synonym_rules
from index.resources.vocabulary import candidate_words, general_lexicon, merge
from tayori import thesaurus
from tayori.analysis import Analyzer
from tayori.lexicon import LEXICON_FILE, Lexicon
from tayori.normalize import is_japanese, normalize_text
from tayori.thesaurus import Rule


@dataclass(frozen=True)
class Options:
    """Which resources to derive (each was measured alone and together: docs/analysis.md)."""

    vocabulary: bool = False  # measured: no gain on this engine, 14× the lexicon (docs/analysis.md)
    common_only: bool = True  # JMdict's common entries only, or every entry
    hiragana: bool = False  # hiragana words and readings of general words (they can swallow particles)
    katakana: bool = True  # katakana loanwords
    english: bool = True
    synonyms: bool = True
    synonyms_between_content_words: bool = False
    gloss_synonyms: bool = True  # general words whose first gloss a content word shares (遠恋 → 遠距離恋愛)
    loanwords: bool = True  # katakana spellings of the content's Latin words (ライン → LINE)


@dataclass
class Derived:
    lexicon: Lexicon
    english: list[Rule] = field(default_factory=list)
    synonyms: list[Rule] = field(default_factory=list)

    def save(self, directory: Path) -> dict[str, int]:
        """Writes the lexicon and the rule files into directory; returns each file's size in bytes."""
        self.lexicon.save(directory / LEXICON_FILE)
        (directory / thesaurus.DERIVED_ENGLISH_FILE).write_text(thesaurus.dump(self.english), encoding="utf-8")
        (directory / thesaurus.DERIVED_SYNONYMS_FILE).write_text(thesaurus.dump(self.synonyms), encoding="utf-8")
        names = (LEXICON_FILE, thesaurus.DERIVED_ENGLISH_FILE, thesaurus.DERIVED_SYNONYMS_FILE)
        return {name: (directory / name).stat().st_size for name in names}


def content_words(lexicon: Lexicon, texts: Iterable[str]) -> set[str]:
    """The word terms (folded lemmas) of the content's texts, as the index holds them."""
    analyzer = Analyzer(lexicon)
    return {term.text for text in texts for term in analyzer.words(text)}


@cache
def _jmdict_entries() -> tuple[Entry, ...]:
    """JMdict's entries (spellings and commonness), read once per process (~1 s)."""
    jmdict = JMdict()
    try:
        return tuple(jmdict.entries())
    finally:
        jmdict.close()


@cache
def _gloss_words() -> frozenset[str]:
    """JMdict's gloss vocabulary (english.with_relatives keeps the relatives it holds), read once per process."""
    jmdict = JMdict()
    try:
        return jmdict.gloss_words()
    finally:
        jmdict.close()


@cache
def _entries_by_spelling() -> dict[str, tuple[Entry, ...]]:
    """JMdict's entries by each spelling english.content_spelling could match (folded): a build
    then looks at the entries of its own words, not at all 190,000 (read once per process)."""
    found: dict[str, list[Entry]] = {}
    for entry in _jmdict_entries():
        for spelling in entry.kanji or entry.kana:
            if is_spelling_to_translate(spelling, entry):
                found.setdefault(normalize_text(spelling), []).append(entry)
    return {spelling: tuple(entries) for spelling, entries in found.items()}


@cache
def _candidates(common_only: bool) -> tuple[str, ...]:
    return tuple(candidate_words(_jmdict_entries(), common_only=common_only))


@cache
def _general_lexicon(common_only: bool, hiragana: bool, katakana: bool) -> Lexicon:
    return general_lexicon(_candidates(common_only), hiragana, katakana)


@cache
def _synonym_groups(common_only: bool) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(g) for g in synonym_groups(_candidates(common_only)).values())


def derive(
    content_lexicon: Lexicon,
    texts: Iterable[str],
    editors: thesaurus.Thesaurus | None = None,
    options: Options | None = None,
) -> Derived:
    """General vocabulary merged into the content's lexicon, English and synonym rules for the
    content's words. Where the editors' English file already has a rule for a phrase, theirs is
    the only one (they know the articles); synonyms are added to theirs. Reads JMdict
    (jamdict-data) and Sudachi's dictionary: build time only."""
    options = options or Options()
    editors = editors or thesaurus.Thesaurus([], [], [])
    texts = list(texts)
    words = content_words(content_lexicon, texts)
    derived = Derived(content_lexicon)
    if options.vocabulary:
        general = _general_lexicon(options.common_only, options.hiragana, options.katakana)
        derived.lexicon = merge(content_lexicon, general)
    if options.synonyms:
        groups = _synonym_groups(options.common_only)
        derived.synonyms = synonym_rules(groups, words, options.synonyms_between_content_words)
    if options.english:
        # A general synonym's glosses also reach the content word (和解's "settlement" → 仲直り).
        aliases = {
            normalize_text(r.lhs[0]): normalize_text(r.rhs[0]) for r in derived.synonyms if is_japanese(r.rhs[0])
        }
        readings = kana_readings(words | aliases.keys())
        jmdict = JMdict()
        try:
            by_spelling = _entries_by_spelling()
            candidates = {e.id: e for w in words | aliases.keys() for e in by_spelling.get(w, ())}
            glossed = jmdict.with_senses(
                e for _, e in sorted(candidates.items()) if content_spelling(e, words, aliases, readings)
            )
            unknown = _unknown_to(content_lexicon)
            pivot = gloss_synonym_rules(jmdict, glossed, by_spelling, words, unknown, readings)
            derived.english = english_rules(glossed, words, aliases, readings, _gloss_words())
        finally:
            jmdict.close()
        if options.gloss_synonyms:  # (they need the content words' glosses read above)
            derived.synonyms += pivot
    if options.loanwords:
        jmdict = JMdict()
        try:
            derived.synonyms += loanword_rules(jmdict, latin_words(texts))
        finally:
            jmdict.close()
    # An editors' English rule replaces the derived one for its phrase (the glosses of a common
    # English word scatter over senses); general synonyms add to theirs, since a Japanese word's
    # synonyms are the same in every article.
    derived.english = _not_in(derived.english, editors.english, english_terms)
    return derived


def _unknown_to(lexicon: Lexicon) -> Callable[[str], bool]:
    """Whether a text is one stretch that lexicon knows no word of (遠恋 for articles without it)."""
    analyzer = Analyzer(lexicon)

    def unknown(text: str) -> bool:
        analysis = analyzer.analyse(text)
        return analysis.word_texts == [t.text for t in analysis.unknown]

    return unknown


def kana_readings(words: Iterable[str]) -> dict[str, str]:
    """Sudachi's reading (folded to hiragana) of each word it reads as one morpheme."""
    tokenizer = Dictionary(dict="core").tokenizer(mode=SplitMode.C)
    readings = {}
    for word in words:
        morphemes = tokenizer.tokenize(word)
        if len(morphemes) == 1 and not morphemes[0].is_oov():
            readings[word] = normalize_text(morphemes[0].reading_form())
    return readings


def _not_in(derived: list[Rule], editors: list[Rule], key: Callable[[str], object]) -> list[Rule]:
    """The derived rules whose left side no editors' rule has (compared as key makes them)."""
    taken = {str(key(p)) for rule in editors for p in rule.lhs}
    return [r for r in derived if str(key(r.lhs[0])) not in taken]
