"""Text hygiene: what YAML escapes decode into, and what reaches the author's terminal.

A route file cannot hold a raw control character (the loader refuses it), but `"\\0"`, `"\\v"` or
`"\\u202e"` inside double quotes decode into one. These tests pin that such characters are located
problems, that direction controls and zero-width spaces are left out of the built site, that the
characters Persian and emoji need are kept, and that nothing of the user's reaches the terminal raw.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from routegen.cli import main
from routegen.errors import Problem, RoutegenError, RouteFileError, Severity, for_terminal
from routegen.load import command_path
from routegen.text import Finding, classify
from routegen.validate import CheckedRoute, check_route
from tests.conftest import MINIMAL_ROUTE_TEXT

SUMMARY = "summary: Je maakt kennis met je regisseur."
TITLE = "title: Kennismaken"
INVALID = Path(__file__).resolve().parent / "invalid"


def route_with(tmp_path: Path, old: str, new: str, name: str = "proefstad.yaml") -> Path:
    """The minimal route with one line changed, written to ``tmp_path``."""
    assert old in MINIMAL_ROUTE_TEXT
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(MINIMAL_ROUTE_TEXT.replace(old, new), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if needle in line)


def problems_of(path: Path, *, strict: bool = False) -> list[Problem]:
    with pytest.raises(RouteFileError) as caught:
        check_route(path, strict=strict)
    return caught.value.problems


def never_raw(text: str) -> None:
    """No character of ``text`` (but new lines) can steer a terminal."""
    for char in text:
        category = unicodedata.category(char)
        assert char == "\n" or category not in ("Cc", "Cs", "Zl", "Zp"), f"U+{ord(char):04X} printed raw"
        assert category != "Cf" or char in "\u200c\u200d", f"U+{ord(char):04X} printed raw"


# --- control characters written as escapes: located errors --------------------------------------


@pytest.mark.parametrize(("escape", "code"), [("\\0", 0x00), ("\\v", 0x0B), ("\\x07", 0x07),
                                              ("\\e", 0x1B), ("\\x85", 0x85), ("\\u2028", 0x2028),
                                              ("\\uFDD0", 0xFDD0), ("\\ud83d", 0xD83D)])
def test_control_character_written_as_an_escape_is_a_located_error(tmp_path: Path, escape: str, code: int) -> None:
    path = route_with(tmp_path, SUMMARY, f'summary: "Je maakt{escape} kennis"')
    [problem] = problems_of(path)
    line = line_of(path, "summary:")
    column = path.read_text("utf-8").splitlines()[line - 1].index(escape) + 1
    assert (problem.severity, problem.line, problem.column, problem.width) == (Severity.ERROR, line, column, len(escape))
    assert problem.field == "steps[0].summary"
    assert f"U+{code:04X}" in problem.message and f"written as {escape}" in problem.message
    assert problem.hint.startswith(f"Delete {escape}")
    never_raw(problem.format())


def test_nul_via_escape_is_a_located_error_on_the_command_line(tmp_path: Path) -> None:
    path = route_with(tmp_path, SUMMARY, 'summary: "Je maakt\\0 kennis"')
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    assert f":{line_of(path, 'summary:')}:23: error in steps[0].summary" in result.stderr
    assert "U+0000 (NUL), written as \\0" in result.stderr
    never_raw(result.stderr)


def test_a_newline_in_a_text_is_kept_but_not_in_a_key(tmp_path: Path) -> None:
    path = route_with(tmp_path, SUMMARY, 'summary: "Regel een\\nregel\\ttwee"')
    assert check_route(path).route.steps[0].summary == "Regel een\nregel\ttwee"
    path = route_with(tmp_path, TITLE, '"tit\\nle": Kennismaken')
    assert any("U+000A" in p.message and p.severity is Severity.ERROR for p in problems_of(path))


# --- direction controls and zero-width spaces: warnings, left out ----------------------------------


def build_site(route: Path, out: Path) -> str:
    result = CliRunner().invoke(main, ["build", str(route), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return result.stderr


def test_right_to_left_override_via_escape_is_a_located_warning_and_absent_from_page_and_picture(
        tmp_path: Path) -> None:
    path = route_with(tmp_path, TITLE, 'title: "Kennis\\u202emaken"')
    checked = check_route(path)
    [warning] = checked.warnings
    assert (warning.severity, warning.line, warning.column, warning.width) == (
        Severity.WARNING, line_of(path, "Kennis"), len('    title: "Kennis') + 1, len("\\u202e"))
    assert "U+202E (right-to-left override), written as \\u202e" in warning.message
    assert "reverse" in warning.message
    assert checked.route.steps[0].title == "Kennismaken"

    out = tmp_path / "site"
    stderr = build_site(path, out)
    assert "U+202E" in stderr
    never_raw(stderr)
    built = [p for p in out.rglob("*") if p.suffix in (".html", ".svg")]
    assert any(p.suffix == ".svg" for p in built) and any(p.suffix == ".html" for p in built)
    for file in built:
        text = file.read_text(encoding="utf-8")
        assert "\u202e" not in text, file
    assert any("Kennismaken" in file.read_text(encoding="utf-8") for file in built)


def test_every_built_svg_is_well_formed_xml_when_the_route_holds_invisible_characters(tmp_path: Path) -> None:
    path = route_with(tmp_path, TITLE, 'title: "\\ufeffKen\\u2066nis\\u200bma\\u2060ken\\u2069"')
    out = tmp_path / "site"
    build_site(path, out)
    svgs = sorted(out.rglob("*.svg"))
    assert svgs
    for svg in svgs:
        ElementTree.fromstring(svg.read_bytes())


def test_zero_width_space_is_a_warning_and_removed(tmp_path: Path) -> None:
    path = route_with(tmp_path, SUMMARY, "summary: Je maakt\u200bkennis met je regisseur.")
    checked = check_route(path)
    [warning] = checked.warnings
    assert warning.severity is Severity.WARNING
    assert (warning.line, warning.column) == (line_of(path, "summary:"), len("    summary: Je maakt") + 1)
    assert "U+200B (zero-width space)" in warning.message and "written as" not in warning.message
    assert checked.route.steps[0].summary == "Je maaktkennis met je regisseur."
    shown = warning.format()
    assert "<U+200B>" in shown
    never_raw(shown)


def test_a_bsn_split_by_a_zero_width_space_is_still_found(tmp_path: Path) -> None:
    path = route_with(tmp_path, SUMMARY, 'summary: "Amir, BSN 1112\\u200b22333."')
    try:
        found = check_route(path).warnings
    except RouteFileError as error:
        found = error.problems
    messages = [p.message for p in found]
    assert any("BSN" in m for m in messages), messages


def test_under_strict_the_warnings_are_errors(tmp_path: Path) -> None:
    path = route_with(tmp_path, TITLE, 'title: "Kennis\\u202emaken"')
    [problem] = problems_of(path, strict=True)
    assert problem.severity is Severity.ERROR and "U+202E" in problem.message
    assert "error under --strict" in problem.hint


def test_a_key_with_a_zero_width_space_is_cleaned_and_still_located(tmp_path: Path) -> None:
    path = route_with(tmp_path, TITLE, '"tit\\u200ble": Kennismaken\n    colour: rood')
    problems = problems_of(path)
    assert [p.severity for p in problems] == [Severity.WARNING, Severity.ERROR]
    hygiene, unknown = problems
    assert "This key holds" in hygiene.message and hygiene.field == "steps[0].tit\u200ble"
    assert "tit<U+200B>le" in hygiene.format()
    assert "colour" in unknown.message and unknown.line == line_of(path, "colour:")


def test_a_key_that_is_another_key_once_cleaned_is_an_error(tmp_path: Path) -> None:
    path = route_with(tmp_path, TITLE, 'title: Kennismaken\n    "tit\\u200ble": Anders')
    problems = problems_of(path)
    assert any(p.severity is Severity.ERROR and "already has" in p.message for p in problems)


# --- what is kept -----------------------------------------------------------------------------------


PERSIAN = "می\u200cخواهم"  # "I want": the ZWNJ keeps the prefix mi- apart
FAMILY = "\U0001F469\u200d\U0001F469\u200d\U0001F467"  # one emoji, joined by ZWJ
RTL_MARKED = "\u200fCOA\u200f"


def test_zwnj_in_a_persian_word_and_a_zwj_emoji_sequence_are_kept_without_warning(tmp_path: Path) -> None:
    path = route_with(tmp_path, SUMMARY, f"summary: {PERSIAN} {FAMILY} {RTL_MARKED}")
    checked = check_route(path, strict=True)
    assert checked.warnings == []
    assert checked.route.steps[0].summary == f"{PERSIAN} {FAMILY} {RTL_MARKED}"


@pytest.mark.parametrize("char", ["\u200c", "\u200d", "\u200e", "\u200f", "\U0001F600", "\t", "\n"])
def test_characters_text_needs_are_not_findings(char: str) -> None:
    assert classify(char) is None


@pytest.mark.parametrize("char", [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200B, 0x2060, 0xFEFF)])
def test_direction_controls_and_invisible_spaces_are_removed(char: str) -> None:
    assert classify(char) is Finding.REMOVED


# --- the terminal -------------------------------------------------------------------------------------


def test_a_control_character_in_a_route_file_line_is_shown_escaped(tmp_path: Path) -> None:
    path = route_with(tmp_path, SUMMARY, "summary: Je maakt\x1b[2J kennis.")
    [problem] = problems_of(path)
    shown = problem.format()
    never_raw(shown)
    source, caret = shown.splitlines()[1:3]
    assert source.endswith("summary: Je maakt\\x1b[2J kennis.")
    assert caret.index("^") == source.index("\\x1b") and caret.count("^") == len("\\x1b")


def test_the_caret_stays_under_the_character_after_wider_escapes_before_it() -> None:
    problem = Problem(message="m", file="r.yaml", line=3, column=5, width=2,
                      source_line="a\u202eb\x07cd", hint="h")
    source, caret = problem.format().splitlines()[1:3]
    assert source == "  3 | a<U+202E>b\\x07cd"
    assert caret.index("^") == source.index("cd") and caret.count("^") == 2


def test_everything_of_the_users_in_a_message_is_escaped() -> None:
    problem = Problem(message="Unknown key 'x\x1b[31m'.", file="r\u202e.yaml", line=1, column=1,
                      field="steps[0].x\x9b", hint="Did you mean '\u2067y'?", source_line="x\x1b[31m: 1")
    shown = problem.format()
    never_raw(shown)
    assert "r<U+202E>.yaml:1:1: error in steps[0].x\\x9b" in shown
    assert "Unknown key 'x\\x1b[31m'." in shown and "<U+2067>y" in shown
    error = RoutegenError("The image 'a\x1b]0;title\x07.png' was not found.\nSecond line.")
    assert error.format() == "The image 'a\\x1b]0;title\\x07.png' was not found.\nSecond line."
    assert RouteFileError([problem]).format() == shown


def test_text_needing_no_escape_is_printed_as_it_is() -> None:
    text = f"{PERSIAN} {FAMILY} Zoë — 北京 \U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F"
    assert for_terminal(text) == text


def test_no_expectation_holds_a_raw_control_character() -> None:
    for path in sorted(INVALID.glob("*.expected")) + sorted(INVALID.glob("*.strict")):
        never_raw(path.read_text(encoding="utf-8"))


# --- paths in commands --------------------------------------------------------------------------------


def test_a_hint_with_a_path_containing_a_space_is_quoted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = route_with(tmp_path, "languages: [nl]", "languages: [nl, en]", name="mijn routes/proefstad.yaml")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert "routegen i18n update 'mijn routes/proefstad.yaml'" in result.stderr


def test_routegen_new_quotes_the_path_it_tells_you_to_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mijn routes").mkdir()
    result = CliRunner().invoke(main, ["new", "mijn routes/proefstad"])
    assert result.exit_code == 0, result.output
    assert "routegen check 'mijn routes/proefstad.yaml'" in result.stdout


@pytest.mark.parametrize(("name", "shown"), [
    ("routes/smallingerland.yaml", "routes/smallingerland.yaml"),
    ("routes/súdwest-fryslân.yaml", "routes/súdwest-fryslân.yaml"),
    ("mijn routes/a.yaml", "'mijn routes/a.yaml'"),
    ("it's $HOME.yaml", "'it'\"'\"'s $HOME.yaml'"),
    ("-r.yaml", "./-r.yaml"),
])
def test_command_path_quotes_only_what_a_shell_would_split(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, shown: str) -> None:
    monkeypatch.chdir(tmp_path)
    assert command_path(Path(name)) == shown


def test_checked_route_is_the_cleaned_one(tmp_path: Path) -> None:
    path = route_with(tmp_path, TITLE, 'title: "Kennis\\u2067maken"')
    checked: CheckedRoute = check_route(path)
    assert "\u2067" not in repr(checked.loaded.data)
    assert os.fspath(checked.path) == os.fspath(path)


def test_the_persian_case_keeps_its_zwnj_and_direction_marks() -> None:
    steps = check_route(INVALID / "ok-persian-zwnj.yaml", strict=True).route.steps
    assert "می\u200cسازیم" in steps[0].summary
    assert "\u200fWELKOM\u200f" in steps[1].summary and "می\u200cکنید" in steps[1].summary


def test_a_bsn_after_another_number_is_masked_in_the_quoted_line_of_a_hygiene_error(tmp_path: Path) -> None:
    """Found by test_properties: the error quotes the line, and "0 111222333" is no BSN to the scan."""
    path = route_with(tmp_path, SUMMARY, 'summary: "\\x1F0 111222333 "')
    shown = RouteFileError(problems_of(path)).format()
    assert "\\x1F" in shown and "111222333" not in shown


def test_a_character_repeated_through_an_alias_is_reported_once(tmp_path: Path) -> None:
    path = route_with(tmp_path, SUMMARY, 'summary: &zelfde "Samen\\u202e met je regisseur."\n    you_do: [*zelfde]')
    try:
        found = check_route(path).warnings
    except RouteFileError as error:
        found = error.problems
    assert [p.message.count("U+202E") for p in found if "U+202E" in p.message] == [1]


def test_a_file_name_with_a_control_character_is_printed_escaped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The OK, Built and Wrote lines print file names too: a name cannot colour the terminal."""
    from tests.conftest import MINIMAL_ROUTE_TEXT

    monkeypatch.chdir(tmp_path)
    name = "route\x1b[31m.yaml"
    (tmp_path / name).write_text(MINIMAL_ROUTE_TEXT, encoding="utf-8")
    for args in (["check", name], ["build", name, "--out", "site\x1b[0m"], ["schema", "-o", "s\x1b[1m.json"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output and "\\x1b" in result.output, (args, result.output)
