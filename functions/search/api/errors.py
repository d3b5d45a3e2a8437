"""One error shape for every failure: `{"error": {"code": "...", "message": "..."}}`.

`code` is stable and meant for programs; `message` is for people and may change. Validation errors add
`details`: one `{"parameter", "problem"}` per rejected parameter.
"""

from http import HTTPStatus
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types
from aws_lambda_powertools.event_handler.exceptions import NotFoundError, ServiceError
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError

from api.telemetry import logger, metrics


class ApiError(Exception):
    """Raise from a route to answer with this status and error code."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}


def error_response(
    status: int,
    code: str,
    message: str,
    *,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    error: dict[str, Any] = {"code": code, "message": message}
    if details:
        error["details"] = details
    # Errors are about this one request: never let a cache keep them.
    return Response(
        status,
        content_types.APPLICATION_JSON,
        {"error": error},
        headers={"Cache-Control": "no-store", **(headers or {})},
    )


def describe_problem(error: dict[str, Any]) -> str:
    """A reader-facing sentence for one pydantic error, from its type and limits (never its internals)."""
    ctx = error.get("ctx") or {}
    problems = {
        "missing": "is required",
        "string_too_short": "must not be empty",
        "string_too_long": f"must be at most {ctx.get('max_length')} characters",
        "int_parsing": "must be a whole number",
        "int_from_float": "must be a whole number",
        "greater_than_equal": f"must be at least {ctx.get('ge')}",
        "less_than_equal": f"must be at most {ctx.get('le')}",
        "string_type": "must be given once, as text",
        "string_pattern_mismatch": "has characters that are not allowed",
    }
    return problems.get(error.get("type", ""), "is not valid")


def _parameter_name(error: dict[str, Any]) -> str:
    # loc is like ("query", "limit") or ("path", "section_id"); the last name is the parameter.
    names = [part for part in error.get("loc", ()) if isinstance(part, str) and part not in {"query", "path", "body"}]
    return names[-1] if names else "request"


def allowed_methods(app: APIGatewayHttpResolver, path: str) -> list[str]:
    """Methods registered for a path, to tell a wrong method (405) from an unknown path (404)."""
    # Powertools keeps its routes in these lists; test_api_errors pins the 405 behaviour they serve.
    routes = [*app._static_routes, *app._dynamic_routes]
    return sorted({route.method for route in routes if route.rule.match(path)})


def register_error_handlers(app: APIGatewayHttpResolver) -> None:
    """Map every failure to the one error shape; nothing escapes as a bare 500 or leaks internals."""

    @app.exception_handler(ApiError)
    def api_error(exc: ApiError) -> Response:
        return error_response(exc.status, exc.code, exc.message, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    def invalid_request(exc: RequestValidationError) -> Response:
        details = [{"parameter": _parameter_name(e), "problem": describe_problem(e)} for e in exc.errors()]
        message = "; ".join(f"`{d['parameter']}` {d['problem']}" for d in details) or "the request is not valid"
        return error_response(HTTPStatus.BAD_REQUEST, "invalid_request", message, details=details)

    @app.not_found
    def not_found(_: NotFoundError) -> Response:
        event = app.current_event
        allowed = allowed_methods(app, event.path)
        if allowed:
            return error_response(
                HTTPStatus.METHOD_NOT_ALLOWED,
                "method_not_allowed",
                f"{event.http_method} is not allowed here; use {', '.join(allowed)}",
                headers={"Allow": ", ".join([*allowed, "OPTIONS"])},
            )
        return error_response(HTTPStatus.NOT_FOUND, "not_found", f"no such endpoint: {event.path}")

    @app.exception_handler(ServiceError)
    def service_error(exc: ServiceError) -> Response:
        # Powertools' own BadRequestError, UnauthorizedError...: keep their status, use our shape.
        code = HTTPStatus(exc.status_code).phrase.lower().replace(" ", "_")
        return error_response(exc.status_code, code, exc.msg)

    @app.exception_handler(Exception)
    def unexpected(exc: Exception) -> Response:
        # The trace goes to the log (with the correlation id); the client learns nothing internal.
        logger.exception("unexpected error while answering a request")
        metrics.add_metric(name="UnexpectedErrors", unit="Count", value=1)
        return error_response(HTTPStatus.INTERNAL_SERVER_ERROR, "internal_error", "something went wrong on our side")
