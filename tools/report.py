"""`make report`: what readers looked for and did not find, what they opened, and which passages did
not help them; printed, and written as a self-contained HTML page with charts (build/report.html).

Sources:
- the function's structured search log lines (JSON, one per line: the local server's
  build/search-log.jsonl, or CloudWatch Logs exported as JSON lines, raw or wrapped in
  {"message": "..."} as `aws logs filter-log-events` gives them): searches, and those that found nothing;
- the feedback table (a scan): passages with the most 「役に立たなかった」;
- the clicks table (a scan): the results readers opened.

    python -m tools.report                                   # local: build/search-log.jsonl + `make run`'s tables
    python -m tools.report --log exported.jsonl --dynamodb aws --table tayori-feedback-prod \\
        --clicks-table tayori-clicks-prod --search-page https://media.example/search
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from adapters import click_table as click_store
from adapters import feedback_table as feedback_store
from adapters.click_table import Click, scan_clicks
from local.logfile import search_log
from tools import report_stats as stats
from tools.search_core import articles_mentioning, query_terms, words_no_passage_holds

DEFAULT_LOG = search_log()  # build/search-log.jsonl unless TAYORI_LOCAL_STATE_DIR says otherwise
DEFAULT_HTML = Path("build/report.html")
SEARCH_PAGE_PATH = "/search.html"  # `make run`'s search page (the widget in page mode)
DEFAULT_SEARCH_PAGE = "http://127.0.0.1:3000" + SEARCH_PAGE_PATH
CLICKS_TABLE_ENV = click_store.TABLE_ENV
DEFAULT_CLICKS_TABLE = click_store.table_name()


PARTNER_COLUMNS = ("partner", "searches", "clicks", "votes")


class TableUnavailableError(Exception):
    """A DynamoDB table could not be reached or read; the message says which and why."""


@dataclass
class UnreadableLines:
    """Log lines that are not JSON log records: counted, and the first one named, so that a wrong file or a
    broken export is said rather than read as fewer searches."""

    count: int = 0
    first: str = ""  # `file:line`

    def add(self, where: str) -> None:
        self.count += 1
        self.first = self.first or where

    def __str__(self) -> str:
        if self.count == 1:
            return f"1 log line could not be read as a JSON log record and is not counted ({self.first})"
        return f"{self.count} log lines could not be read as JSON log records and are not counted (first: {self.first})"


@dataclass
class Report:
    """Everything the report shows; `notes` say what could not be read."""

    sources: str
    log: stats.SearchLog
    unclicked: list[stats.QueryGroup] | None  # None: no clicks table
    clicks: list[stats.PassageClicks] | None
    unhelpful: list[stats.PassageVotes] | None  # None: no feedback table
    partners: list[tuple[str, int, int, int]]  # (partner, searches, clicks, votes)
    click_count: int = 0
    vote_count: int = 0
    notes: dict[str, str] = field(default_factory=dict)  # "feedback", "clicks": where they came from, or why not
    unreadable: UnreadableLines = field(default_factory=UnreadableLines)  # log lines not read


# A raw CloudWatch export's Lambda platform lines (START/END/REPORT RequestId: …): not ours, not a problem.
PLATFORM_LINE = re.compile(r"\b(START|END|REPORT|INIT_START|INIT_REPORT)\b.*RequestId:")


def log_records(lines: Iterable[str], unreadable: UnreadableLines, source: str = "") -> Iterator[dict[str, Any]]:
    """JSON objects from log lines; unwraps CloudWatch's {"message": "<json>"} and `timestamp <json>` lines.
    Any other non-blank line is counted in `unreadable`, at `source:line`."""
    for number, line in enumerate(lines, 1):
        start = line.find("{")
        if start < 0:
            if line.strip() and not PLATFORM_LINE.search(line):
                unreadable.add(f"{source}:{number}")
            continue
        try:
            record = json.loads(line[start:])
        except ValueError:
            unreadable.add(f"{source}:{number}")
            continue
        inner = record.get("message") if isinstance(record, dict) else None
        if isinstance(inner, str) and inner.lstrip().startswith("{"):
            try:
                record = json.loads(inner)
            except ValueError:
                unreadable.add(f"{source}:{number}")
                continue
        if isinstance(record, dict):
            yield record
        else:
            unreadable.add(f"{source}:{number}")


def read_logs(paths: list[Path], unreadable: UnreadableLines) -> Iterator[dict[str, Any]]:
    for path in paths:
        with path.open(encoding="utf-8", errors="replace") as lines:
            yield from log_records(lines, unreadable, str(path))


def open_index() -> Any:
    """The index in use, to name passages by their headings and find the words in articles; None when none is built."""
    from tayori.engine import SearchIndex
    from tayori.index_store import index_root

    try:
        return SearchIndex(index_root())
    except Exception:  # a report without headings beats no report
        return None


def heading_of(index: Any, passage_id: str) -> str:
    section = index.section(passage_id) if index is not None else None
    return " › ".join(section["path"]) if section else "(no longer in the index)"


def dynamodb_client(mode: str, endpoint: str | None, region: str | None) -> tuple[Any, str, dict[str, str]]:
    """(client, where, local table names) for the tables: `make run`'s local moto, or AWS with the usual
    credentials. Raises TableUnavailableError when `local` is asked for and `make run` is not running, or
    when AWS is and no region is configured."""
    import boto3

    if mode in ("auto", "local") and not endpoint:
        from local import aws as local_aws

        state = local_aws.running()
        if state:
            client = boto3.client(
                "dynamodb", endpoint_url=state["endpoint"], region_name=state["region"], **local_aws.local_credentials()
            )
            tables = {"feedback": state.get("table", ""), "clicks": state.get("clicks_table", "")}
            return client, f"local DynamoDB at {state['endpoint']}", tables
        if mode == "local":
            raise TableUnavailableError("no local DynamoDB: start `make run` first")
    from botocore.exceptions import NoRegionError

    try:
        return boto3.client("dynamodb", endpoint_url=endpoint, region_name=region), endpoint or "AWS", {}
    except NoRegionError:
        local = "no local DynamoDB (start `make run`) and " if mode == "auto" else ""
        hint = "pass --region or set AWS_DEFAULT_REGION"
        raise TableUnavailableError(f"{local}no AWS region configured ({hint})") from None


def read_table(read: Any, kind: str, table: str, where: str, notes: dict[str, str]) -> list[Any] | None:
    """All items of one table through `read`; None (and why, in notes) when it cannot be read."""
    try:
        items = list(read())
    except (
        TableUnavailableError, feedback_store.FeedbackUnavailableError, click_store.ClicksUnavailableError, ImportError
    ) as error:
        where_not = "" if isinstance(error, TableUnavailableError | ImportError) else f"{table}: "
        notes[kind] = f"{kind} unavailable: {where_not}{str(error)[:200]}"
        return None
    except Exception as error:  # e.g. no AWS credentials: still show what the logs tell
        notes[kind] = f"{kind} unavailable: {type(error).__name__}: {str(error)[:200]}"
        return None
    notes[kind] = f"{len(items)} {'votes' if kind == 'feedback' else 'clicks'} in {table}, {where}"
    return items


def build_report(args: argparse.Namespace) -> Report:
    """Read the logs and tables named by the command line and compute every figure."""
    logs = args.log or [DEFAULT_LOG]
    missing = [str(p) for p in logs if not p.is_file()]
    if missing:
        print(f"report: no log file {', '.join(missing)} (run `make run` and search, or pass --log)", file=sys.stderr)
    index = open_index()

    def terms_of(text: str) -> tuple[str, ...]:
        return query_terms(text, index)

    unreadable = UnreadableLines()
    log = stats.read_search_log(read_logs([p for p in logs if p.is_file()], unreadable), terms_of)
    if unreadable.count:
        print(f"report: warning: {unreadable}", file=sys.stderr)
    for group in log.zero:
        group.missing_words = words_no_passage_holds(tuple(group.terms), index)
        group.mentioned_in = articles_mentioning(tuple(group.terms), index)

    notes: dict[str, str] = {}
    votes: list[Any] | None = None
    clicks: list[Click] | None = None
    try:
        client, where, local_tables = dynamodb_client(args.dynamodb, args.endpoint_url, args.region)
    except Exception as error:  # no client at all (no region, a bad endpoint…): the log part still shows
        known = isinstance(error, TableUnavailableError | ImportError)
        why = str(error) if known else f"{type(error).__name__}: {error}"
        notes = {"feedback": f"feedback unavailable: {why}", "clicks": f"clicks unavailable: {why}"}
    else:
        feedback_table = args.table or local_tables.get("feedback") or feedback_store.table_name()
        clicks_table = (
            args.clicks_table or local_tables.get("clicks") or os.environ.get(CLICKS_TABLE_ENV) or DEFAULT_CLICKS_TABLE
        )
        votes = read_table(
            lambda: feedback_store.scan_votes(feedback_table, client), "feedback", feedback_table, where, notes
        )
        clicks = read_table(lambda: scan_clicks(clicks_table, client), "clicks", clicks_table, where, notes)

    def named(passage_id: str) -> str:
        return heading_of(index, passage_id)

    return Report(
        sources=", ".join(map(str, logs)),
        log=log,
        unclicked=None if clicks is None else stats.unclicked(log, clicks),
        clicks=None if clicks is None else stats.passage_clicks(clicks, named),
        unhelpful=None if votes is None else stats.unhelpful_passages(votes, named),
        partners=stats.partner_shares(log, clicks or [], votes or []),
        click_count=len(clicks or []),
        vote_count=len(votes or []),
        notes=notes,
        unreadable=unreadable,
    )


def one_line(text: str) -> str:
    """Text as one printed line: control characters a query may hold (a tab, a newline) written as
    escapes (`\\t`, `\\n`, `\\x1b`), so that each query stays on its own line."""
    return "".join(
        ch.encode("unicode_escape").decode("ascii") if unicodedata.category(ch) == "Cc" else ch for ch in text
    )


def render_text(report: Report, top: int) -> str:
    log = report.log
    out = [f"Tayori editors' report ({report.sources})", ""]
    if report.unreadable.count:
        out[1:1] = [f"warning: {report.unreadable}"]
    shown = log.zero[:top]
    out.append(
        f"Queries that found nothing ({len(shown)} of {stats.plural(len(log.zero), 'group', 'groups')} of words shown, "
        f"{stats.plural(sum(q.count for q in shown), 'search', 'searches')}; {log.searches} searches read)"
    )
    if not log.zero:
        apart = log.wordless or log.unread or log.self_harm
        out.append("  (none to list: see the lines below)" if apart else "  (none)")
    for n, q in enumerate(shown, 1):
        by = ", ".join(f"{p} {c}" for p, c in q.partners.items())
        out.append(f"  {n:>2}. {q.count:>4}×  {stats.shortened(q.query)}    [{by}; {stats.in_the_articles(q)}]")
    if log.unread:
        out.append(f"  Queries with {stats.UNREAD}, {stats.searches_summary(log.unread, top)}")
    if log.wordless:
        out.append(f"  Queries with {stats.NO_WORDS}, {stats.searches_summary(log.wordless, top)}")
    if log.self_harm:
        out.append(f"  Queries with {stats.SELF_HARM}, {stats.self_harm_summary(log, top)}")
    out += ["", f"Queries with results but no click ({report.notes.get('clicks', '')})"]
    if report.unclicked is not None and not report.unclicked:
        out.append("  (none)")
    for n, q in enumerate((report.unclicked or [])[:top], 1):
        out.append(f"  {n:>2}. {q.count:>4}×  {stats.shortened(q.query)}")
    out += ["", f"Passages with the most 「役に立たなかった」 ({report.notes.get('feedback', '')})"]
    if report.unhelpful is not None and not report.unhelpful:
        out.append("  (none)")
    for n, p in enumerate((report.unhelpful or [])[:top], 1):
        asked = " / ".join(stats.shortened(q) for q in p.queries)
        out.append(f"  {n:>2}. 役に立たなかった {p.not_helpful:>3}, 役に立った {p.helpful:>3}  {p.heading}")
        out.append(f"      id {p.passage_id}; searched: {asked}")
    return "\n".join(one_line(line) for line in out)


def as_json(report: Report, top: int) -> str:
    def rows(items: list[Any] | None) -> list[dict[str, Any]] | None:
        return None if items is None else [asdict(item) for item in items[:top]]

    return json.dumps(
        {
            "searches_read": report.log.searches,
            "searches_per_day": report.log.per_day,
            "zero_result_queries": rows(report.log.zero),
            "no_word_queries": rows(report.log.wordless),
            "unread_word_queries": rows(report.log.unread),
            "self_harm_queries": rows(report.log.self_harm),
            "self_harm_searches": sum(group.count for group in report.log.self_harm),
            "self_harm_searches_found_nothing": report.log.self_harm_found_nothing,
            "unreadable_log_lines": {"count": report.unreadable.count, "first": report.unreadable.first},
            "unclicked_queries": rows(report.unclicked),
            "passage_clicks": rows(report.clicks),
            "unhelpful_passages": rows(report.unhelpful),
            "partners": [dict(zip(PARTNER_COLUMNS, row, strict=True)) for row in report.partners],
            "feedback_source": report.notes.get("feedback", ""),
            "clicks_source": report.notes.get("clicks", ""),
        },
        ensure_ascii=False,
        indent=2,
    )


def default_search_page() -> str:
    """`make run`'s search page on the port it last used (build/local-server.json), else port 3000's."""
    from local.server import recorded_url

    url = recorded_url()
    return url.rstrip("/") + SEARCH_PAGE_PATH if url else DEFAULT_SEARCH_PAGE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.report", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--log", type=Path, action="append", help=f"JSON-lines log file (repeatable; default {DEFAULT_LOG})"
    )
    parser.add_argument("--dynamodb", choices=["auto", "local", "aws"], default="auto", help="auto: local if running")
    parser.add_argument("--table", default=None, help=f"feedback table (default ${feedback_store.TABLE_ENV} or local)")
    parser.add_argument(
        "--clicks-table", default=None, help=f"clicks table (default ${CLICKS_TABLE_ENV} or local)"
    )
    parser.add_argument("--endpoint-url", default=None, help="DynamoDB endpoint (default: boto3's)")
    parser.add_argument("--region", default=None)
    parser.add_argument("--top", type=int, default=20, help="rows per list (default 20)")
    parser.add_argument("--json", action="store_true", help="machine-readable output instead of text")
    parser.add_argument("--html", type=Path, default=DEFAULT_HTML, help=f"HTML report file (default {DEFAULT_HTML})")
    parser.add_argument(
        "--search-page", help="search page for ?q= links (default: the search page of the port `make run` last used)"
    )
    args = parser.parse_args(argv)
    args.search_page = args.search_page or default_search_page()

    report = build_report(args)
    print(as_json(report, args.top) if args.json else render_text(report, args.top))

    from tools.report_html import render_html

    args.html.parent.mkdir(parents=True, exist_ok=True)
    args.html.write_text(render_html(report, args.search_page, args.top), encoding="utf-8")
    print(f"report: wrote {args.html} (open it in a browser)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
