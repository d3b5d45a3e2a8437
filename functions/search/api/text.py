"""The one rule for text a client sends (every query parameter, path parameter and body field):
valid UTF-8 without control characters.

A control character (C0, DEL, C1: Unicode category Cc) other than the whitespace a pasted text may
hold (tab, line feed, carriage return: those count as spaces, so "\t\n" is "blank") is never part
of what a reader types, nor is a bidirectional override or isolate (U+202A–U+202E, U+2066–U+2069:
they reorder what is shown, and the articles refuse them too, index/content.py), and
invalid UTF-8 is not text at all: all are refused with a 400 that says so, instead of being searched,
stored or mistaken for blank text. Query strings and paths are decoded with `surrogateescape`
(api/http_edge), so an undecodable byte arrives here as a lone surrogate (Cs).

Text that has only spaces and characters Unicode says render as nothing when a font lacks them
(Default_Ignorable_Code_Point: a zero-width space, a word joiner, a byte order mark, the Hangul
fillers, the combining grapheme joiner, variation selectors...) is blank: a reader typed nothing.
"""

import unicodedata
from typing import Annotated

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

PROBLEM = "must not contain control characters or invalid UTF-8"
ERROR_TYPE = "control_characters"
WHITESPACE = "\t\n\r"
BIDI_CONTROLS = frozenset(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
# Default_Ignorable_Code_Point, as first and last code point of each range: DerivedCoreProperties.txt
# of the Unicode Character Database (https://www.unicode.org/Public/UCD/latest/ucd/DerivedCoreProperties.txt),
# unchanged from Unicode 7.0 to 17.0. unicodedata does not expose the property. U+2800 (Braille blank)
# is not in it: it is a visible, if empty, braille cell.
DEFAULT_IGNORABLE_RANGES = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)  # fmt: skip
# What an error message never shows as it is: the refused characters, every other format character
# (Cf) and the line and paragraph separators.
HIDDEN_IN_MESSAGES = ("Cc", "Cs", "Cf", "Zl", "Zp")


def is_refused(character: str) -> bool:
    """True for a control character (Cc) other than tab, LF, CR, a bidirectional control, or a byte
    that was not UTF-8 (a lone surrogate)."""
    if character in WHITESPACE:
        return False
    return character in BIDI_CONTROLS or unicodedata.category(character) in ("Cc", "Cs")


def is_plain_text(value: str) -> bool:
    """False when `value` holds a character is_refused() refuses."""
    return not any(map(is_refused, value))


def is_default_ignorable(character: str) -> bool:
    """True for a Default_Ignorable_Code_Point (DEFAULT_IGNORABLE_RANGES): shown as nothing."""
    code = ord(character)
    return any(first <= code <= last for first, last in DEFAULT_IGNORABLE_RANGES)


def is_blank(value: str) -> bool:
    """True when `value` has nothing besides spaces (str.isspace) and default-ignorable characters."""
    return all(ch.isspace() or is_default_ignorable(ch) for ch in value)


def shown(value: str) -> str:
    """`value` as an error message may echo it: control, format and separator characters and lone
    surrogates written as escapes (`\\x00`, `\\u202e`, `\\udcff`), everything else as it is."""
    return "".join(
        ascii(ch)[1:-1] if unicodedata.category(ch) in HIDDEN_IN_MESSAGES else ch for ch in value
    )


def plain_text(value: str) -> str:
    """Pydantic validator for is_plain_text; raises PydanticCustomError `control_characters`."""
    if not is_plain_text(value):
        raise PydanticCustomError(ERROR_TYPE, PROBLEM)
    return value


# A parameter checks it after its own limits (so that an empty `q` still says "must not be empty"):
# `q: Annotated[str, Query(min_length=1), PLAIN_TEXT]`; a body field is declared `PlainText`.
PLAIN_TEXT = AfterValidator(plain_text)
PlainText = Annotated[str, PLAIN_TEXT]
