"""`routegen check`: the route file and its translations, every problem at once."""

from __future__ import annotations

from pathlib import Path

from .catalogs import translation_problems
from .errors import RouteFileError
from .validate import CheckedRoute, check_route


def check(path: Path, *, strict: bool = False) -> CheckedRoute:
    """Validate a route and its translations; under ``strict`` every warning is an error."""
    checked = check_route(path, strict=strict)
    extra = translation_problems(checked.route, checked.loaded)
    if strict and extra:
        raise RouteFileError([p.as_error() for p in extra])
    checked.warnings.extend(extra)
    return checked
