"""`routegen build`: the whole pipeline, from route files to an output folder.

Everything is built and checked in memory first (MkDocs and Pelican order); only a complete,
successful build is written, so a mistake anywhere leaves the previous site untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .catalogs import route_folder
from .checking import check
from .errors import RoutegenError
from .cache import RenderCache
from .render import render_route, render_route_index
from .validate import CheckedRoute
from .write import WriteReport, check_output_folder, write_site

DEFAULT_OUT = Path("build")


@dataclass
class BuildResult:
    routes: list[CheckedRoute]
    files: dict[str, bytes]
    report: WriteReport = field(default_factory=WriteReport)


def build(paths: list[Path], out: Path = DEFAULT_OUT, *, strict: bool = False,
          cache: RenderCache | None = None, langs: list[str] | None = None) -> BuildResult:
    """Check, build and write the sites of one or more routes; ``cache`` reuses earlier pages."""
    protected = [p for path in paths for p in (path, route_folder(path))]
    check_output_folder(out, protected)
    checked = [check(path, strict=strict) for path in paths]
    slugs: dict[str, Path] = {}
    for route in checked:
        slug = route.route.route.slug
        if slug in slugs and len(checked) > 1:
            raise RoutegenError(f"{route.path} and {slugs[slug]} both use the slug '{slug}'. "
                                "Give each route its own slug under route:, since each gets the folder of that name.")
        slugs[slug] = route.path
    files: dict[str, bytes] = {}
    for route in checked:
        prefix = f"{route.route.route.slug}/" if len(checked) > 1 else ""
        files.update(render_route(route, prefix, cache, langs))
    if len(checked) > 1:
        files["index.html"] = render_route_index(checked).encode("utf-8")
    result = BuildResult(checked, files)
    result.report = write_site(files, out, protected)
    return result
