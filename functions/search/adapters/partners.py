"""Partners: the sites that embed the widget, which origins they call from, how their links are tagged.

Editors maintain `content/partners.toml` (format in docs/partners.md). The build step validates it
with `file:line` errors and ships the validated result as `partners.json` inside the index build,
so the function answers CORS and checks `partner` against exactly what was validated, and a change
of partners is a new build (new index version, new ETag) like a change of articles.

The same `validate()` runs on both sides: on the TOML source (with line numbers) at build time and
on the shipped JSON when the function loads it. Standard library only: the function ships it.
"""

from __future__ import annotations

import json
import re
import tomllib
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from tayori.problems import ProblemsError

SOURCE_NAME = "partners.toml"  # under content/
SHIPPED_NAME = "partners.json"  # inside an index build directory

PARTNER_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$")
# Tracking parameters go into result links as they are: only URL-unreserved characters (RFC 3986).
TRACKING_KEY = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")
TRACKING_VALUE = re.compile(r"^[A-Za-z0-9_.~-]{1,100}$")
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")

PUBLISHER_KEYS = {"name": True, "origins": True}  # key -> required
PARTNER_KEYS = {"id": True, "name": True, "origins": True, "tracking": False}


class PartnersError(ProblemsError):
    """Invalid partner configuration.

    `publisher_origins`: the [publisher] origins that are valid despite the errors (empty when none
    or the file is unreadable), so the build still checks every article url against the site."""

    def __init__(self, errors: Any, publisher_origins: tuple[str, ...] = ()) -> None:
        super().__init__(errors)
        self.publisher_origins = publisher_origins


@dataclass(frozen=True)
class Partner:
    id: str
    name: str
    origins: tuple[str, ...]
    # Query parameters added to links the partner's readers follow (utm_source=…).
    tracking: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "origins": list(self.origins), "tracking": dict(self.tracking)}


@dataclass(frozen=True)
class PartnerRegistry:
    publisher_name: str
    publisher_origins: tuple[str, ...]
    partners: dict[str, Partner]

    def get(self, partner_id: str) -> Partner | None:
        return self.partners.get(partner_id)

    def allowed_origins(self) -> list[str]:
        """Every origin CORS may answer: the publisher's own first, then each partner's, no repeats."""
        origins = list(self.publisher_origins)
        for partner in self.partners.values():
            origins.extend(partner.origins)
        return list(dict.fromkeys(origins))

    def as_dict(self) -> dict[str, Any]:
        return {
            "publisher": {"name": self.publisher_name, "origins": list(self.publisher_origins)},
            "partners": [p.as_dict() for p in self.partners.values()],
        }


EMPTY = PartnerRegistry("", (), {})

# Where a value sits, for an error message: (table path, key, value) -> "file:line".
Locate = Callable[[tuple[Any, ...], str | None, Any], str]


def origin_problem(origin: Any) -> str | None:
    """Why a string is not a browser Origin (scheme://host[:port]), or None when it is one."""
    if not isinstance(origin, str) or not origin:
        return "an origin must be a non-empty string"
    if any(not ("!" <= char <= "~") for char in origin):
        return f"{json.dumps(origin)} is not an origin: no spaces, control or non-ASCII characters (use punycode)"
    if origin == "*" or "*" in origin:
        return f"'{origin}': wildcards are not allowed: list each origin"
    parts = urllib.parse.urlsplit(origin)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        return f"'{origin}' is not an origin: expected https://host[:port]"
    if parts.path or parts.query or parts.fragment or origin.endswith(("/", "?", "#")):
        return f"'{origin}' is not an origin: no path, query or trailing slash (browsers send scheme://host[:port])"
    if "@" in parts.netloc:
        return f"'{origin}' is not an origin: no user info"
    if origin != origin.lower():
        return f"'{origin}' must be lower case, as browsers send it"
    try:
        port = parts.port
    except ValueError:
        return f"'{origin}' has an invalid port"
    if (parts.scheme, port) in (("https", 443), ("http", 80)):
        return f"'{origin}': leave out the default port, browsers do"
    if parts.scheme == "http" and parts.hostname not in ("localhost", "127.0.0.1", "::1"):
        return f"'{origin}' must use https (http only for localhost)"
    return None


def _check_keys(
    table: Any, allowed: dict[str, bool], where: tuple[Any, ...], what: str, locate: Locate, errors: list[str]
) -> bool:
    if not isinstance(table, dict):
        errors.append(f"{locate(where, None, None)}: {what} must be a table")
        return False
    for key in table:
        if key not in allowed:
            known = ", ".join(allowed)
            errors.append(f"{locate(where, key, None)}: unknown key '{key}' in {what} (known keys: {known})")
    for key, required in allowed.items():
        if required and key not in table:
            errors.append(f"{locate(where, None, None)}: {what} is missing '{key}'")
    return True


