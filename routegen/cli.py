"""The command line: a thin shell that parses options, calls the library and sets the exit code.

Exit codes: 0 success, 1 a user error (a route file with mistakes, a refused folder), 2 a usage
error (click's own). A traceback is a bug.

What only one command needs is imported by that command: `routegen build` of unchanged routes
then starts without loading the route model, the translations or the templates.
"""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path

import click

from typing import TYPE_CHECKING

from .errors import RoutegenError, RouteFileError
from .languages import canonical_code
from .pipeline import COLLECTOR_THRESHOLDS, DEFAULT_OUT, build, check, print_route
from .load import command_path, display_path
from .speech import MESSAGE_LANGUAGES, in_notation, language_from_environment, set_messages_language, tr, trn

if TYPE_CHECKING:
    from .validate import CheckedRoute


def _fail(error: RoutegenError) -> None:
    click.echo(error.format(), err=True)
    raise SystemExit(1)


def _canonical_languages(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    """``--lang en_gb`` means the route's en-GB: the same spellings `check` reads as one language."""
    return tuple(canonical_code(value) or value for value in values)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="routegen")
@click.option("--messages", "messages", type=click.Choice(MESSAGE_LANGUAGES), default=None,
              help="The language of routegen's messages: nl or en (default: ROUTEGEN_MESSAGES, "
                   "else your locale: LANGUAGE, LC_ALL, LC_MESSAGES, LANG). Not the route's languages.")
@click.pass_context
def main(ctx: click.Context, messages: str | None) -> None:
    """routegen: integration-route infographics and multilingual sites from one route file."""
    before = set_messages_language(messages or language_from_environment())
    ctx.call_on_close(lambda: set_messages_language(before))
    thresholds = gc.get_threshold()
    gc.set_threshold(*COLLECTOR_THRESHOLDS)
    ctx.call_on_close(lambda: gc.set_threshold(*thresholds))


