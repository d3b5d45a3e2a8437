"""The function's configuration, read from environment variables (all optional).

- `TAYORI_ALLOWED_ORIGINS`: comma-separated origins allowed by CORS (`*`: any). Default: the local demo,
  `http://127.0.0.1:3000,http://localhost:3000`.
- `TAYORI_CACHE_MAX_AGE`: seconds clients may reuse a search, section or OpenAPI answer. Default 300.
- `TAYORI_INDEX_DIR`: the index root. Default: `search_index/` next to the function (tayori.index_store).
- `TAYORI_INDEX_RELOAD`: `1` re-opens the index when `make index` swaps in a new build (local server).
- `POWERTOOLS_SERVICE_NAME` (default `tayori`), `POWERTOOLS_METRICS_NAMESPACE` (default `Tayori`).
"""

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tayori.index_store import DEFAULT_INDEX_ROOT
from tayori.partners import shipped_origins

# The longest query the API accepts, in characters. The widget's input limit is built from it
# (`make widget` passes it to esbuild), so the two cannot drift apart.
MAX_QUERY_CHARS = 200

# The demo page of `make run` on its default port; other ports come through TAYORI_ALLOWED_ORIGINS.
LOCAL_DEMO_ORIGINS = ("http://127.0.0.1:3000", "http://localhost:3000")

# scheme://host[:port], nothing after: what browsers send in the Origin header.
_ORIGIN = re.compile(r"^https?://[^/\s?#]+$")


class ConfigurationError(ValueError):
    """A setting has a value the function cannot run with; raised at init so a bad deploy fails loudly."""


def allowed_origins(environ: Mapping[str, str] = os.environ) -> list[str]:
    """The origins that may call the API from a browser: the one place CORS origins come from.

    The publisher's and the partners' origins (content/partners.toml, shipped with the index build),
    plus TAYORI_ALLOWED_ORIGINS (default: the local demo page; set it empty in production).
    `*` allows every origin (only for trying things out).
    """
    index_dir = environ.get("TAYORI_INDEX_DIR")
    partner_origins = shipped_origins(Path(index_dir) if index_dir else DEFAULT_INDEX_ROOT)
    raw = environ.get("TAYORI_ALLOWED_ORIGINS")
    if raw is None:
        return list(dict.fromkeys([*partner_origins, *LOCAL_DEMO_ORIGINS]))
    origins = [origin.strip().rstrip("/") for origin in raw.split(",") if origin.strip()]
    for origin in origins:
        if origin != "*" and not _ORIGIN.match(origin):
            raise ConfigurationError(
                f"TAYORI_ALLOWED_ORIGINS: {origin!r} is not an origin like https://www.example.com"
            )
    return list(dict.fromkeys([*partner_origins, *origins]))


def _int_setting(environ: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigurationError(f"{name}: {raw!r} is not a whole number") from None
    if value < minimum:
        raise ConfigurationError(f"{name}: must be at least {minimum}, got {value}")
    return value


@dataclass(frozen=True)
class Settings:
    allowed_origins: tuple[str, ...]
    cache_max_age: int  # seconds; Cache-Control max-age of search, section and OpenAPI answers
    reload_index: bool  # re-open the index when `make index` swaps in a new build (local development)
    service: str
    metrics_namespace: str

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "Settings":
        return cls(
            allowed_origins=tuple(allowed_origins(environ)),
            cache_max_age=_int_setting(environ, "TAYORI_CACHE_MAX_AGE", 300),
            reload_index=environ.get("TAYORI_INDEX_RELOAD", "").strip().lower() in {"1", "true", "yes"},
            service=environ.get("POWERTOOLS_SERVICE_NAME") or "tayori",
            metrics_namespace=environ.get("POWERTOOLS_METRICS_NAMESPACE") or "Tayori",
        )


# Read once per execution environment, like the index.
settings = Settings.from_env()