def _check_name(value: Any, where: tuple[Any, ...], what: str, locate: Locate, errors: list[str]) -> None:
    if not isinstance(value, str) or not value.strip():
        errors.append(f"{locate(where, 'name', value)}: {what} 'name' must be a non-empty string")


def _check_origins(value: Any, where: tuple[Any, ...], what: str, locate: Locate, errors: list[str]) -> None:
    if not isinstance(value, list) or not value:
        errors.append(f"{locate(where, 'origins', None)}: {what} 'origins' must be a non-empty list of origins")
        return
    seen: set[str] = set()
    for origin in value:
        problem = origin_problem(origin)
        if problem:
            errors.append(f"{locate(where, 'origins', origin)}: {problem}")
        elif origin in seen:
            errors.append(f"{locate(where, 'origins', origin)}: origin '{origin}' is listed twice")
        else:
            seen.add(origin)


def _check_tracking(value: Any, where: tuple[Any, ...], locate: Locate, errors: list[str]) -> None:
    if not isinstance(value, dict):
        errors.append(f"{locate(where, 'tracking', None)}: 'tracking' must be a table of parameter = \"value\"")
        return
    for key, param in value.items():
        if not TRACKING_KEY.match(key):
            errors.append(f"{locate((*where, 'tracking'), key, None)}: tracking parameter name '{key}' is not allowed")
        if not isinstance(param, str) or not TRACKING_VALUE.match(param):
            errors.append(
                f"{locate((*where, 'tracking'), key, None)}: tracking parameter '{key}' must be 1–100 of "
                "A-Z, a-z, 0-9 and '-', '.', '_', '~' (they go into links as they are)"
            )


def validate(data: Any, locate: Locate) -> PartnerRegistry:
    """Check the whole configuration, collecting every problem; raise PartnersError listing them all."""
    errors: list[str] = []
    if not isinstance(data, dict):
        raise PartnersError([f"{locate((), None, None)}: expected a table with [publisher] and [[partners]]"])
    for key in data:
        if key not in ("publisher", "partners"):
            errors.append(f"{locate((), key, None)}: unknown key '{key}' (known: publisher, partners)")
    publisher = data.get("publisher")
    if publisher is None:
        errors.append(f"{locate((), None, None)}: missing [publisher] table (the publisher's own origins)")
        publisher = {}
    elif _check_keys(publisher, PUBLISHER_KEYS, ("publisher",), "[publisher]", locate, errors):
        if "name" in publisher:
            _check_name(publisher["name"], ("publisher",), "[publisher]", locate, errors)
        if "origins" in publisher:
            _check_origins(publisher["origins"], ("publisher",), "[publisher]", locate, errors)
    entries = data.get("partners", [])
    if not isinstance(entries, list):
        errors.append(f"{locate((), 'partners', None)}: partners must be [[partners]] tables")
        entries = []
    first_seen: dict[str, str] = {}
    partners: dict[str, Partner] = {}
    for n, entry in enumerate(entries):
        where = ("partners", n)
        if not _check_keys(entry, PARTNER_KEYS, where, "[[partners]]", locate, errors):
            continue
        pid = entry.get("id")
        label = f"partner '{pid}'" if isinstance(pid, str) else "[[partners]]"
        if "id" in entry:
            at = locate(where, "id", pid)
            if not isinstance(pid, str) or not PARTNER_ID.match(pid):
                errors.append(f"{at}: partner id {pid!r} must be 1–32 of a-z, 0-9 and '-' (not at either end)")
            elif pid in first_seen:
                errors.append(f"{at}: duplicate partner id '{pid}' (first defined at {first_seen[pid]})")
            else:
                first_seen[pid] = at
        if "name" in entry:
            _check_name(entry["name"], where, label, locate, errors)
        if "origins" in entry:
            _check_origins(entry["origins"], where, label, locate, errors)
        if "tracking" in entry:
            _check_tracking(entry["tracking"], where, locate, errors)
        if isinstance(pid, str) and pid not in partners:
            partners[pid] = Partner(
                id=pid,
                name=str(entry.get("name", "")),
                origins=tuple(o for o in entry.get("origins", []) if isinstance(o, str)),
                tracking={str(k): str(v) for k, v in (entry.get("tracking") or {}).items()},
            )
    site = publisher.get("origins", []) if isinstance(publisher, dict) else []
    valid_site = (
        tuple(o for o in site if isinstance(o, str) and origin_problem(o) is None) if isinstance(site, list) else ()
    )
    if errors:
        raise PartnersError(errors, valid_site)
    return PartnerRegistry(str(publisher.get("name", "")), tuple(publisher.get("origins", [])), partners)


