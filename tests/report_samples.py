"""A small week of readers, made in the test: search log lines, votes and clicks for SAMPLE_ARTICLE's
passages. Shared by the report's test and its browser test."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from adapters import feedback_table as feedback_store

# (day, query, partner, result count): 10 searches, 4 of them finding nothing.
SEARCHES = [
    ("2026-11-24", "浮気された", "direct", 0),
    ("2026-11-24", "浮気 された", "koi-note", 0),
    ("2026-11-24", "残業 友人", "direct", 0),
    ("2026-11-25", "浮気されたら", "direct", 0),
    ("2026-11-25", "仕事が忙しい", "direct", 1),
    ("2026-11-25", "仕事が忙しい", "direct", 1),
    ("2026-11-25", "仕事 忙しい", "koi-note", 1),
    ("2026-11-25", "出張 趣味", "direct", 2),
    ("2026-11-25", "出張 趣味", "direct", 2),
    ("2026-11-25", "連絡が来ない", "direct", 4),
]


def write_search_log(path: Path, searches: list[tuple[str, str, str, int]] = SEARCHES) -> Path:
    """The function's `search` log lines for `searches`, as Powertools writes them (plus a line of another kind)."""
    opened = {"level": "INFO", "message": "search index opened", "timestamp": "2026-11-24 08:00:00,000+0000"}
    lines = [json.dumps(opened)]
    for n, (day, query, partner, found) in enumerate(searches):
        record = {
            "level": "INFO",
            "message": "search",
            "timestamp": f"{day} 10:{n:02d}:00,000+0000",
            "service": "tayori",
            "partner": partner,
            "query": query,
            "result_count": found,
            "zero_results": found == 0,
        }
        lines.append(json.dumps(record, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def create_clicks_table(client: Any, name: str) -> None:
    """The clicks table as POST /v1/clicks writes it: keyed by click_id, expiring by TTL."""
    client.create_table(
        TableName=name,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "click_id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "click_id", "KeyType": "HASH"}],
    )


def fill_tables(client: Any, feedback_table: str, clicks_table: str, busy: str, waiting: str) -> None:
    """Votes and clicks on two passages: `busy` (仕事が忙しい) and `waiting` (the H2 on waiting)."""
    votes = [(busy, False, ""), (busy, False, "koi-note"), (busy, True, ""), (waiting, False, "")]
    for passage_id, helpful, partner in votes:
        vote = feedback_store.Vote(query="仕事が忙しい", passage_id=passage_id, helpful=helpful, partner=partner)
        client.put_item(TableName=feedback_table, Item=feedback_store.item_of(vote, 1_764_000_000))
    # 仕事が忙しい was opened twice at rank 1; 連絡 来ない (the same words as 連絡が来ない) once at rank 2.
    clicks = [("仕事が忙しい", busy, 1, ""), ("仕事 忙しい", busy, 1, "koi-note"), ("連絡 来ない", waiting, 2, "")]
    for query, passage_id, rank, partner in clicks:
        client.put_item(
            TableName=clicks_table,
            Item={
                "click_id": {"S": str(uuid.uuid4())},
                "query": {"S": query},
                "passage_id": {"S": passage_id},
                "rank": {"N": str(rank)},
                "partner": {"S": partner},
                "created_at": {"S": "2026-11-25T10:30:00+00:00"},
                "expires_at": {"N": "1779552000"},
            },
        )
