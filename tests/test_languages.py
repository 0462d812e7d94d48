"""The language registry agrees with CLDR (via Babel), and is deliberate where CLDR is silent."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from babel import Locale, localedata
from babel.core import UnknownLocaleError, get_global
from babel.messages.plurals import get_plural
from babel.numbers import format_decimal

from routegen.errors import Problem, RouteFileError
from routegen.languages import (
    Language,
    UnknownLanguageError,
    canonical_code,
    get_language,
    is_known_language,
    suggest_language,
)
from routegen.validate import check_route
from tests.conftest import MINIMAL_ROUTE_TEXT, write_route

# The languages the design names for statushouders, plus Pashto and Sorani.
ROUTE_LANGUAGES = ["nl", "en", "ar", "ti", "fa", "uk", "tr", "so", "ps", "ckb"]


def _cldr_script(code: str) -> str:
    """The script CLDR's likely subtags give a bare language code, read independently."""
    return str(get_global("likely_subtags")[code]).split("_")[1]


def _capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]


# --- the languages routes are written in ------------------------------------------------------


@pytest.mark.parametrize("code", ROUTE_LANGUAGES)
def test_cldr_languages_match_babel(code: str) -> None:
    lang = get_language(code)
    locale = Locale.parse(code)
    assert lang.code == code
    assert lang.cldr is True
    assert lang.english_name == locale.get_display_name("en")
    assert lang.direction == locale.text_direction
    assert lang.script == _cldr_script(code)
    assert lang.formatting_locale == code
    assert lang.plural_forms == str(get_plural(code))
    assert lang.fonts[-1] == "Noto Sans"
    own = locale.get_display_name(locale)
    assert own is not None
    if lang.script in ("Latn", "Cyrl", "Grek"):
        assert lang.own_name == _capitalised(own)
    else:
        assert lang.own_name == own


def test_tigrinya_is_left_to_right_ethiopic() -> None:
    ti = get_language("ti")
    assert (ti.english_name, ti.own_name) == ("Tigrinya", "ትግርኛ")
    assert ti.direction == "ltr"
    assert ti.script == "Ethi"
    assert ti.fonts == ("Noto Sans Ethiopic", "Noto Sans")


@pytest.mark.parametrize("code", ["ar", "fa", "ps", "ckb", "prs"])
def test_right_to_left_languages(code: str) -> None:
    lang = get_language(code)
    assert lang.direction == "rtl"
    assert lang.script == "Arab"
    assert lang.fonts == ("Noto Sans Arabic", "Noto Sans")


def test_arabic_has_six_plural_forms() -> None:
    assert get_language("ar").plural_forms.startswith("nplurals=6;")


def test_ukrainian_is_cyrillic_and_capitalised() -> None:
    uk = get_language("uk")
    assert uk.script == "Cyrl"
    assert uk.direction == "ltr"
    assert uk.fonts == ("Noto Sans",)
    assert Locale("uk").get_display_name("uk") == "українська"  # CLDR writes it in lower case
    assert uk.own_name == "Українська"
    assert uk.plural_forms.startswith("nplurals=3;")


@pytest.mark.parametrize(("code", "own_name"), [("nl", "Nederlands"), ("tr", "Türkçe")])
def test_latin_own_names(code: str, own_name: str) -> None:
    assert get_language(code).own_name == own_name


def test_capitalises_only_the_first_letter() -> None:
    assert get_language("pt_BR").own_name == "Português (Brasil)"


def test_georgian_is_not_capitalised_with_mtavruli() -> None:
    ka = get_language("ka")
    assert ka.own_name == Locale("ka").get_display_name("ka")
    assert ka.fonts == ("Noto Sans Georgian", "Noto Sans")


def test_tigre_is_not_tigrinya() -> None:
    tig = get_language("tig")
    assert tig.english_name == "Tigre" and tig.script == "Ethi"
    assert suggest_language("tig") == "tig"


# --- Dari: our own deliberate entry -------------------------------------------------------------


def test_cldr_really_lacks_dari() -> None:
    assert not localedata.exists("prs")
    with pytest.raises(UnknownLocaleError):
        Locale.parse("prs")
    # CLDR itself says prs is fa_AF, which is why Dari formats as fa_AF
    assert get_global("language_aliases")["prs"] == "fa_AF"


