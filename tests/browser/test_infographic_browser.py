"""What Chromium really draws: every text of every example picture measured in the browser.

The layout measures text with HarfBuzz and the shipped fonts; here the browser renders the
standalone SVG (with its embedded subset fonts) and getBoundingClientRect tells where each line
really is. A line wider than measured, outside its box or the picture, or overlapping another
label fails the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from routegen.pipeline import check
from routegen.layout.geometry import Rect
from routegen.layout.route_map import layout_picture
from routegen.localize import localize_file

from .conftest import EXAMPLES, ROOT

TOLERANCE = 1.5  # px: anti-aliasing and rounding in the browser
SCREENSHOTS = ROOT / "tests" / "screenshots"

MEASURE_JS = """
async () => {
  await document.fonts.ready;
  const svg = document.documentElement;
  const origin = svg.getBoundingClientRect();
  return Array.from(document.querySelectorAll('text')).map(t => {
    const r = t.getBoundingClientRect();
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < t.getNumberOfChars(); i++) {
      const e = t.getExtentOfChar(i);
      lo = Math.min(lo, e.x); hi = Math.max(hi, e.x + e.width);
    }
    return {text: t.textContent.trimEnd(), x: lo, y: r.y - origin.y, w: hi - lo, h: r.height,
            advance: t.getComputedTextLength()};
  });
}
"""


def cases() -> list[tuple[str, str, str]]:
    found = []
    for path in EXAMPLES:
        for lang in check(path).route.route.languages:
            for orientation in ("landscape", "portrait"):
                found.append((path.stem, lang, orientation))
    return found


def _url(server: str, stem: str, lang: str, orientation: str) -> str:
    name = "infographic.svg" if orientation == "landscape" else "infographic-portrait.svg"
    return f"{server}{stem}/{lang}/{name}"


@pytest.mark.parametrize(("stem", "lang", "orientation"), cases())
def test_rendered_text_stays_in_its_box(browser, server: str, stem: str, lang: str, orientation: str) -> None:
    path = ROOT / "routes" / f"{stem}.yaml"
    checked = check(path)
    picture = layout_picture(localize_file(checked.route, path, lang), orientation, lambda s: f"{s}/")
    page = browser.new_page(viewport={"width": int(picture.width) + 20, "height": 800})
    try:
        page.goto(_url(server, stem, lang, orientation))
        rendered = page.evaluate(MEASURE_JS)
    finally:
        page.close()
    expected = [(label, line) for label in picture.all_labels() for line in label.lines]
    assert [r["text"] for r in rendered] == [line.text for _, line in expected]
    boxes: list[tuple[int, Rect]] = []
    for item, (label, line) in zip(rendered, expected, strict=True):
        # Horizontally: the glyphs' advance cells, which is what the layout measured with
        # HarfBuzz. Vertically: the client rect (ascent to descent of the font as drawn).
        advance = item["advance"]
        assert advance <= line.width + TOLERANCE, f"{line.text!r}: drawn {advance:.1f} px, measured {line.width:.1f}"
        centre = item["x"] + item["w"] / 2
        assert abs(centre - line.cx) <= TOLERANCE, f"{line.text!r} is not where it was placed"
        box = Rect(item["x"], item["y"] + TOLERANCE, item["w"], max(0.0, item["h"] - 2 * TOLERANCE))
        container = label.container
        assert container is not None
        assert container.contains(box, slack=TOLERANCE), f"{line.text!r} leaves its box"
        assert box.x >= -TOLERANCE and box.right <= picture.width + TOLERANCE
        assert box.bottom <= picture.height
        boxes.append((id(label), box))
    for i, (owner_a, a) in enumerate(boxes):
        for owner_b, b in boxes[i + 1 :]:
            if owner_a != owner_b:
                assert not a.overlaps(b), "two labels overlap in the browser"


@pytest.mark.parametrize("lang", ["nl", "ar", "ti"])
@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_screenshots_of_smallingerland(browser, server: str, tmp_path: Path, lang: str, orientation: str) -> None:
    """Renders the pictures kept for review in tests/screenshots/ and checks they still match in size.

    The PNGs themselves are reviewed by people (the Arabic ones read right to left with joined
    letters); regenerate them with ROUTEGEN_SCREENSHOTS=1.
    """
    import os

    page = browser.new_page(viewport={"width": 2400, "height": 1200})  # wider than any picture: none is cut
    try:
        page.goto(_url(server, "smallingerland", lang, orientation))
        page.evaluate("document.fonts.ready.then(() => true)")
        svg = page.locator("svg.rg-infographic")
        shot = tmp_path / "shot.png"
        svg.screenshot(path=str(shot))
        size = svg.bounding_box()
    finally:
        page.close()
    kept = SCREENSHOTS / f"smallingerland-{lang}-{orientation}.png"
    if os.environ.get("ROUTEGEN_SCREENSHOTS"):
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_bytes(shot.read_bytes())
    assert kept.exists(), f"{kept} is missing: run with ROUTEGEN_SCREENSHOTS=1 and review it"
    assert size is not None
    from struct import unpack

    width, height = unpack(">II", kept.read_bytes()[16:24])
    assert abs(width - size["width"]) <= 1 and abs(height - size["height"]) <= 1  # whole pixels
