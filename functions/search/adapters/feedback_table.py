"""Readers' 「役に立った / 役に立たなかった」 votes, kept in DynamoDB.

boto3 is imported and the client created on the first vote, not at import: most invocations are
searches, and a cold start should not pay for a client it may never use. The client is then reused
for the life of the execution environment.

botocore's timeouts are per connection and per read, so an endpoint that trickles bytes could hold
a call for as long as it likes. `record` therefore gives the whole call, retries included, one
deadline (`settings.FEEDBACK_DEADLINE_SECONDS`) and gives up with FeedbackUnavailableError when it
passes; the call left running in its thread ends at botocore's own timeouts. Retries are botocore's
standard mode with `total_max_attempts=2`: two attempts in all, as written.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as DeadlinePassed
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

import settings

TABLE_ENV = "TAYORI_FEEDBACK_TABLE"
TTL_ATTRIBUTE = "expires_at"
RETENTION_DAYS = 180  # votes are for spotting weak passages, not an archive


class FeedbackUnavailableError(Exception):
    """The feedback table could not be written or read (missing, throttled, unreachable)."""


@dataclass(frozen=True)
class Vote:
    query: str
    passage_id: str
    helpful: bool
    partner: str  # "" for the publisher's own site


# Calls run here so that the request can stop waiting at the deadline; a few threads, since a call
# that passed its deadline keeps one busy until botocore's own timeouts end it.
_calls = ThreadPoolExecutor(max_workers=4, thread_name_prefix="feedback-table")


def table_name() -> str:
    return settings.feedback_table()


def client() -> Any:
    """The DynamoDB client for the current endpoint and region (boto3 reads AWS_ENDPOINT_URL_DYNAMODB)."""
    return _client_for(settings.dynamodb_endpoint(), settings.aws_region())


@cache
def _client_for(endpoint: str, region: str) -> Any:
    # Keyed by endpoint and region so a changed configuration (local server, tests) gets its own client.
    import boto3
    from botocore.config import Config

    config = Config(connect_timeout=1, read_timeout=1, retries={"total_max_attempts": 2, "mode": "standard"})
    return boto3.client("dynamodb", region_name=region, endpoint_url=endpoint or None, config=config)


def item_of(vote: Vote, now: float) -> dict[str, dict[str, Any]]:
    created = datetime.fromtimestamp(now, UTC).isoformat(timespec="seconds")
    return {
        "feedback_id": {"S": str(uuid.uuid4())},
        "passage_id": {"S": vote.passage_id},
        "query": {"S": vote.query},
        "helpful": {"BOOL": vote.helpful},
        "partner": {"S": vote.partner},
        "created_at": {"S": created},
        TTL_ATTRIBUTE: {"N": str(int(now) + RETENTION_DAYS * 86400)},
    }


def record(vote: Vote, now: float | None = None, deadline: float = settings.FEEDBACK_DEADLINE_SECONDS) -> str:
    """Write one vote within `deadline` seconds; returns its id.

    Raises FeedbackUnavailableError on any storage failure, and when the deadline passes."""
    item = item_of(vote, time.time() if now is None else now)
    put_within(deadline, table_name(), item, FeedbackUnavailableError)
    return item["feedback_id"]["S"]


def put_within(deadline: float, table: str, item: dict[str, Any], unavailable: type[Exception]) -> None:
    """PutItem, retries included, within `deadline` seconds; raises `unavailable` on any failure or
    when the deadline passes (the feedback and clicks tables both write this way)."""
    from botocore.exceptions import BotoCoreError, ClientError

    call = _calls.submit(client().put_item, TableName=table, Item=item)
    try:
        call.result(timeout=deadline)
    except DeadlinePassed:
        raise unavailable(f"no answer from DynamoDB within {deadline} s") from None
    except (BotoCoreError, ClientError) as error:
        raise unavailable(str(error)) from error


def scan_votes(table: str | None = None, dynamodb: Any = None) -> Iterator[Vote]:
    """Every vote in the table (for the editors' report; a full scan is fine at this scale)."""
    from botocore.exceptions import BotoCoreError, ClientError

    dynamodb = dynamodb or client()
    try:
        for page in dynamodb.get_paginator("scan").paginate(TableName=table or table_name()):
            for item in page["Items"]:
                yield Vote(
                    query=item.get("query", {}).get("S", ""),
                    passage_id=item["passage_id"]["S"],
                    helpful=bool(item["helpful"]["BOOL"]),
                    partner=item.get("partner", {}).get("S", ""),
                )
    except (BotoCoreError, ClientError) as error:
        raise FeedbackUnavailableError(str(error)) from error


def create_table(dynamodb: Any, name: str, key: str = "feedback_id") -> None:
    """The table as template.yaml defines it: on-demand, keyed by `key` (a string id), expiring by TTL
    (local and tests; the clicks table is made the same way with its own key)."""
    dynamodb.create_table(
        TableName=name,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"}],
        KeySchema=[{"AttributeName": key, "KeyType": "HASH"}],
    )
    dynamodb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 0.1, "MaxAttempts": 50})
    dynamodb.update_time_to_live(
        TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": TTL_ATTRIBUTE}
    )
