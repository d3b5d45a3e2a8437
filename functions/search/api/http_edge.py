"""HTTP rules at the function's edge that Powertools leaves to us, applied to the API Gateway event
before routing and to the answer after it.

- Routes match the percent-decoded path, as API Gateway decodes path parameters
  (`/v1/sections/%E9%80%A3` asks for section `連`); Powertools would match `rawPath` as sent.
- Query parameters come from `rawQueryString`, decoded as the URL standard decodes a form (`+` is a
  space, escapes are UTF-8), whatever API Gateway made of them in `queryStringParameters`. Bytes that
  are not UTF-8 stay recognisable (lone surrogates), so api/text.py refuses them instead of searching
  for U+FFFD.
- A body is JSON: `application/json`, or `text/plain` as `navigator.sendBeacon` sends it (media types
  are case-insensitive; a charset other than UTF-8 is refused). Any other type, or none, is a 415.
  An empty body is no body, whatever its type (400 "`body` is required").
- A body is measured before it is parsed: over settings.MAX_FEEDBACK_BYTES is a 413, malformed or
  not, and JSON the parser cannot take (nested too deeply) is a 400 like any malformed JSON. So is
  an object naming a key twice (`{"rank": 1, "rank": 2}`): which one a reader meant is unknown.
- `Accept-Encoding` is read with its q-values (`gzip;q=0` refuses gzip).
- HEAD is answered as GET without the body, on every GET route.
- Every answer carries `Vary: Origin`: CORS headers depend on the request's Origin, so no cache may
  hand one site's answer to another.
"""

import base64
import json
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl, unquote

import settings
from api.errors import ApiError
from api.text import shown

HEAD_REQUEST = "head_request"  # app.context key: True while answering a HEAD (routed as GET)
JSON_MEDIA_TYPES = ("application/json", "text/plain")
REFUSED_MEDIA_TYPE = "application/octet-stream"  # Powertools answers it with RequestUnsupportedContentType


def media_type(content_type: str) -> tuple[str, dict[str, str]]:
    """("type/subtype", {parameter: value}) of a Content-Type header, lower-cased (values unquoted)."""
    kind, *parameters = content_type.split(";")
    params = {}
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        params[name.strip().lower()] = value.strip().strip('"').lower()
    return kind.strip().lower(), params


def body_content_type(content_type: str) -> str:
    """What Powertools should parse a body as: JSON for the types we accept, else a refused type."""
    kind, params = media_type(content_type)
    if kind in JSON_MEDIA_TYPES and params.get("charset", "utf-8") in ("utf-8", "utf8"):
        return "application/json"
    return REFUSED_MEDIA_TYPE


def read_json_body(body: str | bytes) -> Any:
    """The app's JSON body deserializer: the parsed body.

    ApiError 413 for a body over settings.MAX_FEEDBACK_BYTES (checked before parsing), 400 for JSON
    nested too deeply to parse or with a key given twice in one object; json.JSONDecodeError for other
    malformed JSON (Powertools makes it a 400 naming the body)."""
    size = len(body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body)
    if size > settings.MAX_FEEDBACK_BYTES:
        limit = settings.MAX_FEEDBACK_BYTES
        raise ApiError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "body_too_large", f"the body must be at most {limit} bytes")
    try:
        return json.loads(body, object_pairs_hook=_object_with_unique_keys)
    except RecursionError:
        problem = "is not valid JSON"
        raise ApiError(
            400, "invalid_request", "`body` is nested too deeply", parameter="body", problem=problem
        ) from None


def _object_with_unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json.loads' object_pairs_hook: the object, or ApiError 400 naming a key given twice."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            problem = f"names the key {shown(key)[:40]!r} more than once"
            raise ApiError(400, "invalid_request", f"`body` {problem}", parameter="body", problem=problem)
        found[key] = value
    return found


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header allows gzip (RFC 9110: q=0 means "not acceptable")."""
    qualities: dict[str, float] = {}
    for item in accept_encoding.split(","):
        coding, params = media_type(item)
        if not coding:
            continue
        try:
            qualities[coding] = float(params.get("q", "1"))
        except ValueError:
            qualities[coding] = 0.0
    quality = qualities.get("gzip", qualities.get("x-gzip", qualities.get("*", 0.0)))
    return quality > 0


def query_parameters(raw_query: str) -> dict[str, str]:
    """queryStringParameters as Powertools reads them: decoded values, repeated names comma-joined."""
    parameters: dict[str, str] = {}
    for name, value in parse_qsl(raw_query, keep_blank_values=True, errors="surrogateescape"):
        parameters[name] = f"{parameters[name]},{value}" if name in parameters else value
    return parameters


def times_given(raw_query: str, name: str) -> int:
    """How many times the query string names parameter `name` (query_parameters joins repeats)."""
    return sum(1 for given, _ in parse_qsl(raw_query, keep_blank_values=True) if given == name)


def request_event(event: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The event as the routes should see it, and whether it was a HEAD request."""
    event = {**event, "headers": dict(event.get("headers") or {})}
    # Undecodable bytes stay lone surrogates: the text rule refuses them in a path parameter too.
    event["rawPath"] = unquote(event.get("rawPath") or "/", errors="surrogateescape")
    headers = event["headers"]
    parameters = query_parameters(event.get("rawQueryString") or "")
    event["queryStringParameters"] = parameters or None
    if event.get("body"):
        headers["content-type"] = body_content_type(headers.get("content-type", ""))  # none: 415 too
    else:
        headers.pop("content-type", None)  # no body, whatever its declared type: "`body` is required"
    # Powertools compresses when "gzip" appears anywhere in the header: tell it only what is accepted.
    headers["accept-encoding"] = "gzip" if accepts_gzip(headers.get("accept-encoding", "")) else "identity"
    http = event.get("requestContext", {}).get("http", {})
    is_head = http.get("method", "").upper() == "HEAD"
    if is_head:
        event["requestContext"] = {**event["requestContext"], "http": {**http, "method": "GET"}}
    return event, is_head


def add_vary(headers: dict[str, str], name: str) -> None:
    """Add `name` to a Vary header, keeping what is there."""
    present = [value.strip() for value in headers.get("Vary", "").split(",") if value.strip()]
    if name.lower() not in (value.lower() for value in present):
        headers["Vary"] = ", ".join([*present, name])


def finish_answer(answer: dict[str, Any], is_head: bool) -> dict[str, Any]:
    """The answer as API Gateway should send it: `Vary: Origin` always; for HEAD, GET's headers
    (its `Content-Length` included, in bytes as sent) without the body."""
    headers = answer.setdefault("headers", {})
    add_vary(headers, "Origin")
    if is_head:
        body = answer.get("body") or ""
        sent = base64.b64decode(body) if answer.get("isBase64Encoded") else body.encode("utf-8")
        if answer.get("statusCode") not in (204, 304):
            headers["Content-Length"] = str(len(sent))
        answer["body"] = ""
        answer["isBase64Encoded"] = False
    return answer
