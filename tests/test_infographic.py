"""The infographic: layout geometry, right-to-left mirroring, the SVG's structure, golden pictures.

The browser side (what Chromium actually renders) is in tests/browser/test_infographic_browser.py.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from routegen.pipeline import check
from routegen.colors import contrast, palette
from routegen.errors import RoutegenError
from routegen.infographic import infographic
from routegen.layout.geometry import Picture
from routegen.layout.route_map import layout_picture
from routegen.layout.text import MissingGlyphError
from routegen.localize import localize_file
from routegen.model import Theming
from routegen.scaffold import new_route_text
from routegen.validate import validate
from routegen.load import load_text

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_ROUTE = ROOT / "tests" / "fixtures" / "golden.yaml"
GOLDEN_DIR = ROOT / "tests" / "golden"
EXAMPLES = sorted((ROOT / "routes").glob("*.yaml"))
SVG = "{http://www.w3.org/2000/svg}"


def href(step_id: str) -> str:
    return f"{step_id}/"


def pictures() -> list[tuple[str, str, str]]:
    cases = []
    for path in EXAMPLES:
        route = check(path).route
        for lang in route.route.languages:
            for orientation in ("landscape", "portrait"):
                cases.append((path.stem, lang, orientation))
    return cases


def picture_for(stem: str, lang: str, orientation: str) -> Picture:
    path = ROOT / "routes" / f"{stem}.yaml"
    checked = check(path)
    return layout_picture(localize_file(checked.route, path, lang), orientation, href)


def test_there_are_example_routes_to_draw() -> None:
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize(("stem", "lang", "orientation"), pictures())
def test_no_label_overlaps_or_leaves_its_box(stem: str, lang: str, orientation: str) -> None:
    picture = picture_for(stem, lang, orientation)
    labels = picture.all_labels()
    page = (0.0, 0.0, picture.width, picture.height)
    for label in labels:
        assert label.container is not None
        assert label.container.contains(label.box), f"{label.text!r} leaves its box"
        x, y, w, h = page
        assert label.box.x >= x and label.box.right <= w and label.box.bottom <= h, label.text
        for line in label.lines:
            assert line.width <= label.box.w + 0.01
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            assert not a.box.overlaps(b.box), f"{a.text!r} overlaps {b.text!r}"


@pytest.mark.parametrize("stem", [path.stem for path in EXAMPLES])
def test_pictures_are_written_as_svgwrite_writes_them(stem: str) -> None:
    """routegen draws a picture part by part, keeps each part's text by its content and writes
    svgwrite's elements with a serializer of its own, for speed: the text must be what svgwrite
    writes for the whole drawing, byte for byte, for every picture of every example (logos,
    pictograms, Arabic, Ethiopic, quotes and ampersands in texts), drawn afresh and from kept parts."""
    from routegen.draw import _frame, _label, _logo, _shape, _station, clear_caches, draw_inline

    path = ROOT / "routes" / f"{stem}.yaml"
    site = check(path)
    for lang, localized in site.localized.items():
        for orientation in ("landscape", "portrait"):
            picture = layout_picture(localized, orientation, href, logo="logo.png")
            clear_caches()  # the first drawing below draws every part
            whole = _frame(picture, f"rg-{orientation}")
            for shape in picture.background:
                for element in _shape(whole, shape):
                    whole.add(element)
            for label in picture.labels:
                whole.add(_label(whole, label))
            if picture.logo is not None:
                whole.add(_logo(whole, picture.logo))
            for station in picture.stations:
                whole.add(_station(whole, station))
            expected = whole.tostring().replace(' xmlns:ev="http://www.w3.org/2001/xml-events"', "", 1)
            for _ in ("drawn", "kept"):
                assert draw_inline(picture, site.theme.palette, f"rg-{orientation}") == expected, (lang, orientation)


def test_kept_parts_tell_whole_numbers_from_decimals() -> None:
    """svgwrite writes 8 as "8" and 8.0 as "8.0", which Python holds equal: a part kept for one
    must not be reused for the other."""
    from routegen.draw import draw_inline

    picture = picture_for("smallingerland", "nl", "landscape")
    rect = next(shape for shape in picture.background if shape.kind == "rect" and shape.radius)
    as_int, as_float = (replace(picture, background=[replace(rect, radius=number)]) for number in (8, 8.0))
    assert 'rx="8"' in draw_inline(as_int, palette(Theming()), "rg")
    assert 'rx="8.0"' in draw_inline(as_float, palette(Theming()), "rg")


def test_right_to_left_mirrors_the_route_but_not_the_text() -> None:
    checked = check(GOLDEN_ROUTE)
    nl = layout_picture(localize_file(checked.route, GOLDEN_ROUTE, "nl"), "landscape", href)
    ar = layout_picture(localize_file(checked.route, GOLDEN_ROUTE, "ar"), "landscape", href)
    assert ar.width == nl.width and ar.direction == "rtl"
    first_nl, second_nl = nl.stations[0].hit, nl.stations[1].hit
    first_ar, second_ar = ar.stations[0].hit, ar.stations[1].hit
    assert first_nl.x < second_nl.x  # left to right in Dutch
    assert first_ar.x > second_ar.x  # right to left in Arabic
    assert first_ar.x == pytest.approx(nl.width - first_nl.right)  # mirrored, same size
    svg = infographic(localize_file(checked.route, GOLDEN_ROUTE, "ar"), "landscape", href, standalone=False)
    assert "scale(-1" not in svg and "matrix(-1" not in svg  # glyphs are never flipped
    arrows = [s for s in ar.background if s.arrow]
    assert arrows and all(s.points[-1][0] <= s.points[0][0] for s in arrows)  # arrows point left


def _svg_tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_svg_is_accessible_and_links_every_step() -> None:
    checked = check(GOLDEN_ROUTE)
    localized = localize_file(checked.route, GOLDEN_ROUTE, "ar")
    root = _svg_tree(infographic(localized, "landscape", href))
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ar"
    links = root.findall(f".//{SVG}a")
    assert [a.get("href") for a in links] == [f"{s.id}/" for s in checked.route.steps]
    assert all(a.get("aria-label", "").strip() for a in links)
    for text in root.iter(f"{SVG}text"):
        assert text.get("text-anchor") == "middle"
        assert text.get("direction") in ("ltr", "rtl")
    groups = [g for g in root.iter(f"{SVG}g") if g.find(f"{SVG}text") is not None]
    langs = {g.get("{http://www.w3.org/XML/1998/namespace}lang") for g in groups}
    assert "ar" in langs
    arabic = [g for g in groups if g.get("{http://www.w3.org/XML/1998/namespace}lang") == "ar"]
    assert all(g.get("direction") == "rtl" for g in arabic)
    style = root.find(f".//{SVG}style")
    assert style is not None and "@font-face" in (style.text or "")  # standalone: fonts embedded
    assert "a:focus" in (style.text or "")  # a visible focus style for keyboard users


def test_inline_svg_has_no_style_element_or_fonts() -> None:
    checked = check(GOLDEN_ROUTE)
    svg = infographic(localize_file(checked.route, GOLDEN_ROUTE, "nl"), "portrait", href, standalone=False)
    root = _svg_tree(svg)
    assert root.find(f".//{SVG}style") is None  # the page's CSP allows no inline style
    assert "base64" not in svg


def test_a_character_no_font_has_is_a_build_error() -> None:
    text = new_route_text("Proefstad", "proefstad").replace("title: Kennismaken", "title: Kennismaken 中文")
    checked = validate(load_text(text, Path("proefstad.yaml")))
    localized = localize_file(checked.route, Path("proefstad.yaml"), "nl")
    with pytest.raises(MissingGlyphError, match=r"U\+4E2D"):
        layout_picture(localized, "landscape", href)


def test_theme_colours_with_too_little_contrast_are_refused() -> None:
    with pytest.raises(RoutegenError, match="contrast"):
        palette(Theming(primary="#9fd3e0", accent="#b34700"))
    good = palette(Theming())
    for _what, fg, bg, need, _field in good.pairs():
        assert contrast(fg, bg) >= need


def _normalise(svg: str) -> str:
    """Stable text for review: one element per line, numbers rounded to 0.1 px."""
    svg = re.sub(r"(\d+\.\d+)", lambda m: f"{float(m.group(1)):.1f}", svg)
    return re.sub(r">\s*<", ">\n<", svg).strip() + "\n"


@pytest.mark.parametrize("lang", ["nl", "ar"])
@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_golden_layout(lang: str, orientation: str) -> None:
    """Pins the layout of one small route: a layout change shows up here as a reviewed diff.

    Regenerate with ROUTEGEN_REGENERATE=1 and review the diff of tests/golden/ before committing.
    """
    checked = check(GOLDEN_ROUTE)
    svg = infographic(localize_file(checked.route, GOLDEN_ROUTE, lang), orientation, href, standalone=False)
    golden = GOLDEN_DIR / f"proefstad-{lang}-{orientation}.svg"
    actual = _normalise(svg)
    if os.environ.get("ROUTEGEN_REGENERATE"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.read_text(encoding="utf-8") == actual
