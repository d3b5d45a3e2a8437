"""`make report`: what readers looked for and did not find, and which passages did not help them.

Two sources:
- the function's structured search log lines (JSON, one per line: the local server's
  build/search-log.jsonl, or CloudWatch Logs exported as JSON lines, raw or wrapped in
  {"message": "..."} as `aws logs filter-log-events` gives them), for queries with no results;
- the feedback table (a scan), for passages with the most 「役に立たなかった」.

    python -m tools.report                                   # local: build/search-log.jsonl + `make run`'s table
    python -m tools.report --log exported.jsonl --dynamodb aws --table tayori-feedback-prod
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from adapters import feedback_table as feedback_store
from local.logfile import search_log
from tayori.analysis import normalize

DEFAULT_LOG = search_log()  # build/search-log.jsonl unless TAYORI_LOCAL_STATE_DIR says otherwise


@dataclass
class QueryCount:
    query: str  # the spelling readers used most
    count: int
    partners: dict[str, int] = field(default_factory=dict)


@dataclass
class PassageVotes:
    passage_id: str
    not_helpful: int
    helpful: int
    heading: str = ""  # from the index in use, when the passage still exists
    queries: list[str] = field(default_factory=list)  # what readers had searched, most frequent first


def log_records(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """JSON objects from log lines; unwraps CloudWatch's {"message": "<json>"} and `timestamp <json>` lines."""
    for line in lines:
        start = line.find("{")
        if start < 0:
            continue
        try:
            record = json.loads(line[start:])
        except ValueError:
            continue
        inner = record.get("message") if isinstance(record, dict) else None
        if isinstance(inner, str) and inner.lstrip().startswith("{"):
            with contextlib.suppress(ValueError):  # a plain-text message stays as it was
                record = json.loads(inner)
        if isinstance(record, dict):
            yield record


def query_key(query: str) -> str:
    """Spellings that the search treats alike count as one query (ＬＩＮＥ/line, 連絡　来ない/連絡 来ない)."""
    return " ".join(normalize(query)[0].split())


def zero_result_queries(records: Iterable[dict[str, Any]], top: int) -> tuple[list[QueryCount], int]:
    """The most frequent queries that found nothing, and how many searches were read."""
    searches = 0
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    partners: dict[str, Counter[str]] = {}
    for record in records:
        if record.get("message") != "search" or not isinstance(record.get("query"), str):
            continue
        searches += 1
        if not (record.get("zero_results") is True or record.get("result_count") == 0):
            continue
        key = query_key(record["query"])
        counts[key] += 1
        spellings.setdefault(key, Counter())[record["query"]] += 1
        partners.setdefault(key, Counter())[str(record.get("partner") or "direct")] += 1
    found = [
        QueryCount(spellings[key].most_common(1)[0][0], n, dict(partners[key].most_common()))
        for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    ]
    return found, searches


def unhelpful_passages(votes: Iterable[feedback_store.Vote], top: int, headings: Any = None) -> list[PassageVotes]:
    """Passages with the most 「役に立たなかった」 (ties: fewer 「役に立った」 first)."""
    not_helpful: Counter[str] = Counter()
    helpful: Counter[str] = Counter()
    queries: dict[str, Counter[str]] = {}
    for vote in votes:
        if vote.helpful:
            helpful[vote.passage_id] += 1
        else:
            not_helpful[vote.passage_id] += 1
            queries.setdefault(vote.passage_id, Counter())[vote.query] += 1
    ranked = sorted(not_helpful, key=lambda pid: (-not_helpful[pid], helpful[pid], pid))[:top]
    return [
        PassageVotes(
            pid,
            not_helpful[pid],
            helpful[pid],
            heading_of(headings, pid),
            [q for q, _ in queries[pid].most_common(3)],
        )
        for pid in ranked
    ]


def heading_of(index: Any, passage_id: str) -> str:
    section = index.section(passage_id) if index is not None else None
    return " › ".join(section["path"]) if section else "(no longer in the index)"


def open_index() -> Any:
    """The index in use, to name passages by their headings; None when none is built."""
    from tayori.engine import SearchIndex
    from tayori.index_store import index_root

    try:
        return SearchIndex(index_root())
    except Exception:  # a report without headings beats no report
        return None


