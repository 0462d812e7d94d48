"""A language with a region (en-GB) in a built site: its BCP 47 tag names it, a lower-case folder holds it.

Pages, the picture and the sitemap say ``en-GB`` (what browsers, screen readers and search engines
read); the folder is ``en-gb/``, so that no two language folders differ only in case, which would
make them one folder on macOS and Windows. Built in-process, as in tests/test_site.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from routegen.cli import main
from routegen.pipeline import build
from tests.conftest import MINIMAL_ROUTE_TEXT, write_route

SITE_URL = "https://www.example.nl/route/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("en-gb")
    text = MINIMAL_ROUTE_TEXT.replace(
        "  languages: [nl]\n", f"  languages: [nl, en-GB]\n  site_url: {SITE_URL}\n")
    assert "en-GB" in text
    route = write_route(folder, text)
    out = folder / "site"
    build([route], out)
    return out


def _attributes(html: str, tag: str, name: str) -> list[str]:
    """The values of one attribute on every element of one kind (enough for our own output)."""
    return re.findall(rf'<{tag}\b[^>]*\b{name}="([^"]*)"', html)


def test_a_built_site_has_the_lower_case_folder_en_gb(site: Path) -> None:
    folders = sorted(p.name for p in site.iterdir() if p.is_dir() and p.name != "assets")
    assert folders == ["en-gb", "nl"]
    assert (site / "en-gb" / "index.html").is_file()
    assert (site / "en-gb" / "kennismaken" / "index.html").is_file()


def test_pages_in_the_en_gb_folder_say_lang_en_gb(site: Path) -> None:
    pages = list((site / "en-gb").rglob("*.html"))
    assert len(pages) > 3
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert _attributes(html, "html", "lang") == ["en-GB"], page


def test_links_to_en_gb_use_the_folder_and_hreflang_the_tag(site: Path) -> None:
    for page in [site / "index.html", site / "404.html", *site.rglob("*/index.html")]:
        html = page.read_text(encoding="utf-8")
        for tag in ("a", "link"):
            for match in re.finditer(rf'<{tag}\b[^>]*>', html):
                element = match.group()
                hreflang = re.search(r'hreflang="([^"]*)"', element)
                href = re.search(r'href="([^"]*)"', element)
                if hreflang is None or href is None:
                    continue
                assert hreflang.group(1) in ("nl", "en-GB", "x-default"), (page, element)  # x-default: the chooser
                if hreflang.group(1) == "en-GB":
                    assert "/en-gb/" in "/" + href.group(1) and "en-GB/" not in href.group(1), (page, element)
        # og:locale is the one place that writes language_TERRITORY, as the Open Graph protocol asks
        without_og = re.sub(r'<meta property="og:locale[^>]*>', "", html)
        assert "en_GB" not in without_og and 'lang="en-gb"' not in html, page


def test_the_picture_says_xml_lang_en_gb(site: Path) -> None:
    pictures = list((site / "en-gb").glob("*.svg"))
    assert pictures
    for picture in pictures:
        svg = picture.read_text(encoding="utf-8")
        assert _attributes(svg, "svg", "xml:lang") == ["en-GB"], picture


def test_the_sitemap_gives_the_tag_as_hreflang_and_the_folder_as_address(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE_URL}en-gb/</loc>" in sitemap
    assert f'hreflang="en-GB" href="{SITE_URL}en-gb/"' in sitemap
    assert "en-GB/" not in sitemap and 'hreflang="en-gb"' not in sitemap


def test_cli_lang_option_reads_en_gb_in_any_spelling(tmp_path: Path) -> None:
    route = write_route(tmp_path, MINIMAL_ROUTE_TEXT.replace("  languages: [nl]\n", "  languages: [nl, en-GB]\n"))
    result = CliRunner().invoke(main, ["i18n", "update", str(route), "--lang", "en_gb"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "route" / "locales").glob("*.po")] == ["en-GB.po"]
