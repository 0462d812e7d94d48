"""`routegen check`: the route file and its translations, every problem at once."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .catalogs import translation_problems
from .errors import Problem, RouteFileError, Severity
from .validate import CheckedRoute, check_route


def as_error(problem: Problem) -> Problem:
    return replace(problem, severity=Severity.ERROR,
                   hint=(problem.hint + " (This is an error under --strict.)").strip())


def check(path: Path, *, strict: bool = False) -> CheckedRoute:
    """Validate a route and its translations; under ``strict`` every warning is an error."""
    checked = check_route(path, strict=strict)
    extra = translation_problems(checked.route, checked.loaded)
    if strict and extra:
        raise RouteFileError([as_error(p) for p in extra])
    checked.warnings.extend(extra)
    return checked
