"""JMdict, the Japanese–English dictionary, read from the SQLite database `jamdict-data` installs.

Build time only (the database is ~310 MB). JMdict is © the Electronic Dictionary Research and
Development Group, CC BY-SA 4.0: data derived from it and shipped must say so (docs/analysis.md).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

_GLOSS_WORD = re.compile(r"[a-z][a-z'-]*")

# Priority tags that mark an entry as common (JMdict's own definition of "common").
COMMON_PRIORITIES = frozenset({"news1", "ichi1", "spec1", "spec2", "gai1"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One JMdict entry: its spellings, whether any is common, and its English senses in order
    (each sense a tuple of glosses, most usual first)."""

    id: int
    kanji: tuple[str, ...]
    kana: tuple[str, ...]
    common: bool
    senses: tuple[tuple[str, ...], ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        """Every spelling, kanji ones first."""
        return self.kanji + self.kana


def default_path() -> Path:
    """Where jamdict-data put the database; raises ModuleNotFoundError when it is not installed."""
    import jamdict_data

    return Path(jamdict_data.JAMDICT_DB_PATH)


class JMdict:
    """Read-only access to a jamdict SQLite database (tables Entry, Kanji, Kana, KJP, KNP, Sense,
    SenseGloss)."""

    def __init__(self, path: Path | None = None) -> None:
        self._db = sqlite3.connect(f"file:{path or default_path()}?mode=ro", uri=True)

    def close(self) -> None:
        self._db.close()

    def entries(self) -> Iterator[Entry]:
        """Every entry's spellings and commonness, in id order (no senses: see with_senses)."""
        kanji = self._spellings("Kanji", "KJP")
        kana = self._spellings("Kana", "KNP")
        for (idseq,) in self._db.execute("SELECT idseq FROM Entry ORDER BY idseq"):
            k, k_common = kanji.get(idseq, ((), False))
            r, r_common = kana.get(idseq, ((), False))
            yield Entry(idseq, k, r, k_common or r_common)

    def with_senses(self, entries: Iterable[Entry]) -> list[Entry]:
        """The entries with their English senses filled in (reading glosses for all 190,000
        entries takes seconds: read them for the few the content needs)."""
        entries = list(entries)
        senses: dict[int, dict[int, list[str]]] = {}
        rows = self._where_in(
            "SELECT s.idseq, s.ID, g.text FROM Sense s JOIN SenseGloss g ON g.sid = s.ID "
            "WHERE s.idseq IN ({}) AND (g.lang = 'eng' OR g.lang IS NULL) ORDER BY s.ID, g.rowid",
            [e.id for e in entries],
        )
        for idseq, sid, gloss in rows:
            senses.setdefault(idseq, {}).setdefault(sid, []).append(gloss)
        return [replace(e, senses=tuple(tuple(glosses) for glosses in senses.get(e.id, {}).values())) for e in entries]

    def katakana_glossed(self, words: Iterable[str]) -> dict[str, set[str]]:
        """For each word (lowercase) that is a whole English gloss of some entry written in kana
        only, the spellings of those entries (loanwords: "line" → ライン, not 筋's スジ)."""
        return self._grouped(
            "SELECT lower(g.text), k.text FROM SenseGloss g JOIN Sense s ON s.ID = g.sid "
            "JOIN Kana k ON k.idseq = s.idseq "
            "WHERE lower(g.text) IN ({}) AND (g.lang = 'eng' OR g.lang IS NULL) "
            "AND NOT EXISTS (SELECT 1 FROM Kanji kj WHERE kj.idseq = s.idseq)",
            words,
        )

    def gloss_words(self) -> frozenset[str]:
        """Every word (lowercase letters, apostrophes and hyphens) of every English gloss: JMdict's
        glosses as a vocabulary of real English words (about a second to read)."""
        words: set[str] = set()
        for (text,) in self._db.execute("SELECT lower(text) FROM SenseGloss WHERE lang = 'eng' OR lang IS NULL"):
            words.update(_GLOSS_WORD.findall(text))
        return frozenset(words)

    def first_glossed(self, glosses: Iterable[str]) -> dict[str, set[int]]:
        """For each gloss (lowercase), the ids of the entries whose first gloss it is."""
        return self._grouped(
            "SELECT lower(g.text), s.idseq FROM SenseGloss g JOIN Sense s ON s.ID = g.sid "
            "WHERE lower(g.text) IN ({}) AND (g.lang = 'eng' OR g.lang IS NULL) "
            "AND s.ID = (SELECT min(ID) FROM Sense WHERE idseq = s.idseq) "
            "AND g.rowid = (SELECT min(rowid) FROM SenseGloss WHERE sid = s.ID)",
            glosses,
        )

    def _grouped(self, query: str, keys: Iterable[str]) -> dict[str, set[Any]]:
        """query's rows (key, value) for the keys its `IN ({})` takes, as key → set of values."""
        found: dict[str, set[Any]] = {}
        for key, value in self._where_in(query, sorted(set(keys))):
            found.setdefault(key, set()).add(value)
        return found

    def _where_in(self, query: str, values: list[Any]) -> Iterator[tuple[Any, ...]]:
        """The rows of query, whose `IN ({})` takes values 500 at a time (SQLite's variable limit)."""
        for start in range(0, len(values), 500):
            chunk = values[start : start + 500]
            yield from self._db.execute(query.format(",".join("?" * len(chunk))), chunk)

    def _spellings(self, table: str, priorities: str) -> dict[int, tuple[tuple[str, ...], bool]]:
        rows = self._db.execute(
            f"SELECT t.idseq, t.text, group_concat(p.text, ' ') FROM {table} t "  # fixed table names
            f"LEFT JOIN {priorities} p ON p.kid = t.ID GROUP BY t.ID ORDER BY t.ID"
        )
        found: dict[int, tuple[tuple[str, ...], bool]] = {}
        for idseq, text, tags in rows:
            texts, common = found.get(idseq, ((), False))
            found[idseq] = (*texts, text), common or bool(COMMON_PRIORITIES.intersection((tags or "").split()))
        return found
