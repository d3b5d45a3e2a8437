"""Every environment variable and request limit Tayori has, declared once (Datasette's SETTINGS way).

`SETTINGS` lists the environment variables (all optional) with their defaults and meaning; `LIMITS` the
limits a request must keep to. The README documents each (tests/test_docs.py checks it), the OpenAPI
document states the limits (the routes declare them from here), and the widget's build reads
`MAX_QUERY_CHARS` from this file. The function reads the environment only here; the search core reads
one variable itself (`TAYORI_INDEX_DIR`, in `tayori.index_store.index_root`, shared with the build).
"""

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# --- request limits -----------------------------------------------------------------------------------

MAX_QUERY_CHARS = 200
MAX_RESULTS = 20  # `limit` on /v1/search
DEFAULT_RESULTS = 5
MAX_PREFIX_CHARS = 50  # `q` on /v1/suggest: type-ahead is for the start of a query, not a paragraph
MAX_COMPLETIONS = 10  # `limit` on /v1/suggest
DEFAULT_COMPLETIONS = 8
MAX_ID_CHARS = 200  # a passage id, in a path or a feedback body
MAX_PARTNER_CHARS = 64
MAX_FEEDBACK_BYTES = 2048  # a feedback or click body
FEEDBACK_DEADLINE_SECONDS = 3.0  # storing one vote or click, retries included; the function's timeout is 10 s
MAX_OFFSET = 80  # `offset` on /v1/search: past a few pages a reader rephrases instead
MAX_RANK = 100  # `rank` of a click


@dataclass(frozen=True)
class Limit:
    name: str
    value: int | float
    help: str


LIMITS = (
    Limit("MAX_QUERY_CHARS", MAX_QUERY_CHARS, "characters of `q` on /v1/search and of `query` in feedback"),
    Limit("MAX_RESULTS", MAX_RESULTS, "`limit` on /v1/search (ASCII digits, 1 up to this; default 5)"),
    Limit("MAX_PREFIX_CHARS", MAX_PREFIX_CHARS, "characters of `q` on /v1/suggest"),
    Limit("MAX_COMPLETIONS", MAX_COMPLETIONS, "`limit` on /v1/suggest (default 8)"),
    Limit("MAX_ID_CHARS", MAX_ID_CHARS, "characters of a passage id"),
    Limit("MAX_PARTNER_CHARS", MAX_PARTNER_CHARS, "characters of `partner`"),
    Limit("MAX_FEEDBACK_BYTES", MAX_FEEDBACK_BYTES, "bytes of a feedback or click body (413 above)"),
    Limit("FEEDBACK_DEADLINE_SECONDS", FEEDBACK_DEADLINE_SECONDS, "storing one vote or click, retries included"),
    Limit("MAX_OFFSET", MAX_OFFSET, "`offset` on /v1/search (results skipped, default 0)"),
    Limit("MAX_RANK", MAX_RANK, "`rank` of a click on a result"),
)

# --- environment variables ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Setting:
    name: str
    default: str  # as the README shows it
    help: str


SETTINGS = (
    Setting(
        "TAYORI_ALLOWED_ORIGINS",
        "`http://127.0.0.1:3000,http://localhost:3000`",
        "origins allowed by CORS besides those of `content/partners.toml` (empty in the deployed function)",
    ),
    Setting("TAYORI_CACHE_MAX_AGE", "`300`", "seconds a search, section, suggest or OpenAPI answer may be reused"),
    Setting(
        "TAYORI_INDEX_DIR",
        "`functions/search/search_index`",
        "where `make index` puts the index (`make run` rebuilds it from `content/`, or from `CONTENT=dir`)",
    ),
    Setting("TAYORI_INDEX_RELOAD", "unset (`1` under `make run`)", "re-open the index when `make index` swaps"),
    Setting("TAYORI_FEEDBACK_TABLE", "`tayori-feedback`", "the DynamoDB table for feedback"),
    Setting("TAYORI_CLICKS_TABLE", "`tayori-clicks`", "the DynamoDB table for clicks on results"),
    Setting(
        "TAYORI_DYNAMODB_PORT",
        "a free port",
        "port of the local moto DynamoDB under `make run` (a taken port stops it with one line saying so)",
    ),
    Setting(
        "TAYORI_LOCAL_STATE_DIR",
        "`build`",
        "where `make run` keeps its search log and DynamoDB pointer (`make report` reads them; tests use their own)",
    ),
    Setting("AWS_ENDPOINT_URL_DYNAMODB", "unset", "a DynamoDB endpoint instead of AWS's (`make run`: no moto)"),
    Setting("POWERTOOLS_SERVICE_NAME", "`tayori`", "service name in logs, metrics and traces"),
    Setting("POWERTOOLS_METRICS_NAMESPACE", "`Tayori`", "CloudWatch metrics namespace"),
)

