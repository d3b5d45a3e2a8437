"""Reads articles (Markdown with front matter) into passages, reporting malformed input as file:line.

An article is `content/articles/<name>.md`: YAML front matter (slug, title, url, lang, published),
then the lead, `##` sections and `###` sections. Inside a section: paragraphs, bullet lists, a
`**caption**` line right before a list, and `> ` callouts (the author's closing remarks).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from tayori.problems import ProblemsError

REQUIRED_FRONT_MATTER = ("slug", "title", "url", "lang", "published")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
HTTPS_URL = re.compile(r"https://[^/\s?#]+(/\S*)?")
MAX_ARTICLE_BYTES = 200_000  # far above any advice article; a larger file is a mistake (a paste, a binary)
# Characters no article text may hold, wherever they come from (the file's bytes, a YAML escape such
# as "\0" or "\u0007", a Markdown entity such as &#x202E;): control characters other than tab and
# newline (C0, DEL, C1; a NUL would be indexed as U+FFFD), bidirectional embeddings, overrides and
# isolates (they reorder what readers see), and U+FFFD itself (text already lost in a conversion).
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffd]")
# What a heading made of only these shows: nothing (spaces, zero-width and other format characters).
INVISIBLE_CATEGORIES = ("Cc", "Cf", "Zs", "Zl", "Zp")


def shown(path: Path | str) -> str:
    """A path as people type it: relative to the working directory when it is under it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class ContentError(Exception):
    """Malformed content; the message reads `file:line: what is wrong` (`file: …` with no line)."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        where = shown(path) if line is None else f"{shown(path)}:{line}"
        super().__init__(f"{where}: {message}")
        self.path, self.line, self.message = str(path), line, message


# One "every problem at once" error for articles and the editors' files alike.
ContentErrors = ProblemsError


@dataclass
class Article:
    slug: str
    title: str
    url: str
    lang: str
    published: str
    path: Path  # the source file, as found under the content folder
    slug_line: int = 2  # where the slug is written, for messages about it
    url_line: int = 2

    @property
    def source(self) -> str:
        return shown(self.path)


@dataclass(frozen=True)
class Block:
    """One piece of a section's text, in source order."""

    kind: str  # "paragraph", "caption" (the bold line naming the list after it), "item", "callout" or "code"
    text: str
    line: int


@dataclass
class Passage:
    """A searchable unit: the lead, an H2's own text before its first H3, or an H3 section."""

    article: Article
    heading_path: list[str]  # article title → H2 → H3
    line: int  # where its heading (or the lead) starts, for messages
    blocks: list[Block] = field(default_factory=list)
    has_children: bool = False  # an H2 with H3 sections below it

    @property
    def heading(self) -> str:
        return self.heading_path[-1]

    @property
    def category(self) -> str:
        """Its H2; the lead has none."""
        return self.heading_path[1] if len(self.heading_path) > 1 else ""

    @property
    def kind(self) -> str:
        return ("lead", "h2", "h3")[len(self.heading_path) - 1]

    @property
    def id(self) -> str:
        """Stable while the heading path is unchanged: the slug and a hash of the H2 → H3 headings.

        The article title is left out so that retitling an article keeps every link to its sections."""
        digest = hashlib.sha1("\x1f".join(self.heading_path[1:]).encode()).hexdigest()[:10]
        return f"{self.article.slug}-{digest}"

    @property
    def url(self) -> str:
        """The section on the publisher's page, addressed with a text fragment of its heading."""
        if self.kind == "lead":
            return self.article.url
        # Text fragments reserve '-', '&' and ',' as syntax: they must be percent-encoded too.
        quoted = urllib.parse.quote(self.heading, safe="").replace("-", "%2D")
        return f"{self.article.url}#:~:text={quoted}"

    @property
    def text(self) -> str:
        """The full text: paragraphs, captions, list items and callouts, one line each as written."""
        return "\n".join(block.text for block in self.blocks)

    @property
    def is_empty(self) -> bool:
        """A heading with no text and no subsections: nothing to index, worth telling the editor."""
        return not self.blocks and not self.has_children


