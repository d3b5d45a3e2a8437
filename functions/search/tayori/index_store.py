"""Where the built index lives, and how a build is swapped in atomically.

Layout: <root>/<build id>/ holds one complete Whoosh index and its manifest.json;
<root>/CURRENT names the build in use. Replacing CURRENT (os.replace) is the atomic swap:
readers see the old build or the new one, never a half-written one.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

# Next to the function's code, so the packaged function finds it with no configuration.
DEFAULT_INDEX_ROOT = Path(__file__).resolve().parent.parent / "search_index"
POINTER = "CURRENT"
MANIFEST = "manifest.json"


class IndexMissingError(Exception):
    """No index has been built at the given root."""


def index_root() -> Path:
    return Path(os.environ.get("TAYORI_INDEX_DIR") or DEFAULT_INDEX_ROOT)


def current_build(root: Path) -> Path:
    try:
        build_id = (root / POINTER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise IndexMissingError(f"no index at {root}: run `make index`") from None
    return root / build_id


def read_manifest(build_dir: Path) -> dict[str, Any]:
    return json.loads((build_dir / MANIFEST).read_text(encoding="utf-8"))


def swap_in(root: Path, build_id: str) -> None:
    """Point CURRENT at build_id atomically (the build step then removes older builds)."""
    tmp = root / f".{POINTER}.tmp"
    tmp.write_text(build_id + "\n", encoding="utf-8")
    os.replace(tmp, root / POINTER)
