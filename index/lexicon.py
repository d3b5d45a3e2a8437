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

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sudachipy import Dictionary, Morpheme, SplitMode

from tayori.analysis import Analyzer
from tayori.lexicon import LEXICON_FILE, Lexicon
from tayori.normalize import is_japanese, normalize_text, script_of
from tayori.thesaurus import Thesaurus

if TYPE_CHECKING:
    from index.content import Article, Passage

__all__ = ["LEXICON_FILE", "LexiconBuilder", "build_lexicon"]

# Parts of speech that carry no meaning for search: consumed by segmentation, never indexed.
# 連体詞 are determiners (この, その, どの, あらゆる): they point, they do not name a topic.
FUNCTION_POS = {"助詞", "助動詞", "補助記号", "記号", "空白", "接尾辞", "接頭辞", "代名詞", "連体詞"}
# Second-level parts of speech that work as function words: the stem of an auxiliary (よう in
# ようにする, みたい, そう in 来なそう).
FUNCTION_POS2 = {"助動詞語幹"}
# Lemmas too common to help ranking (formal nouns, light verbs), after normalization.
# 無い: the negation adjective (余裕がない) is as light as the auxiliary ない (来ない), which is a 助動詞.
# こう, そう, ああ and こんな, そんな, あんな, どんな: words that point (like 連体詞 この, その, あの);
# 何, いつ (何時), どこ (何処), 誰: question pronouns, which Sudachi sometimes reads as nouns (何と);
# せい, はず, わけ, つもり, おかげ: formal nouns, like 事 and 所; 知れる of かもしれない and 仕舞う of
# 〜てしまう work as auxiliaries; どう asks, and the editors' question words are intents (intents.txt).
_STOP_LEMMAS = """為る 居る 有る 無い 成る 事 物 為 様 所 時 の ん 其の 此の 言う 思う 出来る 儘 まま もう より 許り 丈
こう そう ああ こんな そんな あんな どんな 何 何時 何処 誰 何れ せい 筈 訳 積もり 御陰 知れる 仕舞う"""
STOP_LEMMAS = {normalize_text(w) for w in _STOP_LEMMAS.split()}
INFLECTING_POS = {"動詞", "形容詞"}
# Conjugation endings and auxiliaries, known whatever the content says, so a form the articles
# never use (忙しければ, 来なかった) still splits into its stem and an ending that is not indexed;
# with the forms of なる (a stop lemma) that follow them (来なくなった, 会えるようになる).
_ENDINGS = """い く かった くて くない くなかった ければ かろう さ ない なかった なくて なく なければ ます ました
ません ませんでした ましょう て た ている ていた ていない てる てた てない てしまう ちゃう じゃう った って っている
っちゃう れる られる せる させる ば たら たり たい たくない ず ぬ よう う る ろ れ
なる なり なっ なれ なら"""
ENDINGS = _ENDINGS.split()
MIN_READING = 3


# The kana a five-row (godan) verb's forms end in, by its row: 言わ, 言い, 言う, 言え, 言お and the
# euphonic 言っ. A light verb (言う, 思う) is then consumed in forms the articles never use (言えば).
_GODAN_ROWS = {
    "カ": "かきくけこい", "ガ": "がぎぐげごい", "サ": "さしすせそ", "タ": "たちつてとっ", "ナ": "なにぬねのん",
    "バ": "ばびぶべぼん", "マ": "まみむめもん", "ラ": "らりるれろっ", "ワア": "わいうえおっ",
}


def godan_forms(morpheme: Morpheme) -> list[str]:
    """Every form of a godan verb whose stem has kanji cut after its row's kana (言わ … 言っ);
    nothing for other words."""
    conjugation = morpheme.part_of_speech()[4]
    row = _GODAN_ROWS.get(conjugation.removeprefix("五段-").removesuffix("行")) if "五段-" in conjugation else None
    stem = morpheme.dictionary_form()[:-1]
    return [stem + kana for kana in row] if row and _has_kanji(stem) else []


Entries = list[tuple[str, list[str], bool]]  # (surface, terms, is a stem) of one text


def _has_kanji(text: str) -> bool:
    return any(script_of(ch) == "kanji" for ch in text)


