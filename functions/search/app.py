"""Tayori's Lambda function: the search API behind API Gateway (HTTP API, payload v2).

Routes live in `routes/`, one Powertools Router per concern; each is added below with one
`include_router` line. A route declares what it needs with `Depends` (the index, the requesting
partner) and returns one model of `api/models.py`, from which Powertools writes the OpenAPI
document. What routes share is in `api/`, the adapters to DynamoDB and the partners' configuration
in `adapters/`, every setting and limit in `settings.py`. `docs/architecture.md` draws the whole path.

Validation (enable_validation=True) checks parameters and bodies against the route signatures and
the answers against their models. Its cost, measured against the untyped routes it replaced (figures in
docs/architecture.md): warm latency unchanged within noise, about 5 MB more memory.
"""

from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from api.errors import register_error_handlers
from api.http_edge import HEAD_REQUEST, finish_answer, read_json_body, request_event
from api.index_holder import search_index
from api.partners import PartnerOrigins
from api.telemetry import logger, metrics, tracer
from routes import clicks, feedback, health, openapi, search, sections, suggest, widget

# Do not add `from __future__ import annotations` to modules that declare routes: validation reads the
# real annotations.

app = APIGatewayHttpResolver(cors=PartnerOrigins(), enable_validation=True, json_body_deserializer=read_json_body)
app.configure_openapi(
    title="Tayori search API",
    version="1",
    description=(
        "Search Japanese advice articles by passage. Every error is "
        '{"error": {"code", "message", "details": [{"parameter", "problem"}]}}. '
        "This service uses the JMdict dictionary files. These files are the property of the "
        "Electronic Dictionary Research and Development Group, and are used in conformance with "
        "the Group's licence."
    ),
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

search_index.try_open()  # during init, where Lambda gives full CPU; missing index → 503 per request


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP, clear_state=True)
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    # log_metrics clears dimensions only when it publishes something: a request with no metric (a
    # section read, a 304) would hand its partner to the next invocation of this instance.
    metrics.clear_metrics()
    routed, is_head = request_event(event)
    app.append_context(**{HEAD_REQUEST: is_head})  # resolve() clears the context when it is done
    return finish_answer(app.resolve(routed, context), is_head)
