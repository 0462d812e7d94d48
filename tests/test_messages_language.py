"""routegen speaks to authors in Dutch or English: the catalog, the choice, and what is printed.

The invalid-route folder pins every `check` message in both languages (``NAME.expected`` and
``NAME.expected.nl``, tests/test_invalid_routes.py); here: the catalog is complete and current,
the language follows the locale and the forcing option, and `build` and `i18n status` speak Dutch.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from routegen.cli import main
from routegen.speech import (
    catalog_dir,
    extract_catalog,
    language_from_environment,
    messages_in,
    messages_language,
    tr,
    trn,
)
from routegen.validate import check_route
from tests.conftest import ROUTES_DIR

INVALID = "tests/invalid/all-at-once.yaml"
REPO = Path(__file__).resolve().parent.parent
# No variable of the test machine decides: each test gives the ones it means.
CLEAN_ENV: dict[str, str | None] = {name: None for name in
                                    ("ROUTEGEN_MESSAGES", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}


def _ids(catalog: object) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}  # type: ignore[attr-defined]


def test_the_template_holds_every_marked_message() -> None:
    """`python -m routegen.speech` was run after the last change to a message."""
    with (catalog_dir() / "cli.pot").open("rb") as handle:
        template = read_po(handle)
    assert _ids(extract_catalog()) == _ids(template), "run: python -m routegen.speech"


def test_the_dutch_catalog_translates_every_message() -> None:
    with (catalog_dir() / "cli.pot").open("rb") as handle:
        template = read_po(handle)
    with (catalog_dir() / "nl.po").open("rb") as handle:
        dutch = read_po(handle, locale="nl")
    assert dutch.plural_forms == "nplurals=2; plural=(n != 1);"
    for message in template:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        found = dutch.get(key)
        assert found is not None, f"not in nl.po: {key!r}"
        assert not found.fuzzy, f"fuzzy in nl.po: {key!r}"
        sources = (message.id,) if isinstance(message.id, str) else message.id
        translations = (found.string,) if isinstance(found.string, str) else found.string
        assert all(translations), f"untranslated in nl.po: {key!r}"
        for source, translation in zip(sources, translations):
            names = set(re.findall(r"\{(\w+)\}", source))
            assert set(re.findall(r"\{(\w+)\}", translation)) == names, f"placeholders differ: {key!r}"


@pytest.mark.parametrize(("environ", "expected"), [
    ({}, "en"),
    ({"LANG": "nl_NL.UTF-8"}, "nl"),
    ({"LANG": "nl"}, "nl"),
    ({"LANG": "nl_BE.UTF-8"}, "nl"),
    ({"LANG": "C"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LANG": "de_DE.UTF-8"}, "en"),
    ({"LANG": "en_GB.UTF-8"}, "en"),
    ({"LC_ALL": "nl_NL.UTF-8", "LANG": "C"}, "nl"),
    ({"LC_ALL": "C", "LANG": "nl_NL.UTF-8"}, "en"),  # the first variable that is set decides
    ({"LC_MESSAGES": "nl_NL.UTF-8"}, "nl"),
    ({"LANGUAGE": "fy:nl", "LANG": "C"}, "nl"),  # the first language of the list routegen speaks
    ({"LANGUAGE": "en:nl", "LANG": "nl_NL.UTF-8"}, "en"),
    ({"ROUTEGEN_MESSAGES": "nl", "LANG": "C"}, "nl"),
    ({"ROUTEGEN_MESSAGES": "en", "LANG": "nl_NL.UTF-8"}, "en"),
    ({"ROUTEGEN_MESSAGES": "fr", "LANG": "nl_NL.UTF-8"}, "nl"),  # not a language routegen speaks
])
def test_the_language_follows_the_environment(environ: dict[str, str], expected: str) -> None:
    assert language_from_environment(environ) == expected


def test_the_library_speaks_english_unless_asked() -> None:
    assert messages_language() == "en"
    assert tr("Remove one of them.") == "Remove one of them."
    with messages_in("nl"):
        assert tr("Remove one of them.") == "Haal er één weg."
        assert trn("{n} error in {files}.", "{n} errors in {files}.", 2, files="x") == "2 fouten in x."
    assert messages_language() == "en"


def _check(env: dict[str, str | None], *options: str) -> str:
    result = CliRunner().invoke(main, [*options, "check", INVALID], env={**CLEAN_ENV, **env})
    assert result.exit_code == 1, result.output
    return result.stderr


def test_a_dutch_locale_gets_dutch_and_the_c_locale_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    dutch = _check({"LANG": "nl_NL.UTF-8"})
    english = _check({"LANG": "C"})
    assert dutch == (REPO / "tests/invalid/all-at-once.expected.nl").read_text(encoding="utf-8")
    assert english == (REPO / "tests/invalid/all-at-once.expected").read_text(encoding="utf-8")
    assert dutch.endswith("6 fouten in 1 van 1 bestand.\n")
    assert english.endswith("6 errors in 1 of 1 file.\n")
    assert messages_language() == "en", "the CLI gives the library its English back"


def test_the_option_and_the_variable_override_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    dutch = (REPO / "tests/invalid/all-at-once.expected.nl").read_text(encoding="utf-8")
    english = (REPO / "tests/invalid/all-at-once.expected").read_text(encoding="utf-8")
    assert _check({"LANG": "nl_NL.UTF-8"}, "--messages", "en") == english
    assert _check({"LANG": "C"}, "--messages", "nl") == dutch
    assert _check({"LANG": "C", "ROUTEGEN_MESSAGES": "nl"}) == dutch
    assert _check({"LANG": "nl_NL.UTF-8", "ROUTEGEN_MESSAGES": "en"}) == english
    assert _check({"ROUTEGEN_MESSAGES": "en"}, "--messages", "nl") == dutch  # the option comes first


def test_the_option_is_not_the_route_languages() -> None:
    result = CliRunner().invoke(main, ["--messages", "ar", "check", INVALID], env=CLEAN_ENV)
    assert result.exit_code == 2
    assert "--messages" in result.stderr


def test_check_ok_and_warnings_in_dutch(write: Callable[..., Path], minimal_route_text: str,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(minimal_route_text)
    monkeypatch.chdir(path.parent)
    result = CliRunner().invoke(main, ["check", path.name], env={**CLEAN_ENV, "LANG": "nl_NL.UTF-8"})
    assert (result.exit_code, result.stdout) == (0, f"{path.name}: OK\n")
    untranslated = minimal_route_text.replace("languages: [nl]", "languages: [nl, ar]")
    assert untranslated != minimal_route_text
    path.write_text(untranslated, encoding="utf-8")
    result = CliRunner().invoke(main, ["--messages", "nl", "check", path.name], env=CLEAN_ENV)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{path.name}: OK (1 waarschuwing)\n"
    assert ": waarschuwing in route.languages[1]" in result.stderr
    assert re.search(r"\n  Arabisch \(ar\): van de \d+ teksten: \d+ niet vertaald\.\n  Tip: Voer `routegen i18n update ",
                     result.stderr), result.stderr


def test_build_in_dutch(write: Callable[..., Path], minimal_route_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(minimal_route_text)
    monkeypatch.chdir(path.parent)
    result = CliRunner().invoke(main, ["build", path.name, "--out", "site"], env={**CLEAN_ENV, "LANG": "nl_NL.UTF-8"})
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"\d+ bestanden gemaakt in site: \d+ geschreven, 0 ongewijzigd, 0 verwijderd\.\n",
                        result.stdout), result.stdout
    again = CliRunner().invoke(main, ["--messages", "en", "build", path.name, "--out", "site"], env=CLEAN_ENV)
    assert re.fullmatch(r"Built \d+ files into site: 0 written, \d+ unchanged, 0 removed\.\n", again.stdout)


def test_build_refuses_a_folder_in_dutch(write: Callable[..., Path], minimal_route_text: str,
                                         tmp_path: Path) -> None:
    route = write(minimal_route_text)
    out = tmp_path / "van-iemand-anders"
    out.mkdir()
    (out / "notities.txt").write_text("van mij", encoding="utf-8")
    result = CliRunner().invoke(main, ["--messages", "nl", "build", str(route), "--out", str(out)])
    assert result.exit_code == 1
    assert "de map is niet leeg en routegen heeft hem niet gemaakt" in result.stderr, result.stderr
    assert (out / "notities.txt").read_text(encoding="utf-8") == "van mij"


def test_a_mistake_in_a_translation_file_in_dutch(write: Callable[..., Path], minimal_route_text: str) -> None:
    route = write(minimal_route_text.replace("languages: [nl]", "languages: [nl, en]"))
    assert CliRunner().invoke(main, ["i18n", "update", str(route)]).exit_code == 0
    po = route.parent / route.stem / "locales" / "en.po"
    po.write_text(po.read_text(encoding="utf-8") + "\nhallo\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--messages", "nl", "check", str(route)])
    assert result.exit_code == 1
    assert "Deze regel hoort bij geen enkele vertaling." in result.stderr, result.stderr
    assert "Een PO-bestand bevat opmerkingen" in result.stderr


def test_i18n_status_in_dutch() -> None:
    route = ROUTES_DIR / "smallingerland.yaml"
    english = CliRunner().invoke(main, ["i18n", "status", str(route)], env={**CLEAN_ENV, "LANG": "C"})
    dutch = CliRunner().invoke(main, ["i18n", "status", str(route)], env={**CLEAN_ENV, "LANG": "nl_NL.UTF-8"})
    assert english.exit_code == dutch.exit_code == 0, dutch.output
    assert english.stdout.splitlines()[0] == "language     translated  stale  missing  broken  current"
    head = dutch.stdout.splitlines()[0]
    assert head.split() == ["taal", "vertaald", "verouderd", "ontbreekt", "kapot", "actueel"]
    # the rows line up under the headings, as wide as the Dutch ones need
    for row in dutch.stdout.splitlines()[1:]:
        assert len(row) == len(head) and row.endswith("%")
    assert english.stdout.splitlines()[1:] != [] and len(english.stdout.splitlines()) == len(dutch.stdout.splitlines())


def test_check_route_in_the_library_is_english(tmp_path: Path) -> None:
    from routegen.errors import RouteFileError

    path = tmp_path / "route.yaml"
    path.write_text("", encoding="utf-8")
    with pytest.raises(RouteFileError) as raised:
        check_route(path)
    assert raised.value.problems[0].message == "The file is empty."
    with messages_in("nl"), pytest.raises(RouteFileError) as raised:
        check_route(path)
    assert raised.value.problems[0].message == "Het bestand is leeg."