class TomlLines:
    """Maps (table path, key, value) back to a line of the TOML source, since tomllib keeps no positions.

    Relies on the documented layout: one `[[partners]]` header per partner, `key = value` lines,
    origins as quoted strings, tracking as a `[partners.tracking]` sub-table or an inline table."""

    HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\" -]+?)\s*\]\]?\s*(?:#.*)?$")

    def __init__(self, source: str, text: str) -> None:
        self.source = source
        self.lines = text.splitlines()
        # Blocks: (table name, first line, end line exclusive), 1-based; the top level comes first.
        headers = [(0, "")]
        for number, line in enumerate(self.lines, 1):
            match = self.HEADER.match(line)
            if match:
                headers.append((number, match.group(1).replace(" ", "")))
        self.blocks = [
            (name, start, headers[i + 1][0] if i + 1 < len(headers) else len(self.lines) + 1)
            for i, (start, name) in enumerate(headers)
        ]

    def _partner_span(self, n: int) -> tuple[int, int]:
        starts = [i for i, (name, _, _) in enumerate(self.blocks) if name == "partners"]
        if n >= len(starts):
            return 1, len(self.lines) + 1
        first = starts[n]
        last = starts[n + 1] if n + 1 < len(starts) else len(self.blocks)
        # A partner's span runs to the next [[partners]] header, except a following [publisher].
        end_block = first + 1
        while end_block < last and self.blocks[end_block][0].startswith("partners."):
            end_block += 1
        return self.blocks[first][1], self.blocks[end_block - 1][2]

    def _span(self, where: tuple[Any, ...]) -> tuple[int, int]:
        if not where:
            top = self.blocks[0]
            return 1, top[2]
        if where[0] == "publisher":
            for name, start, end in self.blocks:
                if name == "publisher":
                    return start, end
            return 1, len(self.lines) + 1
        if where[0] == "partners" and len(where) > 1:
            start, end = self._partner_span(int(where[1]))
            if len(where) > 2:  # a sub-table such as tracking
                for name, s, e in self.blocks:
                    if name == f"partners.{where[2]}" and start <= s < end:
                        return s, e
            return start, end
        return 1, len(self.lines) + 1

    def __call__(self, where: tuple[Any, ...], key: str | None, value: Any) -> int:
        start, end = self._span(where)
        number = start or 1
        if key is not None:
            key_line = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=|^\s*\[\s*partners\.{re.escape(key)}\s*\]")
            inline = re.compile(rf"[{{,]\s*\"?{re.escape(key)}\"?\s*=")
            for i in range(max(start, 1), min(end, len(self.lines) + 1)):
                line = self.lines[i - 1]
                if key_line.match(line) or inline.search(line):
                    number = i
                    break
        if isinstance(value, str) and value:
            quoted = json.dumps(value, ensure_ascii=False)
            for i in range(max(number, 1), min(end, len(self.lines) + 1)):
                if quoted in self.lines[i - 1] or f"'{value}'" in self.lines[i - 1]:
                    number = i
                    break
        return number

    def at(self, where: tuple[Any, ...], key: str | None, value: Any) -> str:
        return f"{self.source}:{self(where, key, value)}"


def parse_toml(text: str, source: str) -> PartnerRegistry:
    """Validate the editors' TOML; errors read `source:line: message`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        line = int(match.group(1)) if match else max(1, len(text.splitlines()))  # "at end of document"
        raise PartnersError([f"{source}:{line}: invalid TOML: {error}"]) from None
    lines = TomlLines(source, text)
    return validate(data, lines.at)


def load_source(path: Path) -> PartnerRegistry:
    """Read content/partners.toml; a missing file means no partners and no publisher origins."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return EMPTY
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise PartnersError([f"{path}:{line}: not valid UTF-8 ({error.reason})"]) from None
    return parse_toml(text, str(path))


def write_shipped(registry: PartnerRegistry, build_dir: Path) -> Path | None:
    """Ship the validated partners inside an index build; nothing when content/ has no partners file."""
    if registry is EMPTY:
        return None
    target = build_dir / SHIPPED_NAME
    target.write_text(json.dumps(registry.as_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return target


@cache
def load_shipped(build_dir: Path) -> PartnerRegistry:
    """The partners shipped with one index build (read once per build per process).

    An index built before partners existed has none: only the publisher's own site is served."""
    path = build_dir / SHIPPED_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return EMPTY
    return validate(data, lambda where, key, value: f"{path}:{'.'.join(map(str, where)) or 'top'}")
