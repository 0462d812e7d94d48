"""Four elements a route states natively (issue 13, part 1), each where its reader looks for it.

* partner meetings (``meetings:``), on the partners page;
* an optional step or a programme's topics chosen per person (``optional``, ``topics_chosen``), on
  the step's page, in the overview and in the picture (a dashed ring, the legend, the station's name);
* sharing at a support, what is not shared and how to take back a permission, on the privacy page
  and where a step or a support mentions sharing;
* the INTEGRAAL themes (``tags``), on each step's page and per theme on the partners page.

One route, the rich test route with these elements added, is built once in Dutch and Arabic.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from routegen.integraal import THEME_TITLES
from routegen.messages import walk_texts
from routegen.model import THEME_TITLES_NL, Choice, Route, Theme
from routegen.pipeline import build
from routegen.ui import ui_catalog_dir
from routegen.validate import check_route
from tests.conftest import MINIMAL_ROUTE_TEXT, RICH_ROUTE_TEXT, write_route


def _with(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


GAPS_ROUTE_TEXT = RICH_ROUTE_TEXT.replace("languages: [nl, en, ar, ti, fa, uk]", "languages: [nl, ar]")
GAPS_ROUTE_TEXT = _with(GAPS_ROUTE_TEXT, "    lead: taalschool\n    next: [werk]\n  - id: isk",
                        "    lead: taalschool\n    optional: by-you\n    next: [werk]\n  - id: isk")
GAPS_ROUTE_TEXT = _with(GAPS_ROUTE_TEXT, "      outcome: Een persoonlijk actieplan\n",
                        "      outcome: Een persoonlijk actieplan\n      topics_chosen: with-regisseur\n")
GAPS_ROUTE_TEXT = _with(GAPS_ROUTE_TEXT, "    from: woning\n    to: eerste-jaar\n",
                        "    from: woning\n    to: eerste-jaar\n    tags: [laagdrempelig]\n")
GAPS_ROUTE_TEXT = _with(GAPS_ROUTE_TEXT, "    consent: asked\n    steps: [taal]\n", """\
    consent: asked
    how_asked: In het contract van je taalcursus
    steps: [taal]
    supports: [begeleiding]
privacy:
  not_shared:
    - Wat je vertelt over je gezondheid
  withdraw: Zeg het tegen je regisseur. Dan delen we het niet meer.
meetings:
  - id: partneroverleg
    title: Overleg met de partners
    lead: gemeente
    partners: [vwn, taalschool]
    every: 3 months
    purpose: We bespreken wat goed gaat en wat beter kan.
""")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("gaps")
    route = write_route(folder, GAPS_ROUTE_TEXT)
    out = folder / "site"
    build([route], out)
    return out


def page(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


def text_of(html: str) -> str:
    """The visible words of a page's main content, one space between them."""
    main = re.search(r"<main.*?</main>", html, re.DOTALL)
    assert main is not None
    words = re.sub(r"<svg.*?</svg>", " ", main.group(0), flags=re.DOTALL)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", words)).replace("&#39;", "'")


def checked(folder: Path, text: str) -> Route:
    return check_route(write_route(folder, text)).route


def test_the_route_with_every_new_element_is_valid(tmp_path: Path) -> None:
    route = checked(tmp_path, GAPS_ROUTE_TEXT)
    assert str(route.meetings[0].every) == "3 months"
    assert route.step("taal").optional is Choice.BY_YOU
    assert route.privacy is not None and route.privacy.withdraw
    assert route.sharing[0].supports == ["begeleiding"]


def test_existing_routes_without_the_new_elements_keep_their_defaults(tmp_path: Path) -> None:
    route = checked(tmp_path, MINIMAL_ROUTE_TEXT)
    assert route.meetings == [] and route.privacy is None
    assert route.steps[0].optional is None and route.sharing == []


# --- partner meetings ------------------------------------------------------------------------


