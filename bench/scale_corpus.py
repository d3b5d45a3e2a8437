"""Synthetic catalogues for the scale benchmark: N passages in the content format, deterministic.

    python -m bench.scale_corpus OUT_DIR 2000 [--seed 7]     # writes OUT_DIR/articles/*.md

How a catalogue is made (docs/scaling.md says the same):
- Source: the passages of the seed article and of the shared evaluation corpus, parsed by the
  build's own reader. Each generated passage copies the block layout of a source passage of the
  same kind (lead, H2 text, H3 section): paragraphs, a bold caption with its list, callouts; each
  block's text is a block of the same kind drawn from every source article. Headings and titles
  are drawn from the sources' headings and titles.
- Vocabulary that grows with size: recombining sentences alone keeps the vocabulary of six
  articles. Every common noun of the source text (Sudachi's part of speech 普通名詞, two or more
  characters) is replaced with probability SUBSTITUTION, by one of the article's own topic nouns
  or by a noun drawn from a general Japanese word list: wordfreq's Japanese list (the most
  frequent TOP_WORDS words, kept when Sudachi reads them as one common noun), drawn with
  Zipf–Mandelbrot weights 1/(rank + ZIPF_OFFSET), so no single word floods the catalogue.
  Each article picks TOPIC_NOUNS topic nouns the same way, so articles differ in subject and
  the number of distinct words keeps growing with the catalogue, as in real text.
- About 20 passages an article (16 to 24); the last article takes exactly what is left, so the
  catalogue has exactly the passages asked for. The same seed gives the same files.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import random
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from bench.corpus import CONTENT, SHARED_CORPUS
from index.content import Passage, load_articles

if TYPE_CHECKING:
    from sudachipy import Tokenizer

SUBSTITUTION = 0.3  # share of the source's common nouns replaced
TOPIC_SHARE = 0.5  # of the replacements, the share that uses the article's topic nouns
TOPIC_NOUNS = 3
TOP_WORDS = 40_000
ZIPF_OFFSET = 20
PASSAGES_PER_ARTICLE = (16, 24)
H3_PER_H2 = (2, 4)
URL_BASE = "https://media.tayori.example/scale/"
FIRST_PUBLISHED = date(2024, 1, 1)
# A noun worth replacing: kanji or katakana, two characters or more.
NOUN_TEXT = re.compile(r"[\u4e00-\u9fff\u30a0-\u30ff々ー]{2,}")


@cache
def tokenizer() -> Tokenizer:
    """Sudachi (the build's analyzer, core dictionary), longest units: 既読無視 stays one noun."""
    from sudachipy import Dictionary, SplitMode

    return Dictionary(dict="core").tokenizer(mode=SplitMode.C)


def is_common_noun(part_of_speech: tuple[str, ...], surface: str) -> bool:
    return part_of_speech[:2] == ("名詞", "普通名詞") and bool(NOUN_TEXT.fullmatch(surface))


@cache
def general_nouns() -> tuple[str, ...]:
    """Common nouns of wordfreq's Japanese list, most frequent first (about 16,000 of the top 40,000 words)."""
    import wordfreq

    nouns = []
    for word in wordfreq.top_n_list("ja", TOP_WORDS):
        morphemes = tokenizer().tokenize(word)
        if len(morphemes) == 1 and is_common_noun(tuple(morphemes[0].part_of_speech()), word):
            nouns.append(word)
    return tuple(nouns)


@dataclass(frozen=True)
class Text:
    """A source text cut into pieces; the odd-numbered pieces are common nouns that may be replaced."""

    pieces: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> Text:
        pieces, plain = [], ""
        for m in tokenizer().tokenize(text):
            if is_common_noun(tuple(m.part_of_speech()), m.surface()):
                pieces.extend([plain, m.surface()])
                plain = ""
            else:
                plain += m.surface()
        return cls((*pieces, plain))


@dataclass(frozen=True)
class Template:
    """A source passage's layout: its block kinds in order."""

    kinds: tuple[str, ...]


@dataclass
class Sources:
    """What catalogues are made of, from the seed and the shared corpus."""

    titles: list[Text]
    h2_headings: list[Text]
    h3_headings: list[Text]
    blocks: dict[str, list[Text]]  # block kind → every block of that kind
    templates: dict[str, list[Template]]  # passage kind (lead, h2, h3) → layouts


def source_dirs() -> list[Path]:
    """The seed's content folder, and the shared corpus when it is beside the repository."""
    return [CONTENT, *([SHARED_CORPUS] if (SHARED_CORPUS / "articles").is_dir() else [])]


def load_sources(content_dirs: list[Path]) -> Sources:
    sources = Sources([], [], [], {}, {})
    for content_dir in content_dirs:
        for article, passages in load_articles(content_dir):
            sources.titles.append(Text.of(article.title))
            for passage in passages:
                add_passage(sources, passage)
    return sources


def add_passage(sources: Sources, passage: Passage) -> None:
    if passage.kind == "h2":
        sources.h2_headings.append(Text.of(passage.heading))
    elif passage.kind == "h3":
        sources.h3_headings.append(Text.of(passage.heading))
    if not passage.blocks or any(b.kind == "code" for b in passage.blocks):
        return
    sources.templates.setdefault(passage.kind, []).append(Template(tuple(b.kind for b in passage.blocks)))
    for block in passage.blocks:
        sources.blocks.setdefault(block.kind, []).append(Text.of(block.text))


class Vocabulary:
    """Draws general nouns with Zipf–Mandelbrot weights: frequent words often, the long tail now and then."""

    def __init__(self, nouns: tuple[str, ...]) -> None:
        self.nouns = nouns
        weights = (1 / (rank + ZIPF_OFFSET) for rank in range(1, len(nouns) + 1))
        self.cumulative = list(itertools.accumulate(weights))

    def draw(self, rng: random.Random) -> str:
        return self.nouns[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


@dataclass
class Writer:
    """Writes one article at a time; `topics` are the current article's own nouns."""

    sources: Sources
    vocabulary: Vocabulary
    rng: random.Random
    topics: tuple[str, ...] = ()
    nouns_used: set[str] = field(default_factory=set)  # every common noun written, kept or replaced

    def noun(self) -> str:
        if self.topics and self.rng.random() < TOPIC_SHARE:
            return self.rng.choice(self.topics)
        return self.vocabulary.draw(self.rng)

    def render(self, text: Text) -> str:
        out = []
        for i, piece in enumerate(text.pieces):
            if i % 2:  # a common noun
                piece = self.noun() if self.rng.random() < SUBSTITUTION else piece
                self.nouns_used.add(piece)
            out.append(piece)
        return "".join(out)

    def heading(self, pool: list[Text], used: set[str]) -> str:
        """A heading not yet used in this article (ids come from heading paths)."""
        for _ in range(20):
            heading = self.render(self.rng.choice(pool)).strip()
            if heading and heading not in used:
                break
        n = 2
        while heading in used or not heading:
            heading, n = f"{heading}({n})", n + 1
        used.add(heading)
        return heading

    def section(self, kind: str) -> str:
        """A passage's Markdown body: a source layout of that kind, each block drawn from every source."""
        template = self.rng.choice(self.sources.templates[kind])
        lines: list[str] = []
        previous = ""
        for block_kind in template.kinds:
            text = self.render(self.rng.choice(self.sources.blocks[block_kind])).replace("\n", " ").strip()
            if block_kind == "item":
                prefix = "- "
            elif block_kind == "callout":
                prefix = "> "
            elif block_kind == "caption":
                prefix, text = "", f"**{text}**"
            else:
                prefix = ""
            if previous and (block_kind != previous or block_kind == "callout"):
                lines.append("")  # a new Markdown block
            lines.append(prefix + text)
            previous = block_kind
        return "\n".join(lines)

    def article(self, number: int, passages: int) -> str:
        """Markdown of one article with exactly `passages` passages: the lead, H2 texts and H3 sections."""
        self.topics = tuple(self.vocabulary.draw(self.rng) for _ in range(TOPIC_NOUNS))
        slug = f"scale-{number:05d}"
        title = self.render(self.rng.choice(self.sources.titles)).strip()
        published = FIRST_PUBLISHED + timedelta(days=number % 1000)
        parts = [
            f"---\nslug: {slug}\ntitle: \"{title.replace(chr(34), '')}\"\nurl: {URL_BASE}{slug}\nlang: ja\n"
            f"published: {published.isoformat()}\n---\n",
            self.section("lead"),
        ]
        used: set[str] = set()
        left = passages - 1
        while left > 0:
            h3s = min(self.rng.randint(*H3_PER_H2), left - 1)
            parts.append(f"## {self.heading(self.sources.h2_headings, used)}\n\n{self.section('h2')}")
            for _ in range(h3s):
                parts.append(f"### {self.heading(self.sources.h3_headings, used)}\n\n{self.section('h3')}")
            left -= 1 + h3s
        return "\n\n".join(parts) + "\n"


def article_sizes(total: int, rng: random.Random) -> Iterator[int]:
    """Passages per article, about 20 each, summing to exactly total."""
    low, high = PASSAGES_PER_ARTICLE
    left = total
    while left > 0:
        size = rng.randint(low, high)
        if left - size < low:  # the last article takes the rest (up to high + low - 1)
            size = left
        yield size
        left -= size


@dataclass(frozen=True)
class Catalogue:
    content_dir: Path  # a content folder: articles/ and the editors' files
    passages: int
    articles: int
    distinct_nouns: int  # common nouns in the text, a measure of its vocabulary


def generate(out_dir: Path, passages: int, seed: int = 7, content_dirs: list[Path] | None = None) -> Catalogue:
    """Write a catalogue of exactly `passages` passages into out_dir/articles (out_dir is replaced).

    The editors' files of content/ (synonyms, English lexicon, question words, partners) are copied
    alongside, so the engine runs as configured. Raises ValueError for fewer than 1 passage."""
    if passages < 1:
        raise ValueError("a catalogue needs at least one passage")
    rng = random.Random(seed)
    writer = Writer(load_sources(content_dirs or source_dirs()), Vocabulary(general_nouns()), rng)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    shutil.copytree(CONTENT, out_dir, ignore=shutil.ignore_patterns("articles"))
    (out_dir / "articles").mkdir()
    sizes = list(article_sizes(passages, rng))
    for number, size in enumerate(sizes, 1):
        (out_dir / "articles" / f"scale-{number:05d}.md").write_text(writer.article(number, size), encoding="utf-8")
    return Catalogue(out_dir, passages, len(sizes), len(writer.nouns_used))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale_corpus", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="content folder to write (replaced if it exists)")
    parser.add_argument("passages", type=int, help="how many passages")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    catalogue = generate(args.out, args.passages, args.seed)
    print(
        f"{args.out}: {catalogue.passages} passages in {catalogue.articles} articles,"
        f" {catalogue.distinct_nouns} distinct common nouns",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
