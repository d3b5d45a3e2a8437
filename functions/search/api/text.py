"""The one rule for text a client sends (every query parameter, path parameter and body field):
valid UTF-8 without control characters.

A control character (C0, DEL, C1: Unicode category Cc) other than the whitespace a pasted text may
hold (tab, line feed, carriage return: those count as spaces, so "\t\n" is "blank") is never part
of what a reader types, and
invalid UTF-8 is not text at all: both are refused with a 400 that says so, instead of being searched,
stored or mistaken for blank text. Query strings are decoded with `surrogateescape`
(api/http_edge.query_parameters), so an undecodable byte arrives here as a lone surrogate (Cs).
"""

import unicodedata
from typing import Annotated

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

PROBLEM = "must not contain control characters or invalid UTF-8"
ERROR_TYPE = "control_characters"
WHITESPACE = "\t\n\r"


def is_plain_text(value: str) -> bool:
    """False when `value` holds a control character (Cc) other than tab, LF, CR, or a byte that was not
    UTF-8 (a lone surrogate)."""
    return not any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in WHITESPACE for ch in value)


def plain_text(value: str) -> str:
    """Pydantic validator for is_plain_text; raises PydanticCustomError `control_characters`."""
    if not is_plain_text(value):
        raise PydanticCustomError(ERROR_TYPE, PROBLEM)
    return value


# A parameter checks it after its own limits (so that an empty `q` still says "must not be empty"):
# `q: Annotated[str, Query(min_length=1), PLAIN_TEXT]`; a body field is declared `PlainText`.
PLAIN_TEXT = AfterValidator(plain_text)
PlainText = Annotated[str, PLAIN_TEXT]
