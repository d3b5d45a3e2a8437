"""POST /v1/feedback: a reader's 「役に立った / 役に立たなかった」 on one passage, stored in DynamoDB.

Feedback is best effort for the reader and never touches search: the table is written only here,
and a storage failure is a 503 for this request alone.
"""

from http import HTTPStatus
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.metrics import MetricUnit
from pydantic import BaseModel, ConfigDict, Field, StrictBool

from api.errors import ApiError
from api.index import search_index
from api.partners import current
from api.schemas import error_responses
from api.telemetry import logger, metrics
from tayori import feedback_store

MAX_BODY_BYTES = 2048
MAX_QUERY_LENGTH = 200

router = Router()


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: str = Field(min_length=1, max_length=MAX_QUERY_LENGTH, description="What the reader had searched for")
    passage_id: str = Field(min_length=1, max_length=200, description="The id of the result voted on")
    helpful: StrictBool = Field(description="true: 役に立った, false: 役に立たなかった")
    partner: str | None = Field(default=None, max_length=64, description="The partner whose widget sent it")


class FeedbackRecorded(BaseModel):
    id: str
    recorded: bool


@router.post(
    "/v1/feedback",
    summary="Record whether a passage helped",
    responses={
        201: {"description": "Recorded", "content": {"application/json": {"model": FeedbackRecorded}}},
        **error_responses(400),
        413: {"description": "Body over 2 KB"},
        422: {"description": "Unknown passage id"},
        503: {"description": "Feedback storage unavailable (search is unaffected)"},
    },
)
def feedback(vote: Annotated[FeedbackRequest, Body(description="One vote")]) -> Response[dict[str, Any]]:
    size = len((router.current_event.decoded_body or "").encode())
    if size > MAX_BODY_BYTES:
        raise ApiError(
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "body_too_large", f"the body must be at most {MAX_BODY_BYTES} bytes"
        )
    if not vote.query.strip():
        raise ApiError(400, "invalid_request", "`query` must not be blank")
    if search_index.get().section(vote.passage_id) is None:
        raise ApiError(
            HTTPStatus.UNPROCESSABLE_ENTITY, "unknown_passage", f"no passage with id {vote.passage_id[:80]!r}"
        )
    partner = current(router)
    try:
        vote_id = feedback_store.record(
            feedback_store.Vote(vote.query, vote.passage_id, vote.helpful, partner.id if partner else "")
        )
    except feedback_store.FeedbackUnavailableError as error:
        logger.error("feedback not stored", extra={"reason": str(error)[:300], "table": feedback_store.table_name()})
        metrics.add_metric(name="FeedbackFailures", unit=MetricUnit.Count, value=1)
        raise ApiError(
            HTTPStatus.SERVICE_UNAVAILABLE, "feedback_unavailable", "feedback cannot be stored right now"
        ) from None
    metrics.add_metric(name="Feedback" if vote.helpful else "FeedbackNotHelpful", unit=MetricUnit.Count, value=1)
    logger.info("feedback", extra={"query": vote.query, "passage_id": vote.passage_id, "helpful": vote.helpful})
    body: dict[str, Any] = {"id": vote_id, "recorded": True}
    return Response(HTTPStatus.CREATED, content_types.APPLICATION_JSON, body, headers={"Cache-Control": "no-store"})
