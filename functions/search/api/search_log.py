"""The search log and the search metrics: one `search` line (what `make report` reads) and one set of
SearchLatency, ResultCount and ZeroResults per search a reader ran.

A search counts when its answer reaches the reader: a GET answered 200 with a body. A HEAD request
(a link checker, a monitor, `curl -I`) is not a search, and a 304 only tells a client that the answer
it holds from a search it ran before is still current: neither counts, in the log or the metrics.
Answers a cache hands out without asking the function are never seen here either.

The route runs whatever the answer becomes (the ETag saves the transfer, not the search): it keeps its
record with keep(), and the route middleware `logged_when_read`, which sees the final answer, publishes
or drops it.
"""

from dataclasses import asdict, dataclass

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.metrics import MetricUnit

from api.http_edge import HEAD_REQUEST
from api.telemetry import logger, metrics

KEPT = "search_record"  # app.context key


@dataclass(frozen=True)
class SearchRecord:
    """One search as the log line shows it; took_ms in milliseconds, result_count found up to
    offset + limit (the report counts zero-result queries)."""

    query: str
    limit: int
    offset: int
    language: str
    result_count: int
    took_ms: float
    index_version: str

    def publish(self) -> None:
        metrics.add_metric(name="SearchLatency", unit=MetricUnit.Milliseconds, value=self.took_ms)
        metrics.add_metric(name="ResultCount", unit=MetricUnit.Count, value=self.result_count)
        metrics.add_metric(name="ZeroResults", unit=MetricUnit.Count, value=0 if self.result_count else 1)
        logger.info("search", extra={**asdict(self), "zero_results": not self.result_count})


def keep(router: Router, record: SearchRecord) -> None:
    """Hold this request's search until its answer is known (published by logged_when_read)."""
    router.append_context(**{KEPT: record})


def logged_when_read(app: APIGatewayHttpResolver, next_middleware: NextMiddleware) -> Response:
    """Route middleware, before `cacheable` (so that it sees a 304): publish the search kept by the
    route when the answer is a 200 with a body, drop it otherwise."""
    response = next_middleware(app)
    record = app.context.pop(KEPT, None)
    if record is not None and response.status_code == 200 and not app.context.get(HEAD_REQUEST):
        record.publish()
    return response
