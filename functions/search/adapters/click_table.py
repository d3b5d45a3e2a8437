"""Readers' clicks on search results (which passage, at which rank, for which query), kept in DynamoDB.

The DynamoDB client, and the one deadline for a write, are the feedback table's (created on first
use, reused), so a click costs a search-only cold start nothing and a hanging table costs 3 s at
most. Clicks are what make "popular" and click-through measurable; they expire after RETENTION_DAYS.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import settings
from adapters import feedback_table

TABLE_ENV = "TAYORI_CLICKS_TABLE"
KEY = "click_id"
TTL_ATTRIBUTE = feedback_table.TTL_ATTRIBUTE  # create_table (shared) enables TTL on it
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
    return settings.clicks_table()


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


def record(click: Click, now: float | None = None, deadline: float = settings.FEEDBACK_DEADLINE_SECONDS) -> str:
    """Write one click within `deadline` seconds; returns its id.

    Raises ClicksUnavailableError on any storage failure, and when the deadline passes."""
    item = item_of(click, time.time() if now is None else now)
    feedback_table.put_within(deadline, table_name(), item, ClicksUnavailableError)
    return item[KEY]["S"]


def scan_clicks(table: str | None = None, dynamodb: Any = None) -> Iterator[Click]:
    """Every click in the table (for reports and tests; a full scan is fine at this scale)."""
    from botocore.exceptions import BotoCoreError, ClientError

    dynamodb = dynamodb or feedback_table.client()
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
    feedback_table.create_table(dynamodb, name, key=KEY)
