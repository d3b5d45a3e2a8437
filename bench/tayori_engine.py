"""Tayori as the benchmark sees it: the one place that calls the engine and its build.

Everything else in `bench/` measures through these functions (and through the Lambda handler, in
`bench.speed`), so a rewrite of the engine changes at most this file: the build's entry points
(`index.build.build`, `python -m index --content DIR --out DIR`) and `SearchIndex(root).search(text,
limit).hits`, each hit with `.heading` and `.article["slug"]`.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from bench.corpus import CONTENT
from bench.relevance import SearchFn

LIMIT = 10


def build_index(content_dir: Path, out_root: Path) -> None:
    """Build the index of content_dir into out_root (never the one in use), in this process, quietly.

    Raises index.content.ContentErrors for malformed content."""
    from index.build import build

    with contextlib.redirect_stderr(io.StringIO()):  # the build's progress lines would drown the table
        build(content_dir, out_root)


def build_module_args(content_dir: Path, out_root: Path) -> list[str]:
    """`make index` for content_dir into out_root as `python -m` takes it: the module, then its arguments.

    For builds timed in a fresh process (bench/probe.py build)."""
    return ["index", "--content", str(content_dir), "--out", str(out_root)]


def open_search(out_root: Path, limit: int = LIMIT) -> SearchFn:
    """The engine over a built index root, as `query text -> passage keys (slug#heading)`, best first."""
    from tayori.engine import SearchIndex

    index = SearchIndex(out_root)

    def search(text: str) -> list[str]:
        return [f"{hit.article['slug']}#{hit.heading}" for hit in index.search(text, limit).hits]

    return search


def tayori_search(workdir: Path, content_dir: Path = CONTENT, limit: int = LIMIT) -> SearchFn:
    """Build a fresh index of content_dir into workdir and return its search (see open_search)."""
    build_index(content_dir, workdir)
    return open_search(workdir, limit)
