"""API Gateway HTTP API (payload format 2.0) on one machine: HTTP request → event, handler result → HTTP.

Follows what API Gateway sends: lower-cased header names with repeated headers comma-joined, the
`Cookie` header moved into `cookies`; `rawPath` and `rawQueryString` percent-encoded as received (bytes
a client sent raw, such as curl's UTF-8, are percent-encoded: API Gateway only ever hands on a valid
URI), `requestContext.http.path` and `queryStringParameters` percent-decoded as UTF-8 with repeated
parameters comma-joined; and a base64 body for binary content.
"""

import base64
import json
import time
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, unquote

TEXT_TYPES = ("text/", "application/json", "application/javascript", "application/x-www-form-urlencoded")
# What may stay as it is in a URI (RFC 3986 reserved and unreserved characters, and existing escapes).
URI_CHARACTERS = "/?#[]@!$&'()*+,;=:-._~%"


def split_target(target: bytes | str) -> tuple[str, str]:
    """(rawPath, rawQueryString) of a request target as a client sent it, raw bytes percent-encoded."""
    data = target.encode("utf-8") if isinstance(target, str) else target
    encoded = quote(data, safe=URI_CHARACTERS)
    path, _, query = encoded.partition("?")
    return path, query.partition("#")[0]


def decoded_parameters(raw_query: str) -> dict[str, str]:
    """queryStringParameters: each value percent-decoded (UTF-8), repeated names comma-joined."""
    query: dict[str, str] = {}
    for pair in raw_query.split("&"):
        if not pair:
            continue
        name, _, value = pair.partition("=")
        name, value = unquote(name), unquote(value)
        query[name] = f"{query[name]},{value}" if name in query else value
    return query


def http_api_event(
    method: str,
    raw_path: str,
    raw_query: str = "",
    headers: Iterable[tuple[str, str]] | Mapping[str, str] = (),
    body: bytes = b"",
    source_ip: str = "127.0.0.1",
    request_id: str | None = None,
) -> dict[str, Any]:
    """The event API Gateway would hand the function for this request (stage `$default`).

    `raw_path` and `raw_query` may hold characters a URI cannot (raw UTF-8): they are percent-encoded."""
    raw_path = split_target(raw_path)[0]
    raw_query = split_target("?" + raw_query)[1] if raw_query else ""
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    joined: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in pairs:
        key = name.lower()
        if key == "cookie":
            cookies.extend(c.strip() for c in value.split(";") if c.strip())
            continue
        joined[key] = f"{joined[key]},{value}" if key in joined else value

    query = decoded_parameters(raw_query)

    content_type = joined.get("content-type", "")
    is_text = not body or content_type.startswith(TEXT_TYPES)
    now = time.time()
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": raw_path,
        "rawQueryString": raw_query,
        "headers": joined,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "local",
            "domainName": joined.get("host", "127.0.0.1"),
            "domainPrefix": joined.get("host", "127.0.0.1").split(".")[0],
            "http": {
                "method": method.upper(),
                "path": unquote(raw_path),
                "protocol": "HTTP/1.1",
                "sourceIp": source_ip,
                "userAgent": joined.get("user-agent", ""),
            },
            "requestId": request_id or uuid.uuid4().hex[:20],
            "routeKey": "$default",
            "stage": "$default",
            "time": datetime.fromtimestamp(now, UTC).strftime("%d/%b/%Y:%H:%M:%S +0000"),
            "timeEpoch": int(now * 1000),
        },
        "isBase64Encoded": not is_text,
    }
    if cookies:
        event["cookies"] = cookies
    if query:
        event["queryStringParameters"] = query
    if body:
        try:
            text = body.decode("utf-8") if is_text else None
        except UnicodeDecodeError:
            text = None  # not the UTF-8 it claims to be: handed on as bytes
        event["isBase64Encoded"] = text is None
        event["body"] = text if text is not None else base64.b64encode(body).decode("ascii")
    return event


def http_response(result: Any) -> tuple[int, list[tuple[str, str]], bytes]:
    """Status, headers (cookies as Set-Cookie lines) and body bytes from a handler's return value."""
    if not isinstance(result, dict) or "statusCode" not in result:
        # API Gateway's shortcut for payload 2.0: anything else is a 200 JSON body.
        return 200, [("content-type", "application/json")], json.dumps(result).encode()
    headers = [(name, str(value)) for name, value in (result.get("headers") or {}).items()]
    for name, values in (result.get("multiValueHeaders") or {}).items():
        headers.extend((name, str(value)) for value in values)
    headers.extend(("set-cookie", cookie) for cookie in result.get("cookies") or [])
    raw = result.get("body") or ""
    body = base64.b64decode(raw) if result.get("isBase64Encoded") else raw.encode("utf-8")
    return int(result["statusCode"]), headers, body
