"""One error shape for every failure: `{"error": {"code", "message", "details": [...]}}`.

`code` is stable and meant for programs; `message` is for people and may change; `details` is always
there: one `{"parameter", "problem"}` per rejected parameter or body field, named as the client sent
it, and empty when the problem is not one parameter's. Messages never carry internal paths.
"""

from http import HTTPStatus
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types
from aws_lambda_powertools.event_handler.exceptions import NotFoundError, ServiceError
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)

from api import text
from api.routing import allowed_methods, parameters_holding
from api.telemetry import logger, metrics

GIVEN_ONCE = "must be given once, as text"


class ApiError(Exception):
    """Raise from a route or dependency to answer with this status and error code.

    `parameter` (with an optional `problem`) names the one parameter at fault, for `details`."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        headers: dict[str, str] | None = None,
        *,
        parameter: str | None = None,
        problem: str = "is not valid",
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}
        self.details = [{"parameter": parameter, "problem": problem}] if parameter else []


def error_response(
    status: int,
    code: str,
    message: str,
    *,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    # A message may quote what the client sent: never echo a control character or a lone surrogate.
    shown_details = [{key: text.shown(str(value)) for key, value in detail.items()} for detail in details or []]
    error: dict[str, Any] = {"code": code, "message": text.shown(message), "details": shown_details}
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
        # The same limits, as pydantic names them when a validator (api/text.py) follows them.
        "too_short": "must not be empty"
        if ctx.get("min_length") == 1
        else f"must be at least {ctx.get('min_length')} characters",
        "too_long": f"must be at most {ctx.get('max_length')} characters",
        "int_parsing": "must be a whole number",
        "int_from_float": "must be a whole number",
        "greater_than_equal": f"must be at least {ctx.get('ge')}",
        "less_than_equal": f"must be at most {ctx.get('le')}",
        "string_type": GIVEN_ONCE,  # a repeated query parameter arrives as a list
        "string_pattern_mismatch": "has characters that are not allowed",
        "json_invalid": "is not valid JSON",
        "model_attributes_type": "must be a JSON object",
        "dict_type": "must be a JSON object",
        "bool_type": "must be true or false",
        "extra_forbidden": "is not a known field",
        "ascii_digits": "must be a whole number",
        text.ERROR_TYPE: text.PROBLEM,
        "string_unicode": text.PROBLEM,  # a lone surrogate, e.g. the JSON escape \\ud800
    }
    return problems.get(error.get("type", ""), "is not valid")


def parameter_name(error: dict[str, Any]) -> str:
    """The parameter or body field as the client named it, from pydantic's `loc`.

    loc is (where, name, ...): ("query", "limit"), ("path", "section_id"), ("body", "vote", "query")
    for a field of the body parameter `vote`, or ("body", 12) for JSON that does not parse."""
    where, *names = error.get("loc") or ("body",)
    if where == "body" and len(names) > 1:
        names = names[1:]  # drop the route's own name for the body (`vote`): clients never see it
    named = [str(part) for part in names if isinstance(part, str)]
    return ".".join(named) if named else str(where)


def refused_path(app: APIGatewayHttpResolver, path: str) -> Response:
    """The 400 for a path holding text the one rule refuses (api/text.py): it names the path parameter
    at fault (`section_id`) when the path is a route's, and never echoes the text."""
    names = parameters_holding(app, path, text.is_refused)
    details = [{"parameter": name, "problem": text.PROBLEM} for name in names]
    message = "; ".join(f"`{name}` {text.PROBLEM}" for name in names) or f"the path {text.PROBLEM}"
    return error_response(HTTPStatus.BAD_REQUEST, "invalid_request", message, details=details)


def register_error_handlers(app: APIGatewayHttpResolver) -> None:
    """Map every failure to the one error shape; nothing escapes as a bare 500 or leaks internals."""

    @app.exception_handler(ApiError)
    def api_error(exc: ApiError) -> Response:
        return error_response(exc.status, exc.code, exc.message, details=exc.details, headers=exc.headers)

    @app.exception_handler(RequestUnsupportedContentType)
    def unsupported_media_type(_: RequestUnsupportedContentType) -> Response:
        return error_response(
            HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the body as JSON: Content-Type application/json, or text/plain (navigator.sendBeacon)",
        )

    @app.exception_handler(UnicodeDecodeError)
    def not_utf8(_: UnicodeDecodeError) -> Response:
        return error_response(HTTPStatus.BAD_REQUEST, "invalid_request", "the body must be UTF-8 JSON")

    @app.exception_handler(RequestValidationError)
    def invalid_request(exc: RequestValidationError) -> Response:
        details = [{"parameter": parameter_name(e), "problem": describe_problem(e)} for e in exc.errors()]
        message = "; ".join(f"`{d['parameter']}` {d['problem']}" for d in details) or "the request is not valid"
        return error_response(HTTPStatus.BAD_REQUEST, "invalid_request", message, details=details)

    @app.not_found
    def not_found(_: NotFoundError) -> Response:
        event = app.current_event
        if not text.is_plain_text(event.path):
            return refused_path(app, event.path)
        allowed = allowed_methods(app, event.http_method, event.path)
        if allowed:
            return error_response(
                HTTPStatus.METHOD_NOT_ALLOWED,
                "method_not_allowed",
                f"{event.http_method} is not allowed here; use {', '.join(allowed)}",
                headers={"Allow": ", ".join(allowed)},
            )
        return error_response(HTTPStatus.NOT_FOUND, "not_found", f"no such endpoint: {event.path[:200]}")

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
