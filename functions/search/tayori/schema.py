"""The Whoosh schema of a passage, shared by the build (writes it) and the function (reads it).

Searchable fields hold terms already produced by tayori.analysis (space-separated), so Whoosh
only splits on spaces: the index never runs an analysis of its own that queries could miss.
Each text is indexed twice, as words (lemmas) and as character bigrams (recall safety net).
"""

from __future__ import annotations

from collections import Counter

from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema

from tayori.analysis import Analyzer, term_string

# Bump when fields change: part of the index build id, like the analyzer version.
SCHEMA_VERSION = "2"

# Analysed fields: (source text, analysis) → field name.
WORD_FIELDS = {"heading": "heading_words", "body": "body_words", "category": "category_words"}
GRAM_FIELDS = {"heading": "heading_grams", "body": "body_grams"}


def passage_schema() -> Schema:
    terms = {
        name: TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=False)
        for name in (*WORD_FIELDS.values(), *GRAM_FIELDS.values())
    }
    return Schema(
        id=ID(stored=True, unique=True),
        slug=ID(stored=True),
        article_title=STORED(),
        article_url=STORED(),
        heading=STORED(),
        # The H2 a passage sits under: its words ("心理", "方法") describe every H3 below it.
        category=STORED(),
        path=STORED(),
        url=STORED(),
        kind=STORED(),
        body=STORED(),
        position=NUMERIC(stored=True),
        **terms,
    )


def analysed_fields(
    analyzer: Analyzer, texts: dict[str, str], surfaces: dict[str, Counter[str]] | None = None
) -> dict[str, str]:
    """The searchable fields of a passage from its heading, body and category texts.

    surfaces, if given, counts how the text writes each word term (for showing terms to readers)."""
    fields = {}
    for source, text in texts.items():
        analysis = analyzer.analyse(text)
        if source in WORD_FIELDS:
            fields[WORD_FIELDS[source]] = term_string(analysis.words)
            if surfaces is not None:
                for term in analysis.words:
                    surfaces.setdefault(term.text, Counter())[text[term.start : term.end]] += 1
        if source in GRAM_FIELDS:
            fields[GRAM_FIELDS[source]] = term_string(analysis.grams)
    return fields
