"""The glossary in a real browser on a 360 px phone: the first use of a word on a page is a link
that a screen reader announces with its explanation, readable and inside the page's width, in
Dutch and Arabic (right to left). Screenshots are kept for review in tests/screenshots/
(regenerate: ROUTEGEN_SCREENSHOTS=1).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import ROOT

SCREENSHOTS = ROOT / "tests" / "screenshots"


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_an_explained_word_on_a_phone(browser, server: str, tmp_path: Path, lang: str) -> None:
    ctx = browser.new_context(viewport={"width": 360, "height": 800})
    page = ctx.new_page()
    page.goto(f"{server}smallingerland/{lang}/wonen/")
    page.evaluate("document.fonts.ready.then(() => true)")
    word = page.locator("main .rg-term").first
    explanation = page.locator(f"#{word.get_attribute('aria-describedby')}")
    expect(word).to_have_accessible_description(explanation.inner_text().strip())
    sizes = page.evaluate("""() => [...document.querySelectorAll('.rg-term, .rg-words dt, .rg-words dd')]
        .map(e => parseFloat(getComputedStyle(e).fontSize))""")
    assert sizes and min(sizes) >= 12, sizes
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= 360, f"the page scrolls sideways on a phone ({scroll} px wide)"
    box = page.locator(".rg-words").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
    if lang == "ar":
        assert page.evaluate("getComputedStyle(document.querySelector('.rg-words')).direction") == "rtl"
    word.focus()  # keyboard focus on the word is visible: the screenshot shows its outline
    shot = tmp_path / "page.png"
    page.screenshot(path=str(shot), full_page=True)
    anchor = (word.get_attribute("href") or "").split("#")[1]
    word.click()
    assert page.url.endswith(f"/smallingerland/{lang}/glossary/#{anchor}")
    expect(page.locator(":target")).to_be_visible()
    ctx.close()
    kept = SCREENSHOTS / f"glossary-smallingerland-{lang}-360.png"
    if os.environ.get("ROUTEGEN_SCREENSHOTS"):
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_bytes(shot.read_bytes())
    assert kept.exists(), f"{kept} is missing: run with ROUTEGEN_SCREENSHOTS=1 and review it"
