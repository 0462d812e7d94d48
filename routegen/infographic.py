"""The infographic of one route in one language: layout, then draw, with fonts to embed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from .colors import Palette, palette
from .draw import FontFace, draw_svg
from .fontsubset import subset_woff2
from .layout.fonts import default_registry
from .layout.geometry import Picture
from .layout.route_map import layout_picture
from .localize import LocalizedRoute

ORIENTATIONS = ("landscape", "portrait")
COMMON_CHARACTERS = frozenset("0123456789…–·:;,.()/-+€ ")
FILE_NAMES = {"landscape": "infographic.svg", "portrait": "infographic-portrait.svg"}


def used_faces(picture: Picture) -> tuple[FontFace, ...]:
    """Subset fonts for the characters the picture draws, per family and weight."""
    registry = default_registry()
    texts: dict[tuple[str, bool], list[str]] = defaultdict(list)
    for label in picture.all_labels():
        texts[(label.lang, label.bold)].extend(line.text for line in label.lines)
    by_font: dict[tuple[str, int], list[str]] = defaultdict(list)
    fonts = {}
    for (lang, bold), lines in texts.items():
        for font in registry.chain_for(lang, bold):
            key = (font.family, font.weight)
            fonts[key] = font
            by_font[key].extend(lines)
    faces = []
    for key, lines in sorted(by_font.items()):
        # The same characters for both orientations, whatever the wrapping: one subset serves both.
        text = "".join(sorted(set("".join(lines)) | COMMON_CHARACTERS))
        font = fonts[key]
        if any(font.covers(ord(ch)) for ch in text if not ch.isspace()):
            faces.append(FontFace(font.family, font.weight, subset_woff2(font, text)))
    return tuple(faces)


def infographic(localized: LocalizedRoute, orientation: str, href: Callable[[str], str], *,
                standalone: bool = True, colours: Palette | None = None) -> str:
    """SVG text of the route's picture; standalone pictures embed their subset fonts."""
    picture = layout_picture(localized, orientation, href)
    faces = used_faces(picture) if standalone else ()
    return draw_svg(picture, colours or palette(localized.route.theme), faces=faces,
                    standalone=standalone, id_prefix=f"rg-{orientation}")
