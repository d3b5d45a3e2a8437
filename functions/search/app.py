"""Tayori's Lambda function: the search API behind API Gateway (HTTP API, payload v2).

Routes live in `routes/`, one Powertools Router per concern; each is added below with one
`include_router` line. What routes share (index, errors, caching, telemetry) is in `api/`,
configuration in `settings.py`.

Request validation (enable_validation=True) is kept on purpose: it validates `q` and `limit` from the
route signatures, turns them into the OpenAPI document, and will validate feedback bodies. Its cost,
measured as a fresh process importing the handler and answering one search on the development
machine: about 390 ms with validation against 320 ms without (pydantic's import, about 70 ms).
"""

from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, CORSConfig
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from api.errors import register_error_handlers
from api.index import search_index
from api.partners import partner_context
from api.telemetry import logger, metrics, tracer
from routes import clicks, feedback, health, openapi, search, sections, suggest, widget
from settings import settings

# Do not add `from __future__ import annotations` to modules that declare routes: validation reads the
# real annotations.


def cors_config(origins: tuple[str, ...]) -> CORSConfig:
    """Browsers get CORS headers only for these origins; others get none and are blocked by the browser."""
    first, *rest = origins or ("null-origin-disabled",)  # an empty list must not fall back to "*"
    return CORSConfig(
        allow_origin=first,
        extra_origins=rest,
        allow_headers=["If-None-Match"],
        expose_headers=["ETag"],
        max_age=600,
    )


app = APIGatewayHttpResolver(cors=cors_config(settings.allowed_origins), enable_validation=True)
app.configure_openapi(
    title="Tayori search API",
    version="1",
    description="Search Japanese advice articles by passage. Errors: {\"error\": {\"code\", \"message\"}}.",
)
register_error_handlers(app)

app.include_router(search.router)
app.include_router(sections.router)
app.include_router(health.router)
app.include_router(openapi.router)
app.include_router(widget.router)
app.include_router(suggest.router)
app.include_router(feedback.router)
app.include_router(clicks.router)
app.use(middlewares=[partner_context])  # unknown `partner` → 400; partner in logs and metrics

search_index.try_open()  # during init, where Lambda gives full CPU; missing index → 503 per request


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
