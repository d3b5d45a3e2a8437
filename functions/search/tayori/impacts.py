"""Precomputed impacts: what lets a query cost the same at 22 passages and at 10,000.

At build time Whoosh scores every posting of every term with its BM25F scorer; the scores of one
term over the word fields (heading, body, category), weighted by field boosts, add up to one
*impact* per (term, passage). Two projections of those impacts are written next to the index:

- **champion lists**: per term, its highest-impact passages (at most
  `RankingParameters.champion_list_size`), best first — the first stage of a query reads only
  these, a bounded number of postings however common the term (Manning, Raghavan & Schütze,
  *Introduction to Information Retrieval*, §7.1.3);
- **passage facts**: per passage, its word terms with their impacts and the fields ranking needs
  (heading, kind, article, position) — the second stage re-scores a bounded candidate set exactly.

Both live in one SQLite file (the standard library's; read-only and immutable at query time), read
lazily per term and per passage: nothing at cold start is proportional to the catalogue.
"""

from __future__ import annotations

import heapq
import json
import sqlite3
import struct
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from typing import Any

from whoosh import scoring
from whoosh.index import Index

from tayori.normalize import is_japanese, normalize_text
from tayori.ranking import RankingParameters

IMPACTS_FILE = "impacts.sqlite"
_BATCH = 5000  # champion rows per insert
WORD, GRAM = "w", "g"  # term kinds: analysed words (lemmas, Latin stems) and CJK character bigrams

# A champion list is one blob: the docnums (int32) then the impacts (float16, ample for ranking).
_SCHEMA = """
PRAGMA page_size = 8192;
CREATE TABLE champions (kind TEXT, term TEXT, postings BLOB);
CREATE UNIQUE INDEX champions_by_term ON champions (kind, term);
CREATE TABLE passages (docnum INTEGER PRIMARY KEY, id TEXT, slug TEXT, position INTEGER, kind TEXT,
                       heading TEXT, words TEXT);
CREATE INDEX passages_by_id ON passages (id);
"""


@dataclass(frozen=True, slots=True)
class PassageFacts:
    """What the second stage needs of one passage: its word impacts and where it sits."""

    docnum: int
    id: str
    slug: str
    position: int
    kind: str  # "lead", "h2" or "h3"
    heading: str
    words: Mapping[str, float]  # word term → impact (BM25F over the word fields, boosted)


def _merged_terms(reader: Any, fields: Iterable[str]) -> Iterator[tuple[str, list[str]]]:
    """(term, the fields holding it), in term order, over several fields' sorted term lists."""

    def stream(name: str) -> Iterator[tuple[str, str]]:
        return ((term, name) for term in reader.field_terms(name))

    for term, group in groupby(heapq.merge(*(stream(name) for name in fields)), key=lambda pair: pair[0]):
        yield term, [name for _, name in group]


class _FieldScorer:
    """BM25F of one field as Whoosh defines it (`whoosh.scoring.bm25`, the searcher's idf and average
    field length), with every document's field length read once instead of once per posting."""

    def __init__(self, searcher: Any, name: str, boost: float, params: RankingParameters) -> None:
        reader = searcher.reader()
        self.searcher, self.reader, self.name, self.boost, self.params = searcher, reader, name, boost, params
        self.avgfl = searcher.avg_field_length(name) or 1.0
        self.lengths = [reader.doc_field_length(d, name, 1) for d in range(reader.doc_count_all())]

    def add(self, term: str, impacts: dict[int, float]) -> None:
        """Add this field's boosted BM25 score of term to impacts, by docnum."""
        idf = self.searcher.idf(self.name, term)
        b, k1, lengths, avgfl, boost = self.params.bm25_b, self.params.bm25_k1, self.lengths, self.avgfl, self.boost
        for docnum, tf in self.reader.postings(self.name, term).items_as("weight"):
            impacts[docnum] = impacts.get(docnum, 0.0) + boost * scoring.bm25(idf, tf, lengths[docnum], avgfl, b, k1)


def write_impacts(
    ix: Index,
    path: Path,
    word_fields: Mapping[str, str],
    gram_fields: Mapping[str, str],
    params: RankingParameters,
    progress: Callable[[int], None] = lambda _: None,
) -> dict[str, int]:
    """Score every posting with Whoosh's BM25F and write champion lists and passage facts to path.

    word_fields / gram_fields map a source ("heading", "body", "category") to its Whoosh field;
    progress is called with 1 per term scored.
    Returns counts: terms per kind and champion postings. Raises sqlite3.Error on a write failure.
    """
    words_of: dict[int, dict[str, float]] = {}
    counts = {"word_terms": 0, "gram_terms": 0, "champion_postings": 0}
    db = sqlite3.connect(path)
    try:
        db.executescript(_SCHEMA)
        with ix.searcher(weighting=scoring.BM25F(B=params.bm25_b, K1=params.bm25_k1)) as searcher:
            for kind, fields, boosts in (
                (WORD, word_fields, params.word_field_boosts),
                (GRAM, gram_fields, params.gram_field_boosts),
            ):
                scorers = {name: _FieldScorer(searcher, name, boosts[src], params) for src, name in fields.items()}
                rows = []
                terms = 0
                for term, names in _merged_terms(searcher.reader(), scorers):
                    impacts: dict[int, float] = {}
                    for name in names:
                        scorers[name].add(term, impacts)
                    if kind == WORD:
                        for docnum, impact in impacts.items():
                            words_of.setdefault(docnum, {})[term] = round(impact, 2)
                    rows.append(_champion_row(kind, term, impacts, params.champion_list_size))
                    counts["champion_postings"] += min(len(impacts), params.champion_list_size)
                    terms += 1
                    progress(1)
                    if len(rows) >= _BATCH:  # written as they come: a build's memory stays flat
                        db.executemany("INSERT INTO champions VALUES (?, ?, ?)", rows)
                        rows.clear()
                db.executemany("INSERT INTO champions VALUES (?, ?, ?)", rows)
                counts["word_terms" if kind == WORD else "gram_terms"] = terms
            db.executemany("INSERT INTO passages VALUES (?, ?, ?, ?, ?, ?, ?)", _passage_rows(searcher, words_of))
        db.commit()
        db.execute("VACUUM")
    finally:
        db.close()
    return counts


