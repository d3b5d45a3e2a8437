"""What the routes that store readers' events (feedback, clicks) share: a failed write is logged,
counted and answered 503 for that request alone; search never touches the tables."""

from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus

from aws_lambda_powertools.metrics import MetricUnit

from api.errors import ApiError
from api.telemetry import logger, metrics


@contextmanager
def stored(kind: str, table: str, unavailable: type[Exception], failure_metric: str) -> Iterator[None]:
    """Run one write of `kind` ("feedback", "clicks") to `table`; `unavailable` (the adapter's storage
    error) becomes ApiError 503 `<kind>_unavailable`, after a log line and one `failure_metric`."""
    try:
        yield
    except unavailable as error:
        logger.error(f"{kind} not stored", extra={"reason": str(error)[:300], "table": table})
        metrics.add_metric(name=failure_metric, unit=MetricUnit.Count, value=1)
        raise ApiError(
            HTTPStatus.SERVICE_UNAVAILABLE, f"{kind}_unavailable", f"{kind} cannot be stored right now"
        ) from None
