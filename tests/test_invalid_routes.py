"""Broken and hostile route files, each pinned to the exact message a policy officer reads.

Every ``tests/invalid/<name>.yaml`` is checked with ``routegen check`` in-process, from the repo
root, and its stderr is compared word for word with ``tests/invalid/<name>.expected``, and in
Dutch (``routegen --messages nl check``) with ``tests/invalid/<name>.expected.nl``. See
``tests/invalid/README.md`` for the naming conventions (``ok-*``, ``.strict``) and for how to
regenerate an expectation:

    python tests/test_invalid_routes.py --regenerate [NAME ...]

A regenerated expectation pins what users read: review its diff like any other text change.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from routegen.cli import main
from routegen.validate import check_route

CASES = Path(__file__).resolve().parent / "invalid"
REPO = CASES.parent.parent
RELATIVE = "tests/invalid"


# --- cases generated at test time (too big to commit) ------------------------------------------


def _huge_file(path: Path) -> None:
    """10 MB of comments: refused by its size before it is read."""
    line = b"# " + b"x" * 97 + b"\n"
    with path.open("wb") as out:
        for _ in range(10 * 1024 * 1024 // len(line) + 1):
            out.write(line)


GENERATED: dict[str, Callable[[Path], None]] = {
    "hostile-huge-file": _huge_file,
}

# Problems that have no sensible place in the file: no line, so no line:column either.
NO_PLACE = {"structure-empty-file", "structure-only-comments", "trap-utf16", "hostile-huge-file"}

# The personal data in a case, which must not appear in full anywhere in the output.
SECRETS = {
    "privacy-bsn": ["111222333"],
    "privacy-bsn-everywhere": ["111222333"],
    "privacy-v-number": ["1234567890"],
    "privacy-date-of-birth": ["12-03-1990"],
}


def case_names() -> list[str]:
    names = {p.stem for p in CASES.glob("*.yaml")} | set(GENERATED)
    return sorted(names)


def failing_cases() -> list[str]:
    return [n for n in case_names() if not n.startswith("ok-")]


def valid_cases() -> list[str]:
    return [n for n in case_names() if n.startswith("ok-")]


def is_warning_only(name: str) -> bool:
    return (CASES / f"{name}.strict").exists()


@contextmanager
def case_folder(name: str, tmp: Path | None = None) -> Iterator[Path]:
    """The folder to run `routegen check` from, so that the file shows as tests/invalid/NAME.yaml."""
    if name not in GENERATED:
        yield REPO
        return
    assert tmp is not None
    folder = tmp / RELATIVE
    folder.mkdir(parents=True, exist_ok=True)
    GENERATED[name](folder / f"{name}.yaml")
    yield tmp


# The languages of the messages, and the suffix of their expectations (English has none).
LANGUAGES = {"en": "", "nl": ".nl"}


def run_check(name: str, root: Path, *options: str, messages: str = "en") -> Result:
    before = Path.cwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(main, ["--messages", messages, "check", *options, f"{RELATIVE}/{name}.yaml"])
    finally:
        os.chdir(before)


def assert_no_crash(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.stdout + result.stderr


# --- the cases -----------------------------------------------------------------------------


def test_there_are_enough_cases() -> None:
    assert len(failing_cases()) >= 45
    for name in case_names():
        assert (CASES / f"{name}.yaml").exists() or name in GENERATED, name
        if not name.startswith("ok-"):
            for suffix in LANGUAGES.values():
                assert (CASES / f"{name}.expected{suffix}").exists(), f"{name}.expected{suffix} is missing"
                if is_warning_only(name):
                    assert (CASES / f"{name}.strict{suffix}").exists(), f"{name}.strict{suffix} is missing"
    for stray in [*CASES.glob("*.expected"), *CASES.glob("*.expected.*"), *CASES.glob("*.strict*")]:
        assert stray.name.split(".")[0] in case_names(), f"{stray.name} has no route file"


@pytest.mark.parametrize("messages", list(LANGUAGES))
@pytest.mark.parametrize("name", failing_cases())
def test_message(name: str, messages: str, tmp_path: Path) -> None:
    suffix = LANGUAGES[messages]
    expected = (CASES / f"{name}.expected{suffix}").read_text(encoding="utf-8")
    with case_folder(name, tmp_path) as root:
        result = run_check(name, root, messages=messages)
        assert_no_crash(result)
        if is_warning_only(name):
            assert result.exit_code == 0, result.stderr
            assert result.stdout.startswith(f"{RELATIVE}/{name}.yaml: OK (")
        else:
            assert result.exit_code == 1, result.stdout
        assert result.stderr == expected
        if is_warning_only(name):
            strict = run_check(name, root, "--strict", messages=messages)
            assert_no_crash(strict)
            assert strict.exit_code == 1
            assert strict.stderr == (CASES / f"{name}.strict{suffix}").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", valid_cases())
def test_valid_case_passes(name: str) -> None:
    for options in ((), ("--strict",)):
        result = run_check(name, REPO, *options)
        assert_no_crash(result)
        assert (result.exit_code, result.stderr) == (0, "")
        assert result.stdout == f"{RELATIVE}/{name}.yaml: OK\n"


# --- what every message must have ------------------------------------------------------------

# Per language of the messages: the first line of a problem, the summary line, the hint's label.
HEAD = {
    "en": re.compile(r"^(?P<file>\S+?)(?::(?P<line>\d+):(?P<column>\d+))?: (?P<severity>error|warning)(?: in .+)?$"),
    "nl": re.compile(r"^(?P<file>\S+?)(?::(?P<line>\d+):(?P<column>\d+))?: (?P<severity>fout|waarschuwing)(?: in .+)?$"),
}
SUMMARY = {
    "en": re.compile(r"^\d+ errors? in 1 of 1 file\.$"),
    "nl": re.compile(r"^\d+ fout(en)? in 1 van 1 bestand\.$"),
}
HINT = {"en": "  Hint: ", "nl": "  Tip: "}


def problems_in(text: str, messages: str = "en") -> list[str]:
    """The problems of one stderr text, without the closing summary line."""
    blocks = [b for b in text.split("\n\n") if b.strip()]
    if blocks and SUMMARY[messages].match(blocks[-1].strip()):
        blocks.pop()
    return blocks


def expectation_files() -> list[Path]:
    return sorted([*CASES.glob("*.expected"), *CASES.glob("*.strict"),
                   *CASES.glob("*.expected.nl"), *CASES.glob("*.strict.nl")])


@pytest.mark.parametrize("path", expectation_files(), ids=lambda p: p.name)
def test_every_problem_is_placed_and_has_a_hint(path: Path) -> None:
    name = path.name.split(".")[0]
    messages = "nl" if path.suffix == ".nl" else "en"
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n")
    problems = problems_in(text, messages)
    assert problems, "an expectation holds at least one problem"
    for problem in problems:
        lines = problem.split("\n")
        head = HEAD[messages].match(lines[0])
        assert head, f"bad first line: {lines[0]!r}"
        assert head["file"] == f"{RELATIVE}/{name}.yaml"
        if name in NO_PLACE:
            assert head["line"] is None
        else:
            assert head["line"] and head["column"], f"no line:column in {lines[0]!r}"
            quoted = [ln for ln in lines[1:] if re.match(r"^  \d+ \| ", ln)]
            for ln in quoted:
                assert ln.split()[0] == head["line"], "the quoted line is the line named"
        hints = [ln for ln in lines if ln.startswith(HINT[messages])]
        assert len(hints) == 1 and len(hints[0]) > len(HINT[messages]) + 5, problem
        assert "Traceback" not in problem
        for raw in ("tag:yaml.org", "<unicode string>", "while scanning", "while parsing", "Input should"):
            assert raw not in problem, f"library wording leaks through: {raw!r}"


@pytest.mark.parametrize("messages", list(LANGUAGES))
@pytest.mark.parametrize("name", sorted(SECRETS))
def test_personal_data_is_never_repeated_in_full(name: str, messages: str) -> None:
    for options in ((), ("--strict",)):
        result = run_check(name, REPO, *options, messages=messages)
        for secret in SECRETS[name]:
            assert secret not in result.stdout + result.stderr
            digits = secret.replace("-", "")
            for line in (result.stdout + result.stderr).splitlines():
                assert digits not in re.sub(r"\D", "", line), line


# --- valid cases: what was typed is what is kept ---------------------------------------------


def _route(name: str):  # type: ignore[no-untyped-def]
    return check_route(CASES / f"{name}.yaml").route


def test_typed_text_is_kept_as_typed() -> None:
    route = _route("ok-typed-text")
    assert route.regisseur.contact.phone == "0512345678"
    assert route.regisseur.contact.hours == "9:30"
    assert route.phases[1].title == "no"
    assert route.tracks[0].title == "yes"
    assert route.steps[0].handover is not None and route.steps[0].handover.when == "on"
    assert route.budget is not None and route.budget.per == "1.500"
    coa = route.partner("coa")
    assert coa.contact is not None and coa.contact.phone == "+31885157000"


def test_merge_keys_still_work() -> None:
    route = _route("ok-merge-keys")
    vwn = route.partner("vwn")
    assert (vwn.name, vwn.kind.value) == ("VluchtelingenWerk", "municipality")
    assert route.partner("gemeente").name == "Gemeente Proefdorp"


def test_byte_order_mark_and_windows_line_endings() -> None:
    raw = (CASES / "ok-bom-crlf.yaml").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    route = _route("ok-bom-crlf")
    assert route.route.title == "De route naar een nieuw thuis"
    assert route.route.municipality == "Proefdorp"


def test_dari_is_a_language() -> None:
    route = _route("ok-dari")
    assert route.route.source_language == "prs"
    assert route.route.languages == ["prs"]


def test_professional_contacts_are_no_personal_data() -> None:
    checked = check_route(CASES / "ok-professional-contacts.yaml")
    assert checked.warnings == []
    checked = check_route(CASES / "ok-phone-numbers-in-text.yaml")
    assert checked.warnings == []


# --- regenerating expectations -----------------------------------------------------------------


def regenerate(names: list[str]) -> None:
    """Write the .expected (and, for warning-only cases, .strict) file of each named case, in
    English and, with the suffix .nl, in Dutch."""
    import tempfile

    for name in names or failing_cases():
        for messages, suffix in LANGUAGES.items():
            with tempfile.TemporaryDirectory() as tmp, case_folder(name, Path(tmp)) as root:
                result = run_check(name, root, messages=messages)
                assert_no_crash(result)
                (CASES / f"{name}.expected{suffix}").write_text(result.stderr, encoding="utf-8")
                strict_file = CASES / f"{name}.strict{suffix}"
                if result.exit_code == 0 and result.stderr:
                    strict = run_check(name, root, "--strict", messages=messages)
                    strict_file.write_text(strict.stderr, encoding="utf-8")
                    print(f"{name}{suffix}: warnings only (wrote .expected{suffix} and .strict{suffix})")
                else:
                    strict_file.unlink(missing_ok=True)
                    print(f"{name}{suffix}: exit {result.exit_code}")
    print("Review the diff (git diff tests/invalid): these files pin what users read.")


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] != "--regenerate":
        sys.exit(f"usage: python {sys.argv[0]} --regenerate [NAME ...]")
    regenerate([n.removesuffix(".yaml").rsplit("/", 1)[-1] for n in sys.argv[2:]])
