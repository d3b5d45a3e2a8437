"""Whoosh as a newcomer sets it up: default TEXT fields (StandardAnalyzer) and an OR query parser."""

from __future__ import annotations

from whoosh.fields import STORED, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.qparser import MultifieldParser, OrGroup

from bench.corpus import Doc
from bench.relevance import SearchFn

LIMIT = 10


def make(docs: list[Doc]) -> SearchFn:
    index = RamStorage().create_index(Schema(key=STORED(), heading=TEXT, body=TEXT))
    with index.writer() as writer:
        for doc in docs:
            writer.add_document(key=doc.key, heading=doc.heading, body=doc.body)
    searcher = index.searcher()  # BM25F, Whoosh's default
    parser = MultifieldParser(["heading", "body"], index.schema, group=OrGroup)

    def search(text: str) -> list[str]:
        try:
            query = parser.parse(text)
        except Exception:  # a query the parser rejects finds nothing, as the newcomer's API would answer
            return []
        return [hit["key"] for hit in searcher.search(query, limit=LIMIT)]

    return search
