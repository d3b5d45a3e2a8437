"""GET /v1/health: is the function up, and which index build does it answer from."""

from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import Router

from api.caching import uncacheable
from api.index import search_index
from api.schemas import Health, error_responses, json_response

router = Router()


@router.get(
    "/v1/health",
    summary="Status, index version and passage count",
    responses={200: json_response("Ready to answer", Health), **error_responses(503)},
    middlewares=[uncacheable],
)
def health() -> dict[str, Any]:
    index = search_index.get()  # 503 while no index is built
    return {"status": "ok", "index_version": index.version, "passages": index.passage_count}
