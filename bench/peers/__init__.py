"""Independent baselines, each over the same passages as Tayori: what a team would get otherwise.

They deliberately share nothing with Tayori's analyzer, so a flaw there cannot flatter them.
Each module exposes `make(docs) -> SearchFn`.
"""

from __future__ import annotations

from collections.abc import Callable

from bench.corpus import Doc
from bench.peers import fts5_trigram, whoosh_bigram, whoosh_default
from bench.relevance import SearchFn

PEERS: dict[str, Callable[[list[Doc]], SearchFn]] = {
    "fts5-trigram": fts5_trigram.make,
    "whoosh-default": whoosh_default.make,
    "whoosh-bigram": whoosh_bigram.make,
}
