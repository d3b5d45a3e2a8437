"""Where articles come from: saved HTML pages, a WordPress export (WXR) and WordPress REST API JSON.

Each source yields SourceArticle values: the body HTML with whatever metadata the source states
outright (a WXR item names its slug and date; a saved page needs page.page_metadata to find them);
and Skipped values for what it leaves out on purpose (files in a folder that are not articles,
drafts, pages, attachments), so that the import can say so.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
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
    empty_because: str = ""  # why the source has no body to import (a password-protected post), or ""
    unreadable: str = ""  # why the source's bytes cannot be read as text (not UTF-8, no charset fits), or ""


@dataclass(frozen=True)
class Skipped:
    """What a source leaves out on purpose: `count` items (or one file) at `where`, and why."""

    where: str
    reason: str
    count: int = 1


TITLES_NAMED = 5  # titles listed per kind of skipped WXR item; the rest are counted


def read_sources(src: Path) -> Iterator[SourceArticle | Skipped]:
    """Every article under src (a file, or a folder searched recursively), in name order. In a folder, an
    .xml or .json file that is not a WordPress export or REST API posts (a mirror's sitemap.xml or
    manifest.json) is Skipped; named alone, it is an error.

    Raises ImportProblemError for src missing, or a file named alone that is not HTML, WXR or REST JSON."""
    if src.is_dir():
        files = sorted(p for p in src.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        if not files:
            raise ImportProblemError(str(src), "no .html, .htm, .xml (WordPress export) or .json (REST API) files")
    elif src.is_file():
        files = [src]
    else:
        raise ImportProblemError(str(src), "no such file or folder")
    for path in files:
        try:
            yield from read_file(path)
        except ImportProblemError as error:
            if not src.is_dir():
                raise
            yield Skipped(str(path), f"not an article file ({error.reason})")


def read_file(path: Path) -> list[SourceArticle | Skipped]:
    """The articles of one file; raises ImportProblemError when it holds none of the kinds above."""
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return [saved_page(path)]
    if suffix == ".xml":
        return list(wxr_posts(path))
    if suffix == ".json":
        return list(rest_posts(path))
    raise ImportProblemError(str(path), "not an .html, .htm, .xml (WordPress export) or .json (REST API) file")


def saved_page(path: Path) -> SourceArticle:
    """A page saved from the browser or fetched by a crawler (UTF-8, or the charset it declares). A page no
    candidate charset decodes without loss comes back `unreadable`, with no HTML."""
    data = path.read_bytes()
    try:
        return SourceArticle(str(path), path, data.decode("utf-8-sig"), is_full_page=True)
    except UnicodeDecodeError:
        pass
    from bs4.dammit import EncodingDetector  # the page's own <meta charset> (Shift_JIS, EUC-JP…), then guesses

    detector = EncodingDetector(data, is_html=True)
    for encoding in detector.encodings:
        try:
            return SourceArticle(str(path), path, data.decode(encoding), is_full_page=True)
        except (UnicodeDecodeError, LookupError):
            continue
    charset = detector.declared_encoding
    declared = f"as the {charset} it declares" if charset else "(it declares no charset)"
    why = f"not UTF-8, and it cannot be decoded {declared}: save the page as UTF-8"
    return SourceArticle(str(path), path, "", is_full_page=True, unreadable=why)


def wxr_posts(path: Path) -> Iterator[SourceArticle | Skipped]:
    """Published posts of a WordPress export (Tools → Export → Posts): WXR 1.1/1.2 RSS; then one Skipped
    naming the rest (unpublished posts by status, pages, attachments… with their titles)."""
    try:
        tree = etree.parse(str(path), etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        raise ImportProblemError(f"{path}:{error.lineno}", f"not a readable WordPress export: {error.msg}") from None
    channel = tree.getroot().find("channel")
    if channel is None or not any(ns == WP_NAMESPACE for ns in tree.getroot().nsmap.values()):
        raise ImportProblemError(str(path), "an XML file but not a WordPress export (WXR)")
    wp = f"{{{WP_NAMESPACE}}}"
    lang = (channel.findtext("language") or "").split("-")[0]
    left_out: dict[tuple[str, str], list[str]] = defaultdict(list)  # (post type, status) → titles
    for item in channel.iterfind("item"):
        post_type, status = item.findtext(f"{wp}post_type") or "post", item.findtext(f"{wp}status") or "publish"
        if post_type != "post" or status != "publish":
            left_out[post_type, status if post_type == "post" else ""].append(item.findtext("title") or "")
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
    if left_out:
        yield Skipped(str(path), left_out_summary(left_out), sum(len(titles) for titles in left_out.values()))


def left_out_summary(left_out: dict[tuple[str, str], list[str]]) -> str:
    """`2 posts not published (draft: 「a」, 「b」), 1 page (「c」)`: counts by kind, with titles."""

    def named(titles: list[str]) -> str:
        shown = ", ".join(f"「{title}」" for title in titles[:TITLES_NAMED])
        return shown + (f" and {len(titles) - TITLES_NAMED} more" if len(titles) > TITLES_NAMED else "")

    def counted(n: int, kind: str) -> str:
        return f"{n} {kind}" + ("" if n == 1 else "s")

    unpublished = {status: titles for (kind, status), titles in left_out.items() if kind == "post"}
    parts = []
    if unpublished:
        by_status = "; ".join(f"{status}: {named(titles)}" for status, titles in sorted(unpublished.items()))
        parts.append(f"{counted(sum(map(len, unpublished.values())), 'post')} not published ({by_status})")
    for (kind, _), titles in sorted(left_out.items()):
        if kind != "post":
            parts.append(f"{counted(len(titles), kind)} ({named(titles)})")
    return ", ".join(parts)


def rest_posts(path: Path) -> Iterator[SourceArticle | Skipped]:
    """Posts as `GET /wp-json/wp/v2/posts` returns them (a list, or one post), saved to a file; a post whose
    `status` is not `publish` is Skipped (the API gives drafts to a logged-in user)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except ValueError as error:
        raise ImportProblemError(str(path), f"not readable JSON: {error}") from None
    posts = data if isinstance(data, list) else [data]
    if not all(isinstance(p, dict) and isinstance(p.get("content"), dict) for p in posts):
        raise ImportProblemError(str(path), "not WordPress REST API posts (each needs content.rendered)")
    from bs4 import BeautifulSoup

    for post in posts:
        where = f"{path}#post-{post.get('id', '?')}"
        status = str(post.get("status") or "publish")
        if status != "publish":
            yield Skipped(where, f"status '{status}', not published")
            continue
        title_html = (post.get("title") or {}).get("rendered", "")
        yield SourceArticle(
            where=where,
            path=path,
            html=paragraphs_of(post["content"].get("rendered", "")),
            is_full_page=False,
            first_line=None,
            title=BeautifulSoup(title_html, "html.parser").get_text(),  # rendered titles carry entities
            url=str(post.get("link") or ""),
            published=str(post.get("date") or "")[:10],
            slug=str(post.get("slug") or ""),
            empty_because="password-protected (content.protected)" if post["content"].get("protected") else "",
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
