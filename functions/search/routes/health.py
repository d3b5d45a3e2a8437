"""GET /v1/health: is the function up, and which index build does it answer from."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Depends
from aws_lambda_powertools.event_handler.api_gateway import Router

from api.caching import uncacheable
from api.index_holder import SearchIndex, current_index
from api.models import Health, responses

router = Router()


@router.get(
    "/v1/health",
    summary="Status, index version and passage count",
    responses=responses("Ready to answer", 503),
    middlewares=[uncacheable],
)
def health(index: Annotated[SearchIndex, Depends(current_index)]) -> Health:
    return Health(status="ok", index_version=index.version, passages=index.passage_count)
