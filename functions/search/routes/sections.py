"""GET /v1/sections/{id}: one whole passage, for a reader who opens a result."""

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path

import settings
from api.caching import cacheable
from api.errors import ApiError
from api.index_holder import CurrentIndex
from api.models import Section, responses
from api.partners import RequestingPartner
from api.text import PLAIN_TEXT

router = Router()


@router.get(
    "/v1/sections/<section_id>",
    summary="One whole passage",
    responses=responses("The passage with its full text", 400, 403, 404, 503),
    middlewares=[cacheable(settings.settings.cache_max_age)],
)
def section(
    section_id: Annotated[
        str, Path(max_length=settings.MAX_ID_CHARS, description="A passage id from a result"), PLAIN_TEXT
    ],
    index: CurrentIndex,
    partner: RequestingPartner,  # checked like on every route that partners' widgets call
) -> Section:
    found = index.section(section_id)
    if found is None:
        raise ApiError(404, "section_not_found", f"no section with id {section_id[:80]!r}")
    return Section.model_validate(found)
