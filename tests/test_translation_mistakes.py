"""Mistakes in translators' PO files: found by `check` at their own line, in routegen's words,
never rewritten by `i18n update`, and never published broken."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from routegen.catalogs import TextState, catalog_path, template_path
from routegen.cli import main
from routegen.errors import Problem, RouteFileError, Severity
from routegen.load import display_path
from routegen.localize import localize_file
from routegen.pipeline import build, check
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


# --- the character policy of route texts, applied to every msgstr ----------------------------------

TITLE = "steps.kennismaken.title"
ARABIC_TITLE = "التعارف"


def never_raw(text: str) -> None:
    """No character of ``text`` (but new lines) can steer a terminal: each is shown as a code."""
    for char in text:
        category = unicodedata.category(char)
        assert char == "\n" or category not in ("Cc", "Cs", "Zl", "Zp"), f"U+{ord(char):04X} printed raw"
        assert category != "Cf" or char in "\u200c\u200d", f"U+{ord(char):04X} printed raw"


def test_right_to_left_override_in_an_arabic_translation_is_a_located_warning_and_absent_from_page_and_picture(
        route: Path, tmp_path: Path) -> None:
    msgstr = 'msgstr "التع\u202eارف"'
    line = translate(route, TITLE, msgstr, lang="ar")
    out = tmp_path / "site"
    result = build([route], out)
    [warning] = [w for w in result.routes[0].warnings if "U+202E" in w.message]
    assert (warning.file, warning.line, warning.column, warning.width, warning.field, warning.severity) == (
        display_path(catalog_path(route, "ar")), line, msgstr.index("\u202e") + 1, 1, TITLE, Severity.WARNING)
    assert warning.message.startswith("Arabic (ar): This translation holds an invisible direction control, "
                                      "U+202E (right-to-left override). It can reverse how the text")
    assert "routegen leaves it out of the site" in warning.message
    assert warning.hint.startswith("Delete it; it is invisible, so retype the translation around the caret.")
    never_raw(warning.format())
    page = (out / "ar" / "kennismaken" / "index.html").read_text(encoding="utf-8")
    assert ARABIC_TITLE in page
    built = [p for p in out.rglob("*") if p.suffix in (".html", ".svg")]
    assert any(p.suffix == ".svg" and "/ar/" in p.as_posix() for p in built)
    for file in built:
        assert "\u202e" not in file.read_text(encoding="utf-8"), file
    title = localize_file(check_route(route).route, route, "ar").route.step("kennismaken").title
    assert title == ARABIC_TITLE and title.state is TextState.CURRENT


def test_a_direction_control_on_a_continuation_line_is_located_there(route: Path) -> None:
    line = translate(route, TITLE, 'msgstr ""\n"Getting to "\n"know \u202e"\n"\u2067each other"')
    warnings = [w for w in check(route).warnings if w.field == TITLE]
    assert [(w.line, w.column, w.message.split(", ")[1]) for w in warnings] == [
        (line + 2, 7, "U+202E (right-to-left override). It can reverse how the text around it is shown"),
        (line + 3, 2, "U+2067 (right-to-left isolate). It can reverse how the text around it is shown")]
    title = localize_file(check_route(route).route, route, "en").route.step("kennismaken").title
    assert title == "Getting to know each other"


def test_a_zero_width_space_in_a_translation_is_a_warning_and_left_out(route: Path) -> None:
    line = translate(route, TITLE, 'msgstr "Getting\u200bto know each other"')
    [warning] = [w for w in check(route).warnings if "U+200B" in w.message]
    assert (warning.line, warning.column, warning.severity) == (line, 16, Severity.WARNING)
    assert "English (en): This translation holds an invisible character, U+200B (zero-width space)." in warning.message
    title = localize_file(check_route(route).route, route, "en").route.step("kennismaken").title
    assert title == "Gettingto know each other"


def test_a_translation_of_nothing_but_invisible_characters_is_not_translated(route: Path) -> None:
    translate(route, TITLE, 'msgstr "\u200b\u2060"')
    title = localize_file(check_route(route).route, route, "en").route.step("kennismaken").title
    assert title == "Kennismaken" and title.state is TextState.MISSING


def test_under_strict_an_invisible_character_in_a_translation_is_an_error(route: Path, runner: CliRunner) -> None:
    line = translate(route, TITLE, 'msgstr "Getting\u200bto know each other"')
    result = runner.invoke(main, ["check", "--strict", str(route)])
    assert result.exit_code == 1
    assert head(route, line, 16, TITLE) + "\n" in result.output
    assert "(This is an error under --strict.)" in result.output


@pytest.mark.parametrize(("written", "code", "name"), [
    ("\\a", 0x07, "bell"), ("\\b", 0x08, "backspace"), ("\\v", 0x0B, "vertical tab"),
    ("\\r", 0x0D, "carriage return"), ("\x00", 0x00, "NUL"), ("\x1b", 0x1B, "escape"),
    ("\x0c", 0x0C, "page break"), ("\x85", 0x85, "a hidden line break"), ("\ufdd0", 0xFDD0, "a noncharacter"),
])
def test_a_control_character_in_a_translation_is_an_error_at_its_place(
        route: Path, runner: CliRunner, tmp_path: Path, written: str, code: int, name: str) -> None:
    """A PO escape (\\a, \\b, \\v, \\r; \\0 and \\x07 are no PO escapes) or the raw character."""
    msgstr = f'msgstr "You meet{written} your director."'
    line = translate(route, SUMMARY, msgstr)
    column = msgstr.index(written) + 1
    result = runner.invoke(main, ["check", str(route)])
    assert result.exit_code == 1
    assert head(route, line, column, SUMMARY) + "\n" in result.output
    shown = f"U+{code:04X} ({name})" + (f", written as {written}" if written.startswith("\\") else "")
    assert "  English (en): This translation holds " in result.output and shown in result.output
    assert "so a translation may not contain it." in result.output
    assert f"  {line} | msgstr \"You meet" in result.output  # the line quoted is the msgstr's own
    hint = f"Delete {written} from the translation." if written.startswith("\\") else "Delete it; it is invisible"
    assert f"  Hint: {hint}" in result.output
    assert "No font" not in result.output  # told once, as what it is
    never_raw(result.output)
    [problem] = check_problems(route)
    assert (problem.line, problem.column, problem.width) == (line, column, len(written))
    out = tmp_path / "site"
    assert runner.invoke(main, ["build", str(route), "-o", str(out)]).exit_code == 1
    assert not out.exists()


def check_problems(route: Path) -> list[Problem]:
    with pytest.raises(RouteFileError) as caught:
        check(route)
    return caught.value.errors


def test_escapes_a_po_file_does_not_know_stay_mistakes_of_the_reader(route: Path, runner: CliRunner) -> None:
    r"""\0, \x07 and \e are YAML's escapes, not gettext's: the reader refuses them before any policy."""
    for escape in ("\\0", "\\x07", "\\e"):
        line = translate(route, SUMMARY, f'msgstr "You meet{escape} your director."')
        result = runner.invoke(main, ["check", str(route)])
        assert result.exit_code == 1
        assert head(route, line, len('msgstr "You meet') + 1, SUMMARY) + "\n" in result.output
        assert f"  '{escape[:2]}' is not an escape a PO file knows.\n" in result.output


def test_zwnj_in_a_persian_translation_is_kept_without_warning(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "perzisch" / "proefstad.yaml"
    path.parent.mkdir()
    path.write_text(ROUTE_TEXT.replace("languages: [nl, en, ar]", "languages: [nl, fa]"), encoding="utf-8")
    assert runner.invoke(main, ["i18n", "update", str(path)]).exit_code == 0
    persian = "آشنا\u200cشدن با \u200fهم"  # ZWNJ inside a word, an RLM: both what Persian text needs
    translate(path, TITLE, f'msgstr "{persian}"', lang="fa")
    out = tmp_path / "site"
    result = build([path], out)
    assert not [w for w in result.routes[0].warnings if "U+200C" in w.message or "U+200F" in w.message]
    assert not [w for w in result.routes[0].warnings if "invisible" in w.message]
    title = localize_file(check_route(path).route, path, "fa").route.step("kennismaken").title
    assert title == persian and title.state is TextState.CURRENT
    assert persian in (out / "fa" / "kennismaken" / "index.html").read_text(encoding="utf-8")


def test_status_table_shows_the_broken_count_so_the_columns_add_up(route: Path, runner: CliRunner) -> None:
    translate(route, TITLE, 'msgstr "Getting to know each other"')
    translate(route, BODY_CONTEXT, r'msgstr "Read more.\n"')
    result = runner.invoke(main, ["i18n", "status", str(route)])
    assert result.exit_code == 0, result.output
    header, *rows = result.output.splitlines()
    assert header.split() == ["language", "translated", "stale", "missing", "broken", "current"]
    by_lang = {row.split()[0]: row.split()[1:] for row in rows}
    translated, stale, missing, broken, percent = by_lang["en"]
    assert (int(translated), int(stale), int(broken)) == (1, 0, 1)
    total = int(translated) + int(stale) + int(missing) + int(broken)
    assert percent == f"{round(100 * int(translated) / total, 1):.1f}%"
    assert by_lang["ar"][3] == "0"


def test_a_translation_is_told_about_a_character_in_the_words_a_route_text_is(route: Path, tmp_path: Path) -> None:
    """One policy, one wording: only what holds the text differs (and the language it is in)."""
    translate(route, TITLE, 'msgstr "Getting\u200bto know each other"')
    [in_translation] = [w for w in check(route).warnings if "U+200B" in w.message]
    route_file = tmp_path / "eigen" / "proefstad.yaml"
    route_file.parent.mkdir()
    route_file.write_text(ROUTE_TEXT.replace("title: Kennismaken", "title: Kennis\u200bmaken"), encoding="utf-8")
    [in_route] = [w for w in check_route(route_file).warnings if "U+200B" in w.message]
    assert in_translation.message == "English (en): " + in_route.message.replace("This text", "This translation")
    assert in_translation.hint == in_route.hint.replace("the text", "the translation")
