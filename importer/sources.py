"""Where articles come from: saved HTML pages, a WordPress export (WXR) and WordPress REST API JSON.

Each source yields SourceArticle values: the body HTML with whatever metadata the source states
outright (a WXR item names its slug and date; a saved page needs page.page_metadata to find them).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from importer.problems import ImportProblemError

HTML_SUFFIXES = (".html", ".htm")
SUFFIXES = (*HTML_SUFFIXES, ".xml", ".json")
BLOCK_START = re.compile(r"<(?:p|ul|ol|h[1-6]|div|blockquote|table|figure|pre|hr)\b|<!--", re.IGNORECASE)
WP_NAMESPACE = "http://wordpress.org/export/1.2/"
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"


@dataclass
class SourceArticle:
    """One article as found in a source, before conversion.

    `where` names it for messages (`file`, or `file#post-12`); `first_line` is the line of the source
    file on which `html` starts (None when the source has no lines to point at, as in JSON)."""

    where: str
    path: Path
    html: str
    is_full_page: bool  # a whole page (find the article body in it) or the body alone (WXR, REST)
    first_line: int | None = 1
    title: str = ""
    url: str = ""
    published: str = ""  # YYYY-MM-DD
    slug: str = ""
    lang: str = ""


def read_sources(src: Path) -> Iterator[SourceArticle]:
    """Every article under src (a file, or a folder searched recursively), in name order.

    Raises ImportProblemError for a file that is not HTML, WXR or REST JSON, or cannot be read."""
    if src.is_dir():
        files = sorted(p for p in src.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        if not files:
            raise ImportProblemError(f"{src}: no .html, .htm, .xml (WordPress export) or .json (REST API) files")
    elif src.is_file():
        files = [src]
    else:
        raise ImportProblemError(f"{src}: no such file or folder")
    for path in files:
        suffix = path.suffix.lower()
        if suffix in HTML_SUFFIXES:
            yield saved_page(path)
        elif suffix == ".xml":
            yield from wxr_posts(path)
        elif suffix == ".json":
            yield from rest_posts(path)
        else:
            raise ImportProblemError(f"{path}: not an .html, .htm, .xml (WordPress export) or .json (REST API) file")


def saved_page(path: Path) -> SourceArticle:
    """A page saved from the browser or fetched by a crawler (UTF-8, or the charset it declares)."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from bs4.dammit import UnicodeDammit  # the page's own <meta charset> (Shift_JIS, EUC-JP…)

        text = UnicodeDammit(data, is_html=True).unicode_markup or ""
    return SourceArticle(str(path), path, text, is_full_page=True)


def wxr_posts(path: Path) -> Iterator[SourceArticle]:
    """Published posts of a WordPress export (Tools → Export → Posts): WXR 1.1/1.2 RSS."""
    try:
        tree = etree.parse(str(path), etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        raise ImportProblemError(f"{path}:{error.lineno}: not a readable WordPress export: {error.msg}") from None
    channel = tree.getroot().find("channel")
    if channel is None or not any(ns == WP_NAMESPACE for ns in tree.getroot().nsmap.values()):
        raise ImportProblemError(f"{path}: an XML file but not a WordPress export (WXR)")
    wp = f"{{{WP_NAMESPACE}}}"
    lang = (channel.findtext("language") or "").split("-")[0]
    for item in channel.iterfind("item"):
        if item.findtext(f"{wp}post_type") != "post" or item.findtext(f"{wp}status") not in (None, "publish"):
            continue
        content = item.find(f"{{{CONTENT_NAMESPACE}}}encoded")
        yield SourceArticle(
            where=f"{path}#post-{item.findtext(f'{wp}post_id') or '?'}",
            path=path,
            html=paragraphs_of(content.text or "" if content is not None else ""),
            is_full_page=False,
            first_line=content.sourceline if content is not None else item.sourceline,
            title=item.findtext("title") or "",
            url=item.findtext("link") or "",
            published=(item.findtext(f"{wp}post_date") or "")[:10],
            slug=item.findtext(f"{wp}post_name") or "",
            lang=lang,
        )


def rest_posts(path: Path) -> Iterator[SourceArticle]:
    """Posts as `GET /wp-json/wp/v2/posts` returns them (a list, or one post), saved to a file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except ValueError as error:
        raise ImportProblemError(f"{path}: not readable JSON: {error}") from None
    posts = data if isinstance(data, list) else [data]
    if not all(isinstance(p, dict) and isinstance(p.get("content"), dict) for p in posts):
        raise ImportProblemError(f"{path}: not WordPress REST API posts (each needs content.rendered)")
    from bs4 import BeautifulSoup

    for post in posts:
        title_html = (post.get("title") or {}).get("rendered", "")
        yield SourceArticle(
            where=f"{path}#post-{post.get('id', '?')}",
            path=path,
            html=paragraphs_of(post["content"].get("rendered", "")),
            is_full_page=False,
            first_line=None,
            title=BeautifulSoup(title_html, "html.parser").get_text(),  # rendered titles carry entities
            url=str(post.get("link") or ""),
            published=str(post.get("date") or "")[:10],
            slug=str(post.get("slug") or ""),
        )


def paragraphs_of(html: str) -> str:
    """Post content as HTML paragraphs: the classic editor stores bare text whose blank lines are
    paragraphs and single line breaks are <br> (WordPress's wpautop adds them when it renders)."""
    if "<p" in html.lower():
        return html
    chunks = (chunk.strip() for chunk in html.split("\n\n"))
    return "\n\n".join(
        chunk if BLOCK_START.match(chunk) else "<p>" + chunk.replace("\n", "<br>\n") + "</p>"
        for chunk in chunks
        if chunk
    )
