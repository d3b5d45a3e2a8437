"""Shapes of the answers, for the OpenAPI document (routes attach them with `responses=`).

They describe; they do not filter: routes return the engine's dicts as they are. TypedDicts cost
nothing at import; Powertools turns them into JSON Schema only when the document is asked for.
"""

from typing import Any, NotRequired

# pydantic needs typing_extensions' TypedDict before Python 3.12 (the build step runs on 3.11 too).
from typing_extensions import TypedDict


class Article(TypedDict):
    slug: str
    title: str
    url: str


class Hit(TypedDict):
    id: str
    heading: str
    path: list[str]  # article title → H2 → H3
    category: str
    article: Article
    url: str  # the section on the publisher's page
    snippet: str
    highlights: list[list[int]]  # [start, end) in code points of snippet
    score: float


class SearchAnswer(TypedDict):
    query: str
    took_ms: float
    index_version: str
    language: str  # "ja" or "en"
    results: list[Hit]
    suggestions: list[Hit]  # popular passages for an empty state; never mixed into results
    # With `partner`: query parameters to add to every result url (content/partners.toml tracking).
    partner_tracking: NotRequired[dict[str, str]]


class Section(TypedDict):
    id: str
    heading: str
    path: list[str]
    category: str
    article: Article
    url: str
    text: str


class Health(TypedDict):
    status: str
    index_version: str
    passages: int


class ErrorDetail(TypedDict):
    parameter: str
    problem: str


class ErrorBody(TypedDict, total=False):
    code: str
    message: str
    details: list[ErrorDetail]


class ErrorAnswer(TypedDict):
    error: ErrorBody


def json_response(description: str, model: Any) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"model": model}}}


def error_responses(*statuses: int) -> dict[int, dict[str, Any]]:
    descriptions = {
        400: "Invalid parameters",
        404: "Not found",
        503: "The search index is not available",
    }
    return {status: json_response(descriptions[status], ErrorAnswer) for status in statuses}