def test_dari_is_a_deliberate_right_to_left_entry() -> None:
    prs = get_language("prs")
    assert prs.cldr is False
    assert prs.code == "prs"
    assert prs.english_name == "Dari"
    assert prs.own_name == "دری"
    assert prs.direction == "rtl"
    assert prs.script == "Arab"
    assert prs.formatting_locale == ("fa_AF" if localedata.exists("fa_AF") else "fa")
    assert prs.plural_forms == str(get_plural("fa"))


def test_dari_agrees_with_cldr_fa_af() -> None:
    prs = get_language("prs")
    fa_af = Locale.parse(prs.formatting_locale)
    assert fa_af.languages["fa_AF"] == prs.own_name  # CLDR's own name for Afghan Persian
    assert Locale("en").languages["fa_AF"] == prs.english_name
    assert fa_af.text_direction == prs.direction
    assert format_decimal(1234.5, locale=prs.formatting_locale)  # Babel can format with it


# --- codes as written -------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["pt_BR", "pt-BR", "pt-br", "PT_br"])
def test_region_codes_are_read_in_any_spelling_and_named_by_their_bcp47_tag(code: str) -> None:
    lang = get_language(code)
    assert lang.code == "pt-BR"
    assert lang.folder == "pt-br"
    assert lang.formatting_locale == "pt_BR"
    assert lang.english_name == Locale.parse("pt_BR").get_display_name("en")
    assert lang.plural_forms == str(get_plural("pt_BR"))


def test_script_subtag_is_respected() -> None:
    assert get_language("sr_Latn").script == "Latn"
    assert get_language("sr").script == "Cyrl"
    assert get_language("zh-TW").script == "Hant"
    assert get_language("nl_Latn").script == "Latn"
    assert not is_known_language("nl_Arab")  # Babel drops the script; we do not


def test_language_is_a_frozen_value() -> None:
    nl = get_language("nl")
    assert isinstance(nl, Language)
    assert get_language("nl") is nl  # cached
    with pytest.raises(dataclasses.FrozenInstanceError):
        nl.code = "en"  # type: ignore[misc]


def test_every_cldr_locale_is_known_with_a_script_and_direction() -> None:
    for ident in localedata.locale_identifiers():
        if ident == "root":
            continue
        assert is_known_language(ident), ident
        lang = get_language(ident)
        assert len(lang.script) == 4 and lang.script != "Zyyy", ident
        assert lang.direction in ("ltr", "rtl"), ident
        assert lang.fonts[-1] == "Noto Sans", ident
        if ident.startswith("mn_Mong"):
            continue  # CLDR: top-to-bottom, columns left to right -> "ltr"
        assert lang.direction == Locale.parse(ident).text_direction, ident


def test_vertical_mongolian_maps_to_ltr() -> None:
    assert Locale.parse("mn_Mong").text_direction == "ttb"
    assert get_language("mn_Mong").direction == "ltr"


# --- unknown codes ----------------------------------------------------------------------------


def test_unknown_code_raises_with_code_and_suggestion() -> None:
    assert not is_known_language("xx")
    with pytest.raises(UnknownLanguageError) as caught:
        get_language("xx")
    assert isinstance(caught.value, ValueError)
    assert caught.value.code == "xx"
    assert caught.value.suggestion == suggest_language("xx")
    assert "xx" in str(caught.value)


def test_error_message_offers_the_suggestion() -> None:
    with pytest.raises(UnknownLanguageError) as caught:
        get_language("ara")
    assert caught.value.suggestion == "ar"
    assert "did you mean 'ar' (Arabic)?" in str(caught.value)


@pytest.mark.parametrize(
    "code",
    ["ara", "iw", "und", "root", "en_UK", "nl_XX", "", " nl", "nl@euro", "../nl", "x-klingon"],
)
def test_codes_babel_only_accepts_by_rewriting_are_refused(code: str) -> None:
    assert not is_known_language(code)
    with pytest.raises(UnknownLanguageError):
        get_language(code)


def test_babel_rewrites_aliases_silently() -> None:
    # the reason the codes above are refused: Babel would hand back another language or region
    assert str(Locale.parse("ara")) == "ar_EG"
    assert str(Locale.parse("und")) == "en_US"
    assert str(Locale.parse("en_UK")) == "en_GB"


