"""The command line, in process: exit codes, what goes to stdout and stderr, and no tracebacks.

Exit codes (routegen/cli.py): 0 success, 1 a user error, 2 a usage error. A traceback that
reaches the user is a bug, so every test also checks that the only exception click saw is the
SystemExit that carries the exit code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from routegen.cli import main
from routegen.scaffold import slugify
from routegen.schema import route_schema_json
from routegen.validate import check_route
from tests.conftest import ROUTES_DIR, example_routes

TEST_BSN = "111222333"  # passes the elfproef; the well-known test number, no real person's


def no_traceback(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"a traceback reached the user:\n{result.output}"
    )
    assert "Traceback" not in result.output


def one_language(text: str) -> str:
    """The route published in its source language only, so no translation warnings apply."""
    changed = re.sub(r"(?m)^(  languages: )\[.*\]$", r"\1[nl]", text, count=1)
    assert changed != text
    return changed


def line_of(text: str, needle: str) -> int:
    """The 1-based number of the first line that contains ``needle``."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every command in the test's own folder, so file names print as `route.yaml`."""
    monkeypatch.chdir(tmp_path)


# --- check ------------------------------------------------------------------------------


def test_check_valid_file(
    runner: CliRunner, write: Callable[..., Path], valid_route_text: str
) -> None:
    """The scaffold of `routegen new` is valid (its languages may still wait for translations)."""
    write(valid_route_text)
    result = runner.invoke(main, ["check", "route.yaml"])
    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"route\.yaml: OK( \(\d+ warnings?\))?\n", result.stdout), result.stdout
    if result.stdout == "route.yaml: OK\n":
        assert result.stderr == ""


def test_check_valid_file_exact_output(
    runner: CliRunner, write: Callable[..., Path], minimal_route_text: str
) -> None:
    write(minimal_route_text)
    result = runner.invoke(main, ["check", "route.yaml"])
    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert result.stdout == "route.yaml: OK\n"
    assert result.stderr == ""


def test_untranslated_languages_warn_and_fail_only_under_strict(
    runner: CliRunner, write: Callable[..., Path], minimal_route_text: str
) -> None:
    """A listed language without translations: a warning (the site shows Dutch meanwhile)."""
    write(minimal_route_text.replace("  languages: [nl]", "  languages: [nl, en, ar]"))
    result = runner.invoke(main, ["check", "route.yaml"])
    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("route.yaml: OK (")
    assert "warning in route.languages[1]" in result.stderr
    strict = runner.invoke(main, ["check", "--strict", "route.yaml"])
    no_traceback(strict)
    assert strict.exit_code == 1
    assert "error in route.languages[1]" in strict.stderr


def test_check_rich_route_is_ok_under_strict(
    runner: CliRunner, write: Callable[..., Path], rich_route_text: str
) -> None:
    write(one_language(rich_route_text), "rijk.yaml")
    result = runner.invoke(main, ["check", "--strict", "rijk.yaml"])
    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert result.stdout == "rijk.yaml: OK\n"


def test_check_invalid_file_word_for_word(
    runner: CliRunner, write: Callable[..., Path], minimal_route_text: str
) -> None:
    """One representative mistake, checked word for word: place, field, source line, caret, hint."""
    text = minimal_route_text.replace("  source_language: nl", "  source_langauge: nl")
    assert text != minimal_route_text
    write(text)
    line = line_of(text, "source_langauge")
    gutter = " " * (len(str(line)) + 1)
    result = runner.invoke(main, ["check", "route.yaml"])
    no_traceback(result)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"route.yaml:{line}:3: error in route.source_langauge\n"
        f"  {line} |   source_langauge: nl\n"
        f"  {gutter}|   ^^^^^^^^^^^^^^^\n"
        "  Unknown key 'source_langauge'.\n"
        "  Hint: Did you mean 'source_language'?\n"
        "\n"
        "1 error in 1 of 1 file.\n"
    )


