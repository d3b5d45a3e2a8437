"""Whoosh with character bigrams, the Lucene CJK approach: NFKC, bigrams of CJK runs, words for Latin.

Written independently of Tayori's analyzer. A CJK run spans kanji, hiragana and katakana alike
(as Lucene's CJKBigramFilter does); a one-character run is kept as a unigram.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from whoosh import query as wq
from whoosh.analysis import Token, Tokenizer
from whoosh.fields import STORED, TEXT, Schema
from whoosh.filedb.filestore import RamStorage

from bench.corpus import Doc
from bench.relevance import SearchFn

LIMIT = 10
RUNS = re.compile(r"(?P<cjk>[\u3041-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]+)|(?P<word>\w+)")


def terms(text: str) -> Iterator[str]:
    for match in RUNS.finditer(unicodedata.normalize("NFKC", text).lower()):
        run = match.group()
        if match.lastgroup == "word" or len(run) == 1:
            yield run
        else:
            yield from (run[i : i + 2] for i in range(len(run) - 1))


class BigramTokenizer(Tokenizer):
    def __call__(self, value: str, positions: bool = False, start_pos: int = 0, **kwargs: object) -> Iterator[Token]:  # type: ignore[override]
        token = Token(positions=positions, **kwargs)
        for pos, text in enumerate(terms(value)):
            token.text, token.boost, token.stopped = text, 1.0, False
            if positions:
                token.pos = start_pos + pos
            yield token


def make(docs: list[Doc]) -> SearchFn:
    analyzer = BigramTokenizer()
    index = RamStorage().create_index(
        Schema(key=STORED(), heading=TEXT(analyzer=analyzer), body=TEXT(analyzer=analyzer))
    )
    with index.writer() as writer:
        for doc in docs:
            writer.add_document(key=doc.key, heading=doc.heading, body=doc.body)
    searcher = index.searcher()  # BM25F

    def search(text: str) -> list[str]:
        words = list(dict.fromkeys(terms(text)))
        if not words:
            return []
        query = wq.Or([wq.Term(field, w) for w in words for field in ("heading", "body")])
        return [hit["key"] for hit in searcher.search(query, limit=LIMIT)]

    return search
