"""GET /v1/health: is the function up, and which index build does it answer from."""


from aws_lambda_powertools.event_handler.api_gateway import Router

from api.caching import uncacheable
from api.index_holder import CurrentIndex
from api.models import Health, responses

router = Router()


@router.get(
    "/v1/health",
    summary="Status, index version and passage count",
    responses=responses("Ready to answer", 503),
    middlewares=[uncacheable],
)
def health(index: CurrentIndex) -> Health:
    return Health(status="ok", index_version=index.version, passages=index.passage_count)
