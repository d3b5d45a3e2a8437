"""The API's request and response bodies, as pydantic models: routes take and return them, Powertools
validates them and writes the OpenAPI document from them, so the document is the code.

A result is described once, here: `Hit` reads the search core's `engine.Hit` by attribute.
"""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

import settings
from api.text import PlainText


def optional(description: str) -> Any:
    """A field left out of the JSON (not null) when it has no value."""
    return Field(default=None, exclude_if=lambda value: value is None, description=description)


class Answer(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Article(Answer):
    slug: str
    title: str
    url: str = Field(description="The article's page on the publisher's site")


class Hit(Answer):
    id: str = Field(description="Stable while the section's heading path is unchanged")
    heading: str
    path: list[str] = Field(description="Article title → H2 → H3")
    category: str = Field(description="The H2 the passage sits under; empty for the lead")
    article: Article
    url: str = Field(description="The section on the publisher's page (a text fragment of its heading)")
    snippet: str
    highlights: list[list[int]] = Field(description="[start, end) ranges, in code points of `snippet`")
    score: float


class SearchAnswer(Answer):
    query: str
    took_ms: float
    index_version: str
    language: Literal["ja", "en"]
    results: list[Hit] = Field(description="Best first; empty when nothing answers the query")
    suggestions: list[Hit] = Field(description="Overview passages for an empty state; only when there are no results")
    partner_tracking: dict[str, str] | None = optional("Only with `partner`: query parameters for every result url")


class Section(Answer):
    id: str
    heading: str
    path: list[str]
    category: str
    article: Article
    url: str
    text: str = Field(description="The whole passage, one line per paragraph, list item or callout")


class Completion(Answer):
    text: str
    type: Literal["heading", "term"]
    id: str | None = optional("The passage id, for a heading")


class SuggestAnswer(Answer):
    query: str
    suggestions: list[Completion] = Field(description="Best first")


class Health(Answer):
    status: Literal["ok"]
    index_version: str
    passages: int


class FeedbackRequest(BaseModel):
    """One reader's vote on one passage."""

    model_config = ConfigDict(extra="forbid")

    query: PlainText = Field(
        min_length=1, max_length=settings.MAX_QUERY_CHARS, description="What the reader searched for"
    )
    passage_id: PlainText = Field(min_length=1, max_length=settings.MAX_ID_CHARS, description="The result voted on")
    helpful: StrictBool = Field(description="true: 役に立った, false: 役に立たなかった")
    partner: PlainText | None = Field(
        default=None, max_length=settings.MAX_PARTNER_CHARS, description="The partner whose widget sent it; empty: none"
    )


class ClickEvent(BaseModel):
    """One opened result, as the widget sends it."""

    model_config = ConfigDict(extra="forbid")

    query: PlainText = Field(
        min_length=1, max_length=settings.MAX_QUERY_CHARS, description="What the reader searched for"
    )
    passage_id: PlainText = Field(min_length=1, max_length=settings.MAX_ID_CHARS, description="The result opened")
    rank: StrictInt = Field(ge=1, le=settings.MAX_RANK, description="The result's position, 1 = first")
    partner: PlainText | None = Field(
        default=None, max_length=settings.MAX_PARTNER_CHARS, description="The partner whose widget sent it; empty: none"
    )


class FeedbackRecorded(Answer):
    id: str
    recorded: Literal[True]


class ErrorDetail(BaseModel):
    parameter: str = Field(description="The parameter or body field, as the client named it")
    problem: str


class ErrorBody(BaseModel):
    code: str = Field(description="Stable, for programs")
    message: str = Field(description="For people; may change")
    details: list[ErrorDetail] = Field(description="One entry per rejected parameter; may be empty")


class ErrorAnswer(BaseModel):
    error: ErrorBody


ERROR_DESCRIPTIONS = {
    400: "Invalid parameters or body, or an unknown partner",
    403: "A partner id sent from another site than the partner's",
    404: "No such passage or endpoint",
    413: "Body too large",
    415: "Body not sent as JSON (application/json, or text/plain as from navigator.sendBeacon)",
    422: "Feedback for a passage that does not exist",
    503: "The search index (or, for feedback and clicks, their storage; for widget.js, its build) is not available",
}


def responses(success: str, *errors: int, status: int = 200) -> dict[int, dict[str, Any]]:
    """A route's `responses=`: its success (described by the route's return annotation) and its error
    statuses, all in the one error shape."""
    documented: dict[int, dict[str, Any]] = {status: {"description": success}}
    for error in errors:
        model = {"model": ErrorAnswer}
        documented[error] = {"description": ERROR_DESCRIPTIONS[error], "content": {"application/json": model}}
    return documented
