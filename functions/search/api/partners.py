"""Which partner a request comes from: checked once for every route, then carried into logs and metrics.

A request names its partner with the `partner` query parameter (the widget adds it; feedback may also
name it in its body). An unknown partner is a 400, so a typo in an embed is caught at once instead of
being counted as traffic from nowhere. Requests without one come from the publisher's own site.
"""

from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware

from api.errors import ApiError
from api.index import search_index
from api.telemetry import logger, metrics
from tayori.partners import Partner, PartnerRegistry, load_shipped

PARAMETER = "partner"
DIRECT = "direct"  # the dimension value of requests from the publisher's own site
CONTEXT_KEY = "partner"


def registry() -> PartnerRegistry:
    """The partners shipped with the index build in use (validated by the build)."""
    return load_shipped(search_index.get().build_dir)


def resolve(partner_id: str | None) -> Partner | None:
    """The partner a request names, None for none; ApiError(400) for one not in content/partners.toml."""
    if partner_id is None or partner_id == "":
        return None
    found = registry().get(partner_id)
    if found is None:
        raise ApiError(400, "unknown_partner", f"unknown partner {partner_id[:40]!r}: see content/partners.toml")
    return found


def attribute(app: APIGatewayHttpResolver, partner: Partner | None) -> None:
    """Tag this request's log lines and metrics with the partner (a dimension: traffic per partner)."""
    name = partner.id if partner else DIRECT
    app.append_context(**{CONTEXT_KEY: partner})
    logger.append_keys(partner=name)
    metrics.add_dimension(name="partner", value=name)


def current(app: APIGatewayHttpResolver) -> Partner | None:
    return app.context.get(CONTEXT_KEY)


def tracking_fields(app: APIGatewayHttpResolver) -> dict[str, Any]:
    """`partner_tracking` for an answer whose links a partner's readers follow: the query parameters
    to add to every result url (the widget adds them). Absent without a partner."""
    partner = current(app)
    return {"partner_tracking": dict(partner.tracking)} if partner else {}


def named_partner(app: APIGatewayHttpResolver) -> str | None:
    """The `partner` query parameter, or a JSON body's `partner` field (feedback); both must agree."""
    event = app.current_event
    in_query = event.get_query_string_value(PARAMETER)
    in_body = None
    if event.body and "json" in (event.headers.get("content-type") or "application/json"):
        try:
            body = event.json_body
        except ValueError:
            body = None  # request validation has already answered malformed JSON for routes that take it
        if isinstance(body, dict) and isinstance(body.get(PARAMETER), str):
            in_body = body[PARAMETER]
    if in_query and in_body and in_query != in_body:
        raise ApiError(400, "partner_mismatch", "the `partner` query parameter and body field differ")
    return in_query or in_body


def partner_context(app: APIGatewayHttpResolver, next_middleware: NextMiddleware) -> Response:
    """Global middleware: reject an unknown partner, attribute the request to it otherwise."""
    partner = resolve(named_partner(app))
    attribute(app, partner)
    try:
        return next_middleware(app)
    finally:
        # Keys outlive the invocation in a warm environment; the next request sets its own.
        logger.remove_keys(["partner"])
