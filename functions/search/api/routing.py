"""What a path that no route matched was meant to be: a wrong method (405, with `Allow`) or an
unknown path (404), or a route's path parameter holding text it can never match (400).

Powertools (3.37) has no public way to ask which methods a path has, so these functions read its
route tables; tests/test_api_errors.py pins the answers, so a Powertools upgrade that changes them
fails there and nowhere else.
"""

from collections.abc import Callable

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver


def allowed_methods(app: APIGatewayHttpResolver, method: str, path: str) -> list[str]:
    """The methods a path answers, sorted (HEAD wherever GET is, OPTIONS for CORS preflight); [] for
    a path no route has. `method` is the request's: a path that has it is not a wrong-method case."""
    routes = [*app._static_routes, *app._dynamic_routes]
    methods = {route.method for route in routes if route.rule.match(path)}
    if not methods or method.upper() in methods:
        return []
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods | {"OPTIONS"})


def parameters_holding(app: APIGatewayHttpResolver, path: str, is_refused: Callable[[str], bool]) -> list[str]:
    """The path parameters (e.g. `section_id`) whose values hold the characters of `path` that
    `is_refused`, for the first route `path` matches once those characters are read as `_`; [] when
    none does. Powertools' routes only match URI characters and letters, so a section id holding a
    control character matches no route at all."""
    stand_in = "".join("_" if is_refused(ch) else ch for ch in path)
    for route in [*app._static_routes, *app._dynamic_routes]:
        match = route.rule.match(stand_in)
        if match:
            spans = {name: path[match.start(name) : match.end(name)] for name in match.groupdict()}
            return [name for name, value in spans.items() if any(map(is_refused, value))]
    return []
