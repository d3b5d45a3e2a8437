"""GET /v1/suggest: type-ahead completions (headings, then frequent index terms) for what is typed so far."""

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query
from typing_extensions import TypedDict

from api.caching import cacheable
from api.errors import ApiError
from api.index import search_index
from api.schemas import error_responses
from settings import settings
from tayori.typeahead import MAX_PREFIX

MAX_LIMIT = 10

router = Router()


class Suggestion(TypedDict, total=False):
    text: str
    type: str  # "heading" (with the passage id) or "term"
    id: str


class SuggestAnswer(TypedDict):
    query: str
    suggestions: list[Suggestion]


@router.get(
    "/v1/suggest",
    summary="Type-ahead completions",
    description="Headings containing the typed words, then frequent index terms extending the last word.",
    responses={
        200: {"description": "Completions, best first", "content": {"application/json": {"model": SuggestAnswer}}},
        **error_responses(400, 503),
    },
    middlewares=[cacheable(settings.cache_max_age)],
)
def suggest(
    q: Annotated[str, Query(min_length=1, max_length=MAX_PREFIX, description="What the reader has typed so far")],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="How many completions at most")] = 8,
    partner: Annotated[str | None, Query(max_length=64, description="The partner whose widget asks")] = None,
) -> dict[str, Any]:
    if not q.strip():
        raise ApiError(400, "invalid_request", "`q` must not be blank")
    found = search_index.get().suggest(q, limit)
    return {"query": q, "suggestions": [s.as_dict() for s in found]}
