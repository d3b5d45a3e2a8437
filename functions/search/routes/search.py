"""GET /v1/search: passages that answer what a reader typed."""

import time
from typing import Annotated, Any

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.metrics import MetricUnit

from api.caching import cacheable
from api.errors import ApiError
from api.index import search_index
from api.partners import tracking_fields
from api.schemas import SearchAnswer, error_responses, json_response
from api.telemetry import logger, metrics, tracer
from settings import settings

MAX_QUERY_LENGTH = 200
MAX_LIMIT = 20
MAX_OFFSET = 80  # a search page's later results; past a few pages a reader rephrases instead

router = Router()


@router.get(
    "/v1/search",
    summary="Search the articles' passages",
    description="Free text in Japanese or English. The text is never parsed as query syntax.",
    responses={200: json_response("Passages, best first", SearchAnswer), **error_responses(400, 503)},
    middlewares=[cacheable(settings.cache_max_age)],
)
@tracer.capture_method
def search(
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_LENGTH, description="What the reader typed")],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="How many passages at most")] = 5,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="How many of the best passages to skip")] = 0,
) -> dict[str, Any]:
    if not q.strip():
        raise ApiError(400, "invalid_request", "`q` must not be blank")
    index = search_index.get()
    started = time.perf_counter()
    outcome = index.search(q, offset + limit)
    took_ms = round((time.perf_counter() - started) * 1000, 2)
    page = outcome.hits[offset:]

    metrics.add_metric(name="SearchLatency", unit=MetricUnit.Milliseconds, value=took_ms)
    metrics.add_metric(name="ResultCount", unit=MetricUnit.Count, value=len(outcome.hits))
    metrics.add_metric(name="ZeroResults", unit=MetricUnit.Count, value=0 if outcome.hits else 1)
    # One structured line per search: the editors' report reads what readers looked for and did not find.
    logger.info(
        "search",
        extra={
            "query": q,
            "limit": limit,
            "offset": offset,
            "language": outcome.language,
            "result_count": len(outcome.hits),  # found up to offset + limit: the report counts zero-result queries
            "zero_results": not outcome.hits,
            "took_ms": took_ms,
            "index_version": index.version,
        },
    )
    return {
        "query": q,
        "took_ms": took_ms,
        "index_version": index.version,
        "language": outcome.language,
        "results": [hit.as_dict() for hit in page],
        "suggestions": [hit.as_dict() for hit in outcome.suggestions],
        **tracking_fields(router),  # `partner_tracking`: query parameters for the result links
    }
