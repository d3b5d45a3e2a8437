"""Tayori's Lambda function: the search API behind API Gateway (HTTP API, payload v2)."""

from typing import Annotated, Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext
from tayori.engine import SearchIndex
from tayori.index_store import index_root

logger = Logger(service="tayori")
metrics = Metrics(namespace="Tayori", service="tayori")
tracer = Tracer(service="tayori")

app = APIGatewayHttpResolver(enable_validation=True)

# Opened during the init phase, once per execution environment.
search_index = SearchIndex(index_root())


@app.get("/v1/search")
@tracer.capture_method
def search(
    q: Annotated[str, Query(min_length=1, max_length=200, description="What the reader typed")],
    limit: Annotated[int, Query(ge=1, le=20, description="How many passages at most")] = 5,
) -> dict[str, Any]:
    outcome = search_index.search(q, limit)
    metrics.add_metric(name="ResultCount", unit=MetricUnit.Count, value=len(outcome.hits))
    if not outcome.hits:
        metrics.add_metric(name="ZeroResults", unit=MetricUnit.Count, value=1)
    return {
        "query": q,
        "index_version": search_index.version,
        "results": [hit.as_dict() for hit in outcome.hits],
    }


@app.get("/v1/sections/<section_id>")
def section(section_id: Annotated[str, Path(max_length=200)]) -> dict[str, Any] | Response:
    found = search_index.section(section_id)
    if found is None:
        return Response(404, "application/json", {"error": {"code": "not_found", "message": "no such section"}})
    return found


@app.get("/v1/health")
def health() -> dict[str, Any]:
    return {"status": "ok", "index_version": search_index.version, "passages": search_index.passage_count}


@app.get("/v1/openapi.json", include_in_schema=False)
def openapi() -> Response:
    return Response(200, "application/json", app.get_openapi_json_schema(title="Tayori search API", version="1"))


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
