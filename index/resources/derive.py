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

from index.resources.english import content_spelling, english_rules
from index.resources.jmdict import Entry, JMdict
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

    vocabulary: bool = True
    common_only: bool = True  # JMdict's common entries only, or every entry
    hiragana: bool = False  # hiragana words and readings of general words (they can swallow particles)
    katakana: bool = True  # katakana loanwords
    english: bool = True
    synonyms: bool = True
    synonyms_between_content_words: bool = False


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
def _general_resources(
    common_only: bool, hiragana: bool, katakana: bool
) -> tuple[list[Entry], Lexicon, list[set[str]]]:
    """What does not depend on the content, read once per process: JMdict's entries, the general
    lexicon and Sudachi's synonym groups of the candidate words."""
    jmdict = JMdict()
    try:
        entries = list(jmdict.entries())
    finally:
        jmdict.close()
    candidates = candidate_words(entries, common_only=common_only)
    return entries, general_lexicon(candidates, hiragana, katakana), list(synonym_groups(candidates).values())


def derive(
    content_lexicon: Lexicon,
    texts: Iterable[str],
    editors: thesaurus.Thesaurus | None = None,
    options: Options | None = None,
) -> Derived:
    """General vocabulary merged into the content's lexicon, English and synonym rules for the
    content's words. Where the editors' files already have a rule for a phrase, theirs is the
    only one (they know the articles). Reads JMdict (jamdict-data) and Sudachi's dictionary:
    build time only."""
    options = options or Options()
    editors = editors or thesaurus.Thesaurus([], [], [])
    words = content_words(content_lexicon, texts)
    entries, general, groups = _general_resources(options.common_only, options.hiragana, options.katakana)
    derived = Derived(merge(content_lexicon, general) if options.vocabulary else content_lexicon)
    synonyms = synonym_rules(groups, words, options.synonyms_between_content_words)
    if options.synonyms:
        derived.synonyms = synonyms
    if options.english:
        # A general synonym's glosses also reach the content word (和解's "settlement" → 仲直り).
        aliases = {
            normalize_text(r.lhs[0]): normalize_text(r.rhs[0])
            for r in (synonyms if options.synonyms else [])
            if is_japanese(r.rhs[0])
        }
        readings = kana_readings(words | aliases.keys())
        jmdict = JMdict()
        try:
            glossed = jmdict.with_senses(e for e in entries if content_spelling(e, words, aliases, readings))
        finally:
            jmdict.close()
        derived.english = english_rules(glossed, words, aliases, readings)
    derived.english = _not_in(derived.english, editors.english, thesaurus.english_terms)
    derived.synonyms = _not_in(derived.synonyms, editors.synonyms, normalize_text)
    return derived


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
