"""The layout and draw stages for one route: its picture in every language and orientation.

A picture is laid out and drawn once per content (the route's structure, the texts it shows,
the logo): inline for the overview page; its standalone file is that drawing with its size,
style and the site's subset fonts added. The cache (see routegen.cache) keeps both across
builds of `serve`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .cache import RenderCache
from .colors import Palette
from .draw import FontFace, draw_inline, standalone_svg
from .infographic import FILE_NAMES, ORIENTATIONS, fonts_needed
from .layout.geometry import Picture
from .layout.route_map import layout_picture
from .localize import LocalizedRoute
from .sitefonts import file_name


@dataclass(frozen=True)
class PublishedLogo:
    """The municipality's logo as the site publishes it: its path from the site's root, its bytes."""

    path: str
    data: bytes


class Pictures:
    """Every picture of one route, laid out and drawn on demand, each at most once per content."""

    def __init__(self, localized: dict[str, LocalizedRoute], picture_keys: dict[str, str],
                 colours: Palette, structure: str, cache: RenderCache, logo: PublishedLogo | None) -> None:
        self.localized = localized
        self.picture_keys = picture_keys  # per language: routegen.cache.picture_key of its texts
        self.colours = colours
        self.structure = structure
        self.cache = cache
        self.logo = logo

    def _key(self, lang: str, orientation: str) -> tuple[str, ...]:
        return (self.structure, lang, orientation, self.picture_keys[lang], self.logo.path if self.logo else "")

    def layout(self, lang: str, orientation: str) -> Picture:
        key = self._key(lang, orientation)
        picture = self.cache.layouts.get(key)
        if picture is None:  # the picture lies in the language's folder, like the step pages
            picture = layout_picture(self.localized[lang], orientation, lambda step_id: f"{step_id}/",
                                     logo=f"../{self.logo.path}" if self.logo else None)
            self.cache.layouts[key] = picture
        return picture

    def inline(self, lang: str, orientation: str) -> str:
        """The picture as the overview page holds it (the page's stylesheet and fonts apply)."""
        return self._drawn(lang, orientation, None)

    def standalone(self, fonts: dict[str, bytes]) -> dict[tuple[str, str], str]:
        """Each picture as a file of its own, embedding the site's subset fonts it draws with
        (they hold every character of every picture) and the logo."""
        fonts_key = hashlib.sha256(b"".join(fonts[n] for n in sorted(fonts))).hexdigest()
        return {(lang, orientation): self._drawn(lang, orientation, fonts, fonts_key)
                for lang in self.localized for orientation in ORIENTATIONS}

    def _drawn(self, lang: str, orientation: str, fonts: dict[str, bytes] | None, fonts_key: str = "") -> str:
        key = (*self._key(lang, orientation), fonts_key)
        svg = self.cache.svgs.get(key)
        if svg is None:
            picture = self.layout(lang, orientation)
            if fonts is None:  # kept by its inputs: a key of the laid-out picture (its repr) costs a fourth of drawing it
                svg = draw_inline(picture, self.colours, f"rg-{orientation}")
            else:  # the inline drawing with its size, style and fonts: svgwrite draws it once
                faces = tuple(FontFace(font.family, font.weight, fonts[file_name(font)])
                              for font in sorted(fonts_needed(picture), key=lambda f: (f.family, f.weight)))
                svg = standalone_svg(self._drawn(lang, orientation, None), picture, self.colours, faces,
                                     self.logo.data if self.logo else b"")
            self.cache.svgs[key] = svg
        return svg


def picture_file(lang_folder: str, orientation: str) -> str:
    """Where a standalone picture lies in the site, below the route's prefix."""
    return f"{lang_folder}/{FILE_NAMES[orientation]}"
