"""POST /v1/feedback: a reader's 「役に立った / 役に立たなかった」 on one passage, stored in DynamoDB.

Feedback is best effort for the reader and never touches search: the table is written only here,
and a storage failure (or no answer within the deadline) is a 503 for this request alone.

The body is JSON, sent as `application/json` or as `text/plain` (what `navigator.sendBeacon` sends
for a string); api/http_edge.py answers other media types with 415 before this route runs.
"""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.metrics import MetricUnit

from adapters import feedback_table
from api.index_holder import CurrentIndex
from api.models import FeedbackRecorded, FeedbackRequest, responses
from api.parameters import require_passage, require_text
from api.partners import RequestingPartner
from api.reader_events import stored
from api.telemetry import logger, metrics

router = Router()


@router.post(
    "/v1/feedback",
    summary="Record whether a passage helped",
    responses=responses("Recorded", 400, 403, 413, 415, 422, 503, status=201),
)
def feedback(
    vote: Annotated[FeedbackRequest, Body(description="One vote (JSON; text/plain is read as JSON)")],
    index: CurrentIndex,
    partner: RequestingPartner,
) -> Response[FeedbackRecorded]:
    require_text("query", vote.query)
    require_passage(index, vote.passage_id)
    with stored("feedback", feedback_table.table_name(), feedback_table.FeedbackUnavailableError, "FeedbackFailures"):
        vote_id = feedback_table.record(
            feedback_table.Vote(vote.query, vote.passage_id, vote.helpful, partner.id if partner else "")
        )
    metrics.add_metric(name="Feedback" if vote.helpful else "FeedbackNotHelpful", unit=MetricUnit.Count, value=1)
    logger.info("feedback", extra={"query": vote.query, "passage_id": vote.passage_id, "helpful": vote.helpful})
    return Response(
        HTTPStatus.CREATED,
        content_types.APPLICATION_JSON,
        FeedbackRecorded(id=vote_id, recorded=True),
        headers={"Cache-Control": "no-store"},
    )