def test_check_reports_every_mistake_in_a_file(
    runner: CliRunner, write: Callable[..., Path], minimal_route_text: str
) -> None:
    text = (
        minimal_route_text.replace("  status: draft", "  status: final")
        .replace("    lead: gemeente", "    lead: gemeent")
        .replace("    kind: municipality", "    kind: gemeente")
    )
    write(text)
    result = runner.invoke(main, ["check", "route.yaml"])
    no_traceback(result)
    assert result.exit_code == 1
    assert f"route.yaml:{line_of(text, 'status: final')}:" in result.stderr
    assert f"route.yaml:{line_of(text, 'lead: gemeent')}:" in result.stderr
    assert f"route.yaml:{line_of(text, 'kind: gemeente')}:" in result.stderr
    assert "There is no partner with id 'gemeent'." in result.stderr
    assert "Did you mean 'gemeente'?" in result.stderr
    assert result.stderr.rstrip().endswith("3 errors in 1 of 1 file.")


def test_missing_file_is_a_clear_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["check", "bestaat-niet.yaml"])
    no_traceback(result)
    assert result.exit_code == 1
    assert result.stderr.startswith("bestaat-niet.yaml: error\n")
    assert "Cannot read this file: No such file or directory." in result.stderr
    assert "Check the file name" in result.stderr


def test_a_folder_is_not_a_route_file(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "map").mkdir()
    result = runner.invoke(main, ["check", "map"])
    no_traceback(result)
    assert result.exit_code == 1
    assert "This is not a file." in result.stderr


def test_several_files_report_all(
    runner: CliRunner, write: Callable[..., Path], minimal_route_text: str
) -> None:
    valid = minimal_route_text
    write(valid, "goed.yaml")
    write(valid.replace("    lead: gemeente", "    lead: gemeent"), "fout.yaml")
    write(valid, "ook-goed.yaml")
    result = runner.invoke(main, ["check", "goed.yaml", "fout.yaml", "weg.yaml", "ook-goed.yaml"])
    no_traceback(result)
    assert result.exit_code == 1
    assert result.stdout == "goed.yaml: OK\nook-goed.yaml: OK\n"
    assert (
        "fout.yaml:" in result.stderr and "There is no partner with id 'gemeent'." in result.stderr
    )
    assert "weg.yaml: error" in result.stderr
    assert result.stderr.rstrip().endswith("2 errors in 2 of 4 files.")


def test_personal_data_is_an_error_without_strict(
    runner: CliRunner, write: Callable[..., Path], minimal_route_text: str
) -> None:
    """Safe by default: a published BSN cannot be taken back, so no flag is needed to stop it."""
    text = minimal_route_text.replace(
        "summary: Je maakt kennis met je regisseur.", f"summary: Ahmed, BSN {TEST_BSN}, komt langs."
    )
    assert TEST_BSN in text
    write(text)
    for command in (["check"], ["build", "--out", "site"]):
        result = runner.invoke(main, [*command, "route.yaml"])
        no_traceback(result)
        assert result.exit_code == 1, result.output
        assert f"route.yaml:{line_of(text, TEST_BSN)}:" in result.stderr
        assert "error in steps[0].summary" in result.stderr
        assert "citizen service number (BSN): *******33" in result.stderr
        assert "# routegen: not personal data" in result.stderr  # how to acknowledge a look-alike
        assert TEST_BSN not in result.output  # stdout and stderr together
    assert not Path("site").exists()


def test_a_look_alike_acknowledged_at_its_place_builds(
    runner: CliRunner, write: Callable[..., Path], minimal_route_text: str
) -> None:
    """The acknowledgement is a comment on the line itself, visible in the file and in review;
    the same number on another line is still refused."""
    acknowledged = minimal_route_text.replace(
        "summary: Je maakt kennis met je regisseur.",
        f"summary: Intern nummer {TEST_BSN}.  # routegen: not personal data")
    write(acknowledged)
    result = runner.invoke(main, ["check", "--strict", "route.yaml"])
    assert result.exit_code == 0, result.output
    elsewhere = acknowledged.replace("title: In het AZC", f"title: In het AZC {TEST_BSN}")
    assert elsewhere != acknowledged
    write(elsewhere)
    result = runner.invoke(main, ["check", "route.yaml"])
    assert result.exit_code == 1, result.output
    assert result.stderr.count("citizen service number") == 1


