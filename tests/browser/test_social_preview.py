"""The social preview images `build --print` makes (one 1200x630 PNG per language) and the Open
Graph tags that name them, so a link shared in WhatsApp shows the route.

Chromium makes the images (routegen.printing.chromium: Debian's /usr/bin/chromium). The PNGs are
decoded here with zlib alone, to check they show something rather than an empty card.
"""

from __future__ import annotations

import os
import re
import struct
import zlib
from html import unescape
from pathlib import Path

import pytest

from routegen.pipeline import BuildResult, build
from tests.conftest import MINIMAL_ROUTE_TEXT, write_route

ROOT = Path(__file__).resolve().parents[2]
SMALLINGERLAND = ROOT / "routes" / "smallingerland.yaml"
SITE_URL = "https://www.example.nl/route-smallingerland/"
SCREENSHOTS = ROOT / "tests" / "screenshots"
LANGS = ["nl", "ar", "ti"]


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    """Smallingerland (it has a site_url) built with print matter, in three scripts."""
    out = tmp_path_factory.mktemp("printed") / "build"
    return out, build([SMALLINGERLAND], out, langs=LANGS, print_matter=True)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which a PNG must start with."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def png_rows(data: bytes) -> list[bytes]:
    """The unfiltered pixel rows of an 8-bit RGB or RGBA PNG (what Chromium writes)."""
    width, height = png_size(data)
    bit_depth, colour_type = data[24], data[25]
    assert bit_depth == 8 and colour_type in (2, 6), (bit_depth, colour_type)
    channels = 3 if colour_type == 2 else 4
    idat, offset = b"", 8
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        if kind == b"IDAT":
            idat += data[offset + 8:offset + 8 + length]
        offset += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        filter_type = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if filter_type == 1:
                line[i] = (line[i] + left) & 0xFF
            elif filter_type == 2:
                line[i] = (line[i] + up) & 0xFF
            elif filter_type == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif filter_type == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + predictor) & 0xFF
        rows.append(bytes(line))
        previous = line
    return [bytes(r[i] for i in range(len(r)) if i % channels < 3) for r in rows]  # RGB only


def colours_in(row: bytes) -> set[bytes]:
    return {row[i:i + 3] for i in range(0, len(row), 3)}


def meta(html: str) -> dict[str, str]:
    """The page's <meta property|name=... content=...> tags by property or name."""
    found = re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', html)
    return {key: unescape(value) for key, value in found}


def title_of(html: str) -> str:
    found = re.search(r"<title>(.*?)</title>", html, re.S)
    assert found is not None
    return unescape(found.group(1))


@pytest.mark.parametrize("lang", LANGS)
def test_build_with_print_writes_a_1200x630_png_preview_per_language(printed: tuple[Path, BuildResult],
                                                                   lang: str) -> None:
    """Each language gets <lang>/preview.png: the size messengers crop to, small enough for WhatsApp,
    a coloured title band on top and the picture (many colours) below. Kept for review in
    tests/screenshots/ (regenerate: ROUTEGEN_SCREENSHOTS=1)."""
    out, result = printed
    primary = bytes.fromhex(result.routes[0].site.theme.palette.primary.lstrip("#"))
    data = (out / lang / "preview.png").read_bytes()
    assert png_size(data) == (1200, 630)
    assert len(data) < 300_000, f"{lang}/preview.png is {len(data)} bytes"
    rows = png_rows(data)
    assert colours_in(rows[4]) == {primary}, "the title band is the theme's primary colour"
    picture = set().union(*(colours_in(rows[y]) for y in range(300, 600, 10)))
    assert len(picture) > 20, f"the picture area of {lang} shows almost nothing ({len(picture)} colours)"
    kept = SCREENSHOTS / f"preview-smallingerland-{lang}.png"
    if os.environ.get("ROUTEGEN_SCREENSHOTS"):
        kept.write_bytes(data)
    assert kept.exists(), f"{kept} is missing: run with ROUTEGEN_SCREENSHOTS=1 and review it"


def test_previews_differ_by_language(printed: tuple[Path, BuildResult]) -> None:
    """The card is written in the reader's language and direction, not one image for all."""
    out, _ = printed
    images = {lang: (out / lang / "preview.png").read_bytes() for lang in LANGS}
    assert len(set(images.values())) == len(LANGS)
    for lang, data in images.items():
        assert len(set(data)) > 200, f"{lang}/preview.png has few distinct bytes: a blank image?"


def test_pages_name_their_language_preview_in_og_image(printed: tuple[Path, BuildResult]) -> None:
    """Every page carries og:title (its <title>), og:description (its meta description) and the
    absolute address of its own language's preview, with its size and alt text."""
    out, _ = printed
    pages = sorted(out.glob("*/**/index.html"))
    assert len(pages) > 20
    for page in pages:
        lang = page.relative_to(out).parts[0]
        html = page.read_text(encoding="utf-8")
        tags = meta(html)
        assert tags["og:image"] == f"{SITE_URL}{lang}/preview.png", page
        assert tags["og:title"] == title_of(html), page
        assert tags["og:description"] == tags["description"], page
        assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
        assert tags["og:image:alt"] and tags["twitter:card"] == "summary_large_image"
        assert tags["og:url"] == SITE_URL + page.relative_to(out).parent.as_posix() + "/"
    ar = meta((out / "ar" / "index.html").read_text(encoding="utf-8"))
    assert ar["og:locale"] == "ar_EG" and "Smallingerland" in ar["og:image:alt"]
    chooser = meta((out / "index.html").read_text(encoding="utf-8"))
    assert chooser["og:image"] == f"{SITE_URL}nl/preview.png" and chooser["og:url"] == SITE_URL
    assert "og:title" not in meta((out / "404.html").read_text(encoding="utf-8"))


def test_without_site_url_the_preview_is_made_but_no_page_names_it(tmp_path: Path) -> None:
    """og:image must be an absolute address: a route without site_url has the image for sharing
    by hand, and no Open Graph tags."""
    route = write_route(tmp_path / "route", MINIMAL_ROUTE_TEXT)
    assert "site_url" not in MINIMAL_ROUTE_TEXT
    out = tmp_path / "build"
    build([route], out, print_matter=True)
    assert png_size((out / "nl" / "preview.png").read_bytes()) == (1200, 630)
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "og:" not in html and "twitter:" not in html, page
