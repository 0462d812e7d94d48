"""`routegen build`: the whole pipeline, from route files to an output folder.

Everything is built and checked in memory first (MkDocs and Pelican order); only a complete,
successful build is written, so a mistake anywhere leaves the previous site untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .catalogs import route_folder
from .checking import check
from .infographic import FILE_NAMES, ORIENTATIONS, infographic
from .localize import localize_file
from .render import render_route, render_route_index
from .validate import CheckedRoute
from .write import WriteReport, check_output_folder, write_site

DEFAULT_OUT = Path("build")


@dataclass
class BuildResult:
    routes: list[CheckedRoute]
    files: dict[str, bytes]
    report: WriteReport = field(default_factory=WriteReport)


def route_files(checked: CheckedRoute, prefix: str = "") -> dict[str, bytes]:
    """Every file of one route's site, by path relative to the output folder."""
    route = checked.route
    files = render_route(checked, prefix)
    for lang in route.route.languages:
        localized = localize_file(route, checked.path, lang)
        for orientation in ORIENTATIONS:
            svg = infographic(localized, orientation, lambda step_id: f"{step_id}/")
            files[f"{prefix}{lang}/{FILE_NAMES[orientation]}"] = svg.encode("utf-8")
    return files


def build(paths: list[Path], out: Path = DEFAULT_OUT, *, strict: bool = False) -> BuildResult:
    """Check, build and write the sites of one or more routes."""
    protected = [p for path in paths for p in (path, route_folder(path))]
    check_output_folder(out, protected)
    checked = [check(path, strict=strict) for path in paths]
    files: dict[str, bytes] = {}
    for route in checked:
        prefix = f"{route.route.route.slug}/" if len(checked) > 1 else ""
        files.update(route_files(route, prefix))
    if len(checked) > 1:
        files["index.html"] = render_route_index(checked).encode("utf-8")
    result = BuildResult(checked, files)
    result.report = write_site(files, out, protected)
    return result
