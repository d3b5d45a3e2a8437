"""Derives the analyzer's lexicon from the content with Sudachi (build time only).

Sudachi's dictionary is ~190 MB installed: too large and too slow to load for the function.
Instead, every word Sudachi finds in the content (and in the editors' synonym and English
lexicon files) becomes a lexicon entry mapping its surface to Sudachi's normalized lemma, plus:
- the compound's shorter parts (冷却期間 also indexes 冷却 and 期間),
- the stem of inflecting words (忙し → 忙しい), so forms that never occur in the content
  (忙しかった, 来ない) still reach the lemma,
- the kana reading of kanji words (れんらく → 連絡).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from sudachipy import Dictionary, SplitMode

from tayori.lexicon import LEXICON_FILE, Lexicon
from tayori.normalize import normalize_text, script_of
from tayori.thesaurus import Thesaurus

if TYPE_CHECKING:
    from index.content import Article, Passage

__all__ = ["LEXICON_FILE", "LexiconBuilder", "build_lexicon"]

# Parts of speech that carry no meaning for search: consumed by segmentation, never indexed.
FUNCTION_POS = {"助詞", "助動詞", "補助記号", "記号", "空白", "接尾辞", "接頭辞", "代名詞"}
# Lemmas too common to help ranking (formal nouns, light verbs), after normalization.
_STOP_LEMMAS = "為る 居る 有る 成る 事 物 為 様 所 時 の ん 其の 此の 言う 思う 出来る 儘 まま もう より 許り 丈"
STOP_LEMMAS = {normalize_text(w) for w in _STOP_LEMMAS.split()}
INFLECTING_POS = {"動詞", "形容詞"}
# Conjugation endings and auxiliaries, known whatever the content says, so a form the articles
# never use (忙しければ, 来なかった) still splits into its stem and an ending that is not indexed.
_ENDINGS = """い く かった くて くない くなかった ければ かろう さ ない なかった なくて なく なければ ます ました
ません ませんでした ましょう て た ている ていた ていない てる てた てない てしまう ちゃう じゃう った って っている
っちゃう れる られる せる させる ば たら たり たい たくない ず ぬ よう う る ろ れ"""
ENDINGS = _ENDINGS.split()
MIN_READING = 3


def _has_kanji(text: str) -> bool:
    return any(script_of(ch) == "kanji" for ch in text)


class LexiconBuilder:
    def __init__(self) -> None:
        self._tokenizer = Dictionary(dict="core").tokenizer(mode=SplitMode.C)
        self._entries: dict[str, tuple[str, ...]] = {}
        self._stems: set[str] = set()

    def _put(self, surface: str, terms: tuple[str, ...], stem: bool = False) -> None:
        """Entries are keyed by unfolded surface (segmentation sees katakana as katakana);
        a katakana surface is also reachable typed in hiragana. A surface seen as a word in its
        own right is never only a stem."""
        unfolded = normalize_text(surface, fold=False)
        if not unfolded.strip():
            return
        for key in dict.fromkeys((unfolded, normalize_text(surface))):
            if key not in self._entries:
                if stem:
                    self._stems.add(key)
            elif not stem:
                self._stems.discard(key)
            if key not in self._entries or (terms and not self._entries[key]):
                self._entries[key] = terms

    def add_text(self, text: str) -> None:
        for morpheme in self._tokenizer.tokenize(text):
            surface = morpheme.surface()
            pos = morpheme.part_of_speech()[0]
            lemma = normalize_text(morpheme.normalized_form())
            if pos in FUNCTION_POS or lemma in STOP_LEMMAS or not lemma.strip():
                self._put(surface, ())
                continue
            parts = tuple(
                normalize_text(m.normalized_form())
                for m in morpheme.split(SplitMode.A)
                if m.part_of_speech()[0] not in FUNCTION_POS
            )
            terms = tuple(dict.fromkeys((lemma, *parts)))
            self._put(surface, terms)
            if pos in INFLECTING_POS:
                dictionary_form = morpheme.dictionary_form()
                stem = dictionary_form[:-1]
                if _has_kanji(stem) or (len(stem) >= 2 and all("\u30a1" <= c <= "\u30fc" for c in stem)):
                    self._put(stem, (lemma,), stem=True)
                    # (a katakana stem too: ハマっ finds ハマる) The stem typed in kana: さびしく finds 寂しい.
                    kana_stem = normalize_text(self._reading(dictionary_form))[:-1]
                    if len(kana_stem) >= MIN_READING:
                        self._put(kana_stem, (lemma,), stem=True)
            reading = morpheme.reading_form()
            if _has_kanji(surface) and len(reading) >= MIN_READING and pos == "名詞":
                self._put(normalize_text(reading), terms)

    def _reading(self, word: str) -> str:
        return "".join(m.reading_form() for m in self._tokenizer.tokenize(word))

    def add_texts(self, texts: Iterable[str]) -> None:
        for text in texts:
            self.add_text(text)

    def lexicon(self) -> Lexicon:
        entries = dict(self._entries)
        for ending in ENDINGS:
            entries.setdefault(ending, ())
        return Lexicon(entries, {s for s in self._stems if s in entries})


def build_lexicon(articles: Sequence[tuple[Article, Sequence[Passage]]], rules: Thesaurus) -> Lexicon:
    """Every word of the content and of the editors' synonym, English and intent files."""
    builder = LexiconBuilder()
    for article, passages in articles:
        builder.add_text(article.title)
        builder.add_texts(f"{p.heading}\n{p.text}" for p in passages)
    builder.add_texts(rules.japanese_phrases())
    return builder.lexicon()