def test_a_partner_meeting_is_on_the_partners_page(site: Path) -> None:
    words = text_of(page(site, "nl/partners/index.html"))
    assert "Zo overleggen de partners Overleg met de partners" in words
    assert "Hoe vaak om de 3 maanden" in words
    assert "Wie het organiseert Gemeente Proefstad" in words
    assert "Wie er meedoen VluchtelingenWerk en Taalschool Proefstad" in words
    assert "We bespreken wat goed gaat en wat beter kan." in words


def test_the_meeting_is_told_in_arabic_with_its_text_marked_as_not_yet_translated(site: Path) -> None:
    html = page(site, "ar/partners/index.html")
    assert "كيف يجتمع الشركاء" in html
    assert '<span lang="nl" dir="ltr">Overleg met de partners</span>' in html


def test_meeting_texts_are_translated_under_stable_contexts(tmp_path: Path) -> None:
    route = checked(tmp_path, GAPS_ROUTE_TEXT)
    contexts = {text.context: text.text for text in walk_texts(route)}
    assert contexts["meetings.partneroverleg.title"] == "Overleg met de partners"
    assert contexts["meetings.partneroverleg.purpose"].startswith("We bespreken")
    assert contexts["privacy.not_shared.0"] == "Wat je vertelt over je gezondheid"
    assert contexts["privacy.withdraw"].startswith("Zeg het")
    assert contexts["sharing.taalniveau.how_asked"] == "In het contract van je taalcursus"


# --- optional steps and topics chosen per person -------------------------------------------


def test_an_optional_step_says_who_decides_on_its_page_and_in_the_overview(site: Path) -> None:
    assert '<p class="rg-choice">Je kiest zelf of je deze stap doet.</p>' in page(site, "nl/taal/index.html")
    assert "Nederlands leren Stap naar keuze" in text_of(page(site, "nl/index.html"))
    assert "rg-choice" not in page(site, "nl/werk/index.html")


def test_topics_chosen_with_the_regisseur_are_said_under_the_topics(site: Path) -> None:
    words = text_of(page(site, "nl/welkom/index.html"))
    assert "Werk Je kiest samen met je regisseur welke onderwerpen je volgt." in words


def test_the_picture_draws_an_optional_step_with_a_dashed_ring_named_in_the_legend(site: Path) -> None:
    svg = page(site, "nl/infographic.svg")
    assert svg.count('class="rg-optional-ring"') == 2  # the station and the legend's sample
    assert ">Stap naar keuze<" in svg
    assert re.search(r'aria-label="Stap 3: Nederlands leren\. Stap naar keuze\. ', svg)
    assert "rg-optional-ring{fill:none" in svg