# The demo page of `make run` on its default port; other ports come through TAYORI_ALLOWED_ORIGINS.
LOCAL_DEMO_ORIGINS = ("http://127.0.0.1:3000", "http://localhost:3000")
DEFAULT_FEEDBACK_TABLE = "tayori-feedback"  # the local (moto) tables; template.yaml sets the deployed names
DEFAULT_CLICKS_TABLE = "tayori-clicks"

# scheme://host[:port], nothing after: what browsers send in the Origin header.
_ORIGIN = re.compile(r"^https?://[^/\s?#]+$")


class ConfigurationError(ValueError):
    """A setting has a value the function cannot run with; raised at init so a bad deploy fails loudly."""


def extra_origins(environ: Mapping[str, str] = os.environ) -> tuple[str, ...]:
    """TAYORI_ALLOWED_ORIGINS: origins allowed besides the partners' (default: the local demo page).

    `*` allows every origin (only for trying things out). Raises ConfigurationError for a malformed one."""
    raw = environ.get("TAYORI_ALLOWED_ORIGINS")
    if raw is None:
        return LOCAL_DEMO_ORIGINS
    origins = [origin.strip() for origin in raw.split(",") if origin.strip()]
    for origin in origins:
        if origin != "*" and not _ORIGIN.match(origin):
            raise ConfigurationError(
                f"TAYORI_ALLOWED_ORIGINS: {origin!r} is not an origin like https://www.example.com"
            )
    return tuple(dict.fromkeys(origins))


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


def feedback_table(environ: Mapping[str, str] = os.environ) -> str:
    return environ.get("TAYORI_FEEDBACK_TABLE") or DEFAULT_FEEDBACK_TABLE


def clicks_table(environ: Mapping[str, str] = os.environ) -> str:
    return environ.get("TAYORI_CLICKS_TABLE") or DEFAULT_CLICKS_TABLE


def dynamodb_endpoint(environ: Mapping[str, str] = os.environ) -> str:
    return environ.get("AWS_ENDPOINT_URL_DYNAMODB") or environ.get("AWS_ENDPOINT_URL") or ""


def aws_region(environ: Mapping[str, str] = os.environ) -> str:
    return environ.get("AWS_REGION") or environ.get("AWS_DEFAULT_REGION") or "ap-northeast-1"


def local_state_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """Where `make run` keeps what other local commands read (search log, DynamoDB pointer)."""
    return Path(environ.get("TAYORI_LOCAL_STATE_DIR") or "build")


@dataclass(frozen=True)
class Settings:
    extra_origins: tuple[str, ...]
    cache_max_age: int  # seconds; Cache-Control max-age of search, section, suggest and OpenAPI answers
    reload_index: bool  # re-open the index when `make index` swaps in a new build (local development)
    service: str
    metrics_namespace: str

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "Settings":
        return cls(
            extra_origins=extra_origins(environ),
            cache_max_age=_int_setting(environ, "TAYORI_CACHE_MAX_AGE", 300),
            reload_index=environ.get("TAYORI_INDEX_RELOAD", "").strip().lower() in {"1", "true", "yes"},
            service=environ.get("POWERTOOLS_SERVICE_NAME") or "tayori",
            metrics_namespace=environ.get("POWERTOOLS_METRICS_NAMESPACE") or "Tayori",
        )


# Read once per execution environment, like the index.
settings = Settings.from_env()
