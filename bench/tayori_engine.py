"""Tayori as the benchmark sees it: a fresh index built from the content, searched through the engine."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from bench.corpus import CONTENT
from bench.relevance import SearchFn
from index.build import build
from tayori.engine import SearchIndex

LIMIT = 10


def tayori_search(workdir: Path, content_dir: Path = CONTENT, limit: int = LIMIT) -> SearchFn:
    """Build the index into workdir (never the one in use) and return its search as headings."""
    with contextlib.redirect_stderr(io.StringIO()):  # the build's progress lines would drown the table
        build(content_dir, workdir)
    index = SearchIndex(workdir)

    def search(text: str) -> list[str]:
        return [hit.heading for hit in index.search(text, limit).hits]

    return search
