"""Parameter types the routes share."""

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from api.text import is_blank


def ascii_digits(value: object) -> object:
    """Counts are written with the digits 0-9 only: pydantic alone would take `+5`, ` 5`, `5_0` or `５`."""
    if isinstance(value, str) and not (value.isascii() and value.isdigit()):
        raise PydanticCustomError("ascii_digits", "must be a whole number written with the digits 0-9")
    return value


def count(maximum: int, description: str, minimum: int = 1) -> Any:
    """A `limit`-like query parameter: ASCII digits, `minimum` to `maximum`."""
    return Annotated[int, Query(ge=minimum, le=maximum, description=description), BeforeValidator(ascii_digits)]


def require_passage(index: Any, passage_id: str) -> None:
    """A vote or click must name a passage of the index in use; ApiError 422 otherwise."""
    from api.errors import ApiError

    if index.section(passage_id) is None:
        problem = "is no passage of the index in use"
        raise ApiError(
            422, "unknown_passage", f"no passage with id {passage_id[:80]!r}", parameter="passage_id", problem=problem
        )


def require_text(name: str, value: str) -> str:
    """A text parameter must have something besides spaces and invisible marks (api/text.is_blank);
    ApiError 400 naming it otherwise."""
    from api.errors import ApiError

    if is_blank(value):
        problem = "must not be blank"
        raise ApiError(400, "invalid_request", f"`{name}` {problem}", parameter=name, problem=problem)
    return value
