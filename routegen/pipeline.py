"""The one way through: load -> validate -> localize -> layout -> draw -> render -> write.

:func:`check` runs every stage but the last (routegen.stages) and keeps the site in memory;
:func:`build` is :func:`check` for each route, then :func:`routegen.write.write_site`. So
`routegen check` meets every mistake `routegen build` could meet, and a build never fails with a
message that has no place in a file (MkDocs and Pelican order: the whole site is made before
anything is written, and a mistake anywhere leaves the previous site untouched).

Since the stages are functions of what was read, :func:`build` keys each route by those inputs
(:func:`route_key`) and takes a route it made before from the persistent cache
(routegen.store) without preparing it at all; the others are made over a pool of processes.
The stages are imported only when a route has to be made, so a build of unchanged routes
starts in a fraction of the time.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import store
from .errors import Problem, RoutegenError, Severity
from .load import display_path, route_folder
from .store import files_stamp, folder_files
from .ui import ui_catalog_dir
from .workers import forked_pool
from .write import CacheLost, SiteFiles, WriteReport, check_output_folder, write_site
from .speech import messages_language, tr

if TYPE_CHECKING:
    from .cache import RenderCache
    from .model import Route
    from .stages import CheckedSite

DEFAULT_OUT = Path("build")
# A build makes many small objects that live until its routes are written, and its caches grow:
# with Python's default thresholds (700, 10, 10) the garbage collector took a tenth of a portal
# route's time, mostly walking those caches; with these, about 2% (a route: 0.80 -> 0.71 s).
# Used by the pool's workers and by the command line (routegen.cli) for its own process.
COLLECTOR_THRESHOLDS = (20_000, 20, 20)


@dataclass
class BuildResult:
    routes: list[BuiltRoute]
    files: SiteFiles
    report: WriteReport = field(default_factory=WriteReport)


def check(path: Path, *, strict: bool = False, cache: RenderCache | None = None,
          langs: list[str] | None = None, print_matter: bool = False) -> CheckedSite:
    """Every stage of `build` but writing, for one route; raises a located RouteFileError.

    ``print_matter`` (`check --print`) also lays out the print matter and fills its templates, as
    `build --print` does before Chromium, and tells what it will lack."""
    from . import stages

    site = stages.prepare(path, strict=strict, langs=langs)
    site.files = stages.render(site, "", cache)
    if print_matter:
        stages.add_print_warnings(site, strict)
        stages.print_documents(site)
    return site


def build(paths: list[Path], out: Path = DEFAULT_OUT, *, strict: bool = False,
          cache: RenderCache | None = None, langs: list[str] | None = None,
          print_matter: bool = False, persist: bool = True) -> BuildResult:
    """Check and render one or more routes, then write them into ``out`` as one site.

    Several routes get a folder each (their slug) and an index page that links them.
    ``print_matter`` (`build --print`) adds what needs Chromium: each language's preview image,
    and its poster, handout and contact cards as PDFs under ``<lang>/print/`` (:func:`print_pdfs`).

    A route whose inputs (its file, its folder, routegen itself, the options) are the same as in
    an earlier build is not made again: its files come from the persistent cache
    (routegen.store). The others are made over a pool of processes when there are several,
    and kept in that cache unless ``persist`` is false (`serve` keeps its first build only: an
    edit is not worth the writing).
    """
    try:
        return _build(paths, out, strict, cache, langs, print_matter, persist, reuse=True)
    except CacheLost:  # the cache was emptied while we built: make every route again, once
        return _build(paths, out, strict, cache, langs, print_matter, persist, reuse=False)


def _build(paths: list[Path], out: Path, strict: bool, cache: RenderCache | None, langs: list[str] | None,
           print_matter: bool, persist: bool, *, reuse: bool) -> BuildResult:
    """:func:`build`; ``reuse=False`` reads nothing from the persistent cache (but still fills it)."""
    protected = [p for path in paths for p in (path, route_folder(path))]
    check_output_folder(out, protected)
    store.limit_bytes()  # a wrong ROUTEGEN_CACHE_MAX_MB is told before anything is made
    several = len(paths) > 1
    recipe = Recipe(several, strict, tuple(langs) if langs else None, print_matter)
    ui_stamp = repr(files_stamp(ui_catalog_dir()))  # read again each build: `serve` sees its edits
    keys = [None if print_matter else route_key(path, recipe, ui_stamp) for path in paths]
    built: list[BuiltRoute | None] = [BuiltRoute.cached(path, key) if key and reuse else None
                                      for path, key in zip(paths, keys)]
    missed = [i for i, route in enumerate(built) if route is None]
    kept = [keys[i] if persist else None for i in missed]
    for i, made in zip(missed, make_routes([paths[i] for i in missed], kept, recipe, cache)):
        built[i] = made
    routes = [route for route in built if route is not None]
    _refuse_duplicate_slugs(routes)
    files = SiteFiles()
    for route in routes:
        files.update(route.files)
    if several:
        files.update(route_index_files(routes, keys, reuse))
    result = BuildResult(routes, files)
    result.report = write_site(files, out, protected)
    store.trim_if_due()
    return result


@dataclass(frozen=True)
class Recipe:
    """The options that change what a route's files are (its cache key holds them)."""

    several: bool
    strict: bool
    langs: tuple[str, ...] | None
    print_matter: bool


