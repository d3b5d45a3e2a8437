"""The floor for cold start: a bare Powertools HTTP API handler with one route, instrumented like Tayori's."""

from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

logger = Logger(service="hello")
metrics = Metrics(namespace="Hello", service="hello")
tracer = Tracer(service="hello")

app = APIGatewayHttpResolver(enable_validation=True)


@app.get("/v1/search")
@tracer.capture_method
def search() -> dict[str, Any]:
    metrics.add_metric(name="Hello", unit=MetricUnit.Count, value=1)
    return {"message": "hello"}


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
