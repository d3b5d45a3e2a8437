"""GET /v1/openapi.json: the OpenAPI document Powertools generates from the registered routes."""

import json
from functools import cache
from typing import Any

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router

import settings
from api.caching import cacheable

router = Router()


@router.get(
    "/v1/openapi.json",
    include_in_schema=False,
    middlewares=[cacheable(settings.settings.cache_max_age, uses_index=False)],
)
def openapi() -> Response[str]:
    return Response(200, content_types.APPLICATION_JSON, openapi_document())


def without_unsent_validation_errors(document: dict[str, Any]) -> dict[str, Any]:
    """Powertools lists a 422 "Validation Error" on every validated route; this API answers those
    with a 400 in its one error shape (api/errors.py), which the routes document themselves."""
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.get("responses", {})
            if responses.get("422", {}).get("description") == "Validation Error":
                del responses["422"]
    schemas = document.get("components", {}).get("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError", "ResponseValidationError"):
        if f"/{unused}\"" not in json.dumps(document.get("paths", {})):
            schemas.pop(unused, None)
    return document


# pydantic writes the bounds of a parameter that also has a BeforeValidator (api/parameters.count) under
# their Python names; JSON Schema, and so every client and fuzzer, knows them as these.
JSON_SCHEMA_BOUNDS = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}


def with_json_schema_bounds(document: dict[str, Any]) -> dict[str, Any]:
    """Parameter schemas with `minimum`/`maximum` where pydantic left `ge`/`le`."""
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                for python_name, json_name in JSON_SCHEMA_BOUNDS.items():
                    if python_name in schema:
                        schema[json_name] = schema.pop(python_name)
    return document


@cache
def openapi_document() -> str:
    """Generated on first request (it needs every route, and costs tens of ms), then reused."""
    # include_router() points api_resolver at the app, whose configure_openapi() set title and version.
    resolver = router.api_resolver
    if resolver is None:
        raise RuntimeError("include routes.openapi.router in the app before serving requests")
    generated = json.loads(resolver.get_openapi_json_schema())
    return json.dumps(with_json_schema_bounds(without_unsent_validation_errors(generated)))