# --- suggestions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("ara", "ar"),
        ("tir", "ti"),
        ("fas", "fa"),
        ("per", "fa"),
        ("ukr", "uk"),
        ("som", "so"),
        ("tur", "tr"),
        ("eng", "en"),
        ("nld", "nl"),
        ("dut", "nl"),
        ("iw", "he"),
        ("kmr", "ku"),
        ("en_UK", "en-GB"),
        ("ara-SY", "ar-SY"),
        ("ca_ES_FOOBAR", "ca-ES"),
        (" nl ", "nl"),
        ("ar_XX", "ar"),
        ("prs-AF", "prs"),
    ],
)
def test_suggests_canonical_codes(typed: str, meant: str) -> None:
    assert suggest_language(typed) == meant
    assert is_known_language(meant)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Arabic", "ar"),
        ("arabic", "ar"),
        ("Arabisch", "ar"),
        ("Tigrinya", "ti"),
        ("TIGRINYA", "ti"),
        ("Farsi", "fa"),
        ("Persian", "fa"),
        ("Perzisch", "fa"),
        ("Dari", "prs"),
        ("دری", "prs"),
        ("Somali", "so"),
        ("Somalisch", "so"),
        ("Turks", "tr"),
        ("Oekraïens", "uk"),
        ("Oekraiens", "uk"),
        ("Ukrainian", "uk"),
        ("Engels", "en"),
        ("Nederlands", "nl"),
        ("Pashto", "ps"),
        ("Sorani", "ckb"),
        ("Koerdisch", "ku"),
    ],
)
def test_suggests_from_english_and_dutch_names(typed: str, meant: str) -> None:
    assert suggest_language(typed) == meant


def test_any_cldr_english_or_dutch_name_is_recognised() -> None:
    for display in ("en", "nl"):
        for code, name in Locale(display).languages.items():
            if not is_known_language(code) or is_known_language(name):
                continue  # a name such as "Ga" that is itself a code ("ga", Irish) stays a code
            suggestion = suggest_language(name)
            assert suggestion is not None, name
            # several codes can share one name; the suggestion carries that name in en or nl
            babel_id = suggestion.replace("-", "_")
            names = {Locale("en").languages.get(babel_id), Locale("nl").languages.get(babel_id)}
            if suggestion == "prs":
                names.add("Dari")
            assert name.casefold() in {n.casefold() for n in names if n}, (name, suggestion)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("nll", "nl"), ("prss", "prs"), ("Arabich", "ar"), ("Tigrinia", "ti"), ("Somalli", "so")],
)
def test_suggests_close_misspellings(typed: str, meant: str) -> None:
    assert suggest_language(typed) == meant


@pytest.mark.parametrize("typed", ["xx", "", "q", "und", "root", "zzzzzzzz"])
def test_no_suggestion_without_a_plausible_guess(typed: str) -> None:
    assert suggest_language(typed) is None


def test_known_code_is_its_own_suggestion() -> None:
    assert suggest_language("ti") == "ti"
    assert suggest_language("prs") == "prs"


# --- one canonical spelling: BCP 47 tags, lower-case folders -----------------------------------


@pytest.mark.parametrize(
    ("written", "tag"),
    [
        ("nl", "nl"),
        ("NL", "nl"),
        ("en_GB", "en-GB"),
        ("en-gb", "en-GB"),
        ("pt-br", "pt-BR"),
        ("sr_latn", "sr-Latn"),
        ("ZH_hant_tw", "zh-Hant-TW"),
        ("ca_ES_VALENCIA", "ca-ES-valencia"),
        ("ES_419", "es-419"),  # a numeric region (Latin America), known to every Babel we allow
        ("PRS", "prs"),
        ("Prs", "prs"),
    ],
)
def test_any_case_and_separator_gives_the_bcp47_tag(written: str, tag: str) -> None:
    assert canonical_code(written) == tag
    assert get_language(written).code == tag
    assert suggest_language(written) == tag
    assert canonical_code(tag) == tag  # a canonical tag is its own canonical form


def test_upper_case_nl_is_dutch_with_hint_nl() -> None:
    assert get_language("NL").english_name == "Dutch"
    assert suggest_language("NL") == "nl"


def test_en_gb_with_underscore_is_en_dash_gb() -> None:
    assert canonical_code("en_GB") == "en-GB"
    assert get_language("en_GB").folder == "en-gb"


def test_pt_br_lower_case_is_pt_dash_capital_br() -> None:
    assert canonical_code("pt-br") == "pt-BR"


