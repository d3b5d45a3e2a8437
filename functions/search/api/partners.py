"""Which partner a request comes from, and which origins may call the API: both from the partners
shipped with the index build in use (`content/partners.toml`, validated by the build).

That build is the one authority for CORS: API Gateway has no CORS configuration of its own (with
one, it would answer CORS itself and drop the function's headers), so what the function answers
is what browsers get, and a partner added by `make index` is allowed as soon as the build is.

A request names its partner with the `partner` query parameter (feedback may name it in its body).
An unknown partner is a 400, so a typo in an embed is caught at once; a partner named from a
browser page on another site than the partner's own is a 403, so one partner cannot take another's
tracking parameters. Requests without one come from the publisher's own site.
"""

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import CORSConfig, Depends, Request
from aws_lambda_powertools.event_handler.openapi.params import Query

import settings
from adapters.partners import EMPTY, Partner, PartnerRegistry, load_shipped
from api.errors import GIVEN_ONCE, ApiError
from api.http_edge import times_given
from api.index_holder import CurrentIndex, search_index
from api.telemetry import logger, metrics
from api.text import PROBLEM, is_plain_text
from tayori.engine import SearchIndex

PARAMETER = "partner"
DIRECT = "direct"  # the dimension value of requests from the publisher's own site


def registry(index: SearchIndex | None = None) -> PartnerRegistry:
    """The partners shipped with the index build in use (none while no index is built)."""
    try:
        return load_shipped((index or search_index.get()).build_dir)
    except ApiError:
        return EMPTY


def allowed_origins() -> tuple[str, ...]:
    """Every origin CORS allows now: the publisher's and partners' (index build), then the extra ones."""
    return tuple(dict.fromkeys([*registry().allowed_origins(), *settings.settings.extra_origins]))


class PartnerOrigins(CORSConfig):
    """Powertools' CORS, with the allowed origins read per request from the index build in use."""

    def __init__(self) -> None:
        # "*" only so that the base class's checks pass; allowed_origin() decides who gets headers.
        super().__init__(allow_origin="*", allow_headers=["Content-Type", "If-None-Match"], expose_headers=["ETag"])
        self.max_age = 600

    def allowed_origin(self, extracted_origin: str) -> str | None:
        origins = allowed_origins()
        return extracted_origin if extracted_origin and (extracted_origin in origins or "*" in origins) else None

    def to_dict(self, origin: str | None) -> dict[str, str]:
        return super().to_dict(origin) if origin and self.allowed_origin(origin) else {}


def resolve(partner_id: str | None, origin: str | None, index: SearchIndex) -> Partner | None:
    """The partner a request names, None for none.

    ApiError 400 for one not in the partners' configuration, 403 when a browser names it from a page
    that is not on one of the partner's origins nor an extra origin of TAYORI_ALLOWED_ORIGINS (the
    local demo page; none in the deployed function). Requests without `Origin` are not from a page."""
    if not partner_id:
        return None
    if len(partner_id) > settings.MAX_PARTNER_CHARS:
        raise ApiError(400, "invalid_request", "`partner` is too long", parameter=PARAMETER, problem="is too long")
    if not is_plain_text(partner_id):
        raise ApiError(400, "invalid_request", f"`partner` {PROBLEM}", parameter=PARAMETER, problem=PROBLEM)
    found = registry(index).get(partner_id)
    if found is None:
        raise ApiError(400, "unknown_partner", f"unknown partner {partner_id[:40]!r}", parameter=PARAMETER)
    if origin and origin not in found.origins and origin not in settings.settings.extra_origins:
        raise ApiError(403, "partner_origin_mismatch", f"partner {partner_id!r} is not served to this site")
    return found


def attribute(partner: Partner | None) -> None:
    """Tag this request's log lines and metrics with the partner (a dimension: traffic per partner).

    The handler clears the logger's keys at every invocation (inject_lambda_context(clear_state=True))."""
    name = partner.id if partner else DIRECT
    logger.append_keys(partner=name)
    metrics.add_dimension(name="partner", value=name)


def _body_partner(request: Request) -> str | None:
    if request.method != "POST" or not request.body:
        return None
    try:
        body = request.json_body
    except ValueError:
        return None  # request validation answers a malformed body
    value = body.get(PARAMETER) if isinstance(body, dict) else None
    return value if isinstance(value, str) else None


def requesting_partner(
    request: Request,
    index: CurrentIndex,
    # Documented here; Powertools (3.37) lists a dependency's parameters in the OpenAPI document but
    # does not inject them, so the value is read from the request below.
    partner: Annotated[
        str | None, Query(max_length=settings.MAX_PARTNER_CHARS, description="The partner whose widget asks")
    ] = None,
) -> Partner | None:
    """Dependency: the partner a request comes from (query parameter, or feedback's body field)."""
    if times_given(request.resolved_event.raw_query_string or "", PARAMETER) > 1:
        raise ApiError(400, "invalid_request", f"`{PARAMETER}` {GIVEN_ONCE}", parameter=PARAMETER, problem=GIVEN_ONCE)
    in_query = (request.query_parameters or {}).get(PARAMETER)
    in_body = _body_partner(request)
    if in_query and in_body and in_query != in_body:
        raise ApiError(400, "partner_mismatch", "the `partner` query parameter and body field differ")
    found = resolve(in_query or in_body, request.headers.get("origin"), index)
    attribute(found)
    return found


RequestingPartner = Annotated[Partner | None, Depends(requesting_partner)]


def tracking(partner: Partner | None) -> dict[str, Any] | None:
    """`partner_tracking`: the query parameters a partner's result links carry; None without a partner."""
    return dict(partner.tracking) if partner else None