def test_a_route_without_optional_steps_has_no_ring_and_no_legend_entry(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build([write_route(tmp_path, MINIMAL_ROUTE_TEXT)], out)
    svg = (out / "nl" / "infographic.svg").read_text(encoding="utf-8")
    assert 'class="rg-optional-ring"' not in svg and "Stap naar keuze" not in svg


# --- information sharing -------------------------------------------------------------------


def test_the_privacy_page_says_what_is_not_shared_and_how_to_take_back_permission(site: Path) -> None:
    words = text_of(page(site, "nl/privacy/index.html"))
    assert "Wat niet gedeeld wordt Wat je vertelt over je gezondheid" in words
    assert "Je toestemming intrekken Zeg het tegen je regisseur. Dan delen we het niet meer." in words
    assert "Hoe we het vragen: In het contract van je taalcursus" in words
    assert "Waar dit gebeurt: 3. Nederlands leren en Begeleiding door VluchtelingenWerk" in words


def test_the_privacy_page_links_to_the_step_and_the_support_where_sharing_happens(site: Path) -> None:
    html = page(site, "nl/privacy/index.html")
    assert '<a href="../taal/">3. Nederlands leren</a>' in html
    assert '<a href="../#support-begeleiding">Begeleiding door VluchtelingenWerk</a>' in html
    assert 'id="support-begeleiding"' in page(site, "nl/index.html")


def test_the_support_card_links_to_what_is_shared_there(site: Path) -> None:
    html = page(site, "nl/index.html")
    assert ('<strong>Wat er over jou wordt gedeeld:</strong> <a href="privacy/#share-taalniveau">'
            "Je taalniveau en je aanwezigheid bij de les</a>") in html
    assert 'id="share-taalniveau"' in page(site, "nl/privacy/index.html")


def test_a_step_that_asks_permission_says_how_to_take_it_back(site: Path) -> None:
    words = text_of(page(site, "nl/taal/index.html"))
    assert "Je toestemming intrekken: Zeg het tegen je regisseur." in words
    assert '<a href="../privacy/">Wie weet wat over mij</a>' in page(site, "nl/taal/index.html")


# --- INTEGRAAL themes ----------------------------------------------------------------------


def test_a_step_page_names_its_themes_with_links_to_the_overview(site: Path) -> None:
    html = page(site, "nl/warme-overdracht/index.html")
    assert ('<a href="../partners/#theme-goede-start">Goede start</a> en '
            '<a href="../partners/#theme-nauwe-samenwerking">Nauwe samenwerking</a>') in html
    assert "INTEGRAAL-thema's" not in page(site, "nl/taal/index.html")  # a step without tags


def test_the_partners_page_shows_every_theme_with_what_serves_it(site: Path) -> None:
    html = page(site, "nl/partners/index.html")
    rows = re.findall(r'<tr id="theme-([a-z-]+)">(.*?)</tr>', html, re.DOTALL)
    assert [theme for theme, _ in rows] == [t.value for t in Theme]
    row = dict(rows)
    assert '<a href="../warme-overdracht/">1. Warme overdracht</a>' in row["goede-start"]
    assert '<a href="../#support-begeleiding">Begeleiding door VluchtelingenWerk</a>' in row["laagdrempelig"]
    assert "Niet in deze route" in row["regie"]
    assert "Niet in deze route" not in row["goede-start"]


def test_a_route_without_tags_shows_no_theme_overview(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build([write_route(tmp_path, MINIMAL_ROUTE_TEXT)], out)
    assert 'id="themes"' not in (out / "nl" / "partners" / "index.html").read_text(encoding="utf-8")


def test_dutch_theme_titles_are_the_official_ones() -> None:
    catalog = read_po((ui_catalog_dir() / "nl.po").open("rb"))
    titles = {theme: catalog.get(THEME_TITLES[theme]) for theme in Theme}
    assert {theme: message.string if message else None for theme, message in titles.items()} == THEME_TITLES_NL


@pytest.mark.parametrize("lang", ["nl", "ar", "fa", "ti", "tr", "uk", "so"])
def test_every_ui_language_translates_the_new_words(lang: str) -> None:
    catalog = read_po((ui_catalog_dir() / f"{lang}.po").open("rb"))
    new_words = [*THEME_TITLES.values(), "Optional step", "How the partners meet", "What is not shared",
                 "Taking back your permission", "INTEGRAAL themes", "Not covered in this route"]
    messages = {msgid: catalog.get(msgid) for msgid in new_words}
    untranslated = [msgid for msgid, message in messages.items()
                    if message is None or not message.string or message.fuzzy]
    assert untranslated == []


def test_the_theme_titles_are_arabic_on_the_arabic_partners_page(site: Path) -> None:
    html = page(site, "ar/partners/index.html")
    assert "بداية جيدة" in html and "محاور INTEGRAAL" in html


# --- valid HTML ----------------------------------------------------------------------------


def test_the_new_pages_pass_vnu(site: Path) -> None:
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: apt-get install default-jre-headless (see the README)")
    from tests.test_vnu import vnu_jar

    pages = [site / lang / name for lang in ("nl", "ar")
             for name in ("index.html", "partners/index.html", "privacy/index.html", "taal/index.html",
                          "welkom/index.html", "warme-overdracht/index.html")]
    result = subprocess.run([java, "-jar", str(vnu_jar()), "--errors-only", *(str(p) for p in pages)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
