"""GET /v1/openapi.json: the OpenAPI document Powertools generates from the registered routes."""

from functools import cache

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router

from api.caching import cacheable
from settings import settings

router = Router()


@router.get(
    "/v1/openapi.json",
    include_in_schema=False,
    middlewares=[cacheable(settings.cache_max_age, uses_index=False)],
)
def openapi() -> Response[str]:
    return Response(200, content_types.APPLICATION_JSON, openapi_document())


@cache
def openapi_document() -> str:
    """Generated on first request (it needs every route, and costs tens of ms), then reused."""
    # include_router() points api_resolver at the app, whose configure_openapi() set title and version.
    resolver = router.api_resolver
    if resolver is None:
        raise RuntimeError("include routes.openapi.router in the app before serving requests")
    return resolver.get_openapi_json_schema()