class LexiconBuilder:
    """Collects lexicon entries from texts with Sudachi.

    cache: what Sudachi made of texts seen before (a LexiconCache on disk between builds, so an
    unchanged article is not analysed again)."""

    def __init__(self, cache: LexiconCache | None = None) -> None:
        self._tokenizer = Dictionary(dict="core").tokenizer(mode=SplitMode.C)
        self._entries: dict[str, tuple[str, ...]] = {}
        self._stems: set[str] = set()
        self._cache = cache or LexiconCache()

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

    def add_word(self, surface: str) -> None:
        """surface as one word of its own, whatever Sudachi makes of it (its folded text is the term)."""
        unfolded = normalize_text(surface, fold=False)
        self._entries[unfolded] = (normalize_text(surface),)
        self._entries[normalize_text(surface)] = (normalize_text(surface),)
        self._stems.discard(unfolded)

    def add_text(self, text: str) -> None:
        """Every word of text (and its stems and readings) becomes an entry."""
        for surface, terms, stem in self._cache.entries(text, self._entries_of):
            self._put(surface, tuple(terms), stem)

    def _entries_of(self, text: str) -> Entries:
        """(surface, terms, is a stem) for every morpheme Sudachi finds in text: the slow part,
        which depends on the text alone, so the build caches it per text."""
        puts: Entries = []
        for morpheme in self._tokenizer.tokenize(text):
            surface = morpheme.surface()
            if not any(script_of(ch) in ("kana", "kanji") for ch in normalize_text(surface)):
                continue  # Latin runs never reach the lexicon: the analyzer stems them (tayori.latin)
            pos = morpheme.part_of_speech()[0]
            lemma = normalize_text(morpheme.normalized_form())
            function = pos in FUNCTION_POS or morpheme.part_of_speech()[1] in FUNCTION_POS2
            light = not function and lemma in STOP_LEMMAS
            if function or light or not lemma.strip():
                puts.append((surface, [], False))
                # 言えば as well as 言った: a light verb is consumed in every form
                puts += [(form, [], False) for form in godan_forms(morpheme)] if light else []
                continue
            parts = [
                normalize_text(m.normalized_form())
                for m in morpheme.split(SplitMode.A)
                if m.part_of_speech()[0] not in FUNCTION_POS
            ]
            terms = list(dict.fromkeys((lemma, *parts)))
            puts.append((surface, terms, False))
            # The lemma's own spelling is the word too (溜める for 貯める): rules name words by it.
            puts.append((morpheme.normalized_form(), terms, False))
            if pos in INFLECTING_POS:
                dictionary_form = morpheme.dictionary_form()
                stem = dictionary_form[:-1]
                if _has_kanji(stem) or (len(stem) >= 2 and all("\u30a1" <= c <= "\u30fc" for c in stem)):
                    puts.append((stem, [lemma], True))
                    # (a katakana stem too: ハマっ finds ハマる) The stem typed in kana: さびしく finds 寂しい.
                    kana_stem = normalize_text(self._reading(dictionary_form))[:-1]
                    if len(kana_stem) >= MIN_READING:
                        puts.append((kana_stem, [lemma], True))
            reading = morpheme.reading_form()
            if _has_kanji(surface) and len(reading) >= MIN_READING and pos == "名詞":
                puts.append((normalize_text(reading), terms, False))
        return puts

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


class LexiconCache:
    """What Sudachi made of each text, kept between builds in one JSON file (or in memory only).

    The file name carries the engine's fingerprint (code, dictionary versions), so a change to
    the analysis never reuses stale entries; texts no longer in the content are dropped on save."""

    def __init__(self, folder: Path | None = None, fingerprint: str = "") -> None:
        self.path = folder / f"lexicon-{fingerprint}.json" if folder else None
        self._stored: dict[str, Entries] = {}
        self._used: dict[str, Entries] = {}
        if self.path and self.path.exists():
            try:
                self._stored = json.loads(self.path.read_text("utf-8"))
            except (ValueError, OSError):
                self._stored = {}  # a damaged cache is only a slower build

    def entries(self, text: str, analyse: Callable[[str], Entries]) -> Entries:
        """The cached entries of text, or analyse(text), remembered."""
        key = hashlib.sha256(text.encode()).hexdigest()[:24]
        found = self._used.get(key) or self._stored.get(key)
        if found is None:
            found = analyse(text)
        self._used[key] = found
        return found

    def save(self) -> None:
        """Write the entries of the texts seen in this build; older cache files are removed."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for old in self.path.parent.glob("lexicon-*.json"):
            if old != self.path:
                old.unlink(missing_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self._used, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        tmp.replace(self.path)


def build_lexicon(
    articles: Sequence[tuple[Article, Sequence[Passage]]],
    rules: Thesaurus,
    cache: LexiconCache | None = None,
    progress: Callable[[int], None] = lambda _: None,
) -> Lexicon:
    """Every word of the content and of the editors' synonym, English and intent files.

    progress is called with 1 after each article."""
    builder = LexiconBuilder(cache)
    for article, passages in articles:
        builder.add_text(article.title)
        builder.add_texts(f"{p.heading}\n{p.text}" for p in passages)
        progress(1)
    builder.add_texts(rules.japanese_phrases())
    # A question word the editors list (なんで) is a word, though Sudachi reads it as particles:
    # intents steer ranking and never count as a topic, so it can be one term.
    analyzer = Analyzer(builder.lexicon())
    for rule in rules.intents:
        for phrase in rule.lhs:
            if is_japanese(phrase) and not analyzer.analyse(phrase).word_texts:
                builder.add_word(phrase)
    if cache is not None:
        cache.save()
    return builder.lexicon()