def dynamodb_client(mode: str, endpoint: str | None, region: str | None) -> tuple[Any, str]:
    """(client, where) for the table: `make run`'s local moto, or AWS with the usual credentials."""
    import boto3

    if mode in ("auto", "local") and not endpoint:
        from local import aws as local_aws

        state = local_aws.running()
        if state:
            client = boto3.client(
                "dynamodb", endpoint_url=state["endpoint"], region_name=state["region"], **local_aws.local_credentials()
            )
            return client, f"local DynamoDB at {state['endpoint']}"
        if mode == "local":
            raise feedback_store.FeedbackUnavailableError("no local DynamoDB: start `make run` first")
    return boto3.client("dynamodb", endpoint_url=endpoint, region_name=region), endpoint or "AWS"


def read_logs(paths: list[Path]) -> Iterator[dict[str, Any]]:
    for path in paths:
        with path.open(encoding="utf-8", errors="replace") as lines:
            yield from log_records(lines)


def render(
    zero: list[QueryCount], searches: int, passages: list[PassageVotes] | None, votes_note: str, sources: str
) -> str:
    out = [f"Tayori editors' report ({sources})", ""]
    out.append(f"Queries that found nothing ({sum(q.count for q in zero)} shown of {searches} searches read)")
    if not zero:
        out.append("  (none)")
    for n, q in enumerate(zero, 1):
        by = ", ".join(f"{p} {c}" for p, c in q.partners.items())
        out.append(f"  {n:>2}. {q.count:>4}×  {q.query}    [{by}]")
    out += ["", f"Passages with the most 「役に立たなかった」 ({votes_note})"]
    if passages is not None and not passages:
        out.append("  (none)")
    for n, p in enumerate(passages or [], 1):
        asked = " / ".join(p.queries)
        out.append(f"  {n:>2}. 役に立たなかった {p.not_helpful:>3}, 役に立った {p.helpful:>3}  {p.heading}")
        out.append(f"      id {p.passage_id}; searched: {asked}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.report", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--log", type=Path, action="append", help=f"JSON-lines log file (repeatable; default {DEFAULT_LOG})"
    )
    parser.add_argument("--dynamodb", choices=["auto", "local", "aws"], default="auto", help="auto: local if running")
    parser.add_argument("--table", default=None, help=f"feedback table (default ${feedback_store.TABLE_ENV} or local)")
    parser.add_argument("--endpoint-url", default=None, help="DynamoDB endpoint (default: boto3's)")
    parser.add_argument("--region", default=None)
    parser.add_argument("--top", type=int, default=20, help="rows per list (default 20)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args(argv)

    logs = args.log or [DEFAULT_LOG]
    missing = [str(p) for p in logs if not p.is_file()]
    if missing:
        print(f"report: no log file {', '.join(missing)} (run `make run` and search, or pass --log)", file=sys.stderr)
    zero, searches = zero_result_queries(read_logs([p for p in logs if p.is_file()]), args.top)

    passages: list[PassageVotes] | None = None
    try:
        client, where = dynamodb_client(args.dynamodb, args.endpoint_url, args.region)
        table = args.table or feedback_store.table_name()
        votes = list(feedback_store.scan_votes(table, client))
        passages = unhelpful_passages(votes, args.top, open_index())
        votes_note = f"{len(votes)} votes in {table}, {where}"
    except (feedback_store.FeedbackUnavailableError, ImportError) as error:
        votes_note = f"feedback unavailable: {str(error)[:200]}"
    except Exception as error:  # e.g. no AWS credentials: still show what the logs tell
        votes_note = f"feedback unavailable: {type(error).__name__}: {str(error)[:200]}"

    if args.json:
        print(
            json.dumps(
                {
                    "searches_read": searches,
                    "zero_result_queries": [q.__dict__ for q in zero],
                    "unhelpful_passages": None if passages is None else [p.__dict__ for p in passages],
                    "feedback_source": votes_note,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(render(zero, searches, passages, votes_note, ", ".join(map(str, logs))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
