"""Keep the function's structured log lines locally, as CloudWatch Logs would: `make report` reads them."""

import logging
from pathlib import Path

import settings


def search_log() -> Path:
    """The function's log under `make run`: in TAYORI_LOCAL_STATE_DIR, so tests never write `make run`'s."""
    return settings.local_state_dir() / "search-log.jsonl"


def tee_function_logs(path: Path | None = None) -> logging.Handler:
    """Append every JSON line the function logs to `path` (default search_log()) too, after importing it."""
    from api.telemetry import logger

    path = path or search_log()
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logger.registered_formatter)  # the same JSON as stdout, correlation id included
    logging.getLogger(logger.name).addHandler(handler)
    return handler
