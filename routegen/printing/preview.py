"""Social preview images: one 1200x630 PNG per language, and the Open Graph tags that point to it.

A link to the route shared in WhatsApp, Facebook or LinkedIn shows a card: those services read
``og:image`` (an absolute address, 1200x630 is the size they all crop to) and ``og:title`` /
``og:description``. The image is a small HTML card (the route's title and municipality over the
landscape picture) that headless Chromium screenshots, because Chromium shapes Arabic and
Ethiopic as the site's own browser does. Only `routegen build --print` makes the images; the
tags without an image are written whenever the route has a ``site_url``.

Nothing here imports Playwright at module level: the render stage uses :func:`open_graph_tags`
on every build, which must never need Chromium.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

from babel.core import get_global

from ..colors import Palette
from ..languages import get_language
from ..layout.fonts import default_registry
from ..sitefonts import font_css
from . import chromium

PREVIEW_WIDTH = 1200
PREVIEW_HEIGHT = 630
PREVIEW_FILE = "preview.png"  # in each language's folder: <lang>/preview.png
MAX_PREVIEW_BYTES = 300_000  # messengers refuse or recompress larger images; WhatsApp wants < 300 kB


@dataclass(frozen=True)
class PreviewCard:
    """What one language's preview shows: texts in the reader's language and the picture."""

    lang: str  # BCP 47 tag, for lang= and the font stack
    direction: str  # "ltr" or "rtl"
    title: str
    municipality: str
    picture_svg: bytes  # the standalone landscape picture, its subset fonts embedded
    picture_alt: str


class PreviewTooLarge(RuntimeError):
    """A preview PNG over :data:`MAX_PREVIEW_BYTES`: a bug in the card, not in the route."""


def preview_file(lang_folder: str) -> str:
    """Where a language's preview image lies in the site, below the route's prefix."""
    return f"{lang_folder}/{PREVIEW_FILE}"


def open_graph_locale(lang: str) -> str:
    """The OGP locale of a language: language_TERRITORY (``nl_NL``, ``ar_EG``, ``ti_ET``).

    OGP asks for a territory; where the language's own locale has none, CLDR's likely subtags
    give the one it is most used in. Without one, the language alone.
    """
    locale = get_language(lang).formatting_locale  # "nl", "en_GB", "fa_AF", "sr_Latn"
    parts = locale.split("_")
    territory = next((part for part in parts[1:] if len(part) == 2 or part.isdigit()), None)
    if territory is None:
        likely = str(get_global("likely_subtags").get(parts[0], ""))
        territory = next((part for part in likely.split("_")[1:] if len(part) == 2), None)
    return f"{parts[0]}_{territory}" if territory else parts[0]


def picture_alt(title: str, municipality: str) -> str:
    """The alt text of a preview: the picture's own title, as routegen.layout.route_map gives its
    <title> (the route's title, with the municipality when the title does not name it)."""
    return title if municipality in title else f"{title} – {municipality}"


def open_graph_tags(*, lang: str, title: str, description: str, site_url: str | None, page_path: str,
                    image: bool, image_alt: str) -> list[tuple[str, str]]:
    """The Open Graph and Twitter tags of one page as (property, content) pairs.

    Without ``site_url`` there are none: OGP needs absolute addresses, and a page whose address
    is unknown cannot name its image. ``image`` says whether the build made the previews.
    """
    if not site_url:
        return []
    folder = get_language(lang).folder
    tags = [("og:type", "website"), ("og:title", title), ("og:description", description),
            ("og:url", f"{site_url}{page_path}"), ("og:locale", open_graph_locale(lang))]
    if image:
        tags += [("og:image", f"{site_url}{preview_file(folder)}"), ("og:image:type", "image/png"),
                 ("og:image:width", str(PREVIEW_WIDTH)), ("og:image:height", str(PREVIEW_HEIGHT)),
                 ("og:image:alt", image_alt), ("twitter:card", "summary_large_image")]
    return tags


def _data_url(media_type: str, data: bytes) -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


def card_html(card: PreviewCard, fonts: Mapping[str, bytes], colours: Palette) -> str:
    """The card as one self-contained HTML page (fonts and picture as data: URLs, no network).

    The picture is scaled to fit below the title band, so the whole route shows, as in the site.
    The title keeps at most two lines, and a line-height with room for Arabic dots below the
    line and Ethiopic marks above it (the clamp's overflow would cut them off).
    """
    faces = re.sub(r"url\(fonts/([^)]+)\)", lambda m: f"url({_data_url('font/woff2', fonts[m.group(1)])})",
                   font_css(dict(fonts), [card.lang]))
    stack = ",".join(f"'{family}'" for family in default_registry().families_for(card.lang, False))
    return f"""<!doctype html>
<html lang="{escape(card.lang)}" dir="{card.direction}">
<head><meta charset="utf-8"><style>
{faces}
html,body{{margin:0;width:{PREVIEW_WIDTH}px;height:{PREVIEW_HEIGHT}px;overflow:hidden}}
body{{display:flex;flex-direction:column;background:{colours.background};font-family:{stack},sans-serif}}
header{{flex:none;padding:22px 48px 18px;background:{colours.primary};color:{colours.on_primary}}}
.municipality{{margin:0 0 2px;font-size:28px;line-height:1.4}}
h1{{margin:0;font-size:48px;line-height:1.45;font-weight:700;display:-webkit-box;
  -webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}}
.picture{{flex:1;min-height:0;padding:14px 24px;display:flex;align-items:center;justify-content:center}}
.picture img{{max-width:100%;max-height:100%;object-fit:contain}}
</style></head>
<body>
<header><p class="municipality">{escape(card.municipality)}</p><h1>{escape(card.title)}</h1></header>
<div class="picture"><img src="{_data_url('image/svg+xml', card.picture_svg)}" alt="{escape(card.picture_alt)}"></div>
</body>
</html>
"""


def screenshot_cards(cards: list[PreviewCard], fonts: Mapping[str, bytes], colours: Palette) -> dict[str, bytes]:
    """Each card as a PNG by language, from one Chromium; raises ChromiumMissing without one."""
    return chromium.in_own_thread(lambda: _screenshot_cards(cards, fonts, colours))


def _screenshot_cards(cards: list[PreviewCard], fonts: Mapping[str, bytes], colours: Palette) -> dict[str, bytes]:
    images: dict[str, bytes] = {}
    with chromium.browser() as browser:
        page: Any = browser.new_page(viewport={"width": PREVIEW_WIDTH, "height": PREVIEW_HEIGHT},
                                     device_scale_factor=1)
        try:
            for card in cards:
                page.set_content(card_html(card, fonts, colours), wait_until="load")
                page.evaluate("async () => { await document.fonts.ready;"
                              " await Promise.all([...document.images].map(i => i.decode())); }")
                png: bytes = page.screenshot(type="png", full_page=False, animations="disabled")
                if len(png) > MAX_PREVIEW_BYTES:
                    raise PreviewTooLarge(f"The preview image of {card.lang} is {len(png)} bytes, "
                                          f"over the {MAX_PREVIEW_BYTES} that messengers accept.")
                images[card.lang] = png
        finally:
            page.close()
    return images
