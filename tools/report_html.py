"""The editors' report as one self-contained HTML page: inline CSS and inline SVG charts, no scripts,
fonts or images to fetch, so it opens from disk, from an e-mail attachment or on an intranet.

Charts are drawn by pygal, to SVG whose text stays text: the browser renders the Japanese queries
and headings with the reader's own fonts (docs/report.md says why pygal).
"""

from __future__ import annotations

import html
import re
import urllib.parse
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pygal
from pygal.style import Style

from tools.report_stats import (
    DIRECT,
    NO_WORDS,
    SELF_HARM,
    UNREAD,
    QueryGroup,
    in_the_articles,
    searches_summary,
    self_harm_summary,
)

if TYPE_CHECKING:
    from tools.report import Report

FONTS = "'Hiragino Sans', 'Noto Sans CJK JP', 'Noto Sans JP', 'IPAGothic', 'Yu Gothic', Meiryo, sans-serif"
CHART_STYLE = Style(
    font_family=FONTS,
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#333333",
    foreground_strong="#111111",
    foreground_subtle="#dddddd",
    colors=("#2f6db5", "#d9822b", "#4a9a5b", "#b5443b", "#7b5ea7", "#8c8c8c"),
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=12,
    legend_font_size=13,
    title_font_size=15,
)
VOTE_STYLE = Style(**{**CHART_STYLE.to_dict(), "colors": ("#b5443b", "#4a9a5b")})  # not helpful, helpful
LABEL_CHARS = 18  # longer queries and headings are cut in charts; the tables beside them show them whole
CHART_ROWS = 10

# Readers' queries and the articles' headings and titles may be long runs with no space to break at
# (a pasted url): their cells (td.text) wrap anywhere, so that every table fits the window; other
# text wraps at spaces, and breaks a word only where it would otherwise overflow.
CSS = """
body { font-family: FONTS; margin: 0 auto; max-width: 60rem; padding: 1.5rem; color: #222; line-height: 1.6;
  overflow-wrap: break-word; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { font-size: 1.25rem; margin-top: 2.5rem;
  border-bottom: 2px solid #2f6db5; padding-bottom: 0.2rem; }
.meta, .note { color: #666; font-size: 0.9rem; }
.warning { color: #8a1c00; font-weight: bold; }
.figures { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1rem 0; }
.figure { border: 1px solid #ddd; border-radius: 6px; padding: 0.6rem 1rem; min-width: 9rem; }
.figure b { display: block; font-size: 1.6rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.92rem; margin-top: 0.8rem; }
th, td { text-align: left; padding: 0.35rem 0.5rem; border-bottom: 1px solid #e5e5e5; vertical-align: top; }
th { background: #f5f7fa; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
td.text { overflow-wrap: anywhere; }
.write { background: #fff3e0; color: #8a4b00; border-radius: 4px; padding: 0 0.4rem; }
.chart svg { width: 100%; height: auto; max-height: 28rem; }
.also { color: #777; font-size: 0.85rem; } td a { white-space: nowrap; }
""".replace("FONTS", FONTS)


def esc(value: object) -> str:
    return html.escape(str(value))


