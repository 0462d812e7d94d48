"""Fonts cut down to the characters a page or picture uses, as WOFF2 (fontTools).

A statushouder on a slow phone connection should not download a whole font family: an
Arabic page needs a few hundred glyphs, not thousands. Cutting is the slowest thing routegen
does (about half a second for an Ethiopic face), so each subset is kept in the persistent cache
(routegen.store) by the font's content and the characters, and made at most once per process.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import store
from .layout.fonts import Font

# Names kept: copyright, family, style, unique id, full name, version, PostScript name (the OFL
# asks for the copyright and names), and every name a layout table points to (ids 256 and up).
KEPT_NAMES = frozenset(range(7))


def _options(index: int) -> Any:
    from fontTools import subset  # a tenth of a second to import: only when a font is cut

    options = subset.Options()
    options.flavor = "woff2"
    # fontTools' default layout features are those a browser applies by itself (Arabic joining,
    # ligatures, marks, kerning, ...), which are also what HarfBuzz measures the picture with.
    # Not "*": small capitals, old-style figures and the like are never asked for, and keeping
    # them made the Arabic subset 32 KB instead of 18 KB, and cutting it twice as slow.
    options.name_IDs = sorted(KEPT_NAMES)
    options.notdef_outline = True
    options.font_number = index
    return options


def _cut(path: Path, index: int, codepoints: frozenset[int]) -> bytes:
    from fontTools import subset

    options = _options(index)
    font = subset.load_font(str(path), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    # fontTools prunes the name table by walking every layout table for the names they use,
    # which takes longer than the cut itself (0.4 of 0.6 s for Ethiopic). The name table is
    # set aside and pruned here: ids 256 and up, the only ones layout tables use, stay.
    names = font["name"] if "name" in font else None
    if names is not None:
        del font["name"]
    subsetter.subset(font)
    if names is not None:
        names.names = [n for n in names.names if n.nameID in KEPT_NAMES or n.nameID >= 256]
        font["name"] = names
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    return buffer.getvalue()


def _key(path: Path, index: int, codepoints: frozenset[int]) -> str:
    return store.digest("font-subset", store.file_digest(path), str(index), ",".join(map(str, sorted(codepoints))))


@lru_cache(maxsize=128)
def _subset(path: Path, index: int, codepoints: frozenset[int]) -> bytes:
    key = _key(path, index, codepoints)
    cached = store.load("fonts", key)
    if cached is not None:
        return cached
    with store.claim("fonts", key):  # another process cutting this subset: wait, then take its cut
        cached = store.load("fonts", key)
        if cached is not None:
            return cached
        data = _cut(path, index, codepoints)
        store.save("fonts", key, data)
    return data


def _codepoints(font: Font, text: str | frozenset[str]) -> frozenset[int]:
    return frozenset(ord(ch) for ch in text if font.covers(ord(ch))) | {0x20}


def subset_woff2(font: Font, text: str) -> bytes:
    """WOFF2 bytes of ``font`` with the glyphs for ``text`` (and what shaping them needs)."""
    return _subset(font.path, font.index, _codepoints(font, text))


SubsetJob = tuple[Path, int, frozenset[int]]  # font file, face index, code points: plain values


def subset_job(font: Font, text: frozenset[str]) -> SubsetJob:
    """A subset to cut in another process (a Font holds HarfBuzz objects, which do not cross)."""
    return font.path, font.index, _codepoints(font, text)


def subset_is_cached(job: SubsetJob) -> bool:
    """Whether this subset is in the persistent cache already (so nobody need cut it)."""
    return store.has("fonts", _key(*job))


def cut_into_cache(path: Path, index: int, codepoints: frozenset[int]) -> None:
    """Cut a subset for the cache (run in another process)."""
    _subset(path, index, codepoints)
