"""The one text analyzer, shared by the index build and by the function at query time.

Index terms and query terms come from the same code over the same lexicon, so they cannot drift
apart (a page segmented one way and a query another is how correct passages vanish). A text is
analysed once, in named stages, into every kind of term:

    normalize      width, case (offsets kept)                       tayori.normalize
    | runs         split into CJK runs and Latin runs by script     script_runs
    | segment      CJK: cheapest cover by the lexicon's words       tayori.lexicon
    |              Latin: English words, stemmed                    tayori.latin
    | stop         particles, endings, English function words dropped
    | fold         katakana → hiragana; lemmas and readings          (the lexicon's terms are folded)
    = words        lemmas, compound parts, Latin stems              Analysis.words
      grams        overlapping bigrams of each CJK run (recall)     Analysis.grams
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from tayori import latin
from tayori.lexicon import Lexicon
from tayori.normalize import fold_kana, normalize, normalize_text, script_of, source_end

# Bump whenever the terms produced for a text change in a way the code's bytes do not show
# (the build id also hashes this module's source).
ANALYZER_VERSION = "7"

_MIN_UNKNOWN_KANA = 3  # shorter unknown kana runs are particles and endings
_APOSTROPHES = "'\u2019"


@dataclass(frozen=True, slots=True)
class Term:
    """An analysed term and the span [start, end) of source text (code points) it came from."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Run:
    """A maximal run of one script class in the normalized text: "cjk" (kana and kanji) or "latin"."""

    script: str
    start: int
    end: int


@dataclass
class Analysis:
    """Every term of one text, from one pass of the analyzer."""

    words: list[Term] = field(default_factory=list)  # lemmas, compound parts, readings, Latin stems
    grams: list[Term] = field(default_factory=list)  # CJK character bigrams
    unknown: list[Term] = field(default_factory=list)  # CJK spans no lexicon word covers (folded text)
    # Every Latin word's stem in order, function words included: English phrase rules ("left on
    # read", "it's over") match on this sequence, where "on" and "it" tell phrases apart.
    latin: list[Term] = field(default_factory=list)
    language: str = "ja"  # "en" when the text has Latin words and no kana or kanji

    @property
    def word_texts(self) -> list[str]:
        return [t.text for t in self.words]

    @property
    def latin_texts(self) -> list[str]:
        return [t.text for t in self.latin]


def script_runs(norm: str) -> Iterator[Run]:
    """CJK runs (kana and kanji together: words mix them) and Latin runs (letters, digits and the
    apostrophes inside English words) of normalized text; everything else separates runs."""
    start, current = 0, ""
    for i, ch in enumerate(norm):
        script = script_of(ch)
        kind = "cjk" if script in ("kana", "kanji") else script
        if not kind and ch in _APOSTROPHES and current == "latin" and i + 1 < len(norm):
            kind = "latin" if script_of(norm[i + 1]) == "latin" else ""
        if kind != current:
            if current:
                yield Run(current, start, i)
            current, start = kind, i
    if current:
        yield Run(current, start, len(norm))


class Analyzer:
    """Segments text with a lexicon (tayori.lexicon) derived from the content at build time."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or Lexicon({})

    def analyse(self, text: str) -> Analysis:
        """Words, bigrams and language of text; every term carries its source span."""
        norm, offsets = normalize(text, fold=False)
        found = Analysis()

        def term(text: str, start: int, end: int) -> Term:  # normalized span → source span
            return Term(text, offsets[start], source_end(offsets, end))

        for run in script_runs(norm):
            if run.script == "latin":
                for word, s, e in latin.words(norm[run.start : run.end].replace("\u2019", "'")):
                    stemmed = term(latin.stem(word), run.start + s, run.start + e)
                    if stemmed.text:
                        found.latin.append(stemmed)
                        if stemmed.text not in latin.STOPWORDS:
                            found.words.append(stemmed)
                continue
            for kind, text_, s, e in self._segment(norm, run):
                (found.words if kind == "word" else found.unknown).append(term(text_, s, e))
            folded = "".join(fold_kana(c) for c in norm[run.start : run.end])
            if len(folded) == 1:
                found.grams.append(term(folded, run.start, run.end))
            for i in range(len(folded) - 1):
                found.grams.append(term(folded[i : i + 2], run.start + i, run.start + i + 2))
        if found.latin and not found.grams:
            found.language = "en"
        return found

    def _segment(self, norm: str, run: Run) -> Iterator[tuple[str, str, int, int]]:
        """("word" | "unknown", text, start, end) of a CJK run: the lexicon's words, and each stretch
        no word covers, which also passes through as a word when kanji or long enough kana to be
        a word rather than a particle or an ending."""
        for seg in self.lexicon.segment(norm[run.start : run.end]):
            s, e = run.start + seg.start, run.start + seg.end
            if seg.terms is not None:
                for text in seg.terms:
                    yield "word", text, s, e
                continue
            yield "unknown", normalize_text(norm[s:e]), s, e
            for kind, rs, re_ in _kana_kanji(norm, s, e):
                if kind != "hiragana" or re_ - rs >= _MIN_UNKNOWN_KANA:
                    yield "word", normalize_text(norm[rs:re_]), rs, re_

    def words(self, text: str) -> list[Term]:
        """The word terms of text (a shorthand for `analyse(text).words`)."""
        return self.analyse(text).words

    def grams(self, text: str) -> list[Term]:
        """The bigram terms of text (a shorthand for `analyse(text).grams`)."""
        return self.analyse(text).grams


def _char_class(ch: str, previous: str) -> str:
    """hiragana, katakana or kanji: unknown text splits where the class changes, the way
    Japanese is read (a katakana loanword, then a particle); the long vowel mark continues."""
    if ch == "ー" and previous:
        return previous
    if "\u3041" <= ch <= "\u309f":
        return "hiragana"
    if "\u30a1" <= ch <= "\u30ff":
        return "katakana"
    return script_of(ch)


def _kana_kanji(norm: str, start: int, end: int) -> Iterator[tuple[str, int, int]]:
    """Maximal hiragana, katakana and kanji runs inside norm[start:end]."""
    run_start, current = start, ""
    for i in range(start, end):
        kind = _char_class(norm[i], current)
        if kind != current:
            if current:
                yield current, run_start, i
            current, run_start = kind, i
    if current:
        yield current, run_start, end


def term_string(terms: list[Term]) -> str:
    """Terms as the space-separated string the index fields are fed (terms never hold spaces)."""
    return " ".join(t.text for t in terms)
