"""One source article → a checked `content/articles/<slug>.md`, never overwriting without --force.

The output is checked by the build step's own parser (index.content.parse_article), so what the
import writes is exactly what `make index` accepts; an article it would reject is not written and
its problems are reported instead.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from bs4 import NavigableString, Tag

from importer.markdown import prepare, to_markdown
from importer.page import article_body, page_metadata
from importer.problems import Note
from importer.site import PublisherSite
from importer.sources import SourceArticle
from index.content import (
    SLUG,
    ContentErrors,
    Passage,
    article_files,
    duplicates,
    off_site,
    origin_of,
    parse_article,
    read_text,
    split_front_matter,
)

# What to do about a missing front matter field that the source did not give.
HINTS = {
    "front matter field 'url' is missing": " (the page names no canonical URL: pass --url-base https://your.site"
    " to make one from the file's path)",
    "front matter field 'published' is missing": " (the source states no date: no meta article:published_time,"
    " JSON-LD datePublished or <time> of publication; pass --published YYYY-MM-DD)",
    "front matter field 'title' is missing": " (the source has no title)",
}
DUPLICATE_HINT = " (two sections under one heading path would share a passage id: rename one on the page)"


@dataclass
class Converted:
    """An article ready to write: its Markdown (front matter included), where it goes and what to tell."""

    source: SourceArticle
    slug: str
    url: str
    markdown: str
    notes: list[Note] = field(default_factory=list)  # mapped differently, reported
    errors: list[Note] = field(default_factory=list)  # prevent writing it
    refused: str = ""  # why there is nothing to import at all ("no article body found"), or ""
    published_from: str = ""  # where the published date came from, said in the progress line
    dropped: Counter[str] = field(default_factory=Counter)  # chrome removed, by kind
    passages: list[Passage] = field(default_factory=list)


@dataclass(frozen=True)
class Settings:
    """What to use when a source does not say (the site's base URL: page URL = base + file path under
    root; a published date), the publisher's site, and the slugs of articles already imported, by URL, to keep them."""

    url_base: str = ""
    published: str = ""
    root: Path | None = None
    slugs_by_url: dict[str, str] = field(default_factory=dict)
    site: PublisherSite = field(default_factory=PublisherSite)  # where article urls must be, as make index checks


def convert(source: SourceArticle, settings: Settings = Settings()) -> Converted:
    """Source article → Tayori Markdown, checked by the build's parser; nothing written yet. A source with
    no text in its body, or whose bytes cannot be decoded, comes back `refused`, with no Markdown."""
    if source.unreadable:
        return Converted(source, "", "", "", refused=source.unreadable)
    title, url, published, lang = source.title, source.url, source.published, source.lang
    published_from = "the post's date" if published else ""
    if source.is_full_page:
        meta = page_metadata(source.html)
        title, url, published, lang = meta.title, meta.url, meta.published, meta.lang
        published_from = meta.published_from
    url = url or page_url(source, settings)
    if not published and settings.published:
        published, published_from = settings.published, "--published"
    body, dropped = article_body(source.html)
    notes: list[Note] = []
    prepare(body, lambda element, message: notes.append(Note(where(source, element), message)))
    converted = Converted(source, "", url, "", notes, dropped=dropped, published_from=published_from)
    if not squash(body.get_text()):
        converted.refused = ": ".join(filter(None, [source.empty_because, "no article body found"]))
        return converted
    converted.slug = settings.slugs_by_url.get(url) or unique_slug(source, url, settings.slugs_by_url, notes)
    converted.markdown = front_matter(converted.slug, title, url, lang or "ja", published) + "\n" + to_markdown(body)
    check(converted, body, settings.site)
    return converted


def unique_slug(source: SourceArticle, url: str, slugs_by_url: dict[str, str], notes: list[Note]) -> str:
    """slug_for's slug, made longer from the URL's path when another article has it ('ningen-matome' beside
    'matome'); each change is noted."""
    slug = slug_for(source, url)
    if slug.startswith("article-"):
        notes.append(Note(source.where, f"no ASCII slug in the source or its URL: named '{slug}' (passage ids use it)"))
    owners = {taken: owner for owner, taken in slugs_by_url.items()}
    if slug not in owners:
        return slug
    segments = [s.lower() for s in urllib.parse.unquote(urllib.parse.urlsplit(url).path).split("/") if s]
    longer = ("-".join(segments[-n:]) for n in range(2, len(segments) + 1))
    fallback = f"{slug}-{hashlib.sha1(url.encode()).hexdigest()[:6]}"
    named = next((c for c in longer if SLUG.fullmatch(c) and c not in owners), fallback)
    notes.append(Note(source.where, f"slug '{slug}' is taken by {owners[slug]}: named '{named}' (passage ids use it)"))
    return named


def where(source: SourceArticle, element: Tag) -> str:
    """`file:line` of an element, or `file#post-N <tag class>` where the source has no lines (JSON)."""
    line = getattr(element, "sourceline", None)
    if source.first_line is not None and line:
        return f"{source.path}:{source.first_line + line - 1}"
    classes = ".".join(element.get("class") or [])
    return f"{source.where} <{element.name}{'.' + classes if classes else ''}>"


