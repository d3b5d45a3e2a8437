"""The index holder: the opened search index, shared by every route of one execution environment.

Routes get it with `Annotated[SearchIndex, Depends(current_index)]`; tests swap it with
`app.dependency_overrides[current_index]` or point the holder at another root with `use_root`.

Opened during the init phase (import), where Lambda gives the most CPU. If no index has been built, the
function still starts and answers 503 until one exists, instead of failing every request at import.
"""

import contextlib
import threading
from pathlib import Path
from typing import Annotated

from aws_lambda_powertools.event_handler import Depends
from whoosh.index import EmptyIndexError

from api.errors import ApiError
from api.telemetry import logger
from settings import settings
from tayori.engine import SearchIndex
from tayori.index_store import IndexMissingError, current_build, index_root

__all__ = ["CurrentIndex", "IndexHolder", "SearchIndex", "current_index", "search_index"]


class IndexHolder:
    def __init__(self, root: Path, reload: bool = False) -> None:
        self.root = root
        self.reload = reload  # follow CURRENT when `make index` swaps in a new build (local development)
        self._index: SearchIndex | None = None
        self._lock = threading.Lock()

    def get(self) -> SearchIndex:
        """The index in use; ApiError(503) while none is built."""
        index = self._index
        if index is not None and not (self.reload and self._swapped(index)):
            return index
        with self._lock:
            try:
                self._index = SearchIndex(self.root)
            # Missing, half-copied or pointing at a removed build: unavailable, not a crash.
            except (IndexMissingError, EmptyIndexError, OSError) as missing:
                logger.error("search index unavailable", extra={"reason": str(missing)})
                raise ApiError(503, "index_unavailable", "the search index is not available yet") from None
            logger.info("search index opened", extra={"index_version": self._index.version})
            return self._index

    def use_root(self, root: Path) -> None:
        """Answer from the index at `root` from the next request on (tests, tools)."""
        with self._lock:
            self.root, self._index = root, None

    def try_open(self) -> None:
        """Open now if possible (init phase); a missing index is reported on the first request."""
        with contextlib.suppress(ApiError):
            self.get()

    def _swapped(self, index: SearchIndex) -> bool:
        try:
            return current_build(self.root) != index.build_dir
        except IndexMissingError:
            return False  # keep answering from the build already open


search_index = IndexHolder(index_root(), reload=settings.reload_index)


def current_index() -> SearchIndex:
    """Dependency: the index in use (ApiError 503 while none is built)."""
    return search_index.get()


# What a route declares to get the index: `index: CurrentIndex`.
CurrentIndex = Annotated[SearchIndex, Depends(current_index)]