ENTRIES = "routes"


@dataclass
class BuiltRoute:
    """One route of a build: its files, its warnings, and its model for the index page."""

    path: Path
    slug: str
    files: SiteFiles
    warnings: list[Problem]
    route_json: str
    site: CheckedSite | None = None  # when it was made by this process

    @property
    def route(self) -> Route:
        from .model import Route

        return self.site.route if self.site is not None else Route.model_validate_json(self.route_json)

    def entry(self) -> bytes:
        return json.dumps({
            "slug": self.slug, "route": self.route_json,
            "files": {name: list(value) for name, value in self.files.entries.items()},
            "warnings": [{**asdict(w), "severity": w.severity.value} for w in self.warnings],
        }, ensure_ascii=False).encode("utf-8")

    @classmethod
    def cached(cls, path: Path, key: str) -> BuiltRoute | None:
        data = store.load(ENTRIES, key, touch=True)
        if data is None:
            return None
        try:
            entry = json.loads(data)
            files = SiteFiles()
            for name, (digest, size) in entry["files"].items():
                files.add_cached(name, digest, size)
            warnings = [Problem(**{**w, "severity": Severity(w["severity"])}) for w in entry["warnings"]]
            return cls(path, entry["slug"], files, warnings, entry["route"])
        except (ValueError, KeyError, TypeError):  # an entry of another shape: made again
            return None


def route_key(path: Path, recipe: Recipe, ui_stamp: str) -> str | None:
    """A digest of everything a route's files are made of: the route file and every file in its
    folder (translations, theme, images), the options, routegen's UI catalogs and the language
    of its messages (warnings are kept with the files); routegen's own code and libraries are
    in every key (routegen.store). None when the route cannot be read: `prepare` says why."""
    parts: list[bytes | str] = [display_path(path), repr(recipe), messages_language(), ui_stamp]
    try:
        parts.append(path.read_bytes())
    except OSError:
        return None
    folder = route_folder(path)
    for file, data in folder_files(folder):
        parts += [file.relative_to(folder).as_posix(), data]
    if (folder / "theme" / "templates").is_dir():
        parts.append(dt.date.today().isoformat())  # a theme's own template may show the date
    return store.digest("route", *parts)


def make_route(path: Path, recipe: Recipe, cache: RenderCache | None = None) -> BuiltRoute:
    """Every stage but writing for one route, and with ``print_matter`` its PDFs."""
    from . import stages

    site = stages.prepare(path, strict=recipe.strict, langs=list(recipe.langs) if recipe.langs else None)
    prefix = f"{site.route.route.slug}/" if recipe.several else ""
    site.files = stages.render(site, prefix, cache, previews=recipe.print_matter)
    if recipe.print_matter:
        stages.add_print_warnings(site, recipe.strict)
        documents = stages.print_documents(site)  # a theme's broken print template stops us before Chromium
        site.files.update(stages.preview_images(site, prefix))
        site.files.update({prefix + name: data for name, data in stages.render_pdfs(documents).items()})
    return BuiltRoute(path, site.route.route.slug, SiteFiles(site.files), site.warnings,
                      site.route.model_dump_json(), site)


