"""The editors' report's figures, computed from plain records: search log lines, feedback votes, clicks.

Queries are grouped by the analyzer's words (tools.search_core.query_terms), so 「連絡が来ない」 and
「連絡 来ない」, or ＬＩＮＥ and line, count as one question; spellings that the search's normalizer folds
to one form (width, case, katakana → hiragana: きどくむし, キドクムシ) are always one. The search log does not say which
passages a search showed, so "no click" is judged per query group: searches that found something,
and not one click on any result for those words.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from tayori.safety import is_crisis
from tools.search_core import spelling_form

DIRECT = "direct"  # the publisher's own site (no partner)
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

# Queries that found nothing and hold no letter or digit: said apart from the topics worth writing.
NO_WORDS = "no words (symbols alone: nothing to write about)"
# Queries that found nothing whose text the analyzer reads no word in (ねこ, when no article has it):
# still a reader's words, so named for what they are, not filed with the symbols.
UNREAD = "words the search could not read (not in the articles' vocabulary, or particles alone)"
# Self-harm phrasing (tayori.safety) is never a topic to write advice for: counted apart, whatever the search answered.
SELF_HARM = "self-harm phrasing (never an article topic: a page pointing to help is the publisher's call)"
QUERY_CHARS = 40  # longer queries are shortened in the printed report's lines (--json keeps them whole)

TermsOf = Callable[[str], tuple[str, ...]]
GroupKey = tuple[str, ...] | str  # the analyzer's words, or the folded form of a query with none


class QueryGrouping:
    """Which group a query belongs to. Spellings of one form (tools.search_core.spelling_form) are
    always one group, read as the analyzer reads the form's most searched spelling (it segments
    katakana and hiragana differently: キドクムシ and きどくむし would otherwise part); forms with the
    same words are one group too. A query with no words stands for its form."""

    def __init__(self, queries: Iterable[str], terms_of: TermsOf) -> None:
        self.terms_of = terms_of
        self.spelled: dict[str, str] = {}  # form → its most searched spelling (ties: the first in code order)
        for query, _ in sorted(Counter(queries).items(), key=lambda kv: (-kv[1], kv[0])):
            self.spelled.setdefault(spelling_form(query), query)
        self.keys: dict[str, GroupKey] = {}

    def key(self, query: str) -> GroupKey:
        """The group of `query`: the words it shares with its group, or its form when it has none."""
        if query not in self.keys:
            form = spelling_form(query)
            self.keys[query] = self.terms_of(self.spelled.get(form, query)) or form
        return self.keys[query]


class Voted(Protocol):
    query: str
    passage_id: str
    helpful: bool
    partner: str


class Clicked(Protocol):
    query: str
    passage_id: str
    rank: int
    partner: str


@dataclass
class QueryGroup:
    """Searches for the same words, in whatever form readers typed them."""

    query: str  # the spelling readers used most
    count: int  # searches
    partners: dict[str, int] = field(default_factory=dict)  # searches by partner ("direct": the publisher's site)
    spellings: list[str] = field(default_factory=list)  # every spelling, most used first
    terms: list[str] = field(default_factory=list)  # the analyzer's words they share
    mentioned_in: list[str] = field(default_factory=list)  # articles holding every word (zero-result groups)
    # Words no passage holds (zero-result groups): [] every word is in some passage; None not checked (no index).
    missing_words: list[str] | None = None


@dataclass
class SearchLog:
    """What the search log lines tell: searches per day and per partner, and the queries by outcome."""

    searches: int = 0
    per_day: dict[str, dict[str, int]] = field(default_factory=dict)  # day → {"found": n, "nothing": n}
    by_partner: Counter[str] = field(default_factory=Counter)
    zero: list[QueryGroup] = field(default_factory=list)  # found nothing, most searched first
    # Found nothing and hold no letter or digit (`%`, `(((`): not topics to write, counted apart.
    wordless: list[QueryGroup] = field(default_factory=list)
    # Found nothing, hold letters, and the analyzer reads no word in them (ねこ with no article about cats).
    unread: list[QueryGroup] = field(default_factory=list)
    # Self-harm phrasing, whatever the search answered (tayori.safety.is_crisis): never in the lists above.
    self_harm: list[QueryGroup] = field(default_factory=list)
    self_harm_found_nothing: int = 0  # of the self-harm searches, those the log says found nothing
    answered: list[QueryGroup] = field(default_factory=list)  # found something (self-harm aside), most searched first
    grouping: QueryGrouping | None = field(default=None, repr=False)  # how the queries were grouped


@dataclass
class PassageVotes:
    passage_id: str
    not_helpful: int
    helpful: int
    heading: str = ""  # from the index in use, when the passage still exists
    queries: list[str] = field(default_factory=list)  # what readers had searched, most frequent first


@dataclass
class PassageClicks:
    passage_id: str
    clicks: int
    share: float  # of all clicks, 0–1
    mean_rank: float  # where it was in the results when opened (1 = first)
    heading: str = ""
    queries: list[str] = field(default_factory=list)


def day_of(record: dict[str, Any]) -> str:
    """The UTC day of a log line (Powertools' `timestamp`: '2026-11-26 10:00:00,123+0000'), or 'unknown'."""
    found = DAY.match(str(record.get("timestamp") or ""))
    return found.group() if found else "unknown"


def is_search(record: dict[str, Any]) -> bool:
    return record.get("message") == "search" and isinstance(record.get("query"), str)


def found_nothing(record: dict[str, Any]) -> bool:
    return record.get("zero_results") is True or record.get("result_count") == 0


def has_text(query: str) -> bool:
    """Whether a query holds a letter or a digit of any script (ねこ, xyzzy, 3), not only symbols (`%`, `(((`)."""
    return any(unicodedata.category(ch)[0] in "LN" for ch in query)


def read_search_log(records: Iterable[dict[str, Any]], terms_of: TermsOf) -> SearchLog:
    """Searches per day and partner; the query groups that found nothing (with words, with words the search
    could not read, with none) or something; and self-harm phrasing apart, whatever it found. A query is
    self-harm phrasing by itself (tayori.safety.is_crisis), never by the group it would share words with."""
    searches = [record for record in records if is_search(record)]
    grouping = QueryGrouping((record["query"] for record in searches), terms_of)
    log = SearchLog(searches=len(searches), grouping=grouping)
    groups: dict[bool, dict[GroupKey, list[dict[str, Any]]]] = {True: {}, False: {}}
    crisis: dict[GroupKey, list[dict[str, Any]]] = {}
    for record in searches:
        nothing = found_nothing(record)
        day = log.per_day.setdefault(day_of(record), {"found": 0, "nothing": 0})
        day["nothing" if nothing else "found"] += 1
        log.by_partner[str(record.get("partner") or DIRECT)] += 1
        if is_crisis(record["query"]):
            crisis.setdefault(grouping.key(record["query"]), []).append(record)
            log.self_harm_found_nothing += nothing
        else:
            groups[nothing].setdefault(grouping.key(record["query"]), []).append(record)
    log.per_day = dict(sorted(log.per_day.items()))
    log.self_harm = ranked_groups(crisis)
    nothing_found = ranked_groups(groups[True])
    log.zero = [group for group in nothing_found if group.terms]
    log.unread = [group for group in nothing_found if not group.terms and has_text(group.query)]
    log.wordless = [group for group in nothing_found if not group.terms and not has_text(group.query)]
    log.answered = ranked_groups(groups[False])
    return log


def shortened(query: str, limit: int = QUERY_CHARS) -> str:
    """A query cut to `limit` characters with an ellipsis (…) when longer, for display."""
    return query if len(query) <= limit else query[: limit - 1] + "…"


def searches_summary(groups: list[QueryGroup], top: int, outcome: str = "") -> str:
    """`4 searches: % 2×, (((, *`: the searches (and `outcome`, when given), then each group's query
    (shortened, with its count when more than one), the `top` most searched and how many more."""
    searches = sum(g.count for g in groups)
    queries = ", ".join(shortened(g.query) + (f" {g.count}×" if g.count > 1 else "") for g in groups[:top])
    more = f", and {len(groups) - top} more" if len(groups) > top else ""
    said = f", {outcome}" if outcome else ""
    return f"{plural(searches, 'search', 'searches')}{said}: {queries}{more}"


def self_harm_summary(log: SearchLog, top: int) -> str:
    """searches_summary of the self-harm groups, saying how many of them found nothing by the log:
    `3 searches, all found nothing: 消えたい 2×, I want to die`, or `3 searches, 1 found nothing: …`."""
    searches = sum(g.count for g in log.self_harm)
    if log.self_harm_found_nothing == searches:
        outcome = "found nothing" if searches == 1 else "all found nothing"
    else:
        outcome = f"{log.self_harm_found_nothing} found nothing"
    return searches_summary(log.self_harm, top, outcome)


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def in_the_articles(group: QueryGroup) -> str:
    """What the index says of a zero-result group's words (the analyzer's, named so the claim can be
    checked): which of them no passage holds (an article worth writing), or that each is in some
    passage and how many articles hold them all."""
    if group.missing_words is None:
        return "not checked: no index"
    if group.missing_words:
        return f"no passage has {words(group.missing_words)}: worth writing"
    held = f"every word ({words(group.terms)}) is in some passage"
    if group.mentioned_in:
        return f"{held}; {plural(len(group.mentioned_in), 'article has', 'articles have')} them all"
    return f"{held}; no article has them all"


def words(terms: list[str]) -> str:
    return ", ".join(shortened(term, QUERY_CHARS // 2) for term in terms)


def ranked_groups(groups: dict[GroupKey, list[dict[str, Any]]]) -> list[QueryGroup]:
    ranked: list[QueryGroup] = []
    for key, records in groups.items():
        spellings = Counter(r["query"] for r in records)
        partners = Counter(str(r.get("partner") or DIRECT) for r in records)
        ranked.append(
            QueryGroup(
                query=spellings.most_common(1)[0][0],
                count=len(records),
                partners=dict(partners.most_common()),
                spellings=[s for s, _ in spellings.most_common()],
                terms=list(key) if isinstance(key, tuple) else [],
            )
        )
    return sorted(ranked, key=lambda g: (-g.count, g.query))


def unclicked(log: SearchLog, clicks: Iterable[Clicked]) -> list[QueryGroup]:
    """Query groups that found something but whose results nobody opened, most searched first."""
    if log.grouping is None:
        raise ValueError("the log was not read by read_search_log: its queries have no groups")
    clicked = {log.grouping.key(click.query) for click in clicks}
    return [g for g in log.answered if log.grouping.key(g.query) not in clicked]


def passage_clicks(clicks: Iterable[Clicked], heading_of: Callable[[str], str]) -> list[PassageClicks]:
    """Clicks per passage, most opened first, with the rank it had and what readers had searched."""
    count: Counter[str] = Counter()
    ranks: dict[str, list[int]] = {}
    queries: dict[str, Counter[str]] = {}
    for click in clicks:
        count[click.passage_id] += 1
        ranks.setdefault(click.passage_id, []).append(click.rank)
        queries.setdefault(click.passage_id, Counter())[click.query] += 1
    total = sum(count.values())
    return [
        PassageClicks(
            pid,
            n,
            n / total,
            sum(ranks[pid]) / len(ranks[pid]),
            heading_of(pid),
            [q for q, _ in queries[pid].most_common(3)],
        )
        for pid, n in sorted(count.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def unhelpful_passages(votes: Iterable[Voted], heading_of: Callable[[str], str]) -> list[PassageVotes]:
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
    ranked = sorted(not_helpful, key=lambda pid: (-not_helpful[pid], helpful[pid], pid))
    return [
        PassageVotes(pid, not_helpful[pid], helpful[pid], heading_of(pid), [q for q, _ in queries[pid].most_common(3)])
        for pid in ranked
    ]


def partner_shares(
    log: SearchLog, clicks: Iterable[Clicked], votes: Iterable[Voted]
) -> list[tuple[str, int, int, int]]:
    """(partner, searches, clicks, votes) for each partner seen anywhere, most searches first."""
    clicked = Counter(c.partner or DIRECT for c in clicks)
    voted = Counter(v.partner or DIRECT for v in votes)
    partners = set(log.by_partner) | set(clicked) | set(voted)
    rows = [(p, log.by_partner[p], clicked[p], voted[p]) for p in partners]
    return sorted(rows, key=lambda row: (-row[1], -row[2], row[0]))
