"""The site around the picture, checked in the built files: links open in the same tab, lists are
joined as each language joins them (CLDR through Babel), next steps say "and" or "or" as the
route's ``branch`` says, arrows follow the text's direction, and the head carries what search
engines and browsers look for (description, absolute hreflang with x-default, favicon, robots.txt).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.lists import format_list

from routegen.formatting import format_duration, format_list_text
from routegen.model import Duration
from routegen.pipeline import build
from tests.conftest import MINIMAL_ROUTE_TEXT, ROUTES_DIR, write_route

SMALLINGERLAND = "https://www.example.nl/route-smallingerland/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Smallingerland (choices) and Middelburg (steps side by side) built as one site."""
    out = tmp_path_factory.mktemp("links") / "build"
    build([ROUTES_DIR / "smallingerland.yaml", ROUTES_DIR / "middelburg.yaml"], out)
    return out


def read(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


def texts(html: str) -> str:
    """The page's text without tags (enough to read a sentence that holds links)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_no_link_opens_a_new_tab(site: Path) -> None:
    files = [*site.rglob("*.html"), *site.rglob("*.svg")]
    assert len(files) > 100
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "target=" not in text, path
        assert "xmlns:ev" not in text, path  # svgwrite's XML Events namespace: invalid in HTML


def test_the_picture_has_no_global_focus_reset(site: Path) -> None:
    """The picture's CSS only touches links inside the picture: the page's focus ring stays."""
    css = read(site, "smallingerland/assets/style.css")
    for rule in re.findall(r"(?:^|})([^{}]*)\{[^}]*outline:\s*none", css):
        for selector in rule.split(","):
            selector = selector.strip()
            assert selector.startswith((".rg-infographic ", "main")), selector


@pytest.fixture(scope="module")
def follow_ups(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small route in nl, ar and fa whose phase has follow-up talks after 6 months, 1 year and
    2 years (Zeist's practice; the Smallingerland example no longer has it, as its source does not)."""
    folder = tmp_path_factory.mktemp("follow-ups")
    text = MINIMAL_ROUTE_TEXT.replace("  languages: [nl]\n", "  languages: [nl, ar, fa]\n").replace(
        "    title: In het AZC\n", "    title: In het AZC\n    timing:\n      follow_ups: [6 maanden, 1 jaar, 2 jaar]\n")
    assert text.count("follow_ups") == 1 and "[nl, ar, fa]" in text
    out = folder / "build"
    build([write_route(folder, text)], out)
    return out


def test_lists_are_joined_as_arabic_joins_them(site: Path, follow_ups: Path) -> None:
    overview = texts(read(follow_ups, "ar/index.html"))
    # timing follow-ups (the same words as in the picture): 6 months, 1 year, 2 years
    spans = [format_duration(Duration(amount=n, unit=u), "ar") for n, u in ((6, "month"), (1, "year"), (2, "year"))]
    joined = format_list(spans, "standard", locale="ar")
    assert joined == format_list_text(spans, "ar")
    assert joined in overview
    assert ", ".join(spans) not in overview
    assert " و" in joined and ", " not in joined  # CLDR's Arabic "and" list: "A وB وC"
    # a choice between next steps: "A أو B", and no Latin comma between them
    then = re.findall(r'<p class="rg-next">(.*?)</p>', read(site, "smallingerland/ar/index.html"), re.DOTALL)
    several = [texts(p) for p in then if p.count("<a ") > 1]
    assert several and all(" أو " in p and ", " not in p for p in several), several


def test_farsi_lists_use_the_arabic_comma(follow_ups: Path) -> None:
    spans = [format_duration(Duration(amount=n, unit=u), "fa") for n, u in ((6, "month"), (1, "year"), (2, "year"))]
    joined = format_list_text(spans, "fa")
    assert "،" in joined and ", " not in joined
    assert joined in texts(read(follow_ups, "fa/index.html"))


def _next_sentence(html: str) -> str:
    pager = re.search(r'<nav class="rg-pager".*?</nav>', html, re.DOTALL)
    assert pager, "no pager"
    return texts(pager.group(0))


def test_step_pages_link_next_steps_with_or_for_a_choice(site: Path) -> None:
    # Smallingerland's "Naar de ISK 18+" leads to one of three steps (branch: choice)
    html = read(site, "smallingerland/nl/isk-start/index.html")
    sentence = _next_sentence(html)
    assert "Volgende stap: " in sentence
    assert re.search(r"\d+\. [^,]+, \d+\. .+ of \d+\. ", sentence), sentence
    assert html.count('rel="next"') == 3


def test_step_pages_link_next_steps_with_and_when_side_by_side(site: Path) -> None:
    # Middelburg's first talk leads to two steps that both happen (branch: parallel)
    sentence = _next_sentence(read(site, "middelburg/nl/gesprek-klantondersteuner/index.html"))
    assert "Volgende stappen: " in sentence
    assert re.search(r"\d+\. .+ en \d+\. ", sentence) and " of " not in sentence, sentence
    overview = texts(read(site, "middelburg/nl/index.html"))
    assert re.search(r"Daarna: \d+\. Taal en inburgering en \d+\. Leren fietsen", overview) or \
        re.search(r"Daarna: \d+\. Leren fietsen en \d+\. Taal en inburgering", overview), overview


def test_arrows_point_the_way_the_text_runs(site: Path) -> None:
    nl = read(site, "smallingerland/nl/welkom/index.html")
    ar = read(site, "smallingerland/ar/welkom/index.html")
    assert re.search(r'rel="prev"[^>]*><span aria-hidden="true">\u2190</span>', nl)
    assert re.search(r'rel="prev"[^>]*><span aria-hidden="true">\u2192</span>', ar)
    assert "\u2192</span></a>" in nl and "\u2190</span></a>" in ar


def test_robots_txt_and_the_favicon_exist_and_are_referenced(site: Path) -> None:
    robots = read(site, "smallingerland/robots.txt")
    assert "User-agent: *\nAllow: /\n" in robots
    assert f"Sitemap: {SMALLINGERLAND}sitemap.xml" in robots
    root = read(site, "robots.txt")  # a build of several routes: every route's sitemap
    assert f"Sitemap: {SMALLINGERLAND}sitemap.xml" in root and "route-middelburg/sitemap.xml" in root
    favicon = read(site, "smallingerland/assets/favicon.svg")
    assert favicon.startswith("<svg") and ".rg-primary{fill:#00607a}" in favicon  # the theme's primary
    for page in (site / "smallingerland").rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        if "<html" in html and 'lang="' in html and "rg-header" in html:
            depth = len(page.relative_to(site / "smallingerland").parts) - 1
            assert f'<link rel="icon" href="{"../" * depth}assets/favicon.svg" type="image/svg+xml">' in html, page


def test_hreflang_is_absolute_with_x_default_when_site_url_is_known(site: Path) -> None:
    html = read(site, "smallingerland/ar/welkom/index.html")
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
    assert alternates["x-default"] == SMALLINGERLAND
    assert alternates["nl"] == f"{SMALLINGERLAND}nl/welkom/"
    assert alternates["ar"] == f"{SMALLINGERLAND}ar/welkom/"
    assert all(href.startswith(SMALLINGERLAND) for href in alternates.values())
    description = re.search(r'<meta name="description" content="([^"]+)">', html)
    assert description and description.group(1).strip()


def test_hreflang_stays_relative_without_site_url(write, minimal_route_text: str, tmp_path: Path) -> None:
    assert "site_url" not in minimal_route_text
    out = tmp_path / "out"
    build([write(minimal_route_text)], out)
    html = (out / "nl" / "index.html").read_text(encoding="utf-8")
    assert 'hreflang="x-default"' not in html
    assert re.search(r'<link rel="alternate" hreflang="nl" href="\.\./nl/">', html)
    assert (out / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nAllow: /\n"


def test_the_overview_shows_the_regisseur_before_the_picture(site: Path) -> None:
    html = read(site, "smallingerland/ar/index.html")
    assert html.index('id="rg-regisseur"') < html.index('class="rg-figure"')
    assert html.count('id="rg-regisseur"') == 1
    assert '<a href="#rg-regisseur">' in html  # the header menu's entry
    # phone numbers and e-mail addresses run left to right inside Arabic text
    assert re.search(r'<a href="tel:[^"]+" dir="ltr">', html)
    step = read(site, "smallingerland/ar/welkom/index.html")
    assert '<a href="#rg-regisseur">' in step and 'id="rg-regisseur"' in step


def test_a_municipal_14_number_is_linked_as_one_number(tmp_path: Path) -> None:
    """`14 0512` dials as 140512: the tel: link holds the digits without the space."""
    text = MINIMAL_ROUTE_TEXT.replace("    phone: 0000 000 000\n", "    phone: 14 0512\n")
    assert text != MINIMAL_ROUTE_TEXT
    out = tmp_path / "out"
    build([write_route(tmp_path, text)], out)
    html = (out / "nl" / "index.html").read_text(encoding="utf-8")
    assert '<a href="tel:140512" dir="ltr">14 0512</a>' in html


def test_the_landscape_picture_is_a_focusable_scroll_region_at_its_natural_size(site: Path) -> None:
    html = read(site, "smallingerland/nl/index.html")
    region = re.search(r'<div class="rg-picture rg-picture-landscape"([^>]*)><svg ([^>]*)>', html)
    assert region, "no landscape region"
    assert 'role="region"' in region.group(1) and 'tabindex="0"' in region.group(1)
    assert 'aria-labelledby="rg-figure-caption"' in region.group(1)
    size = re.search(r'width="([\d.]+)" height="([\d.]+)"', region.group(2))
    view = re.search(r'viewBox="0,0,([\d.]+),([\d.]+)"', region.group(2))
    assert size and view and float(size.group(1)) == float(view.group(1))
    assert "Schuif opzij om de hele route te zien" in html
