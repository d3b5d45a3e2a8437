"""General vocabulary for segmentation: words the content never uses, known all the same.

A query word the articles lack (同棲, 夜中, 確定申告) should still be segmented as a real word, with
its lemma and reading, rather than left as an opaque run: a real word no passage contains then
counts against the passage, which is how a near-topic query finds nothing, and a variant spelling
of a content word (カレシ, 淋しい) reaches that word through Sudachi's normalized lemma.

The candidates are JMdict's spellings; Sudachi (the same dictionary and mode as the content's
lexicon) decides which are one content word and gives their terms, stems and readings, so general
entries have exactly the shape of the content's. The content's own entries always win.
"""

from __future__ import annotations

from collections.abc import Iterable

from sudachipy import Dictionary, SplitMode

from index.lexicon import LexiconBuilder
from index.resources.jmdict import Entry
from tayori.lexicon import Lexicon
from tayori.normalize import script_of

# Parts of speech of words worth knowing: nouns, verbs, adjectives and adjectival nouns.
CONTENT_POS = frozenset({"名詞", "動詞", "形容詞", "形状詞"})
# Hiragana-only words shorter than this are left out: in a query, a short kana word found inside a
# run of particles and endings (いか in 来ないかな) would be a false word that no passage contains.
MIN_HIRAGANA_WORD = 3


def candidate_words(entries: Iterable[Entry], common_only: bool = True) -> list[str]:
    """Every spelling of the (common) entries, in dictionary order, without repeats."""
    return list(dict.fromkeys(form for e in entries if e.common or not common_only for form in e.forms))


def is_worth_segmenting(word: str, hiragana: bool = False, katakana: bool = True) -> bool:
    """Words with a kanji (of two characters or more); with katakana, katakana words of two characters or more; with
    hiragana, hiragana-only words of MIN_HIRAGANA_WORD characters or more."""
    scripts = {script_of(ch) for ch in word}
    if "kanji" in scripts:
        # A lone kanji is mostly a verb's stem or a bound morpheme (言 in 言っちゃう is 言う, not 言).
        return len(word) > 1
    if not scripts or scripts != {"kana"} or len(word) < 2:
        return False
    if all(map(_is_hiragana, word)):
        return hiragana and len(word) >= MIN_HIRAGANA_WORD
    return katakana


def _is_hiragana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f"


def general_lexicon(words: Iterable[str], hiragana: bool = False, katakana: bool = True) -> Lexicon:
    """Lexicon entries for the words Sudachi reads as one known content word (one morpheme,
    not out of vocabulary, a part of speech in CONTENT_POS), in the shape of the content's
    lexicon: surface → lemma and compound parts, stems of inflecting words. Only surfaces that
    pass is_worth_segmenting are kept: with hiragana, kana readings (どうせい → 同棲) and
    hiragana words too, else none, since in a query they swallow particles and endings
    (したい read as 死体); without katakana, no loanwords."""
    tokenizer = Dictionary(dict="core").tokenizer(mode=SplitMode.C)
    builder = LexiconBuilder()
    for word in words:
        if not is_worth_segmenting(word, hiragana, katakana):
            continue
        morphemes = tokenizer.tokenize(word)
        if len(morphemes) != 1 or morphemes[0].is_oov() or morphemes[0].part_of_speech()[0] not in CONTENT_POS:
            continue
        if morphemes[0].part_of_speech()[1] == "数詞":
            continue
        builder.add_text(word)
    built = builder.lexicon()
    kept = {
        surface: terms
        for surface, terms in built.entries.items()
        if terms and is_worth_segmenting(surface, hiragana, katakana)
    }
    return Lexicon(kept, built.stems & kept.keys())


def merge(content: Lexicon, general: Lexicon) -> Lexicon:
    """The content's lexicon plus the general entries for surfaces it lacks (content wins). A
    general entry that begins a content stem is left out: 少 (of the variant 少い) before なくて
    would tie with the content's 少な before くて and could take its place."""
    content_stems = {stem[:n] for stem in content.stems for n in range(1, len(stem))}
    entries = {s: t for s, t in general.entries.items() if s not in content_stems}
    entries.update(content.entries)
    stems = content.stems | (general.stems & entries.keys()) - content.entries.keys()
    return Lexicon(entries, stems)