def _make_and_keep(path: Path, key: str | None, recipe: Recipe, cache: RenderCache | None = None,
                   in_worker: bool = False) -> BuiltRoute:
    made = make_route(path, recipe, cache)
    if key is not None and made.files.keep():  # every file is in the cache: so is the route
        store.save(ENTRIES, key, made.entry())
    if in_worker:
        made.site = None  # what goes back to the building process: no templates, no texts
    return made


def make_routes(paths: list[Path], keys: list[str | None], recipe: Recipe,
                cache: RenderCache | None) -> list[BuiltRoute]:
    """Make routes the cache did not have; several over a pool of processes, one per core.

    Workers are forked (routegen.workers) and only when this process runs no other thread
    (`serve` and printing do, and pass a RenderCache or print: those build here)."""
    workers = min(len(paths), os.cpu_count() or 1)
    pool = (forked_pool(workers, gc.set_threshold, COLLECTOR_THRESHOLDS)
            if workers > 1 and cache is None and not recipe.print_matter else None)
    if pool is None:
        return [_make_and_keep(path, key, recipe, cache) for path, key in zip(paths, keys)]
    from . import stages  # noqa: F401 - imported once, here, before the workers fork at the first submit

    with pool:
        futures = [pool.submit(_make_and_keep, path, key, recipe, None, True) for path, key in zip(paths, keys)]
        try:
            return [future.result() for future in futures]  # the first route's error first, as in order
        except BaseException:
            pool.shutdown(cancel_futures=True)  # a mistake ends the build: the routes not begun are not made
            raise


def warm_render_cache(paths: list[Path], reused: list[Path], cache: RenderCache,
                      langs: list[str] | None = None) -> None:
    """Render ``reused`` routes (of a build of ``paths`` that took them from the persistent
    cache) into ``cache``, so that the first edit in `serve` reuses pages and pictures as later
    edits do. Runs beside the server; a mistake is the next build's to report."""
    recipe = Recipe(len(paths) > 1, False, tuple(langs) if langs else None, False)
    for path in reused:
        try:
            make_route(path, recipe, cache)
        except Exception:  # noqa: BLE001 - the build that follows reports it, located
            continue


def route_index_files(routes: list[BuiltRoute], keys: list[str | None], reuse: bool = True) -> SiteFiles:
    """The root index page and robots.txt of a build of several routes, reused from the cache
    while no route changed."""
    key = store.digest("index", *keys) if all(keys) else None  # type: ignore[arg-type]
    entry = BuiltRoute.cached(routes[0].path, key) if key and reuse else None
    if entry is not None:
        return entry.files
    from .render import load_theme, render_route_index, robots_txt

    models = [route.route for route in routes]
    first = routes[0]
    theme = first.site.theme if first.site is not None else load_theme(first.path, models[0])
    files = SiteFiles({"index.html": render_route_index(models, theme).encode("utf-8"),
                       "robots.txt": robots_txt(models).encode("utf-8")})
    if key is not None and files.keep():
        store.save(ENTRIES, key, BuiltRoute(first.path, "", files, [], "").entry())
    return files


def _refuse_duplicate_slugs(sites: list[BuiltRoute]) -> None:
    if len(sites) < 2:
        return
    seen: dict[str, Path] = {}
    for site in sites:
        slug = site.slug
        if slug in seen:
            raise RoutegenError(tr(
                "{path} and {other} both use the slug '{slug}'. "
                "Give each route its own slug under route:, since each gets the folder of that name.",
                path=display_path(site.path), other=display_path(seen[slug]), slug=slug))
        seen[slug] = site.path


def print_route(path: Path, out: Path, formats: list[str], langs: list[str] | None = None) -> tuple[CheckedSite, WriteReport]:
    """`routegen print`: one route's print matter as PDFs into ``out``, added to what an earlier
    run put there (another language's PDFs stay)."""
    from . import stages

    site = stages.prepare(path)
    unknown = [lang for lang in langs or [] if lang not in site.localized]
    if unknown:
        raise RoutegenError(tr("{unknown} is not one of the route's languages ({languages}). "
                               "Leave out --lang for every language.",
                               unknown=", ".join(unknown), languages=", ".join(site.localized)))
    stages.add_print_warnings(site, strict=False)
    report = write_site(stages.print_pdfs(site, formats, langs), out, [path, route_folder(path)], prune=False)
    return site, report
