"""POST /v1/clicks: a reader opened a search result; stored in DynamoDB for click-through and "popular".

The widget sends clicks with `navigator.sendBeacon`, whose string body goes out as
`text/plain;charset=UTF-8`: a simple request, so no CORS preflight delays the reader's navigation.
api/http_edge.py reads such bodies as JSON (and answers other media types with 415), so the body is
validated like feedback's. A storage failure (or no answer within the deadline) is a 503 for this
request alone and never touches search.
"""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.metrics import MetricUnit

from adapters import click_table
from api.index_holder import CurrentIndex
from api.models import ClickEvent, responses
from api.parameters import require_passage, require_text
from api.partners import RequestingPartner
from api.reader_events import stored
from api.telemetry import logger, metrics

router = Router()


@router.post(
    "/v1/clicks",
    summary="Record that a reader opened a search result",
    responses=responses("Recorded", 400, 403, 413, 415, 422, 503, status=204),
)
def clicks(
    click: Annotated[ClickEvent, Body(description="One opened result (JSON; text/plain is read as JSON)")],
    index: CurrentIndex,
    partner: RequestingPartner,
) -> Response[None]:
    require_text("query", click.query)
    require_passage(index, click.passage_id)
    with stored("clicks", click_table.table_name(), click_table.ClicksUnavailableError, "ClickFailures"):
        click_table.record(click_table.Click(click.query, click.passage_id, click.rank, partner.id if partner else ""))
    metrics.add_metric(name="Clicks", unit=MetricUnit.Count, value=1)
    logger.info("click", extra={"query": click.query, "passage_id": click.passage_id, "rank": click.rank})
    return Response(HTTPStatus.NO_CONTENT, None, "", headers={"Cache-Control": "no-store"})