@pytest.mark.parametrize(
    "args",
    [["check"], ["check", "--bogus", "route.yaml"], ["frobnicate"], ["new"], ["schema", "extra"]],
    ids=["no-argument", "unknown-option", "unknown-command", "new-without-name", "schema-extra"],
)
def test_usage_errors_exit_2(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(main, args)
    no_traceback(result)
    assert result.exit_code == 2
    assert "Usage:" in result.stderr


@pytest.mark.parametrize("route", example_routes(), ids=lambda p: p.name)
def test_example_routes_pass_check(runner: CliRunner, route: Path) -> None:
    result = runner.invoke(main, ["check", str(route)])
    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(": OK\n") or ": OK (" in result.stdout


@pytest.mark.parametrize("route", example_routes(), ids=lambda p: p.name)
def test_example_routes_are_clean_apart_from_translations(route: Path) -> None:
    """Strict validation of the route file itself: no privacy or other warnings in an example."""
    checked = check_route(route, strict=True)
    assert checked.warnings == []


def test_readme_quick_start_check_passes(runner: CliRunner) -> None:
    """README's Quick start promises: routegen check --strict routes/smallingerland.yaml."""
    route = ROUTES_DIR / "smallingerland.yaml"
    assert route.is_file(), "routes/smallingerland.yaml is missing"
    result = runner.invoke(main, ["check", "--strict", str(route)])
    no_traceback(result)
    assert result.exit_code == 0, result.output


# --- new ----------------------------------------------------------------------------------


def test_new_writes_a_route_that_passes_strict(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["new", "proefstad"])
    no_traceback(result)
    assert result.exit_code == 0, result.output
    written = tmp_path / "proefstad.yaml"
    assert written.is_file()
    assert "proefstad.yaml" in result.stdout
    checked = runner.invoke(main, ["check", "--strict", "proefstad.yaml"])
    no_traceback(checked)
    assert checked.exit_code == 0, checked.output
    assert checked.stdout == "proefstad.yaml: OK\n"


def test_new_uses_the_municipality_name(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["new", "sud-west-fryslan", "--municipality", "Súdwest-Fryslân"])
    no_traceback(result)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "sud-west-fryslan.yaml").read_text(encoding="utf-8")
    assert "municipality: Súdwest-Fryslân" in text
    assert "slug: sud-west-fryslan" in text


def test_new_refuses_to_overwrite_without_force(runner: CliRunner, tmp_path: Path) -> None:
    existing = tmp_path / "proefstad.yaml"
    existing.write_text("# mijn eigen werk\n", encoding="utf-8")
    result = runner.invoke(main, ["new", "proefstad"])
    no_traceback(result)
    assert result.exit_code == 1
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert existing.read_text(encoding="utf-8") == "# mijn eigen werk\n"

    forced = runner.invoke(main, ["new", "proefstad", "--force"])
    no_traceback(forced)
    assert forced.exit_code == 0, forced.output
    assert existing.read_text(encoding="utf-8").startswith("# yaml-language-server")


