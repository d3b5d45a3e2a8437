"""GET /v1/sections/{id}: one whole passage, for a reader who opens a result."""

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path

from api.caching import cacheable
from api.errors import ApiError
from api.index import search_index
from api.schemas import Section, error_responses, json_response
from settings import settings

router = Router()


@router.get(
    "/v1/sections/<section_id>",
    summary="One whole passage",
    responses={200: json_response("The passage with its full text", Section), **error_responses(404, 503)},
    middlewares=[cacheable(settings.cache_max_age)],
)
def section(section_id: Annotated[str, Path(max_length=200, description="A passage id from a search result")]) -> (
    dict[str, Any]
):
    found = search_index.get().section(section_id)
    if found is None:
        raise ApiError(404, "section_not_found", f"no section with id {section_id!r}")
    return found
