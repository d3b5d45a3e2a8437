"""One Lambda execution environment of the local server: a worker process that imported the function.

Kept apart from `local.server` (run as `__main__`) so that worker processes import it by name.
"""

from typing import Any

from local.lambda_context import FakeLambdaContext

_handler: Any = None


def start() -> None:
    """Lambda's init phase: import the function (it opens the index) and keep its log for `make report`."""
    global _handler
    import app
    from local.logfile import tee_function_logs

    _handler = app.handler
    tee_function_logs()


def invoke(event: dict[str, Any], request_id: str) -> dict[str, Any]:
    """One invocation, with the request id as Lambda's (the log's correlation id differs: API Gateway's)."""
    return _handler(event, FakeLambdaContext(aws_request_id=request_id))


def ready() -> bool:
    return _handler is not None