def test_dari_has_no_region_of_its_own() -> None:
    # CLDR aliases prs to fa_AF; the region is not part of Dari's code, so prs-AF is refused
    assert canonical_code("prs-AF") is None
    assert suggest_language("prs-AF") == "prs"
    assert get_language("prs").folder == "prs"


@pytest.mark.parametrize("code", ["xx", "en_UK", "nl_Arab", "ca_ES_FOOBAR", "ara", ""])
def test_unknown_and_rewritten_codes_have_no_canonical_form(code: str) -> None:
    assert canonical_code(code) is None
    assert not is_known_language(code)


def test_every_cldr_locale_has_a_bcp47_tag_and_a_folder_of_its_own() -> None:
    folders: dict[str, str] = {}
    for ident in localedata.locale_identifiers():
        if ident == "root":
            continue
        tag = canonical_code(ident)
        assert tag is not None, ident
        assert "_" not in tag and tag.split("-")[0] == tag.split("-")[0].lower(), ident
        assert canonical_code(tag.lower()) == tag, ident  # a lower-case folder leads back to its tag
        folder = get_language(ident).folder
        assert folder not in folders, (ident, folders.get(folder))
        folders[folder] = ident


# --- what `check` says about a route's codes ----------------------------------------------------


def _language_errors(tmp_path: Path, languages: str, source: str = "nl") -> list[Problem]:
    """The errors `check` reports for a minimal route with these ``languages`` (YAML text)."""
    text = MINIMAL_ROUTE_TEXT.replace("  source_language: nl\n", f"  source_language: {source}\n")
    text = text.replace("  languages: [nl]\n", f"  languages: {languages}\n")
    route = write_route(tmp_path, text)
    try:
        check_route(route)
    except RouteFileError as caught:
        return caught.errors
    return []


def test_check_refuses_upper_case_nl_with_hint_nl(tmp_path: Path) -> None:
    [problem] = _language_errors(tmp_path, "[NL]")
    assert problem.field == "route.languages[0]"
    assert (problem.line, problem.column, problem.width) == (9, 15, 2)
    assert "'NL'" in problem.message
    assert problem.hint.startswith("Write nl:")


def test_check_refuses_en_gb_with_underscore_with_hint_en_dash_gb(tmp_path: Path) -> None:
    [problem] = _language_errors(tmp_path, "[nl, en_GB]")
    assert problem.field == "route.languages[1]"
    assert problem.hint.startswith("Write en-GB:")


def test_check_refuses_lower_case_pt_br_with_hint_pt_capital_br(tmp_path: Path) -> None:
    [problem] = _language_errors(tmp_path, "[nl, pt-br]")
    assert problem.hint.startswith("Write pt-BR:")


def test_check_refuses_an_upper_case_source_language_with_hint(tmp_path: Path) -> None:
    [problem] = _language_errors(tmp_path, "[nl]", source="NL")
    assert problem.field == "route.source_language"
    assert problem.hint.startswith("Write nl:")


@pytest.mark.parametrize("languages", ["[nl, en-GB, pt-BR, sr-Latn, prs]", "[nl, zh-Hant-TW]"])
def test_check_accepts_bcp47_tags(tmp_path: Path, languages: str) -> None:
    assert _language_errors(tmp_path, languages) == []


def test_check_refuses_a_case_insensitive_duplicate_at_the_second_with_its_line(tmp_path: Path) -> None:
    [problem] = _language_errors(tmp_path, "\n    - nl\n    - en-GB\n    - EN_gb")
    assert problem.field == "route.languages[2]"
    assert (problem.line, problem.column) == (12, 7)
    assert "'EN_gb' is the same language as 'en-GB', listed earlier on line 11" in problem.message
    assert "en-GB" in problem.hint


def test_check_reports_a_duplicate_once_not_also_for_its_spelling(tmp_path: Path) -> None:
    [problem] = _language_errors(tmp_path, "[nl, NL]")
    assert problem.field == "route.languages[1]"
    assert "listed earlier on this line" in problem.message
    assert problem.hint.startswith("List it once, as nl")


def test_check_keeps_the_message_for_the_same_code_twice(tmp_path: Path) -> None:
    [problem] = _language_errors(tmp_path, "[nl, nl]")
    assert problem.message == "The language 'nl' is listed twice."
