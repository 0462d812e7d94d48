"""The infographic of one route in one language: layout, then draw, with fonts to embed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from .colors import Palette, palette
from .draw import FontFace, draw_svg
from .fontsubset import subset_woff2
from .layout.fonts import Font, default_registry
from .layout.geometry import Picture
from .layout.route_map import layout_picture
from .localize import LocalizedRoute

ORIENTATIONS = ("landscape", "portrait")
COMMON_CHARACTERS = frozenset("0123456789…–·:;,.()/-+€ ")
FILE_NAMES = {"landscape": "infographic.svg", "portrait": "infographic-portrait.svg"}


def fonts_needed(picture: Picture) -> dict[Font, set[str]]:
    """Which font draws which characters of the picture, as the browser will pick them."""
    registry = default_registry()
    chars: dict[tuple[str, bool], set[str]] = defaultdict(set)
    for label in picture.all_labels():
        chars[(label.lang, label.bold)].update("".join(line.text for line in label.lines))
    needed: dict[Font, set[str]] = defaultdict(set)
    for (lang, bold), used in chars.items():
        chain = registry.chain_for(lang, bold)
        # The same characters for both orientations, whatever the wrapping: one subset serves both.
        for ch in used | COMMON_CHARACTERS:
            font = next((f for f in chain if f.covers(ord(ch))), None)
            if font is not None and not ch.isspace():
                needed[font].add(ch)
    return needed


def used_faces(picture: Picture) -> tuple[FontFace, ...]:
    """Fonts subset to exactly the characters this picture draws."""
    return tuple(
        FontFace(font.family, font.weight, subset_woff2(font, "".join(sorted(used))))
        for font, used in sorted(fonts_needed(picture).items(), key=lambda item: (item[0].family, item[0].weight))
    )


def infographic(localized: LocalizedRoute, orientation: str, href: Callable[[str], str], *,
                standalone: bool = True, colours: Palette | None = None) -> str:
    """SVG text of the route's picture; standalone pictures embed their subset fonts."""
    picture = layout_picture(localized, orientation, href)
    faces = used_faces(picture) if standalone else ()
    return draw_svg(picture, colours or palette(localized.route.theme), faces=faces,
                    standalone=standalone, id_prefix=f"rg-{orientation}")
