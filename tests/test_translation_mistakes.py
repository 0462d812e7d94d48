"""Mistakes in translators' PO files: found by `check` at their own line, in routegen's words,
never rewritten by `i18n update`, and never published broken."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from routegen.catalogs import TextState, catalog_path, template_path
from routegen.cli import main
from routegen.load import display_path
from routegen.localize import localize_file
from routegen.validate import check_route
from tests.conftest import MINIMAL_ROUTE_TEXT

BODY = "Lees [meer](https://www.example.nl)."
ROUTE_TEXT = MINIMAL_ROUTE_TEXT.replace("languages: [nl]", "languages: [nl, en, ar]").replace(
    "    lead: gemeente\n", f"    lead: gemeente\n    body: |\n      {BODY}\n", 1)
SUMMARY = "steps.kennismaken.summary"
BODY_CONTEXT = "steps.kennismaken.body"


@pytest.fixture()
def route(tmp_path: Path, runner: CliRunner) -> Path:
    """A small route in Dutch, English and Arabic, with its PO files made by `i18n update`."""
    path = tmp_path / "proefstad.yaml"
    path.write_text(ROUTE_TEXT, encoding="utf-8")
    result = runner.invoke(main, ["i18n", "update", str(path)])
    assert result.exit_code == 0, result.output
    return path


def translate(route: Path, context: str, msgstr_line: str, lang: str = "en") -> int:
    """Write ``msgstr_line`` (as it stands in the file) for the message ``context``; its line number."""
    po = catalog_path(route, lang)
    lines = po.read_text(encoding="utf-8").split("\n")
    start = lines.index(f'msgctxt "{context}"')
    number = next(i for i in range(start, len(lines)) if lines[i].startswith("msgstr "))
    lines[number] = msgstr_line
    po.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


def head(route: Path, line: int, column: int, field: str, severity: str = "error", lang: str = "en") -> str:
    return f"{display_path(catalog_path(route, lang))}:{line}:{column}: {severity} in {field}"


def test_unterminated_string_is_an_error_at_its_own_line_and_column(route: Path, runner: CliRunner) -> None:
    line = translate(route, SUMMARY, 'msgstr "You meet your director.')
    result = runner.invoke(main, ["check", str(route)])
    assert result.exit_code == 1
    assert head(route, line, 8, SUMMARY) + "\n" in result.output
    assert '  This text has no closing double quote (").\n' in result.output
    assert "'routegen i18n update' leaves a file it cannot read untouched." in result.output


def test_unterminated_string_is_never_published_chopped(route: Path, runner: CliRunner, tmp_path: Path) -> None:
    line = translate(route, SUMMARY, 'msgstr "You meet your director.')
    result = runner.invoke(main, ["build", str(route), "-o", str(tmp_path / "site")])
    assert result.exit_code == 1
    assert head(route, line, 8, SUMMARY) + "\n" in result.output
    assert not (tmp_path / "site").exists()


def test_syntax_error_is_reported_at_the_bad_line_not_the_one_before(route: Path, runner: CliRunner) -> None:
    line = translate(route, SUMMARY, 'msgstr "You meet your director."\nYou meet them in the AZC.')
    result = runner.invoke(main, ["check", str(route)])
    assert result.exit_code == 1
    assert head(route, line + 1, 1, SUMMARY) + "\n" in result.output
    assert f"  {line + 1} | You meet them in the AZC.\n" in result.output
    assert "  This line is not part of a message.\n" in result.output
    assert "Babel" not in result.output and "misformatted" not in result.output


def test_unknown_escape_is_an_error_at_the_backslash(route: Path, runner: CliRunner) -> None:
    line = translate(route, SUMMARY, r'msgstr "You meet your \director."')
    result = runner.invoke(main, ["check", str(route)])
    assert result.exit_code == 1
    assert head(route, line, 23, SUMMARY) + "\n" in result.output
    assert "  '\\d' is not an escape a PO file knows.\n" in result.output


def test_missing_msgstr_is_an_error_at_its_msgid(route: Path, runner: CliRunner) -> None:
    line = translate(route, SUMMARY, "")
    result = runner.invoke(main, ["check", str(route)])
    assert result.exit_code == 1
    assert head(route, line - 1, 1, SUMMARY) + "\n" in result.output
    assert f"  The message '{SUMMARY}' has no msgstr.\n" in result.output


def test_i18n_update_refuses_to_rewrite_a_catalog_it_cannot_read(route: Path, runner: CliRunner) -> None:
    en_line = translate(route, SUMMARY, 'msgstr "You meet your director.')
    ar_line = translate(route, SUMMARY, 'msgstr "أنت تلتقي بمنسقك.', lang="ar")
    route.write_text(ROUTE_TEXT.replace("title: Kennismaken", "title: Kennis maken"), encoding="utf-8")
    before = {path: path.read_bytes() for path in (catalog_path(route, "en"), catalog_path(route, "ar"),
                                                   template_path(route))}
    result = runner.invoke(main, ["i18n", "update", str(route)])
    assert result.exit_code == 1
    assert {path: path.read_bytes() for path in before} == before  # not one file written
    assert head(route, ar_line, 8, SUMMARY, lang="ar") + "\n" in result.output  # every broken catalog, at once
    assert head(route, en_line, 8, SUMMARY, lang="en") + "\n" in result.output
    assert "Updated" not in result.output


def test_broken_markdown_translation_falls_back_to_the_source_on_the_built_page(
        route: Path, runner: CliRunner, tmp_path: Path) -> None:
    translate(route, "steps.kennismaken.title", 'msgstr "Getting to know each other"')
    line = translate(route, BODY_CONTEXT, r'msgstr "Read [more](https://www.example.nl.\n"')
    out = tmp_path / "site"
    result = runner.invoke(main, ["build", str(route), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = (out / "en" / "kennismaken" / "index.html").read_text(encoding="utf-8")
    assert "[more]" not in page and "Read" not in page
    assert ('<p class="rg-fallback-notice" lang="en">This text is not yet translated. It is shown in '
            'Nederlands.</p><div lang="nl" dir="ltr"><p>Lees <a href="https://www.example.nl"') in page
    assert "Getting to know each other" in page  # the other texts stay translated
    body = localize_file(check_route(route).route, route, "en").route.step("kennismaken").body
    assert body == BODY + "\n" and body.state is TextState.BROKEN and body.lang == "nl"
    result = runner.invoke(main, ["check", str(route)])
    assert head(route, line, 1, BODY_CONTEXT, "warning") + "\n" in result.output
    assert (f"  The translation of '{BODY_CONTEXT}' breaks its Markdown: a link is lost or changed "
            "(https://www.example.nl); link syntax would show as plain text ('[more](https://www.example.nl.'). "
            "The site shows the Dutch source text instead, marked as not yet translated.\n") in result.output


def test_image_added_in_a_translation_is_reported_by_check_at_the_po_line(
        route: Path, runner: CliRunner, tmp_path: Path) -> None:
    line = translate(route, BODY_CONTEXT, r'msgstr "Read [more](https://www.example.nl). ![Map](map.png)\n"')
    result = runner.invoke(main, ["check", str(route)])
    assert result.exit_code == 0, result.output
    assert head(route, line, 1, BODY_CONTEXT, "warning") + "\n" in result.output
    assert (f"  The translation of '{BODY_CONTEXT}' breaks its Markdown: it adds the image map.png, which "
            "the source text does not have. The site shows the Dutch source text instead, marked as not "
            "yet translated.\n") in result.output
    assert "a translation cannot add one" in result.output
    strict = runner.invoke(main, ["check", "--strict", str(route)])
    assert strict.exit_code == 1 and head(route, line, 1, BODY_CONTEXT) + "\n" in strict.output
    out = tmp_path / "site"
    assert runner.invoke(main, ["build", str(route), "-o", str(out)]).exit_code == 0
    assert "map.png" not in (out / "en" / "kennismaken" / "index.html").read_text(encoding="utf-8")


def test_status_counts_a_broken_translation_as_not_current(route: Path, runner: CliRunner) -> None:
    translate(route, BODY_CONTEXT, r'msgstr "Read more.\n"')
    result = runner.invoke(main, ["i18n", "status", str(route), "--json"])
    assert result.exit_code == 0, result.output
    assert '"broken": 1' in result.output and '"translated": 0' in result.output


def test_previous_source_text_survives_a_second_update(route: Path, runner: CliRunner) -> None:
    """`#| msgid` (what a fuzzy translation was made for) stays itself, not a translator comment."""
    translate(route, "steps.kennismaken.title", 'msgstr "Getting to know each other"')
    route.write_text(ROUTE_TEXT.replace("title: Kennismaken", "title: Kennis maken"), encoding="utf-8")
    for _ in range(2):
        assert runner.invoke(main, ["i18n", "update", str(route)]).exit_code == 0
    text = catalog_path(route, "en").read_text(encoding="utf-8")
    assert '#, fuzzy\n#| msgid "Kennismaken"\nmsgctxt "steps.kennismaken.title"\n' in text
    assert "# |" not in text


def test_a_translation_put_aside_survives_updates_and_returns_with_its_text(route: Path, runner: CliRunner) -> None:
    """A text removed from the route keeps its translation as #~ lines, over any number of updates."""
    translate(route, BODY_CONTEXT, r'msgstr "Read [more](https://www.example.nl).\n"')
    route.write_text(ROUTE_TEXT.replace(f"    body: |\n      {BODY}\n", ""), encoding="utf-8")
    for _ in range(2):
        assert runner.invoke(main, ["i18n", "update", str(route)]).exit_code == 0
    text = catalog_path(route, "en").read_text(encoding="utf-8")
    assert f'#~ msgctxt "{BODY_CONTEXT}"\n' in text and '#~ msgstr "Read [more](https://www.example.nl).\\n"' in text
    route.write_text(ROUTE_TEXT, encoding="utf-8")
    assert runner.invoke(main, ["i18n", "update", str(route)]).exit_code == 0
    body = localize_file(check_route(route).route, route, "en").route.step("kennismaken").body
    assert body == "Read [more](https://www.example.nl).\n" and body.state is TextState.CURRENT
    assert "#~" not in catalog_path(route, "en").read_text(encoding="utf-8")
