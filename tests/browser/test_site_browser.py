"""The built example sites in a real browser: accessibility (axe-core), privacy, language, keyboard.

Every page of every example route in every language is opened in headless Chromium from a
server on 127.0.0.1 and audited with axe-core for the WCAG 2.1 A and AA rules.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import ROOT

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RTL = {"ar", "fa", "prs", "ps", "ckb", "ur", "he"}
SCREENSHOTS = ROOT / "tests" / "screenshots"


def all_pages(site_dir: Path) -> list[str]:
    return sorted(str(p.relative_to(site_dir).parent) + "/" for p in site_dir.rglob("index.html"))


def _page_lang(path: str) -> str | None:
    parts = [p for p in path.split("/") if p]
    return parts[1] if len(parts) >= 2 else None  # <route>/<lang>/...


@pytest.fixture(scope="module")
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


def test_every_page_passes_axe_and_stays_local(context, server: str, site_dir: Path) -> None:
    axe = Axe()
    pages = all_pages(site_dir)
    assert len(pages) > 100
    failures: list[str] = []
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in pages:
        requested.clear()
        page.goto(server + path)
        lang = page.evaluate("document.documentElement.lang")
        direction = page.evaluate("document.documentElement.dir")
        expected_lang = _page_lang(path)
        if expected_lang:
            if lang != expected_lang:
                failures.append(f"{path}: lang={lang!r}")
            if direction != ("rtl" if expected_lang in RTL else "ltr"):
                failures.append(f"{path}: dir={direction!r}")
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        for violation in results.response["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            failures.append(f"{path}: {violation['id']} ({violation['impact']}) at {targets}")
        for url in requested:
            host = urlparse(url).hostname
            if host not in ("127.0.0.1", None):
                failures.append(f"{path}: request to {url}")
    page.close()
    assert not failures, "\n".join(failures[:40])


@pytest.mark.parametrize("lang", ["nl", "ar", "ti"])
def test_every_step_is_reachable_by_keyboard_from_the_overview(context, server: str, lang: str) -> None:
    page = context.new_page()
    page.goto(f"{server}smallingerland/{lang}/")
    steps = page.evaluate(
        "Array.from(document.querySelectorAll('.rg-steps a')).map(a => new URL(a.href).pathname)")
    assert steps
    reached: set[str] = set()
    for _ in range(400):
        page.keyboard.press("Tab")
        href = page.evaluate(
            "(() => { const a = document.activeElement.closest('a'); "
            "return a ? new URL(a.getAttribute('href'), location.href).pathname : null })()")
        if href:
            reached.add(href)
        if set(steps) <= reached:
            break
    page.close()
    assert set(steps) <= reached, f"not reached by Tab: {sorted(set(steps) - reached)}"


def test_language_switcher_keeps_the_page(context, server: str) -> None:
    page = context.new_page()
    page.goto(f"{server}smallingerland/nl/welkom/")
    page.click(".rg-languages a[hreflang='ar']")
    page.wait_for_load_state()
    assert urlparse(page.url).path == "/smallingerland/ar/welkom/"
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page.click(".rg-languages a[hreflang='ti']")
    page.wait_for_load_state()
    assert urlparse(page.url).path == "/smallingerland/ti/welkom/"
    page.close()


def test_pages_work_without_javascript(browser, server: str) -> None:
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    page = ctx.new_page()
    page.goto(f"{server}smallingerland/ar/")
    assert page.locator(".rg-picture-portrait > svg").is_visible()  # not the pictograms inside
    assert page.locator(".rg-steps a").count() >= 10
    ctx.close()


@pytest.mark.parametrize("lang", ["nl", "ar", "ti"])
@pytest.mark.parametrize("width", [360, 1280])
def test_overview_screenshots(browser, server: str, tmp_path: Path, lang: str, width: int) -> None:
    """Full-page screenshots kept for review in tests/screenshots/ (regenerate: ROUTEGEN_SCREENSHOTS=1).

    Checked here: the page has no horizontal scroll at that width (readable on a 360 px phone).
    """
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    page = ctx.new_page()
    page.goto(f"{server}smallingerland/{lang}/")
    page.evaluate("document.fonts.ready.then(() => true)")
    scroll = page.evaluate("document.documentElement.scrollWidth")
    shot = tmp_path / "page.png"
    page.screenshot(path=str(shot), full_page=True)
    ctx.close()
    assert scroll <= width, f"the page scrolls sideways at {width} px ({scroll} px wide)"
    kept = SCREENSHOTS / f"site-smallingerland-{lang}-{width}.png"
    if os.environ.get("ROUTEGEN_SCREENSHOTS"):
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_bytes(shot.read_bytes())
    assert kept.exists(), f"{kept} is missing: run with ROUTEGEN_SCREENSHOTS=1 and review it"
