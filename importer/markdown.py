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
# The boxes themes offer for an aside (SWELL's cap_box, JIN's simple-box1, Cocoon's blank-box): callouts too.
THEME_BOXES = re.compile(r"^(cap_box|simple-box\d*|blank-box)$")
MEDIA = "img, picture, svg, iframe, video, audio, embed, object, canvas"
# Markdown syntax in text: anywhere (emphasis, code, links, raw HTML, entities, escapes)…
INLINE_SYNTAX = re.compile(r"[\\`*_\[\]<]|&(?=#?\w+;)")
# …at a line's start (headings, quotes, list items, setext underlines, fences, numbered items)…
LINE_START_SYNTAX = re.compile(r"^(\s*|\s*\d{1,9})([#>+=~-]|(?<=\d)[.)])")
# …and a heading's closing #s.
CLOSING_HASHES = re.compile(r"(\s)(#+\s*)$")
INLINE_FORMATTING = ["b", "strong", "i", "em", "u", "s", "span", "font", "mark", "small"]
BLOCKS = ["p", "div", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "figure", "pre"]

Noter = Callable[[Tag, str], None]


def is_callout(element: Tag) -> bool:
    classes = element.get("class") or []
    boxed = any(CALLOUT_CLASS.search(c) or THEME_BOXES.match(c) for c in classes)
    return element.name in ("blockquote", "aside") or boxed


def prepare(body: Tag, note: Noter) -> None:
    """Rewrite the body in place into the structures Tayori knows, noting what does not fit."""
    for reading in body.select("rt, rp"):
        reading.decompose()  # furigana: the reading of the word beside it, not more text
    for formatting in body.find_all(INLINE_FORMATTING):
        if formatting.find(BLOCKS):
            formatting.unwrap()  # an unclosed <b> the parser carried over whole paragraphs: not a bold run
    drop_media(body, note)
    mark_callouts(body)
    lift_headings_out_of_lists(body)
    fit_headings(body, note)
    for table in body.find_all("table"):
        note(table, "<table> written as one list item per row (cells joined by ' / '): Tayori has no tables")
    for element in body.find_all(["dl"]):
        element.name = "div"


def drop_media(body: Tag, note: Noter) -> None:
    """Images, embeds and video go (the index holds text). What the page shows stays: a figure's caption
    as a paragraph, else an image's alt text (it stands for the picture). An embed's `title` only names
    it for screen readers, so it goes too. A speech bubble's speaker picture goes unremarked."""
    for caption in body.find_all("figcaption"):
        caption.name = "p"
        caption.attrs = {"class": ["figcaption"]}
    for element in body.select(MEDIA):
        if element.decomposed:
            continue
        fallback = element.get_text(" ", strip=True)  # e.g. a <video>'s or <canvas>'s text for old browsers
        if fallback:
            note(element, f"<{element.name}> not imported with its text '{fallback[:60]}'")
        if not any(is_callout(parent) for parent in element.parents if isinstance(parent, Tag)):
            figure = element.find_parent("figure")
            captioned = figure is not None and figure.select_one("p.figcaption") is not None
            alt, title = str(element.get("alt") or ""), str(element.get("title") or "")
            if captioned:
                said = " (its <figcaption> is kept as a paragraph)"
            elif alt:
                said = f" (alt text '{alt}' kept as a paragraph)"
            elif title:
                said = f" (its title '{title}' is not page text)"
            else:
                said = ""
            note(element, f"<{element.name}> not imported: Tayori indexes text{said}")
            if alt and not captioned:
                paragraph = BeautifulSoup("", "html.parser").new_tag("p")
                paragraph.string = alt
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


def lift_headings_out_of_lists(body: Tag) -> None:
    """A heading inside a list item (an unclosed <li> before it is valid HTML, and a browser keeps the
    heading in the item) ends the list: the heading and what follows it go after the list, later items
    into a list of their own, so that sections stay sections."""
    for heading in body.find_all(["h2", "h3"]):
        item = heading.find_parent("li")
        if item is None or body not in item.parents:
            continue
        lists = [parent for parent in item.parents if parent.name in ("ul", "ol") and body in parent.parents]
        start = heading
        while start.parent is not item:
            start = start.parent
        moving = [start, *start.next_siblings]
        later_items = [sibling for sibling in item.next_siblings if isinstance(sibling, Tag)]
        anchor: Tag = lists[-1]
        for node in moving:
            anchor.insert_after(node.extract())
            anchor = node
        if later_items:
            rest = BeautifulSoup("", "html.parser").new_tag(item.parent.name)
            for later in later_items:
                rest.append(later.extract())
            anchor.insert_after(rest)


def fit_headings(body: Tag, note: Noter) -> None:
    """Tayori's sections are H2 and H3: other headings become paragraphs, an H3 before any H2 an H2, and a
    heading with no text (nothing to name a section by) goes."""
    for element in body.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]):
        if not element.get_text(strip=True):
            note(element, f"<{element.name}> with no text dropped: its content stays in the section before it")
            element.decompose()
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

    def escape(self, text: str, parent_tags: set[str]) -> str:
        """Text is text: what Markdown would read as syntax is backslash-escaped (CommonMark drops the
        backslash again), so the article says what the page shows. Only what can be syntax is escaped
        (markdownify's escape_misc also escapes `=` and `|` in mid-line), so ordinary text stays as written."""
        text = INLINE_SYNTAX.sub(r"\\\g<0>", text)
        text = LINE_START_SYNTAX.sub(r"\g<1>\\\g<2>", text)
        return CLOSING_HASHES.sub(r"\g<1>\\\g<2>", text)

    def convert_a(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return text

    def convert_em(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return text

    convert_i = convert_em

    def convert_table(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return "\n\n" + text.strip() + "\n\n"

    def convert_tr(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        cells = [c.get_text(" ", strip=True) for c in el.find_all(["td", "th"], recursive=False)]
        cells = [self.escape(c, parent_tags) for c in cells]
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
