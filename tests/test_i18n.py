"""Translations: PO catalogs beside the route, stale detection, the localize stage, CLDR formatting."""

from __future__ import annotations

import re

import datetime as dt
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.pofile import read_po, write_po
from babel.numbers import format_currency, get_currency_symbol
from click.testing import CliRunner

from routegen.catalogs import TextState, catalog_path, markdown_differences, status, template_path, update
from routegen.pipeline import check
from routegen.cli import main
from routegen.errors import RouteFileError
from routegen.formatting import format_date, format_duration, format_money
from routegen.languages import get_language
from routegen.localize import localize_file
from routegen.model import Duration
from routegen.validate import check_route
from tests.conftest import MINIMAL_ROUTE_TEXT

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "routes" / "smallingerland.yaml"
SEVEN = ["en", "ar", "fa", "ti", "uk", "tr", "so"]


@pytest.fixture()
def route_copy(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLE, tmp_path / "smallingerland.yaml")
    shutil.copytree(EXAMPLE.with_suffix(""), tmp_path / "smallingerland")
    return tmp_path / "smallingerland.yaml"


def test_status_of_the_example_is_fully_current_in_seven_languages() -> None:
    result = CliRunner().invoke(main, ["i18n", "status", str(EXAMPLE), "--json"])
    assert result.exit_code == 0, result.output
    languages = json.loads(result.output)["languages"]
    assert sorted(languages) == sorted(SEVEN)
    for counts in languages.values():
        assert counts["stale"] == 0 and counts["missing"] == 0
        assert counts["translated"] > 100 and counts["percent"] == 100.0


def test_a_changed_multi_line_text_keeps_a_previous_msgid_every_po_reader_accepts(tmp_path: Path) -> None:
    """Babel writes a multi-line previous msgid as one wrapped comment (#| msgid "" "a" "b") that
    routegen's reader, msgfmt and Poedit refuse; routegen writes it one quoted line per #| line."""
    from routegen.po_reader import read_po_text

    body = ("Eerste regel.\n\n    Tweede **regel**, lang genoeg om in het PO-bestand over meer regels te "
            "lopen, want dat is wat de fout liet zien.\n")
    route = tmp_path / "route.yaml"
    route.write_text(MINIMAL_ROUTE_TEXT.replace("languages: [nl]", "languages: [nl, en]")
                     + f"notes:\n  - |\n    {body}", encoding="utf-8")
    assert CliRunner().invoke(main, ["i18n", "update", str(route)]).exit_code == 0
    po = catalog_path(route, "en")
    text = po.read_text(encoding="utf-8")
    po.write_text(re.sub(r'(msgctxt "notes\.0"\nmsgid .*\n(?:".*"\n)*)msgstr ""', r'\1msgstr "A note."', text),
                  encoding="utf-8")
    assert 'msgstr "A note."' in po.read_text(encoding="utf-8")
    route.write_text(route.read_text(encoding="utf-8").replace("Eerste regel.", "Eerste regel, anders."),
                     encoding="utf-8")
    for _ in range(2):  # a second update keeps the previous msgid as it is
        assert CliRunner().invoke(main, ["i18n", "update", str(route)]).exit_code == 0
        text = po.read_text(encoding="utf-8")
        previous = [line for line in text.splitlines() if line.startswith("#|")]
        assert previous[:2] == ['#| msgid ""', '#| "Eerste regel.\\n"'], previous
        assert all(line.startswith(('#| msgid ""', '#| "')) and line.endswith('"') for line in previous)
        read_po_text(text)  # routegen's own strict reader accepts the file
    assert CliRunner().invoke(main, ["check", str(route)]).exit_code == 0


def test_changing_one_dutch_sentence_makes_exactly_that_message_stale(route_copy: Path) -> None:
    text = route_copy.read_text(encoding="utf-8")
    old = "Eén vaste contactpersoon van de gemeente, voor je hele route."
    assert text.count(old) == 1
    route_copy.write_text(text.replace(old, "Eén vaste contactpersoon, voor je hele route."), encoding="utf-8")
    result = CliRunner().invoke(main, ["i18n", "update", str(route_copy)])
    assert result.exit_code == 0, result.output
    route = check_route(route_copy).route
    for lang in SEVEN:
        with catalog_path(route_copy, lang).open("rb") as handle:
            catalog = read_po(handle)
        fuzzy = [m for m in catalog if m.id and m.fuzzy]
        assert [m.context for m in fuzzy] == ["steps.je-regisseur.summary"], lang
        assert fuzzy[0].string  # the old translation is kept, marked fuzzy, as a hint for the translator
        po_text = catalog_path(route_copy, lang).read_text(encoding="utf-8")
        assert f'#| msgid "{old}"\nmsgctxt "steps.je-regisseur.summary"' in po_text  # and what changed
        counts = status(route, route_copy)[lang]
        assert (counts.stale, counts.missing) == (1, 0)
        localized = localize_file(route, route_copy, lang)
        summary = localized.route.step("je-regisseur").summary
        assert summary == "Eén vaste contactpersoon, voor je hele route."
        assert summary.state is TextState.STALE and summary.lang == "nl" and summary.is_fallback
        assert [f.context for f in localized.fallbacks] == ["steps.je-regisseur.summary"]
        title = localized.route.step("je-regisseur").title
        assert title.state is TextState.CURRENT and title.lang == lang


