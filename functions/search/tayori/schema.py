"""The Whoosh schema of a passage, shared by the build (writes it) and the function (reads it)."""

from __future__ import annotations

from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema

from tayori.analysis import whoosh_analyzer

# Bump when fields change: part of the index build id, like the analyzer version.
SCHEMA_VERSION = "1"


def passage_schema() -> Schema:
    analyzer = whoosh_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        slug=ID(stored=True),
        article_title=STORED(),
        article_url=STORED(),
        heading=TEXT(analyzer=analyzer, stored=True),
        # The H2 a passage sits under: its words ("心理", "方法") describe every H3 below it.
        category=TEXT(analyzer=analyzer, stored=True),
        path=STORED(),
        url=STORED(),
        kind=STORED(),
        body=TEXT(analyzer=analyzer, stored=True),
        position=NUMERIC(stored=True),
    )
