"""Readers' clicks on search results (which passage, at which rank, for which query), kept in DynamoDB.

The DynamoDB client is feedback_store's (created on first use, short timeouts, reused), so a click
costs a search-only cold start nothing and an unreachable table fails fast. Clicks are what make
"popular" and click-through measurable; they expire after RETENTION_DAYS.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tayori import feedback_store

TABLE_ENV = "TAYORI_CLICKS_TABLE"
DEFAULT_TABLE = "tayori-clicks"  # the local (moto) table; template.yaml sets the deployed name
KEY = "click_id"
TTL_ATTRIBUTE = feedback_store.TTL_ATTRIBUTE  # create_table (shared) enables TTL on it
RETENTION_DAYS = 180


class ClicksUnavailableError(Exception):
    """The clicks table could not be written or read (missing, throttled, unreachable)."""


@dataclass(frozen=True)
class Click:
    query: str  # what the reader had searched for
    passage_id: str  # the result opened
    rank: int  # its position in the results, 1 = first
    partner: str  # "" for the publisher's own site


def table_name() -> str:
    return os.environ.get(TABLE_ENV) or DEFAULT_TABLE


def item_of(click: Click, now: float) -> dict[str, dict[str, Any]]:
    """The DynamoDB item for a click at `now` (seconds since the epoch): a new uuid4 key, ISO-8601 UTC time."""
    return {
        KEY: {"S": str(uuid.uuid4())},
        "query": {"S": click.query},
        "passage_id": {"S": click.passage_id},
        "rank": {"N": str(click.rank)},
        "partner": {"S": click.partner},
        "created_at": {"S": datetime.fromtimestamp(now, UTC).isoformat(timespec="seconds")},
        TTL_ATTRIBUTE: {"N": str(int(now) + RETENTION_DAYS * 86400)},
    }


def record(click: Click, now: float | None = None) -> str:
    """Write one click; returns its id. Raises ClicksUnavailableError on any storage failure."""
    from botocore.exceptions import BotoCoreError, ClientError

    item = item_of(click, time.time() if now is None else now)
    try:
        feedback_store.client().put_item(TableName=table_name(), Item=item)
    except (BotoCoreError, ClientError) as error:
        raise ClicksUnavailableError(str(error)) from error
    return item[KEY]["S"]


def scan_clicks(table: str | None = None, dynamodb: Any = None) -> Iterator[Click]:
    """Every click in the table (for reports and tests; a full scan is fine at this scale)."""
    from botocore.exceptions import BotoCoreError, ClientError

    dynamodb = dynamodb or feedback_store.client()
    try:
        for page in dynamodb.get_paginator("scan").paginate(TableName=table or table_name()):
            for item in page["Items"]:
                yield Click(
                    query=item["query"]["S"],
                    passage_id=item["passage_id"]["S"],
                    rank=int(item["rank"]["N"]),
                    partner=item.get("partner", {}).get("S", ""),
                )
    except (BotoCoreError, ClientError) as error:
        raise ClicksUnavailableError(str(error)) from error


def create_table(dynamodb: Any, name: str) -> None:
    """The table as template.yaml defines it: on-demand, keyed by click id, expiring by TTL (local and tests)."""
    feedback_store.create_table(dynamodb, name, key=KEY)