def test_round_trip_extract_translate_localize_and_reorder(tmp_path: Path) -> None:
    route_path = tmp_path / "proefstad.yaml"
    text = (ROOT / "tests" / "fixtures" / "golden.yaml").read_text(encoding="utf-8")
    route_path.write_text(text, encoding="utf-8")
    route = check_route(route_path).route
    result = CliRunner().invoke(main, ["i18n", "extract", str(route_path)])
    assert result.exit_code == 0 and template_path(route_path).is_file()
    update(route, route_path)
    po = catalog_path(route_path, "ar")
    with po.open("rb") as handle:
        catalog = read_po(handle)
    translations = {}
    for message in catalog:  # the test fixture "translates" each text to a marked Arabic text
        if message.id:
            message.string = f"ترجمة {message.context}"
            translations[message.context] = message.string
    with po.open("wb") as handle:
        write_po(handle, catalog)
    localized = localize_file(route, route_path, "ar")
    for step in localized.route.steps:
        assert step.title == translations[f"steps.{step.id}.title"]
        assert step.title.lang == "ar" and step.title.state is TextState.CURRENT
    assert localized.route.phases[1].title == translations["phases.thuis.title"]
    assert not localized.fallbacks
    # move the last step to the front: translations follow their step's id, not its position
    head, rest = text.split("\nsteps:\n", 1)
    steps, tail = rest.split("\ntracks:", 1)
    items = ["  - id:" + part for part in steps.split("  - id:") if part.strip()]
    reordered = head + "\nsteps:\n" + items[-1].rstrip("\n") + "\n" + "".join(items[:-1]).rstrip("\n") + "\ntracks:" + tail
    route_path.write_text(reordered, encoding="utf-8")
    moved = check_route(route_path).route
    assert [s.id for s in moved.steps] == ["werk", "overdracht", "welkom", "naar-school"]
    localized = localize_file(moved, route_path, "ar")
    for step in localized.route.steps:
        assert step.title == translations[f"steps.{step.id}.title"]
    assert not localized.fallbacks


def test_check_strict_fails_when_a_listed_language_is_missing_translations(tmp_path: Path,
                                                                           valid_route_text: str) -> None:
    route_path = tmp_path / "proef.yaml"
    route_path.write_text(valid_route_text.replace("languages: [nl]", "languages: [nl, ti]"), encoding="utf-8")
    assert check(route_path).warnings  # without --strict: a warning
    with pytest.raises(RouteFileError) as error:
        check(route_path, strict=True)
    assert "Tigrinya (ti)" in error.value.format() and "not translated" in error.value.format()


def test_markdown_that_loses_a_link_list_or_heading_is_reported() -> None:
    source = "## Kop\n\nLees [meer](https://www.example.nl).\n\n- een\n- twee\n"
    assert markdown_differences(source, "## Head\n\nRead [more](https://www.example.nl).\n\n- one\n- two\n") == []
    found = markdown_differences(source, "Head\n\nRead more.\n\n- one two\n")
    assert any("link" in f for f in found)
    assert any("list items" in f for f in found)
    assert any("headings" in f for f in found)


LANGS = ["nl", "en", "ar", "fa", "prs", "ti", "uk", "tr", "so"]


@pytest.mark.parametrize("lang", LANGS)
def test_money_as_cldr_writes_it(lang: str) -> None:
    """The budget string follows the locale's CLDR currency pattern, without cents for whole amounts."""
    locale = Locale.parse(get_language(lang).formatting_locale)
    text = format_money(1500, "EUR", lang)
    assert get_currency_symbol("EUR", locale=locale) in text
    group = locale.number_symbols["latn"]["group"]
    assert f"1{group}500" in text
    decimal = locale.number_symbols["latn"]["decimal"]
    assert f"{decimal}00" not in text
    assert text == format_currency(Decimal(1500), "EUR", locale=locale,
                                   format=locale.currency_formats["standard"].pattern.replace(".00", ""),
                                   currency_digits=False)
    cents = format_money(12.5, "EUR", lang)
    assert cents == format_currency(12.5, "EUR", locale=locale)


def test_money_table_for_dutch_and_english() -> None:
    assert format_money(1500, "EUR", "nl") == "€\xa01.500"
    assert format_money(1500, "EUR", "en") == "€1,500"


@pytest.mark.parametrize("lang", LANGS)
def test_durations_and_dates_in_every_language(lang: str) -> None:
    locale = Locale.parse(get_language(lang).formatting_locale)
    for amount, unit in ((3, "month"), (1, "year"), (6, "week"), (2, "day")):
        text = format_duration(Duration(amount=amount, unit=unit), lang)
        assert "duration-" not in text and text.strip()
        patterns = locale._data["unit_patterns"][f"duration-{unit}"]  # noqa: SLF001 - CLDR's own data
        forms = {p.replace("{0}", str(amount)) for length in patterns.values() for p in length.values()}
        assert text in forms, (text, forms)
    assert format_date(dt.date(2026, 11, 24), lang).strip()


def test_dari_is_formatted_like_farsi_in_afghanistan() -> None:
    assert get_language("prs").formatting_locale.startswith("fa")
    assert format_duration(Duration(amount=3, unit="month"), "prs") == format_duration(
        Duration(amount=3, unit="month"), "fa")