def _champion_row(kind: str, term: str, impacts: dict[int, float], size: int) -> tuple[str, str, bytes]:
    best = heapq.nlargest(size, impacts.items(), key=lambda item: item[1])
    return kind, term, struct.pack(f"<{len(best)}i{len(best)}e", *(d for d, _ in best), *(i for _, i in best))


def _passage_rows(searcher: Any, words_of: dict[int, dict[str, float]]) -> Iterator[tuple[Any, ...]]:
    for docnum, stored in searcher.reader().iter_docs():
        words = json.dumps(words_of.get(docnum, {}), ensure_ascii=False, separators=(",", ":"))
        yield docnum, stored["id"], stored["slug"], stored["position"], stored["kind"], stored["heading"], words


# The last kana of a Japanese verb's or adjective's dictionary form: what conjugation replaces.
_INFLECTING_ENDINGS = frozenset("うくぐすつぬぶむるい")


def _is_inflected_stem(spelling: str, term: str) -> bool:
    """Whether spelling is a conjugated form of the inflecting word term (しれ of 知れる, 言っ of
    言う, 追われ of 追う): its stem and more, or no longer and not ending as the dictionary form does."""
    if not is_japanese(term) or term[-1] not in _INFLECTING_ENDINGS or spelling == term:
        return False
    return spelling.startswith(term[:-1]) or (len(spelling) <= len(term) and not spelling.endswith(term[-1]))


def write_surfaces(path: Path, surfaces: Mapping[str, Counter[str]]) -> None:
    """How the articles write each word term, for showing terms to readers (type-ahead): the most
    frequent spelling that is the term itself (メッセージ for めっせーじ), else the dictionary form
    when every spelling is an inflected stem (知れる, not the しれ of かもしれない), else the most
    frequent spelling (LINE for the stem lin, 久しぶり for 久し振り)."""
    rows = []
    for term, spellings in surfaces.items():
        own = [s for s, _ in spellings.most_common() if normalize_text(s) == term]
        if own:
            rows.append((term, own[0]))
        elif all(_is_inflected_stem(s, term) for s in spellings):
            rows.append((term, term))
        else:
            rows.append((term, spellings.most_common(1)[0][0]))
    db = sqlite3.connect(path)
    try:
        db.execute("CREATE TABLE surfaces (term TEXT PRIMARY KEY, surface TEXT) WITHOUT ROWID")
        db.executemany("INSERT INTO surfaces VALUES (?, ?)", rows)
        db.commit()
    finally:
        db.close()


class ImpactIndex:
    """Read side of one build's impacts; one per opened index, shared across invocations.

    Lookups are cached (bounded), so warm queries over popular terms and passages touch no file.
    """

    def __init__(self, path: Path) -> None:
        # immutable: the build never changes after the swap, and the package is read-only on Lambda.
        self._db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        self.champions = lru_cache(maxsize=8192)(self._champions)
        self.passage = lru_cache(maxsize=4096)(self._passage)

    def _champions(self, kind: str, term: str) -> tuple[tuple[int, float], ...]:
        """(docnum, impact) of the term's champion list, best first; () for an unknown term."""
        row = self._db.execute("SELECT postings FROM champions WHERE kind = ? AND term = ?", (kind, term)).fetchone()
        if row is None:
            return ()
        n = len(row[0]) // 6
        values = struct.unpack(f"<{n}i{n}e", row[0])
        return tuple(zip(values[:n], values[n:], strict=True))

    def _passage(self, docnum: int) -> PassageFacts | None:
        row = self._db.execute(
            "SELECT docnum, id, slug, position, kind, heading, words FROM passages WHERE docnum = ?", (docnum,)
        ).fetchone()
        return _facts(row) if row else None

    def passages(self, docnums: Iterable[int]) -> dict[int, PassageFacts]:
        """Facts of each docnum that exists."""
        found = {}
        for docnum in docnums:
            facts = self.passage(docnum)
            if facts is not None:
                found[docnum] = facts
        return found

    def docnum_of(self, passage_id: str) -> int | None:
        row = self._db.execute("SELECT docnum FROM passages WHERE id = ?", (passage_id,)).fetchone()
        return int(row[0]) if row else None

    def headings(self) -> list[tuple[str, str]]:
        """(passage id, heading) of every passage, by article slug and reading order."""
        return self._db.execute("SELECT id, heading FROM passages ORDER BY slug, position").fetchall()

    def surfaces(self) -> dict[str, str]:
        """Each word term's spelling as the articles write it (write_surfaces); {} for an older build."""
        try:
            return dict(self._db.execute("SELECT term, surface FROM surfaces").fetchall())
        except sqlite3.OperationalError:
            return {}

    def overview(self, count: int) -> list[int]:
        """Docnums of the first H2 overview passages, by article slug and reading order."""
        rows = self._db.execute(
            "SELECT docnum FROM passages WHERE kind = 'h2' ORDER BY slug, position LIMIT ?", (count,)
        ).fetchall()
        return [int(r[0]) for r in rows]


def _facts(row: tuple[Any, ...]) -> PassageFacts:
    docnum, passage_id, slug, position, kind, heading, words = row
    return PassageFacts(int(docnum), passage_id, slug, int(position), kind, heading, json.loads(words))