@pytest.mark.parametrize(
    ("typed", "file", "municipality"),
    [
        ("súdwest-fryslân", "sudwest-fryslan.yaml", "Súdwest-Fryslân"),
        ("Súdwest-Fryslân.yaml", "sudwest-fryslan.yaml", "Súdwest-Fryslân"),
        ("bergen op zoom", "bergen-op-zoom.yaml", "Bergen op Zoom"),
        ("'s-hertogenbosch", "s-hertogenbosch.yaml", "\"'s-Hertogenbosch\""),
        ("ijsselstein", "ijsselstein.yaml", "IJsselstein"),
        ("ĳsselstein", "ijsselstein.yaml", "Ĳsselstein"),
        ("Noardeast-Fryslân", "noardeast-fryslan.yaml", "Noardeast-Fryslân"),
    ],
)
def test_new_names_the_file_by_its_slug_and_keeps_the_accents(
    runner: CliRunner, tmp_path: Path, typed: str, file: str, municipality: str
) -> None:
    """The file and the slug are plain ASCII (web addresses, any file system); the name shown
    on the site is the municipality's as typed, accents and all."""
    result = runner.invoke(main, ["new", typed])
    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert f"Wrote {file}." in result.stdout
    text = (tmp_path / file).read_text(encoding="utf-8")
    assert f"  municipality: {municipality}\n" in text
    assert f"  slug: {file.removesuffix('.yaml')}\n" in text
    assert runner.invoke(main, ["check", "--strict", file]).exit_code == 0


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Súdwest-Fryslân", "sudwest-fryslan"),
        ("Straße", "strasse"),
        ("Ærø", "aero"),
        ("Bjørn", "bjorn"),
        ("Ĳsselstein", "ijsselstein"),
        ("Œuvre", "oeuvre"),
        ("Łódź", "lodz"),
        ("  Den  Haag  ", "den-haag"),
        ("Café 't Hoekje!", "cafe-t-hoekje"),
        ("Ελλάδα", "route"),  # nothing Latin is left: a usable slug, the author can change it
    ],
)
def test_slugify_spells_letters_out_instead_of_dropping_them(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_new_writes_the_schema_beside_the_route_and_points_at_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The first line points the editor at a file that exists, next to the route, with the
    same JSON as `routegen schema` (no web address that an editor cannot load)."""
    result = runner.invoke(main, ["new", "proefstad"])
    no_traceback(result)
    assert result.exit_code == 0, result.output
    first = (tmp_path / "proefstad.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=routegen.schema.json"
    assert (tmp_path / "routegen.schema.json").read_text(encoding="utf-8") == route_schema_json()
    assert "Wrote routegen.schema.json" in result.stdout


def test_new_leaves_an_identical_schema_alone(runner: CliRunner, tmp_path: Path) -> None:
    schema = tmp_path / "routegen.schema.json"
    schema.write_text(route_schema_json(), encoding="utf-8")
    before = schema.stat().st_mtime_ns
    result = runner.invoke(main, ["new", "proefstad"])
    assert result.exit_code == 0, result.output
    assert schema.stat().st_mtime_ns == before
    assert "routegen.schema.json" not in result.output


def test_new_keeps_a_different_schema_and_force_refreshes_it(runner: CliRunner, tmp_path: Path) -> None:
    """A routegen.schema.json that differs (an older routegen's, or the author's own) is kept
    and the author is told how to refresh it; `--force` refreshes it."""
    schema = tmp_path / "routegen.schema.json"
    schema.write_text('{"title": "mijn eigen schema"}\n', encoding="utf-8")
    kept = runner.invoke(main, ["new", "proefstad"])
    no_traceback(kept)
    assert kept.exit_code == 0, kept.output
    assert schema.read_text(encoding="utf-8") == '{"title": "mijn eigen schema"}\n'
    assert "Kept routegen.schema.json" in kept.stderr
    assert "routegen schema -o routegen.schema.json" in kept.stderr

    forced = runner.invoke(main, ["new", "andere-stad", "--force"])
    no_traceback(forced)
    assert forced.exit_code == 0, forced.output
    assert schema.read_text(encoding="utf-8") == route_schema_json()


@pytest.mark.parametrize(
    "name", ["", "bestand/nieuw", "map/"], ids=["empty-name", "parent-is-a-file", "folder-name"]
)
def test_new_with_an_impossible_name_is_no_traceback(
    runner: CliRunner, tmp_path: Path, name: str
) -> None:
    """`routegen new` with a name it cannot use says so (exit 1 or 2) instead of crashing."""
    (tmp_path / "bestand").write_text("", encoding="utf-8")
    (tmp_path / "map").mkdir()
    result = runner.invoke(main, ["new", name])
    no_traceback(result)
    assert result.exit_code in (0, 1, 2)
    if result.exit_code != 0:
        assert result.stderr.strip()


# --- schema -------------------------------------------------------------------------------


def test_schema_prints_json(runner: CliRunner) -> None:
    result = runner.invoke(main, ["schema"])
    no_traceback(result)
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert result.stdout == route_schema_json()


def test_schema_output_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["schema", "-o", "route.schema.json"])
    no_traceback(result)
    assert result.exit_code == 0
    assert result.stdout == "Wrote route.schema.json\n"
    written = (tmp_path / "route.schema.json").read_text(encoding="utf-8")
    assert written == route_schema_json()
    json.loads(written)


def test_schema_output_in_missing_folder_is_no_traceback(runner: CliRunner, tmp_path: Path) -> None:
    """`schema -o nowhere/route.schema.json` either creates the folder or says why it cannot."""
    result = runner.invoke(main, ["schema", "-o", "nowhere/route.schema.json"])
    no_traceback(result)
    if result.exit_code == 0:
        assert (tmp_path / "nowhere" / "route.schema.json").is_file()
    else:
        assert result.exit_code == 1 and "nowhere" in result.stderr


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--version"])
    no_traceback(result)
    assert result.exit_code == 0
    assert "0.1.0" in result.stdout
