"""Print HTML -> PDF with headless Chromium: tagged (for screen readers), with an outline, the
bundled Noto subsets embedded. Chromium shapes Arabic and Ethiopic as the site's browsers do."""

from __future__ import annotations

import inspect
import tempfile
from pathlib import Path
from typing import Any

from ..sitefonts import font_css, site_font_files, visible_chars
from .chromium import browser, in_own_thread
from .matter import PrintDocument

FONT_RULES = "<!--rg-fonts-->"  # where a print template wants the @font-face rules


def pdf_options(page: Any) -> dict[str, Any]:
    """Tagged PDF and a document outline where this Playwright has them (1.42 added both);
    an older one still prints, untagged."""
    wanted: dict[str, Any] = {"print_background": True, "prefer_css_page_size": True}
    accepted = inspect.signature(page.pdf).parameters
    wanted.update({name: True for name in ("tagged", "outline") if name in accepted})
    return wanted


def render_pdfs(documents: list[PrintDocument]) -> dict[str, bytes]:
    """Every document as PDF bytes, by its name; one Chromium for all of them."""
    if not documents:
        return {}
    return in_own_thread(lambda: _render_pdfs(documents))


def _render_pdfs(documents: list[PrintDocument]) -> dict[str, bytes]:
    shown: dict[str, list[str]] = {}
    for document in documents:
        shown.setdefault(document.lang, []).append(visible_chars(document.html))
    fonts = site_font_files(shown)
    rules = font_css(fonts, sorted(shown))
    results: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="routegen-print-") as folder, browser() as chromium:
        root = Path(folder)
        (root / "fonts").mkdir()
        for name, data in fonts.items():
            (root / "fonts" / name).write_bytes(data)
        page = chromium.new_page()
        options = pdf_options(page)
        for index, document in enumerate(documents):
            path = root / f"document-{index}.html"
            path.write_text(document.html.replace(FONT_RULES, rules), encoding="utf-8")
            page.goto(path.as_uri(), wait_until="load")
            page.evaluate("document.fonts.ready.then(() => true)")
            results[document.name] = page.pdf(**options)
        page.close()
    return results
