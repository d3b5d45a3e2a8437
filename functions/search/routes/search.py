"""GET /v1/search: passages that answer what a reader typed."""

import time
from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

import settings
from api import search_log
from api.caching import cacheable
from api.index_holder import CurrentIndex
from api.models import SearchAnswer, responses
from api.parameters import count, require_text
from api.partners import RequestingPartner, tracking
from api.telemetry import tracer
from api.text import PLAIN_TEXT

router = Router()


@router.get(
    "/v1/search",
    summary="Search the articles' passages",
    description="Free text in Japanese or English. The text is never parsed as query syntax.",
    responses=responses("Passages, best first", 400, 403, 503),
    middlewares=[search_log.logged_when_read, cacheable(settings.settings.cache_max_age)],
)
@tracer.capture_method
def search(
    q: Annotated[
        str, Query(min_length=1, max_length=settings.MAX_QUERY_CHARS, description="What the reader typed"), PLAIN_TEXT
    ],
    index: CurrentIndex,
    partner: RequestingPartner,
    limit: count(settings.MAX_RESULTS, "How many passages at most (digits 0-9)") = settings.DEFAULT_RESULTS,
    offset: count(settings.MAX_OFFSET, "How many of the best passages to skip (digits 0-9)", minimum=0) = 0,
) -> SearchAnswer:
    require_text("q", q)
    started = time.perf_counter()
    outcome = index.search(q, offset + limit)
    page = outcome.hits[offset:]
    took_ms = round((time.perf_counter() - started) * 1000, 2)

    # Logged and counted once the answer is known: a HEAD or a 304 is not a search (api/search_log.py).
    record = search_log.SearchRecord(q, limit, offset, outcome.language, len(outcome.hits), took_ms, index.version)
    search_log.keep(router, record)
    return SearchAnswer.model_validate(
        {
            "query": q,
            "took_ms": took_ms,
            "index_version": index.version,
            "language": outcome.language,
            "results": page,
            "suggestions": outcome.suggestions,
            "partner_tracking": tracking(partner),
        },
        from_attributes=True,
    )
