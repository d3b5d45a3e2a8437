"""GET /v1/suggest: type-ahead completions (headings, then frequent index terms) for what is typed so far."""

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

import settings
from api.caching import cacheable
from api.index_holder import CurrentIndex
from api.models import SuggestAnswer, responses
from api.parameters import count, require_text
from api.partners import RequestingPartner
from api.text import PLAIN_TEXT

router = Router()


@router.get(
    "/v1/suggest",
    summary="Type-ahead completions",
    description="Headings containing the typed words, then frequent index terms extending the last word.",
    responses=responses("Completions, best first", 400, 403, 503),
    middlewares=[cacheable(settings.settings.cache_max_age)],
)
def suggest(
    q: Annotated[
        str,
        Query(min_length=1, max_length=settings.MAX_PREFIX_CHARS, description="What the reader has typed so far"),
        PLAIN_TEXT,
    ],
    index: CurrentIndex,
    partner: RequestingPartner,
    limit: count(settings.MAX_COMPLETIONS, "How many completions at most (digits 0-9)") = settings.DEFAULT_COMPLETIONS,
) -> SuggestAnswer:
    require_text("q", q)
    found = index.suggest(q, limit)
    return SuggestAnswer.model_validate({"query": q, "suggestions": found}, from_attributes=True)