def read_text(path: Path) -> str:
    """The file's text with newlines normalized; ContentError for what cannot be an article's text."""
    data = path.read_bytes()
    if len(data) > MAX_ARTICLE_BYTES:
        raise ContentError(path, None, f"{len(data)} bytes: an article may be at most {MAX_ARTICLE_BYTES} bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise ContentError(path, line, "not valid UTF-8 text (save the file as UTF-8)") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def describe_unsafe(character: str) -> str:
    """What an UNSAFE character is, for a message: `control character U+0007`."""
    code = ord(character)
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return f"bidirectional control character U+{code:04X}"
    if code == 0xFFFD:
        return "replacement character U+FFFD (text lost in a conversion)"
    return f"control character U+{code:04X}"


def unsafe_characters(path: Path, text: str, first_line: int = 1) -> list[ContentError]:
    """One ContentError per UNSAFE character in text (every one, not the first), at its line."""
    return [
        ContentError(
            path, first_line + text.count("\n", 0, found.start()), f"{describe_unsafe(found.group())} (remove it)"
        )
        for found in UNSAFE.finditer(text)
    ]


def decoded_unsafe(path: Path, line: int, source_line: str, decoded: str, what: str) -> list[ContentError]:
    """UNSAFE characters an escape or entity put into `decoded` (the text read from `source_line`).
    A line with such characters written as they are is reported by unsafe_characters already (and
    Markdown turns a NUL into U+FFFD): it is not reported twice."""
    if UNSAFE.search(source_line):
        return []
    return [
        ContentError(path, line, f"{what} holds {describe_unsafe(ch)} from an escape or entity (remove it)")
        for ch in dict.fromkeys(UNSAFE.findall(decoded))
    ]


def is_invisible(text: str) -> bool:
    """True for text that shows nothing: only spaces, zero-width and other format characters."""
    return all(unicodedata.category(ch) in INVISIBLE_CATEGORIES or ch.isspace() for ch in text)


class ImpossibleDate(str):
    """A front matter value written as a date or time that is not on the calendar (`2025-02-30`,
    `2025-01-01T25:00:00`): kept as its text, `why` says what is wrong, for a file:line message."""

    why: str = ""


class FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader, except that an impossible date is an ImpossibleDate value, not a ValueError
    that would stop the build at the first one (and without its file and line)."""

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> object:  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as err:
            value = ImpossibleDate(node.value)
            value.why = str(err)
            return value


FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", FrontMatterLoader.construct_yaml_timestamp)


def split_front_matter(
    path: Path, text: str, errors: list[ContentError]
) -> tuple[dict[str, object], dict[str, int], str, int]:
    """The front matter mapping, the line of each field, the body, and the body's first line number.

    Field problems are added to errors (all of them); an unusable front matter raises."""
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise ContentError(path, 1, "missing front matter (the file must start with a '---' line)")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise ContentError(path, 1, "front matter is not closed by a '---' line") from None
    source = "\n".join(lines[1:end])
    try:
        node = yaml.compose(source, Loader=FrontMatterLoader)
        meta = yaml.load(source, Loader=FrontMatterLoader) or {}  # a SafeLoader
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise ContentError(path, (mark.line + 2) if mark else 1, f"front matter is not valid YAML: {err}") from None
    if not isinstance(meta, dict):
        raise ContentError(path, 2, "front matter must be a mapping of fields")
    # Line of each field in the file: the YAML starts on line 2.
    field_line = {key.value: key.start_mark.line + 2 for key, _ in node.value} if node else {}
    for name in REQUIRED_FRONT_MATTER:
        value = meta.get(name)
        line = field_line.get(name, end + 1)
        if value is None or (isinstance(value, str) and not value.strip()):
            # `title:` with nothing after it is there but empty: said at its line, not where the block ends.
            state = "empty" if name in field_line else "missing"
            errors.append(ContentError(path, line, f"front matter field '{name}' is {state}"))
        elif name == "slug" and not SLUG.fullmatch(str(value)):
            errors.append(ContentError(path, line, f"slug '{value}' must be lowercase letters, digits and '-'"))
        elif name == "url" and not HTTPS_URL.fullmatch(str(value)):
            errors.append(ContentError(path, line, f"url '{value}' must be an absolute https URL"))
        elif name == "published" and isinstance(value, ImpossibleDate):
            errors.append(ContentError(path, line, f"published '{value}' is not a date on the calendar ({value.why})"))
        elif name == "published" and not isinstance(value, date):
            errors.append(ContentError(path, line, f"published '{value}' must be a date (YYYY-MM-DD)"))
    return meta, field_line, "\n".join(lines[end + 1 :]), end + 2


def inline_text(token: Token) -> str:
    """Plain text of an inline token: formatting marks dropped, line breaks kept."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "image"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts).strip()


def is_caption(tokens: list[Token], i: int) -> bool:
    """A paragraph that is one bold run, right before a list: the list's caption (「たとえば」)."""
    children = [c for c in tokens[i + 1].children or [] if not (c.type == "text" and not c.content.strip())]
    wholly_bold = len(children) == 3 and children[0].type == "strong_open" and children[2].type == "strong_close"
    following = tokens[i + 3].type if i + 3 < len(tokens) else ""
    return wholly_bold and following in ("bullet_list_open", "ordered_list_open")


def parse_article(path: Path) -> tuple[Article, list[Passage]]:
    """One article and its passages (empty ones included); raises ContentErrors with every problem."""
    article, passages, errors = read_article(path)
    if errors or article is None:
        raise ContentErrors(errors)
    return article, passages


def read_article(path: Path) -> tuple[Article | None, list[Passage], list[ContentError]]:
    """One article, its passages (empty ones included) and every problem found in it.

    The article is None only when its front matter cannot be read at all; otherwise it is returned
    with its problems, so that the checks across articles (duplicate slugs, off-site urls) still see it."""
    errors: list[ContentError] = []
    try:
        text = read_text(path)
        errors.extend(unsafe_characters(path, text))
        meta, field_line, body, body_line = split_front_matter(path, text, errors)
    except ContentError as err:
        return None, [], [*errors, err]
    source_lines = text.split("\n")
    for name, value in meta.items():
        line = field_line.get(name, 2)
        if isinstance(value, str):
            errors.extend(decoded_unsafe(path, line, source_lines[line - 1], value, f"front matter field '{name}'"))
    published = meta.get("published")
    article = Article(
        slug=str(meta.get("slug") or ""),
        title=str(meta.get("title") or ""),
        url=str(meta.get("url") or ""),
        lang=str(meta.get("lang") or ""),
        published=published.isoformat() if isinstance(published, date) else str(published),
        path=path,
        slug_line=field_line.get("slug", 2),
        url_line=field_line.get("url", 2),
    )
    lead = Passage(article, [article.title], body_line)
    passages = [lead]
    current = lead
    h2: Passage | None = None
    quote_depth = 0
    in_list = 0
    tokens = MarkdownIt("commonmark").parse(body)
    for i, token in enumerate(tokens):
        line = body_line + (token.map[0] if token.map else 0)
        if token.type == "blockquote_open":
            quote_depth += 1
        elif token.type == "blockquote_close":
            quote_depth -= 1
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            in_list += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            in_list -= 1
        elif token.type == "inline" and any(child.type == "html_inline" for child in token.children or []):
            errors.append(ContentError(path, line, "raw HTML is not supported: write it as Markdown"))
        if token.type == "heading_open":
            level = int(token.tag[1])
            heading = inline_text(tokens[i + 1])
            errors.extend(decoded_unsafe(path, line, source_lines[line - 1], heading, "heading"))
            if is_invisible(heading):
                errors.append(ContentError(path, line, f"empty heading: '{'#' * level}' needs text"))
            elif level == 1:
                errors.append(ContentError(path, line, "use the front matter 'title' for the article title, not '#'"))
            elif level == 3 and h2 is None:
                errors.append(ContentError(path, line, f"skipped heading level: '### {heading}' comes before any '##'"))
            elif level > 3:
                errors.append(
                    ContentError(path, line, f"skipped heading level: '{'#' * level} {heading}' (use '##' or '###')")
                )
            elif level == 2:
                current = h2 = Passage(article, [article.title, heading], line)
                passages.append(current)
            else:
                assert h2 is not None
                h2.has_children = True
                current = Passage(article, [article.title, h2.heading, heading], line)
                passages.append(current)
        elif token.type == "paragraph_open":
            content = inline_text(tokens[i + 1])
            if not content:
                continue
            source = "\n".join(source_lines[line - 1 : line - 1 + content.count("\n") + 1])
            errors.extend(decoded_unsafe(path, line, source, content, "text"))
            if quote_depth:
                kind = "callout"
            elif in_list:
                kind = "item"
            else:
                kind = "caption" if is_caption(tokens, i) else "paragraph"
            current.blocks.extend(Block(kind, text, line + n) for n, text in enumerate(content.split("\n")))
        elif token.type in ("fence", "code_block"):
            code = token.content.strip("\n")
            current.blocks.extend(Block("code", text, line + n) for n, text in enumerate(code.split("\n")))
        elif token.type == "html_block":
            errors.append(ContentError(path, line, "raw HTML is not supported: write it as Markdown"))
    return article, passages, errors


def origin_of(url: str) -> str:
    """`https://media.example/love/x?y` → `https://media.example` (what partners.toml origins list)."""
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def is_on_site(url: str, site_origins: Sequence[str]) -> bool:
    """True when url is on one of the publisher's origins, or there is nothing to check (no origins
    configured, or no host in url: the url's own check says what is wrong with it)."""
    return not site_origins or not urllib.parse.urlsplit(url).netloc or origin_of(url) in site_origins


def off_site(article: Article, site_origins: Sequence[str]) -> ContentError | None:
    """An article whose url is not on the publisher's site (`[publisher] origins` of partners.toml).
    A url that is not an https URL at all is left to its own check (one message per mistake)."""
    if not HTTPS_URL.fullmatch(article.url) or is_on_site(article.url, site_origins):
        return None
    site = ", ".join(site_origins)
    return ContentError(article.path, article.url_line, f"url '{article.url}' is not on the publisher's site ({site})")


# Markdown files, in any case (b7.MD, notes.Markdown): the extensions editors' tools write.
ARTICLE_SUFFIXES = (".md", ".markdown")


def is_article_file(path: Path) -> bool:
    return path.suffix.lower() in ARTICLE_SUFFIXES


def article_files(articles_dir: Path) -> list[Path]:
    """The article files under articles_dir (any depth), sorted."""
    return sorted(path for path in articles_dir.rglob("*") if path.is_file() and is_article_file(path))


def not_articles(content_dir: Path) -> list[Path]:
    """Files under content_dir/articles that the build does not read (not Markdown by their extension),
    so that the build can name them; hidden files (.DS_Store, an editor's swap file) are left out."""
    articles_dir = content_dir / "articles"
    return sorted(
        path
        for path in articles_dir.rglob("*")
        if path.is_file() and not is_article_file(path) and not path.name.startswith(".")
    )


def load_articles(content_dir: Path, site_origins: Sequence[str] = ()) -> list[tuple[Article, list[Passage]]]:
    """Every article (ARTICLE_SUFFIXES) under content_dir/articles, checked together: all problems
    reported at once.

    `site_origins`: the publisher's own origins; every article url must be on one of them (when given)."""
    articles_dir = content_dir / "articles"
    paths = article_files(articles_dir)
    if not paths:
        raise ContentErrors([ContentError(articles_dir, None, "no articles (*.md, *.markdown) found")])
    errors: list[ContentError] = []
    articles: list[tuple[Article, list[Passage]]] = []
    inside = content_dir.resolve()
    for path in paths:
        if not path.resolve().is_relative_to(inside):
            errors.append(ContentError(path, None, "a symlink to a file outside content/: copy the article in"))
            continue
        article, passages, problems = read_article(path)
        errors.extend(problems)
        if article is None:
            continue
        articles.append((article, passages))
        problem = off_site(article, site_origins)
        if problem:
            errors.append(problem)
    errors.extend(duplicates(articles))
    if errors:
        # Each file's problems together, top to bottom, in the order the files were read.
        order = {str(path): n for n, path in enumerate(paths)}
        raise ContentErrors(sorted(errors, key=lambda e: (order.get(e.path, len(order)), e.line or 0)))
    return articles


def duplicates(articles: list[tuple[Article, list[Passage]]]) -> list[ContentError]:
    """Two articles with one slug, or two sections with one heading path, would share ids and URLs."""
    errors: list[ContentError] = []
    seen_slugs: dict[str, Article] = {}
    seen_ids: dict[str, Passage] = {}
    for article, passages in articles:
        if not SLUG.fullmatch(article.slug):
            continue  # a missing or malformed slug is reported by its own check; its ids mean nothing
        other_article = seen_slugs.setdefault(article.slug, article)
        if other_article is not article:
            also = f"also in {other_article.source}:{other_article.slug_line}"
            errors.append(ContentError(article.path, article.slug_line, f"duplicate slug '{article.slug}' ({also})"))
            continue
        for passage in passages:
            other = seen_ids.setdefault(passage.id, passage)
            if other is not passage:
                errors.append(
                    ContentError(
                        article.path,
                        passage.line,
                        f"duplicate id {passage.id}: heading path '{' > '.join(passage.heading_path)}'"
                        f" is already at {other.article.source}:{other.line}",
                    )
                )
    return errors
