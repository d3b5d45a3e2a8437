"""HTTP caching for GET answers: `Cache-Control`, a weak `ETag`, and 304 for a matching `If-None-Match`.

An answer is a function of the request, the index build and the code that computes it, so the ETag is a
digest of exactly those. A 304 is only ever given for a 200 the route has just produced: every check
that would refuse the request (parameters, the partner's origin, a missing section) runs first, so a
matching tag never turns a 400, 403 or 404 into a 304. The tag saves the transfer, not the search
(a search takes milliseconds). It is weak (W/) because `took_ms` differs between otherwise equal answers.
"""

import hashlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware

from api.index_holder import search_index

FUNCTION_ROOT = Path(__file__).resolve().parent.parent

Middleware = Callable[[APIGatewayHttpResolver, NextMiddleware], Response]


@cache
def code_fingerprint() -> str:
    """Digest of the function's Python sources: a deploy that changes answers changes every ETag."""
    digest = hashlib.sha256()
    for path in sorted(FUNCTION_ROOT.rglob("*.py")):
        if "search_index" not in path.parts:
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def etag_for(index_version: str, path: str, raw_query: str) -> str:
    # Parameter order and encoding do not change the answer, so they do not change the tag either.
    query = urlencode(sorted(parse_qsl(raw_query, keep_blank_values=True)))
    key = "\0".join((code_fingerprint(), index_version, path, query))
    return f'W/"{index_version}-{hashlib.sha256(key.encode()).hexdigest()[:16]}"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """Weak comparison, as RFC 9110 asks for If-None-Match. `*` matches any current representation."""
    if not if_none_match:
        return False
    candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in candidates or etag.removeprefix("W/") in candidates


def cacheable(max_age: int, *, uses_index: bool = True) -> Middleware:
    """Route middleware: clients and shared caches may reuse a 200 answer for `max_age` seconds.

    `uses_index=False` for answers that do not depend on the index (they stay available without one).
    """

    def http_cache(app: APIGatewayHttpResolver, next_middleware: NextMiddleware) -> Response:
        event = app.current_event
        version = search_index.get().version if uses_index else "code"
        etag = etag_for(version, event.path, event.raw_query_string or "")
        headers = {"ETag": etag, "Cache-Control": f"public, max-age={max_age}"}
        response = next_middleware(app)  # the route's own checks (partner, parameters) run first
        if response.status_code != 200:
            return response
        if etag_matches(event.headers.get("if-none-match"), etag):
            return Response(304, None, "", headers=headers)
        response.headers.update(headers)
        return response

    return http_cache


def uncacheable(app: APIGatewayHttpResolver, next_middleware: NextMiddleware) -> Response:
    """Route middleware for answers that must always be fresh (health)."""
    response = next_middleware(app)
    response.headers["Cache-Control"] = "no-store"
    return response