def cut(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def svg(chart: Any) -> str:
    """A chart's SVG for inlining: no XML declaration, no script (pygal's tooltips need its JS, fetched online)."""
    rendered = chart.render(is_unicode=True)
    return re.sub(r"<script\b.*?</script>", "", rendered, flags=re.DOTALL)


def chart_config(**extra: object) -> dict[str, object]:
    return {"style": CHART_STYLE, "js": [], "disable_xml_declaration": True, "width": 760, "no_data_text": "no data",
            **extra}  # fmt: skip


def counts_axis(largest: int) -> list[int]:
    """Whole-number ticks for counts (pygal would label 0.2, 0.4… for small ones)."""
    step = max(1, -(-largest // 10))
    return list(range(0, max(largest, 1) + step, step))


def label_margin(labels: list[str]) -> int:
    """Extra left margin for labels with wide (CJK) characters, which pygal measures as narrow ones."""
    wide = max((sum(1 for ch in label if ord(ch) > 0x2E80) for label in labels), default=0)
    return 7 * wide


def horizontal(chart_type: type, title: str, labels: list[str], largest: int, **extra: object) -> Any:
    """A horizontal bar chart of counts, one row per label (cut to LABEL_CHARS), with room for Japanese labels."""
    shown = [cut(label) for label in labels]
    chart = chart_type(**chart_config(height=110 + 34 * max(len(labels), 1), title=title, y_labels=counts_axis(largest),
                                      margin_left=label_margin(shown), **extra))  # fmt: skip
    chart.x_labels = shown
    return chart


def bars(title: str, rows: list[tuple[str, int]], series: str) -> str:
    """Horizontal bars, largest on top."""
    shown = list(reversed(rows[:CHART_ROWS]))
    values = [value for _, value in shown]
    chart = horizontal(pygal.HorizontalBar, title, [label for label, _ in shown], max(values, default=0),
                       show_legend=False)  # fmt: skip
    chart.add(series, values)
    return svg(chart)


def per_day_chart(per_day: dict[str, dict[str, int]]) -> str:
    largest = max((day["found"] + day["nothing"] for day in per_day.values()), default=0)
    chart = pygal.StackedBar(**chart_config(height=320, title="Searches per day", legend_at_bottom=True,
                                            y_labels=counts_axis(largest),
                                            x_label_rotation=-30 if len(per_day) > 8 else 0))  # fmt: skip
    chart.x_labels = list(per_day)
    chart.add("found something", [day["found"] for day in per_day.values()])
    chart.add("found nothing", [day["nothing"] for day in per_day.values()])
    return svg(chart)


def votes_chart(report: Report) -> str:
    rows = list(reversed((report.unhelpful or [])[:CHART_ROWS]))
    labels = [p.heading.split(" › ")[-1] for p in rows]
    largest = max((p.not_helpful + p.helpful for p in rows), default=0)
    chart = horizontal(pygal.HorizontalStackedBar, "Least helpful passages (votes)", labels, largest,
                       legend_at_bottom=True, style=VOTE_STYLE)  # fmt: skip
    chart.add("役に立たなかった", [p.not_helpful for p in rows])
    chart.add("役に立った", [p.helpful for p in rows])
    return svg(chart)


def partners_chart(report: Report) -> str:
    chart = pygal.Pie(**chart_config(height=340, title="Searches by site", inner_radius=0.45, legend_at_bottom=True))
    for partner, searches, _, _ in report.partners:
        if searches:
            chart.add(partner_name(partner), searches)
    return svg(chart)


def partner_name(partner: str) -> str:
    return "publisher's own site" if partner == DIRECT else partner


def search_link(group: QueryGroup, search_page: str) -> str:
    separator = "&" if "?" in search_page else "?"
    url = f"{search_page}{separator}q={urllib.parse.quote(group.query)}"
    return f'<a href="{esc(url)}">search it</a>'


def spellings(group: QueryGroup) -> str:
    others = group.spellings[1:]
    return f'<div class="also">also: {esc(" / ".join(others))}</div>' if others else ""


def zero_section(report: Report, search_page: str, top: int) -> str:
    groups = report.log.zero[:top]
    rows = []
    for n, g in enumerate(groups, 1):
        mention = esc(in_the_articles(g))
        if g.missing_words:
            mention = f'<span class="write">{mention}</span>'
        elif g.mentioned_in:
            mention += ": " + esc("; ".join(g.mentioned_in[:3]) + (" …" if len(g.mentioned_in) > 3 else ""))
        partners = ", ".join(f"{esc(partner_name(p))} {c}" for p, c in g.partners.items())
        rows.append(
            f"<tr><td class=n>{n}</td><td class=n>{g.count}</td><td class=text>{esc(g.query)}{spellings(g)}</td>"
            f"<td class=text>{esc(' '.join(g.terms))}</td><td>{partners}</td><td class=text>{mention}</td>"
            f"<td>{search_link(g, search_page)}</td></tr>"
        )
    table = (
        "<table><tr><th>#</th><th>searches</th><th>query</th><th>words</th><th>from</th><th>in the articles</th>"
        "<th></th></tr>" + "".join(rows) + "</table>"
        if rows
        else "<p>None to list: see below.</p>"
        if report.log.wordless or report.log.unread or report.log.self_harm
        else "<p>None: every search found something.</p>"
    )
    apart = [
        (UNREAD, searches_summary(report.log.unread, top) if report.log.unread else ""),
        (NO_WORDS, searches_summary(report.log.wordless, top) if report.log.wordless else ""),
        (SELF_HARM, self_harm_summary(report.log, top) if report.log.self_harm else ""),
    ]
    table += "".join(
        f'<p class="also">{esc(f"{kind.capitalize()}, {summary}.")}</p>' for kind, summary in apart if summary
    )
    chart = bars("Queries that found nothing", [(g.query, g.count) for g in groups], "searches")
    return section(
        "zero",
        "Queries that found nothing",
        "Grouped when they are the same words in different forms. Each links to a ready-made search; "
        "words no passage has are articles worth writing. Words the search could not read, queries with no words "
        "and self-harm phrasing are listed apart below.",
        chart + table,
    )


def unclicked_section(report: Report, search_page: str, top: int) -> str:
    if report.unclicked is None:
        return section("unclicked", "Queries with results but no click", esc(report.notes.get("clicks", "")), "")
    groups = report.unclicked[:top]
    rows = "".join(
        f"<tr><td class=n>{n}</td><td class=n>{g.count}</td><td class=text>{esc(g.query)}{spellings(g)}</td>"
        f"<td>{search_link(g, search_page)}</td></tr>"
        for n, g in enumerate(groups, 1)
    )
    body = (
        bars("Queries with results but no click", [(g.query, g.count) for g in groups], "searches")
        + (f"<table><tr><th>#</th><th>searches</th><th>query</th><th></th></tr>{rows}</table>" if rows else "")
    )
    return section(
        "unclicked",
        "Queries with results but no click",
        f"Readers saw answers and opened none: the passages may not look like what they asked. "
        f"{esc(report.notes.get('clicks', ''))}",
        body,
    )


def clicks_section(report: Report, top: int) -> str:
    if report.clicks is None:
        return section("clicks", "Click-through by passage", esc(report.notes.get("clicks", "")), "")
    searches_with_results = sum(day["found"] for day in report.log.per_day.values())  # self-harm ones too
    rate = f"{report.click_count / searches_with_results:.0%}" if searches_with_results else "–"
    rows = "".join(
        f"<tr><td class=n>{n}</td><td class=text>{esc(p.heading)}</td><td class=n>{p.clicks}</td>"
        f"<td class=n>{p.share:.0%}</td><td class=n>{p.mean_rank:.1f}</td>"
        f"<td class=text>{esc(' / '.join(p.queries))}</td></tr>"
        for n, p in enumerate(report.clicks[:top], 1)
    )
    chart = bars(
        "Clicks by passage", [(p.heading.split(" › ")[-1], p.clicks) for p in report.clicks[:top]], "clicks"
    )
    table = (
        "<table><tr><th>#</th><th>passage</th><th>clicks</th><th>share</th><th>mean rank</th><th>searched</th></tr>"
        + rows
        + "</table>"
    )
    return section(
        "clicks",
        "Click-through by passage",
        f"{report.click_count} clicks for {searches_with_results} searches that found something ({rate}). "
        f"{esc(report.notes.get('clicks', ''))}",
        chart + (table if rows else ""),
    )


def unhelpful_section(report: Report, top: int) -> str:
    if report.unhelpful is None:
        return section("unhelpful", "Least helpful passages", esc(report.notes.get("feedback", "")), "")
    rows = "".join(
        f"<tr><td class=n>{n}</td><td class=text>{esc(p.heading)}<div class=also>{esc(p.passage_id)}</div></td>"
        f"<td class=n>{p.not_helpful}</td><td class=n>{p.helpful}</td><td class=text>{esc(' / '.join(p.queries))}</td>"
        "</tr>"
        for n, p in enumerate(report.unhelpful[:top], 1)
    )
    table = (
        "<table><tr><th>#</th><th>passage</th><th>役に立たなかった</th><th>役に立った</th><th>searched</th></tr>"
        + rows
        + "</table>"
    )
    return section(
        "unhelpful",
        "Least helpful passages",
        f"From readers' 「役に立った / 役に立たなかった」. {esc(report.notes.get('feedback', ''))}",
        votes_chart(report) + (table if rows else ""),
    )


def partners_section(report: Report) -> str:
    searches = sum(row[1] for row in report.partners) or 1
    rows = "".join(
        f"<tr><td>{esc(partner_name(p))}</td><td class=n>{s}</td><td class=n>{s / searches:.0%}</td>"
        f"<td class=n>{c}</td><td class=n>{v}</td></tr>"
        for p, s, c, v in report.partners
    )
    table = (
        "<table><tr><th>site</th><th>searches</th><th>share</th><th>clicks</th><th>votes</th></tr>" + rows + "</table>"
    )
    return section("partners", "Each partner's share", "Searches, clicks and votes by the site they came from.",
                   partners_chart(report) + table)  # fmt: skip


def section(anchor: str, title: str, lead: str, body: str) -> str:
    heading = f'<h2>{esc(title)}</h2><p class="note">{lead}</p>'
    return f'<section id="{anchor}">{heading}<div class="chart">{body}</div></section>'


def render_html(report: Report, search_page: str, top: int = 20) -> str:
    """The whole report page (UTF-8 HTML, inline CSS and SVG); `search_page` is the page that `?q=` links open."""
    log = report.log
    zero = sum(day["nothing"] for day in log.per_day.values())
    figures = [
        ("searches", log.searches),
        ("found nothing", f"{zero / log.searches:.0%}" if log.searches else "–"),
        ("clicks", report.click_count if report.clicks is not None else "–"),
        ("votes", report.vote_count if report.unhelpful is not None else "–"),
    ]
    figure_html = "".join(f'<div class="figure"><b>{esc(v)}</b>{esc(k)}</div>' for k, v in figures)
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tayori: what readers look for</title><style>{CSS}</style></head>
<body>
<h1>What readers look for</h1>
<p class="meta">Tayori editors' report, {esc(generated)}. Search log: {esc(report.sources)}.</p>
{f'<p class="warning">Warning: {esc(report.unreadable)}.</p>' if report.unreadable.count else ""}
<div class="figures" id="figures">{figure_html}</div>
{section("per-day", "Searches per day", "Every search the function logged, by UTC day.", per_day_chart(log.per_day))}
{zero_section(report, search_page, top)}
{unclicked_section(report, search_page, top)}
{clicks_section(report, top)}
{unhelpful_section(report, top)}
{partners_section(report)}
</body></html>
"""