def page_url(source: SourceArticle, settings: Settings) -> str:
    if not (settings.url_base and source.is_full_page):
        return ""
    relative = source.path.relative_to(settings.root) if settings.root else Path(source.path.name)
    path = relative.with_suffix("").as_posix().removesuffix("index").rstrip("/")
    return settings.url_base.rstrip("/") + "/" + path


def url_slug(url: str) -> str:
    last = urllib.parse.unquote(urllib.parse.urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])
    last = re.sub(r"\.(html?|php)$", "", last.lower())
    return last if SLUG.fullmatch(last) else ""


def slug_for(source: SourceArticle, url: str) -> str:
    """The source's slug if Tayori can use it, else the URL's last path segment, else a saved page's file
    name, else a stable name from the URL: the same article gets the same slug on every import, so its
    passage ids stay the same."""
    if SLUG.fullmatch(source.slug):
        return source.slug
    stem = source.path.stem.lower() if source.is_full_page else ""
    if SLUG.fullmatch(stem) and stem != "index":
        return url_slug(url) or stem
    return url_slug(url) or "article-" + hashlib.sha1((url or source.where).encode()).hexdigest()[:8]


def front_matter(slug: str, title: str, url: str, lang: str, published: str) -> str:
    """The front matter block; a field the source has no value for is left out (the build says it is missing)."""
    fields = {"slug": slug, "title": title, "url": url, "lang": lang}
    lines = [yaml.safe_dump({k: v}, allow_unicode=True, width=10_000).strip() for k, v in fields.items() if v]
    if published:
        lines.append(f"published: {published}")  # a bare date, read back by YAML as a date
    return "---\n" + "\n".join(lines) + "\n---\n"


def check(converted: Converted, body: Tag, site: PublisherSite) -> None:
    """Parse the Markdown as `make index` will (its url on the publisher's site included); report its errors
    at the source element they come from, and any source text missing from the passages."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{converted.slug}.md"
        path.write_text(converted.markdown, encoding="utf-8")
        elsewhere = None
        try:
            article, converted.passages = parse_article(path)
            elsewhere = off_site(article, site.origins)
            if clashes := duplicates([(article, converted.passages)]) + ([elsewhere] if elsewhere else []):
                raise ContentErrors(clashes)
        except ContentErrors as found:
            lines = converted.markdown.split("\n")
            for error in found.errors:
                message = error.message.replace(f"{folder}/", "")  # the article is never written: name it alone
                # "is already at slug.md:13" → the source element of line 13
                message = re.sub(
                    rf"\b{re.escape(path.name)}:(\d+)",
                    lambda m: source_of(converted, body, lines, int(m[1]))[0],
                    message,
                )
                where_, element = source_of(converted, body, lines, getattr(error, "line", None))
                named = f"<{element.name}> '{element.get_text(strip=True)[:40]}': " if element is not None else ""
                hint = HINTS.get(message, DUPLICATE_HINT if message.startswith("duplicate id") else "")
                if error is elsewhere:
                    hint = f" ({site.add_hint(origin_of(converted.url))})"
                converted.errors.append(Note(where_, named + message + hint))
            return
    written = squash("".join(p.heading + "".join(b.text for b in p.blocks) for p in converted.passages))
    for text in body.find_all(string=True):
        if isinstance(text, NavigableString) and squash(text) and squash(text) not in written:
            parent = text.parent if isinstance(text.parent, Tag) else body
            lost = f"text not imported: '{text.strip()[:60]}' (lost in the conversion to Markdown: please report it)"
            converted.errors.append(Note(where(converted.source, parent), lost))


BLOCK_TAGS = ["h2", "h3", "p", "li", "blockquote", "td", "th", "pre", "div"]
MARKDOWN_MARKS = re.compile(r"^(#{1,6}|>|-|\d+\.)\s+|\*\*|\\(?=[^\w\s])")


def source_of(converted: Converted, body: Tag, lines: list[str], line: int | None) -> tuple[str, Tag | None]:
    """The source element that line `line` (1-based) of the Markdown came from, and where it is (`file:line`
    or `file#post-N <tag>`); the source alone for the front matter or when no element has that text."""
    front_matter_end = lines.index("---", 1) + 1 if lines.count("---") >= 2 else 0
    if line is None or line <= front_matter_end or line > len(lines):
        return converted.source.where, None
    text = squash(MARKDOWN_MARKS.sub("", lines[line - 1]))
    tags = ["h2", "h3"] if lines[line - 1].startswith("#") else BLOCK_TAGS
    same_text_before = sum(1 for earlier in lines[front_matter_end : line - 1] if earlier == lines[line - 1])
    matches = [e for e in body.find_all(tags) if text and squash(e.get_text()) == text]
    if len(matches) > same_text_before:
        element = matches[same_text_before]
        return where(converted.source, element), element
    return converted.source.where, None


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass(frozen=True)
class Existing:
    path: Path
    slug: str
    url: str


def existing_articles(articles_dir: Path) -> list[Existing]:
    """The articles already in content/articles: a re-import of one goes to the same file, with the same slug."""
    found: list[Existing] = []
    for path in article_files(articles_dir):
        try:
            meta = split_front_matter(path, read_text(path), [])[0]
        except Exception:  # a broken file is `make index`'s to report; it just cannot be matched
            continue
        found.append(Existing(path, str(meta.get("slug") or ""), str(meta.get("url") or "")))
    return found
