"""The picture is readable where people read it: every text on the overview renders at 12 CSS px
or more, on a 360 px phone and on a 1280 px desktop, in Dutch, Arabic and Tigrinya.

axe-core does not measure this: the browser does. For each visible SVG text element we take its
font size times the scale at which the SVG is drawn (the ratio of its rendered width to its
viewBox width), which is the size in CSS px the reader sees.
"""

from __future__ import annotations

import pytest

MEASURE = """
() => {
  const out = [];
  for (const svg of document.querySelectorAll('svg.rg-infographic')) {
    const box = svg.getBoundingClientRect();
    if (box.width === 0 || getComputedStyle(svg.parentElement).display === 'none') continue;
    const scale = box.width / svg.viewBox.baseVal.width;
    for (const text of svg.querySelectorAll('text')) {
      const size = parseFloat(getComputedStyle(text).fontSize);
      out.push({text: text.textContent, px: size * scale, scale: scale});
    }
  }
  return out;
}
"""


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("lang", ["nl", "ar", "ti"])
def test_every_picture_text_on_the_overview_is_at_least_12_css_px(browser, server: str, width: int,
                                                                   lang: str) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{server}smallingerland/{lang}/")
    texts = page.evaluate(MEASURE)
    context.close()
    assert len(texts) > 40, f"no picture shown at {width} px"
    small = sorted((round(t["px"], 1), t["text"]) for t in texts if t["px"] < 12)
    assert not small, f"{len(small)} of {len(texts)} texts under 12 px at {width} px ({lang}): {small[:8]}"
