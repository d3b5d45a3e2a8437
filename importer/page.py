"""A full page → its metadata and the article body alone, with the site's chrome dropped.

Pages are parsed as a browser parses them (html5lib, the WHATWG algorithm: unclosed <p> and <li>,
stray end tags), keeping each element's source line for messages.

The title and canonical URL come from trafilatura, which reads what CMSs and SEO plugins write
(Open Graph, JSON-LD, <link rel=canonical>). The published date comes only from what the page
states outright (published_date): trafilatura's date guess can be a date found nowhere on the page.
The body is the element that WordPress themes and most CMSs mark as the article's
text; then navigation, ads, share buttons, tables of contents, related-article boxes, scripts and
forms are dropped by CSS selectors, so everything else in it is the author's and is kept.
"""

from __future__ import annotations

import datetime
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from bs4 import BeautifulSoup, Comment, Tag

# The article body, most specific first: schema.org markup, WordPress themes (classic, block,
# Cocoon, SWELL, JIN, AFFINGER…), then generic containers; the first that matches is the body.
BODY_SELECTORS = (
    "[itemprop=articleBody]",
    ".entry-content",
    ".post_content",
    ".post-content",
    ".article-body",
    ".article-content",
    ".wp-block-post-content",
    "article",
    "main",
    "[role=main]",
    "body",
)

# Chrome inside or around the body: dropped, and counted in the progress output.
CHROME_SELECTORS = {
    "scripts and styles": "script, style, noscript, template, link, meta",
    "navigation": "nav, [role=navigation], .breadcrumb, .breadcrumbs, .pagination, .post-navigation, .nav-links",
    "site header and footer": "body > header, .site-header, #masthead, footer, .site-footer",
    "sidebars": "aside.widget-area, #secondary, .sidebar, .widget-area",
    "ads": "ins.adsbygoogle, .ad, .ads, .advertisement, [id^=div-gpt-ad], .sponsored, .pr-box",
    "share buttons": ".share, .share-buttons, .sns-share, .sharedaddy, .social-share, .sns-buttons, .addtoany_share",
    "tables of contents": "#toc_container, .toc, .ez-toc-container, #ez-toc-container, .p-toc, .wp-block-toc",
    "related articles": ".related, .related-posts, .related-entries, .yarpp-related, .jp-relatedposts, .relpost",
    "article header": ".entry-header, .entry-meta, .post-meta, .author-box, .entry-footer, .tags-links, .cat-links",
    "comments and forms": "#comments, .comments-area, form, button, input, select, textarea",
}


# Where a theme puts the post's own date line: the article header (WordPress, Cocoon, SWELL, JIN…).
ARTICLE_HEADER = (
    ".entry-header, .article-header, article header, .p-articleHead, .c-postTitle, .entry-meta, .post-meta, .post-date"
)
NOT_PUBLISHED = re.compile(r"update|modif", re.IGNORECASE)  # the other date a header shows
DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


@dataclass
class PageMetadata:
    title: str
    url: str
    published: str  # YYYY-MM-DD, or "" when the page does not say
    published_from: str  # the signal the date was read from ("meta article:published_time"…), or ""
    lang: str  # "ja", "en"… from <html lang>, or ""


def parse_html(html: str) -> BeautifulSoup:
    """A page or a post's content as a browser builds it; every Tag has its `sourceline`."""
    return BeautifulSoup(html, "html5lib")


def page_metadata(html: str) -> PageMetadata:
    """Title (without the site name), canonical URL, published date (and where it was read) and language
    of a full page."""
    import trafilatura

    meta = trafilatura.extract_metadata(html, extensive=False)
    soup = parse_html(html)
    root = soup.find("html")
    lang = str(root.get("lang") or "").split("-")[0].lower() if isinstance(root, Tag) else ""
    published, published_from = published_date(soup)
    if meta is None:
        return PageMetadata("", "", published, published_from, lang)
    return PageMetadata(meta.title or "", meta.url or "", published, published_from, lang or (meta.language or ""))


def published_date(soup: BeautifulSoup) -> tuple[str, str]:
    """(YYYY-MM-DD, which signal said it) from the page's explicit publication signals, strongest first:
    meta article:published_time, JSON-LD datePublished, a <time class=published datetime>, a <time datetime>
    in the article header (not an update time), WordPress's `published` class. ("", "") when none says."""
    for found, signal in published_signals(soup):
        if day := iso_day(found):
            return day, signal
    return "", ""


def published_signals(soup: BeautifulSoup) -> Iterator[tuple[str, str]]:
    for meta in soup.select('meta[property="article:published_time"], meta[itemprop=datePublished]'):
        yield str(meta.get("content") or ""), f"meta {meta.get('property') or meta.get('itemprop')}"
    for script in soup.select('script[type="application/ld+json"]'):
        try:
            data = json.loads(script.string or "")  # get_text() leaves out a script's text
        except ValueError:
            continue
        for value in json_values(data, "datePublished"):
            yield str(value), "JSON-LD datePublished"
    for time in soup.select("time.published[datetime]"):
        yield str(time["datetime"]), "<time class=published datetime>"
    for time in soup.select(", ".join(f"{header} time[datetime]" for header in ARTICLE_HEADER.split(", "))):
        if not NOT_PUBLISHED.search(" ".join(time.get("class") or [])):
            yield str(time["datetime"]), "<time datetime> in the article header"
    for element in soup.select(".published"):
        yield str(element.get("datetime") or element.get("title") or element.get_text()), "the 'published' class"


def json_values(data: object, key: str) -> Iterator[object]:
    """Every value of `key` in nested JSON-LD (objects, lists, @graph)."""
    if isinstance(data, dict):
        if key in data:
            yield data[key]
        for value in data.values():
            yield from json_values(value, key)
    elif isinstance(data, list):
        for value in data:
            yield from json_values(value, key)


def iso_day(text: str) -> str:
    """`2025-03-04T09:00:00+09:00`, `2025.03.04`, `2025年3月4日` → `2025-03-04`; "" when no real date is in it."""
    found = DATE.search(text)
    if not found:
        return ""
    try:
        return datetime.date(*map(int, found.groups())).isoformat()
    except ValueError:
        return ""


def article_body(html: str) -> tuple[Tag, Counter[str]]:
    """The article body element of a full page (or of a post's content), chrome removed; and how many
    elements of each kind of chrome were dropped."""
    soup = parse_html(html)
    body: Tag = next((found for s in BODY_SELECTORS if (found := soup.select_one(s)) is not None), soup)
    dropped: Counter[str] = Counter()
    for comment in body.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()  # Gutenberg's <!-- wp:paragraph --> block markers
    for kind, selector in CHROME_SELECTORS.items():
        for element in body.select(selector):
            if element is not body and not element.decomposed:
                element.decompose()
                dropped[kind] += 1
    title = body.select_one("h1")
    first_text = next((text for text in body.find_all(string=True) if text.strip()), None)
    if title is not None and first_text is not None and title in first_text.parents:
        title.decompose()  # the article title opening the body: already in the front matter
        dropped["article header"] += 1
    return body, dropped
