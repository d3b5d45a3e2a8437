"""The article body (HTML) → Tayori's Markdown: `##`/`###` headings, paragraphs one line per line,
`**caption**` lines before lists, `- ` items, and callouts and speech bubbles as `> ` lines.

markdownify does the conversion; this module only says how Tayori's few structures are spelled and
notes, with `source:line`, every element that has no place in them (images, embeds, tables, deeper
headings) and what became of it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bs4 import BeautifulSoup, Tag
from markdownify import MarkdownConverter

# Remarks set apart from the text: speech bubbles (balloon/speech/voice blocks of Japanese WordPress
# themes), callout and point boxes, pull quotes. They become `> ` lines.
CALLOUT_CLASS = re.compile(
    r"(^|[-_])(speech|balloon|bubble|fukidashi|kaiwa|voice|callout|alert|notice|point|memo|hint|caution|note)([-_]|$)",
    re.IGNORECASE,
)
CALLOUT_PARTS = re.compile(r"(^|[-_])(icon|avatar|img|image|name)([-_]|$)", re.IGNORECASE)  # the speaker's picture
MEDIA = "img, picture, svg, iframe, video, audio, embed, object, canvas"

Noter = Callable[[Tag, str], None]


def is_callout(element: Tag) -> bool:
    classes = element.get("class") or []
    return element.name in ("blockquote", "aside") or any(CALLOUT_CLASS.search(c) for c in classes)


def prepare(body: Tag, note: Noter) -> None:
    """Rewrite the body in place into the structures Tayori knows, noting what does not fit."""
    for reading in body.select("rt, rp"):
        reading.decompose()  # furigana: the reading of the word beside it, not more text
    drop_media(body, note)
    mark_callouts(body)
    fit_headings(body, note)
    for table in body.find_all("table"):
        note(table, "<table> written as one list item per row (cells joined by ' / '): Tayori has no tables")
    for element in body.find_all(["dl"]):
        element.name = "div"


def drop_media(body: Tag, note: Noter) -> None:
    """Images, embeds and video go (the index holds text); an alt text stays as a paragraph. A speech
    bubble's speaker picture is decoration and goes unremarked."""
    for element in body.select(MEDIA):
        if element.decomposed:
            continue
        fallback = element.get_text(" ", strip=True)  # e.g. a <video>'s or <canvas>'s text for old browsers
        if fallback:
            note(element, f"<{element.name}> not imported with its text '{fallback[:60]}'")
        text = element.get("alt") or element.get("title") or ""
        if not any(is_callout(parent) for parent in element.parents if isinstance(parent, Tag)):
            said = f" (alt text '{text}' kept as a paragraph)" if text else ""
            note(element, f"<{element.name}> not imported: Tayori indexes text{said}")
            if text:
                paragraph = BeautifulSoup("", "html.parser").new_tag("p")
                paragraph.string = str(text)
                element.insert_before(paragraph)
        element.decompose()


def mark_callouts(body: Tag) -> None:
    """Each speech bubble or callout box becomes one <blockquote> (its empty icon parts dropped)."""
    for element in body.find_all(True):
        if element.decomposed or not is_callout(element):
            continue
        if any(parent.name == "blockquote" for parent in element.parents):
            element.unwrap()  # the text part of a bubble already marked: one `> ` level
            continue
        for part in element.find_all(class_=CALLOUT_PARTS):
            if not part.get_text(strip=True):
                part.decompose()
        element.name = "blockquote"
        element.attrs = {}


def fit_headings(body: Tag, note: Noter) -> None:
    """Tayori's sections are H2 and H3: other headings become paragraphs, an H3 before any H2 an H2."""
    for element in body.find_all(["h1", "h4", "h5", "h6"]):
        note(element, f"<{element.name}> '{element.get_text(strip=True)}' written as a paragraph: "
             "Tayori's sections are H2 and H3")  # fmt: skip
        element.name = "p"
    seen_h2 = False
    for heading in body.find_all(["h2", "h3"]):
        if heading.name == "h2":
            seen_h2 = True
        elif not seen_h2:
            note(heading, f"<h3> '{heading.get_text(strip=True)}' comes before any <h2>: written as '##'")
            heading.name = "h2"


class TayoriMarkdown(MarkdownConverter):
    """markdownify spelled Tayori's way: links and formatting reduced to their text (the index keeps
    text only), a list's caption kept bold, table rows as list items."""

    class Options(MarkdownConverter.DefaultOptions):
        heading_style = "atx"
        bullets = "-"
        escape_underscores = False
        escape_asterisks = True

    def convert_a(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return text

    def convert_em(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return text

    convert_i = convert_em

    def convert_table(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return "\n\n" + text.strip() + "\n\n"

    def convert_tr(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        cells = [c.get_text(" ", strip=True) for c in el.find_all(["td", "th"], recursive=False)]
        return "- " + " / ".join(c for c in cells if c) + "\n"

    def convert_dt(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return "\n\n" + text.strip() + "\n\n"

    convert_dd = convert_dt


def to_markdown(body: Tag) -> str:
    """The prepared body as Markdown: blank lines between blocks, no trailing spaces, line breaks kept."""
    text = TayoriMarkdown().convert_soup(body)
    text = text.replace("  \n", "\n")  # <br> as a plain line break: each line stays its own line
    lines = [line.rstrip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    text = re.sub(r"^(\*\*[^\n]+\*\*)\n\n(?=- )", r"\1\n", text, flags=re.MULTILINE)  # a caption sits on its list
    return text.strip() + "\n"
