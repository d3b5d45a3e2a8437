"""Keep the function's structured log lines locally, as CloudWatch Logs would: `make report` reads them."""

import logging
from pathlib import Path

SEARCH_LOG = Path("build/search-log.jsonl")


def tee_function_logs(path: Path = SEARCH_LOG) -> logging.Handler:
    """Append every JSON line the function logs to `path` too (call after importing the function)."""
    from api.telemetry import logger

    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logger.registered_formatter)  # the same JSON as stdout, correlation id included
    logging.getLogger(logger.name).addHandler(handler)
    return handler
