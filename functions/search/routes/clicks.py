"""POST /v1/clicks: a reader opened a search result; stored in DynamoDB for click-through and "popular".

The widget sends clicks with `navigator.sendBeacon`, whose string body goes out as
`text/plain;charset=UTF-8`: a simple request, so no CORS preflight delays the reader's navigation.
JSON is therefore accepted as `application/json` or `text/plain` and parsed here (request
validation only parses `application/json`). A storage failure is a 503 for this request alone and
never touches search.
"""

from http import HTTPStatus
from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.metrics import MetricUnit
from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError

from api.errors import ApiError
from api.index import search_index
from api.partners import current, resolve
from api.schemas import error_responses
from api.telemetry import logger, metrics
from settings import MAX_QUERY_CHARS
from tayori import click_store

MAX_BODY_BYTES = 2048
MEDIA_TYPES = ("application/json", "text/plain")
MAX_RANK = 100

router = Router()


class ClickEvent(BaseModel):
    """One opened result, as the widget sends it."""

    model_config = ConfigDict(extra="forbid")

    query: str = Field(min_length=1, max_length=MAX_QUERY_CHARS, description="What the reader had searched for")
    passage_id: str = Field(min_length=1, max_length=200, description="The id of the result opened")
    rank: StrictInt = Field(ge=1, le=MAX_RANK, description="The result's position, 1 = first")
    partner: str | None = Field(default=None, max_length=64, description="The partner whose widget sent it")


def media_type(content_type: str | None) -> str:
    """`Text/Plain; charset=UTF-8` → `text/plain`: media types compare case-insensitively, parameters aside."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def parse_click(body: str) -> ClickEvent:
    """The click in a JSON body; RequestValidationError (400, in the API's error shape) when it is not one."""
    try:
        return ClickEvent.model_validate_json(body)
    except ValidationError as error:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in error.errors(include_url=False)]
        ) from None


@router.post(
    "/v1/clicks",
    summary="Record that a reader opened a search result",
    description=(
        "Body: JSON `{query, passage_id, rank, partner?}` sent as `application/json` or `text/plain` "
        "(what `navigator.sendBeacon` sends), at most 2 KB. Answers 204 No Content."
    ),
    responses={
        204: {"description": "Recorded"},
        **error_responses(400),
        413: {"description": "Body over 2 KB"},
        415: {"description": "Body neither application/json nor text/plain"},
        422: {"description": "Unknown passage id"},
        503: {"description": "Click storage unavailable (search is unaffected)"},
    },
)
def clicks() -> Response[Any]:
    event = router.current_event
    body = event.decoded_body or ""
    if len(body.encode()) > MAX_BODY_BYTES:
        raise ApiError(
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "body_too_large", f"the body must be at most {MAX_BODY_BYTES} bytes"
        )
    if media_type(event.headers.get("content-type")) not in MEDIA_TYPES:
        raise ApiError(
            HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the click as JSON with Content-Type application/json or text/plain",
        )
    click = parse_click(body)
    if not click.query.strip():
        raise ApiError(400, "invalid_request", "`query` must not be blank")
    if search_index.get().section(click.passage_id) is None:
        raise ApiError(
            HTTPStatus.UNPROCESSABLE_ENTITY, "unknown_passage", f"no passage with id {click.passage_id[:80]!r}"
        )
    # A text/plain body's partner is not seen by the partner middleware: resolve it here (400 if unknown).
    partner = resolve(click.partner) if click.partner else current(router)
    try:
        click_store.record(click_store.Click(click.query, click.passage_id, click.rank, partner.id if partner else ""))
    except click_store.ClicksUnavailableError as error:
        logger.error("click not stored", extra={"reason": str(error)[:300], "table": click_store.table_name()})
        metrics.add_metric(name="ClickFailures", unit=MetricUnit.Count, value=1)
        raise ApiError(
            HTTPStatus.SERVICE_UNAVAILABLE, "clicks_unavailable", "clicks cannot be stored right now"
        ) from None
    metrics.add_metric(name="Clicks", unit=MetricUnit.Count, value=1)
    logger.info("click", extra={"query": click.query, "passage_id": click.passage_id, "rank": click.rank})
    return Response(HTTPStatus.NO_CONTENT, None, "", headers={"Cache-Control": "no-store"})
