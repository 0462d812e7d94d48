"""The command line: a thin shell that parses options, calls the library and sets the exit code.

Exit codes: 0 success, 1 a user error (a route file with mistakes, a refused folder), 2 a usage
error (click's own). A traceback is a bug.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import scaffold
from .errors import RoutegenError, RouteFileError
from .schema import route_schema_json
from .validate import check_route


def _fail(error: RoutegenError) -> None:
    click.echo(error.format(), err=True)
    raise SystemExit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="routegen")
def main() -> None:
    """routegen: integration-route infographics and multilingual sites from one route file."""


@main.command()
@click.argument("routes", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings (such as possible personal data) as errors.")
def check(routes: tuple[Path, ...], strict: bool) -> None:
    """Check ROUTES for mistakes and report all of them at once."""
    failed: list[RouteFileError] = []
    for path in routes:
        try:
            checked = check_route(path, strict=strict)
        except RouteFileError as error:
            failed.append(error)
            click.echo(error.format() + "\n", err=True)
            continue
        for warning in checked.warnings:
            click.echo(warning.format() + "\n", err=True)
        note = f" ({len(checked.warnings)} warning{'s' * (len(checked.warnings) != 1)})" if checked.warnings else ""
        click.echo(f"{checked.loaded.display_path}: OK{note}")
    if failed:
        count = sum(len(e.errors) for e in failed)
        click.echo(f"{count} error{'s' * (count != 1)} in {len(failed)} of {len(routes)} file{'s' * (len(routes) != 1)}.", err=True)
        raise SystemExit(1)


@main.command()
@click.argument("name")
@click.option("--municipality", help="The municipality's name, as it is written (default: from NAME).")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def new(name: str, municipality: str | None, force: bool) -> None:
    """Write a new route file NAME.yaml, in plain Dutch, that explains each element."""
    try:
        path = scaffold.write_new_route(Path(name), municipality=municipality, force=force)
    except RoutegenError as error:
        _fail(error)
    click.echo(f"Wrote {path}. Open it in an editor, then run: routegen check {path}")


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to this file instead of the screen.")
def schema(output: Path | None) -> None:
    """Print the JSON Schema of the route format (for editors such as VS Code)."""
    text = route_schema_json()
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output}")


if __name__ == "__main__":  # pragma: no cover
    main()
