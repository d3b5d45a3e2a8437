"""GET /v1/widget.js: the embeddable search widget, one dependency-free script.

The served file is built from `widget/src` by `make widget` (esbuild), never committed; packaging
ships it. Without it (a checkout where `make widget` has not run) this route alone answers 503.

Versioning: the script's version is a digest of its bytes (`WIDGET_VERSION`), also its ETag.
`/v1/widget.js?v=<version>` is immutable and cached for a year; the plain `/v1/widget.js` (what the
README snippet uses) is cached briefly and revalidated with the ETag, so partners get fixes without
editing their pages. A `v` that is not the current version gets the current script, briefly cached.
"""

import hashlib
from pathlib import Path
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from api.caching import etag_matches
from api.errors import ApiError
from api.models import responses

WIDGET_FILE = Path(__file__).resolve().parent.parent / "widget" / "tayori-search.js"
WIDGET_SOURCE = WIDGET_FILE.read_bytes() if WIDGET_FILE.exists() else b""
WIDGET_VERSION = hashlib.sha256(WIDGET_SOURCE).hexdigest()[:12]
ETAG = f'"{WIDGET_VERSION}"'

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, max-age=600, stale-while-revalidate=86400"

router = Router()


@router.get(
    "/v1/widget.js",
    summary="The embeddable search widget (<tayori-search>)",
    description="JavaScript. Add `?v=<version>` (the ETag's value) for an immutable, year-long cacheable URL.",
    responses={
        **responses("The script", 400, 503),
        200: {"description": "The script", "content": {"text/javascript": {"schema": {"type": "string"}}}},
    },
)
def widget(
    v: Annotated[str | None, Query(max_length=64, description="Widget version, for immutable caching")] = None,
) -> Response[str]:
    if not WIDGET_SOURCE:
        raise ApiError(503, "widget_not_built", "the widget has not been built: run `make widget`")
    headers = {
        "ETag": ETAG,
        "Cache-Control": IMMUTABLE if v == WIDGET_VERSION else REVALIDATE,
        "Vary": "Accept-Encoding",
        "X-Content-Type-Options": "nosniff",
    }
    if etag_matches(router.current_event.headers.get("if-none-match"), ETAG):
        return Response(304, None, "", headers=headers)
    # Gzipped when the client accepts it (API Gateway HTTP APIs do not compress by themselves).
    return Response(200, "text/javascript; charset=utf-8", WIDGET_SOURCE.decode(), headers=headers, compress=True)
