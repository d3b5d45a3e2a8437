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
from importer.sources import SourceArticle
from index.content import SLUG, ContentErrors, Passage, duplicates, parse_article, read_text, split_front_matter

# What to do about a missing front matter field that the source did not give.
HINTS = {
    "front matter field 'url' is missing": " (the page names no canonical URL: pass --url-base https://your.site"
    " to make one from the file's path)",
    "front matter field 'published' is missing": " (the source states no date: pass --published YYYY-MM-DD)",
    "front matter field 'title' is missing": " (the source has no title)",
}


@dataclass
class Converted:
    """An article ready to write: its Markdown (front matter included), where it goes and what to tell."""

    source: SourceArticle
    slug: str
    url: str
    markdown: str
    notes: list[Note] = field(default_factory=list)  # mapped differently, reported
    errors: list[Note] = field(default_factory=list)  # prevent writing it
    dropped: Counter[str] = field(default_factory=Counter)  # chrome removed, by kind
    passages: list[Passage] = field(default_factory=list)


@dataclass(frozen=True)
class Settings:
    """What to use when a source does not say (the site's base URL: page URL = base + file path under
    root; a published date), and the slugs of articles already imported, by URL, to keep them."""

    url_base: str = ""
    published: str = ""
    root: Path | None = None
    slugs_by_url: dict[str, str] = field(default_factory=dict)


def convert(source: SourceArticle, settings: Settings = Settings()) -> Converted:
    """Source article → Tayori Markdown, checked by the build's parser; nothing written yet."""
    title, url, published, lang = source.title, source.url, source.published, source.lang
    if source.is_full_page:
        meta = page_metadata(source.html)
        title, url, published, lang = meta.title, meta.url, meta.published, meta.lang
    url = url or page_url(source, settings)
    published = published or settings.published
    body, dropped = article_body(source.html)
    notes: list[Note] = []
    prepare(body, lambda element, message: notes.append(Note(where(source, element), message)))
    slug = settings.slugs_by_url.get(url) or slug_for(source, url)
    converted = Converted(source, slug, url, "", notes, dropped=dropped)
    if slug.startswith("article-") and url not in settings.slugs_by_url:
        notes.append(Note(source.where, f"no ASCII slug in the source or its URL: named '{slug}' (passage ids use it)"))
    converted.markdown = front_matter(slug, title, url, lang or "ja", published) + "\n" + to_markdown(body)
    check(converted, body)
    return converted


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
    fields = {"slug": slug, "title": title, "url": url, "lang": lang}
    lines = [yaml.safe_dump({k: v}, allow_unicode=True, width=10_000).strip() for k, v in fields.items()]
    lines.append(f"published: {published}")  # a bare date, read back by YAML as a date
    return "---\n" + "\n".join(lines) + "\n---\n"


def check(converted: Converted, body: Tag) -> None:
    """Parse the Markdown as `make index` will; report its errors and any source text missing from it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{converted.slug}.md"
        path.write_text(converted.markdown, encoding="utf-8")
        try:
            article, converted.passages = parse_article(path)
            if clashes := duplicates([(article, converted.passages)]):
                raise ContentErrors(clashes)
        except ContentErrors as found:
            for error in found.errors:
                line = f":{error.line}" if getattr(error, "line", None) else ""
                message = error.message.replace(f"{folder}/", "")  # the article is not written: name it alone
                message += HINTS.get(message, "")
                converted.errors.append(Note(f"{converted.source.where} → {converted.slug}.md{line}", message))
            return
    written = squash("".join(p.heading + "".join(b.text for b in p.blocks) for p in converted.passages))
    for text in body.find_all(string=True):
        if isinstance(text, NavigableString) and squash(text) and squash(text) not in written:
            parent = text.parent if isinstance(text.parent, Tag) else body
            converted.errors.append(Note(where(converted.source, parent), f"text not imported: '{text.strip()[:60]}'"))


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
    for path in sorted(articles_dir.glob("**/*.md")):
        try:
            meta = split_front_matter(path, read_text(path), [])[0]
        except Exception:  # a broken file is `make index`'s to report; it just cannot be matched
            continue
        found.append(Existing(path, str(meta.get("slug") or ""), str(meta.get("url") or "")))
    return found
