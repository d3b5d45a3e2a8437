"""SQLite FTS5 with the trigram tokenizer: the query is an OR of its trigrams, ranked by bm25."""

from __future__ import annotations

import sqlite3

from bench.corpus import Doc
from bench.relevance import SearchFn

LIMIT = 10


def trigrams(text: str) -> list[str]:
    """Every 3-character window of the query as typed; shorter queries have none."""
    return list(dict.fromkeys(text[i : i + 3] for i in range(len(text) - 2)))


def match_expression(text: str) -> str:
    # Each trigram as an FTS5 string, so punctuation and operators in the query stay plain text.
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in trigrams(text))


def make(docs: list[Doc]) -> SearchFn:
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.execute("CREATE VIRTUAL TABLE passages USING fts5(key UNINDEXED, heading, body, tokenize='trigram')")
    db.executemany(
        "INSERT INTO passages(key, heading, body) VALUES (?, ?, ?)", [(d.key, d.heading, d.body) for d in docs]
    )

    def search(text: str) -> list[str]:
        expression = match_expression(text)
        if not expression:
            return []
        rows = db.execute(
            "SELECT key FROM passages WHERE passages MATCH ? ORDER BY bm25(passages) LIMIT ?",
            (expression, LIMIT),
        )
        return [key for (key,) in rows]

    return search
