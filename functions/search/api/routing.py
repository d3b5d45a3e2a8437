"""Telling a wrong method (405, with `Allow`) from an unknown path (404).

Powertools (3.37) has no public way to ask which methods a path has, so this one function reads its
route tables; tests/test_api_errors.py pins the answers, so a Powertools upgrade that changes them
fails there and nowhere else.
"""

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