@main.command("check")
@click.argument("routes", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings (such as untranslated texts) as errors.")
@click.option("--print", "print_matter", is_flag=True,
              help="Also check the print matter, as build --print makes it (needs no Chromium).")
def check_command(routes: tuple[Path, ...], strict: bool, print_matter: bool) -> None:
    """Check ROUTES for mistakes and report all of them at once."""
    failed: list[RouteFileError] = []
    for path in routes:
        try:
            checked = check(path, strict=strict, print_matter=print_matter)
        except RouteFileError as error:
            failed.append(error)
            click.echo(error.format() + "\n", err=True)
            continue
        for warning in checked.warnings:
            click.echo(warning.format() + "\n", err=True)
        if checked.warnings:
            click.echo(trn("{path}: OK ({n} warning)", "{path}: OK ({n} warnings)", len(checked.warnings),
                           path=display_path(checked.path)))
        else:
            click.echo(tr("{path}: OK", path=display_path(checked.path)))
    if failed:
        count = sum(len(e.errors) for e in failed)
        # TRANSLATORS: {files} is the next message, such as "2 of 3 files"
        files = trn("{failed} of {n} file", "{failed} of {n} files", len(routes), failed=len(failed))
        click.echo(trn("{n} error in {files}.", "{n} errors in {files}.", count, files=files), err=True)
        raise SystemExit(1)


@main.command("build")
@click.argument("routes", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--out", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="The output folder.")
@click.option("--strict", is_flag=True, help="Treat warnings (such as untranslated texts) as errors.")
@click.option("--print", "print_matter", is_flag=True,
              help="Also make the print matter (PDF poster, handout, contact cards) with Chromium.")
def build_command(routes: tuple[Path, ...], out: Path, strict: bool, print_matter: bool) -> None:
    """Build the infographics and site of ROUTES into the output folder."""
    try:
        result = build(list(routes), out, strict=strict, print_matter=print_matter)
    except RoutegenError as error:
        _fail(error)
    for checked in result.routes:
        for warning in checked.warnings:
            click.echo(warning.format() + "\n", err=True)
    report = result.report
    # TRANSLATORS: {counts} is the next message, such as "3 written, 40 unchanged, 1 removed"
    counts = tr("{written} written, {unchanged} unchanged, {removed} removed", written=len(report.written),
                unchanged=len(report.unchanged), removed=len(report.deleted))
    click.echo(trn("Built {n} file into {out}: {counts}.", "Built {n} files into {out}: {counts}.",
                   len(result.files), out=display_path(out), counts=counts))


@main.command("print")
@click.argument("route", type=click.Path(path_type=Path))
@click.option("--lang", "langs", multiple=True, callback=_canonical_languages,
              help="Only this language (may be repeated; default: every language of the route).")
@click.option("-o", "--out", type=click.Path(path_type=Path), default=Path("print"), show_default=True,
              help="The output folder.")
@click.option("--format", "formats", type=click.Choice(["poster", "handout", "card", "all"]),
              multiple=True, default=["all"], show_default=True, help="Which print matter (may be repeated).")
def print_command(route: Path, langs: tuple[str, ...], out: Path, formats: tuple[str, ...]) -> None:
    """Make the print matter of ROUTE as PDFs: A3 poster (and, for a language other than the
    route's own, a bilingual one), A4 handout, contact cards. Needs Chromium.

    Adds to the output folder and replaces what it makes again; it removes no PDF.
    """
    from .printing.matter import FORMATS

    chosen = list(FORMATS) if "all" in formats else [f for f in FORMATS if f in formats]
    try:
        site, report = print_route(route, out, chosen, list(langs) or None)
    except RoutegenError as error:
        _fail(error)
    for warning in site.warnings:
        click.echo(warning.format() + "\n", err=True)
    click.echo(trn("Wrote {n} PDF into {out} ({unchanged} unchanged).",
                   "Wrote {n} PDFs into {out} ({unchanged} unchanged).", len(report.written),
                   out=display_path(out), unchanged=len(report.unchanged)))


@main.command("serve")
@click.argument("routes", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--port", default=5500, show_default=True, type=click.IntRange(1, 65535), help="The port to serve on.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on; 0.0.0.0 makes the preview visible to other computers.")
@click.option("--lang", "langs", multiple=True, callback=_canonical_languages,
              help="Only build this language (and the source language).")
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in a web browser.")
def serve_command(routes: tuple[Path, ...], port: int, host: str, langs: tuple[str, ...], open_browser: bool) -> None:
    """Preview ROUTES in a browser that reloads when you save the route, a translation or the theme.

    Ctrl-C, SIGTERM or closing the terminal stops the preview and removes its temporary folder
    (exit code 0). ROUTEGEN_UI_LOCALES=DIR previews an edited copy of routegen's own catalogs.
    """
    from .serve import serve

    try:
        serve(list(routes), host=host, port=port, langs=list(langs) or None, open_browser=open_browser,
              log=lambda message: click.echo(message, err=True))
    except RoutegenError as error:
        _fail(error)


@main.command()
@click.argument("name")
@click.option("--municipality", help="The municipality's name, as it is written (default: from NAME).")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def new(name: str, municipality: str | None, force: bool) -> None:
    """Write a new route file NAME.yaml, in plain Dutch, that explains each element."""
    from . import scaffold

    try:
        written = scaffold.write_new_route(Path(name), municipality=municipality, force=force)
    except RoutegenError as error:
        _fail(error)
    path, schema_path = written.path, written.schema_path
    click.echo(tr("Wrote {path}. Open it in an editor, then run: routegen check {command}",
                  path=display_path(path), command=command_path(path)))
    if written.schema == "written":
        click.echo(tr("Wrote {path}: your editor checks the route with it while you type.",
                      path=display_path(schema_path)))
    elif written.schema == "kept":
        click.echo(tr("Kept {path}, which is not this routegen's schema. To refresh it: "
                      "routegen schema -o {command}", path=display_path(schema_path),
                      command=command_path(schema_path)), err=True)


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to this file instead of the screen.")
def schema(output: Path | None) -> None:
    """Print the JSON Schema of the route format (for editors such as VS Code)."""
    from .schema import route_schema_json

    text = route_schema_json()
    if output is None:
        sys.stdout.write(text)
    else:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            _fail(RoutegenError(tr("Cannot write {path}: {reason}.", path=output, reason=exc.strerror or exc)))
        click.echo(tr("Wrote {path}", path=display_path(output)))


@main.group()
def i18n() -> None:
    """Translations: PO files beside the route, one per language."""


def _checked(route: Path) -> CheckedRoute:
    from .validate import check_route

    try:
        return check_route(route)
    except RouteFileError as error:
        _fail(error)
        raise  # unreachable


@i18n.command()
@click.argument("route", type=click.Path(path_type=Path))
def extract(route: Path) -> None:
    """Write the template of ROUTE's texts (locales/messages.pot beside it)."""
    from . import catalogs

    checked = _checked(route)
    click.echo(tr("Wrote {path}", path=display_path(catalogs.extract(checked.route, route))))


@i18n.command()
@click.argument("route", type=click.Path(path_type=Path))
@click.option("--lang", "langs", multiple=True, callback=_canonical_languages,
              help="Only this language (may be repeated).")
def update(route: Path, langs: tuple[str, ...]) -> None:
    """Create or update every language's PO file; changed source texts become fuzzy (stale)."""
    from . import catalogs

    checked = _checked(route)
    listed = checked.route.route.languages
    for lang in langs:
        if lang not in listed:
            _fail(RoutegenError(tr("{lang} is not one of the route's languages ({languages}). "
                                   "Add it to route.languages first.", lang=lang, languages=", ".join(listed))))
    try:
        written = catalogs.update(checked.route, route, list(langs) or None)
    except RoutegenError as error:
        _fail(error)
    for path in written:
        click.echo(tr("Updated {path}", path=display_path(path)))


@i18n.command("status")
@click.argument("route", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
def status_command(route: Path, as_json: bool) -> None:
    """Per language: texts translated, stale, missing, broken, and percent current."""
    from . import catalogs

    checked = _checked(route)
    try:
        table = catalogs.status(checked.route, route)
    except RoutegenError as error:
        _fail(error)
    if as_json:
        click.echo(json.dumps({"languages": {k: v.as_dict() for k, v in table.items()}}, indent=2))
        return
    # broken: translated, but its Markdown is broken, so the source is shown; with it the
    # columns add up to the texts the percent is of.
    # The column headings in the language of the messages; a column is as wide as its heading needs.
    headings = [tr("language"), tr("translated"), tr("stale"), tr("missing"), tr("broken"), tr("current")]
    widths = [max(width, len(heading) + 1) for width, heading in zip((12, 11, 7, 9, 8, 9), headings)]
    click.echo(f"{headings[0]:<{widths[0]}}" + "".join(f"{h:>{w}}" for h, w in zip(headings[1:], widths[1:])))
    for lang, counts in table.items():
        cells = (counts.translated, counts.stale, counts.missing, counts.broken)
        click.echo(f"{lang:<{widths[0]}}" + "".join(f"{c:>{w}}" for c, w in zip(cells, widths[1:]))
                   + f"{in_notation(f'{counts.percent:.1f}'):>{widths[5] - 1}}%")


if __name__ == "__main__":  # pragma: no cover
    main()
