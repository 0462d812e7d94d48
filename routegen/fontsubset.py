"""Fonts cut down to the characters a page or picture uses, as WOFF2 (fontTools).

A statushouder on a slow phone connection should not download a whole font family: an
Arabic page needs a few hundred glyphs, not thousands. Subsets are cached by content.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from fontTools import subset

from .layout.fonts import Font


@lru_cache(maxsize=128)
def _subset(path: Path, index: int, codepoints: frozenset[int]) -> bytes:
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # keep Arabic joining, ligatures and marks
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]  # keep copyright and licence names (OFL)
    options.notdef_outline = True
    options.font_number = index
    font = subset.load_font(str(path), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    return buffer.getvalue()


def subset_woff2(font: Font, text: str) -> bytes:
    """WOFF2 bytes of ``font`` with the glyphs for ``text`` (and what shaping them needs)."""
    wanted = frozenset(ord(ch) for ch in text if font.covers(ord(ch))) | {0x20}
    return _subset(font.path, font.index, wanted)
