"""Reads articles (Markdown with front matter) into passages, reporting malformed input as file:line."""

from __future__ import annotations

import hashlib
import urllib.parse
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

REQUIRED_FRONT_MATTER = ("slug", "title", "url", "lang", "published")


class ContentError(Exception):
    """Malformed content; the message reads `file:line: what is wrong`."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = str(path), line, message


@dataclass
class Article:
    slug: str
    title: str
    url: str
    lang: str
    published: str
    source: str


@dataclass
class Passage:
    """A searchable unit: the lead, an H2's own text before its first H3, or an H3 section."""

    article: Article
    heading_path: list[str]  # article title → H2 → H3
    line: int  # where its heading (or the lead) starts, for error messages
    blocks: list[str] = field(default_factory=list)  # paragraph, caption, list item and callout lines
    has_children: bool = False

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
        """Stable while the heading path is unchanged: a hash of the path, under the article slug."""
        digest = hashlib.sha1("\x1f".join(self.heading_path).encode()).hexdigest()[:10]
        return f"{self.article.slug}-{digest}"

    @property
    def url(self) -> str:
        """The section on the publisher's page, addressed with a text fragment of its heading."""
        if self.kind == "lead":
            return self.article.url
        return f"{self.article.url}#:~:text={urllib.parse.quote(self.heading, safe='')}"

    @property
    def text(self) -> str:
        return "\n".join(self.blocks)


def read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise ContentError(path, line, "not valid UTF-8 text") from None


def split_front_matter(path: Path, text: str) -> tuple[dict[str, object], str, int]:
    """The front matter mapping, the body, and the body's first line number."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ContentError(path, 1, "missing front matter (the file must start with a '---' line)")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise ContentError(path, 1, "front matter is not closed by a '---' line") from None
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise ContentError(path, (mark.line + 2) if mark else 1, f"front matter is not valid YAML: {err}") from None
    if not isinstance(meta, dict):
        raise ContentError(path, 2, "front matter must be a mapping of fields")
    for name in REQUIRED_FRONT_MATTER:
        value = meta.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ContentError(path, end + 1, f"front matter field '{name}' is missing")
    return meta, "\n".join(lines[end + 1 :]), end + 2


def inline_text(token: Token) -> str:
    """Plain text of an inline token: formatting marks dropped, line breaks kept."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts).strip()


def parse_article(path: Path) -> tuple[Article, list[Passage]]:
    text = read_text(path)
    meta, body, body_line = split_front_matter(path, text)
    published = meta["published"]
    article = Article(
        slug=str(meta["slug"]),
        title=str(meta["title"]),
        url=str(meta["url"]),
        lang=str(meta["lang"]),
        published=published.isoformat() if isinstance(published, date) else str(published),
        source=str(path),
    )
    lead = Passage(article, [article.title], body_line)
    passages = [lead]
    current = lead
    h2: Passage | None = None
    tokens = MarkdownIt("commonmark").parse(body)
    for i, token in enumerate(tokens):
        line = body_line + (token.map[0] if token.map else 0)
        if token.type == "heading_open":
            level = int(token.tag[1])
            heading = inline_text(tokens[i + 1])
            if level == 1:
                raise ContentError(path, line, "use the front matter 'title' for the article title, not '#'")
            if level == 3 and h2 is None:
                raise ContentError(path, line, f"skipped heading level: '### {heading}' comes before any '##'")
            if level > 3:
                raise ContentError(
                    path, line, f"skipped heading level: only '##' and '###' are supported, got h{level}"
                )
            if level == 2:
                current = h2 = Passage(article, [article.title, heading], line)
            else:
                assert h2 is not None
                h2.has_children = True
                current = Passage(article, [article.title, h2.heading, heading], line)
            passages.append(current)
        elif token.type == "inline" and tokens[i - 1].type != "heading_open":
            content = inline_text(token)
            if content:
                current.blocks.extend(content.split("\n"))
        elif token.type in ("fence", "code_block"):
            current.blocks.extend(token.content.strip("\n").split("\n"))
    return article, passages


def load_articles(content_dir: Path) -> list[tuple[Article, list[Passage]]]:
    """Every article under content_dir/articles, checked together: all problems reported at once."""
    errors: list[ContentError] = []
    articles: list[tuple[Article, list[Passage]]] = []
    for path in sorted((content_dir / "articles").glob("**/*.md")):
        try:
            articles.append(parse_article(path))
        except ContentError as err:
            errors.append(err)
    seen_slugs: dict[str, str] = {}
    seen_ids: dict[str, Passage] = {}
    for article, passages in articles:
        if article.slug in seen_slugs:
            also = seen_slugs[article.slug]
            errors.append(ContentError(article.source, 2, f"duplicate slug '{article.slug}' (also in {also})"))
        seen_slugs[article.slug] = article.source
        for passage in passages:
            other = seen_ids.get(passage.id)
            if other is not None:
                errors.append(
                    ContentError(
                        article.source,
                        passage.line,
                        f"duplicate id: heading path '{' > '.join(passage.heading_path)}'"
                        f" already at {other.article.source}:{other.line}",
                    )
                )
            seen_ids[passage.id] = passage
    if errors:
        raise ContentErrors(errors)
    return articles


class ContentErrors(Exception):
    """Every problem found in the content, one `file:line: message` per line."""

    def __init__(self, errors: list[ContentError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors
