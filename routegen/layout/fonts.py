"""The font registry: which font files routegen may draw with, and what each of them covers.

Only fonts routegen is *told* about are used: the Noto fonts shipped in ``routegen/fonts/`` and
the folders a user adds with the font path option. System fonts are never looked at, so that an
update of the machine's fonts cannot change a route's infographic.

Every font file (``.ttf``, ``.otf``, ``.ttc``, ``.otc``) is indexed once, with fontTools, by
family name (name id 16, else 1), weight (OS/2 ``usWeightClass``; a variable font with a ``wght``
axis serves every weight on that axis) and the set of code points its cmap maps. The HarfBuzz face
and font are only built when a text is first shaped with it, and then kept.

The fallback chain for a language (:meth:`FontRegistry.chain_for`) is the families that
:mod:`routegen.languages` names for it, in that order, followed by every other registered family
(shipped ones first, then the user's, in folder order) as a last resort, so that a character
no font of the language has, but some registered font has, is still drawn rather than failing:
the hint of :class:`~routegen.layout.text.MissingGlyphError` ("add a font folder with a font that
has it") must be true for every language. Whoever writes the SVG must give the same families in
the same order (:meth:`FontRegistry.families_for`) so that the browser draws with what was
measured.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import uharfbuzz as hb
from fontTools.ttLib import TTCollection, TTFont, TTLibError

from routegen.errors import RoutegenError
from routegen.languages import get_language

__all__ = [
    "BOLD",
    "REGULAR",
    "SHIPPED_FONTS",
    "Font",
    "FontError",
    "FontRegistry",
    "default_registry",
]

REGULAR = 400
BOLD = 700

SHIPPED_FONTS = Path(__file__).resolve().parent.parent / "fonts"

_FONT_SUFFIXES = frozenset({".ttf", ".otf", ".ttc", ".otc"})
_COLLECTION_SUFFIXES = frozenset({".ttc", ".otc"})


class FontError(RoutegenError):
    """A font folder or font file that routegen cannot use."""


@dataclass(frozen=True, slots=True)
class Metrics:
    """Vertical metrics in font units: ascent above the baseline and descent below it, both >= 0."""

    ascent: int
    descent: int
    line_gap: int


class Font:
    """One face of one font file, at one weight, with its HarfBuzz objects built on first use.

    Widths come out in font units; divide by :attr:`units_per_em` and multiply by the size in px.
    """

    __slots__ = (
        "_blobs",
        "_hb_font",
        "codepoints",
        "family",
        "index",
        "metrics",
        "path",
        "units_per_em",
        "variations",
        "weight",
    )

    def __init__(
        self,
        path: Path,
        index: int,
        family: str,
        weight: int,
        units_per_em: int,
        codepoints: frozenset[int],
        metrics: Metrics,
        variations: dict[str, float] | None = None,
        blobs: dict[Path, bytes] | None = None,
    ) -> None:
        self.path = path
        self.index = index  # face index inside a collection; 0 for a plain font file
        self.family = family
        self.weight = weight
        self.units_per_em = units_per_em
        self.codepoints = codepoints
        self.metrics = metrics
        self.variations = dict(variations or {})
        self._blobs = {} if blobs is None else blobs  # shared by the faces of one registry
        self._hb_font: Any = None

    def covers(self, codepoint: int) -> bool:
        """Whether the font's cmap maps this code point to a glyph."""
        return codepoint in self.codepoints

    @property
    def blob(self) -> bytes:
        """The bytes of the font file, read once (shared by all faces of a collection)."""
        blob = self._blobs.get(self.path)
        if blob is None:
            blob = self._blobs[self.path] = self.path.read_bytes()
        return blob

    @property
    def hb_font(self) -> Any:
        """The HarfBuzz font, scaled to font units (so advances are in units per em)."""
        if self._hb_font is None:
            face = hb.Face(self.blob, self.index)
            font = hb.Font(face)
            font.scale = (self.units_per_em, self.units_per_em)
            if self.variations:
                font.set_variations(self.variations)
            self._hb_font = font
        return self._hb_font

    @property
    def hb_face(self) -> Any:
        return self.hb_font.face

    def __repr__(self) -> str:
        return f"Font({self.family!r}, weight={self.weight}, path={str(self.path)!r})"


@dataclass(frozen=True, slots=True)
class _FaceInfo:
    """What the index knows about one face before any HarfBuzz object exists."""

    path: Path
    index: int
    family: str
    weights: tuple[tuple[int, dict[str, float]], ...]  # (weight, variation settings) it serves
    units_per_em: int
    codepoints: frozenset[int]
    metrics: Metrics


class FontRegistry:
    """The fonts routegen may use: the shipped ones first, then those in ``extra_dirs``, in order.

    Folders are searched recursively, files in sorted order, so the result never depends on the
    file system's listing order. When two files have the same family and weight, the first one
    found wins (a shipped font cannot be replaced by accident).

    Raises :class:`FontError` for an extra folder that does not exist or a font file that cannot
    be read.
    """

    def __init__(self, extra_dirs: Sequence[Path] = ()) -> None:
        self.extra_dirs = tuple(Path(d) for d in extra_dirs)
        self._families: dict[str, dict[int, Font]] = {}  # insertion order = registration order
        self._blobs: dict[Path, bytes] = {}
        self._chains: dict[tuple[str, bool], tuple[Font, ...]] = {}
        self._add_folder(SHIPPED_FONTS, shipped=True)
        for folder in self.extra_dirs:
            self._add_folder(folder, shipped=False)

    # -- lookup -------------------------------------------------------------------------------

    @property
    def families(self) -> list[str]:
        """Every registered family, in registration order."""
        return list(self._families)

    def fonts(self) -> list[Font]:
        """Every registered face, in registration order."""
        return [font for faces in self._families.values() for font in faces.values()]

    def find(self, family: str, bold: bool = False) -> Font | None:
        """The face of ``family`` nearest to regular or bold; None when the family is unknown.

        Without a bold face the regular one is used (routegen does not fake bold), and vice versa.
        """
        faces = self._families.get(family)
        if not faces:
            return None
        target = BOLD if bold else REGULAR
        # Nearest weight; on a tie the heavier one for bold, the lighter one for regular.
        best = min(faces, key=lambda w: (abs(w - target), -w if bold else w))
        return faces[best]

    def chain_for(self, lang: str, bold: bool = False) -> list[Font]:
        """The fallback chain to draw ``lang`` with: its own families, then every other family.

        Families the language names but no registered font has are skipped.
        """
        key = (lang, bold)
        chain = self._chains.get(key)
        if chain is None:
            wanted = list(get_language(lang).fonts)
            wanted += [family for family in self._families if family not in wanted]
            chain = tuple(font for family in wanted if (font := self.find(family, bold)))
            self._chains[key] = chain
        return list(chain)

    def families_for(self, lang: str, bold: bool = False) -> list[str]:
        """The family names of :meth:`chain_for`, for the SVG's ``font-family``."""
        return [font.family for font in self.chain_for(lang, bold)]

    # -- indexing -----------------------------------------------------------------------------

    def _add_folder(self, folder: Path, *, shipped: bool) -> None:
        if not folder.is_dir():
            if shipped:
                raise FontError(f"the fonts shipped with routegen are missing: {folder}")
            raise FontError(
                f"font folder {str(folder)!r} does not exist or is not a folder; "
                "give a folder that holds .ttf or .otf files"
            )
        files = sorted(
            (p for p in folder.rglob("*") if p.suffix.lower() in _FONT_SUFFIXES and p.is_file()),
            key=lambda p: p.relative_to(folder).as_posix(),
        )
        for path in files:
            for info in _read_faces(path):
                self._register(info)

    def _register(self, info: _FaceInfo) -> None:
        faces = self._families.setdefault(info.family, {})
        for weight, variations in info.weights:
            if weight in faces:
                continue  # first found wins
            faces[weight] = Font(
                path=info.path,
                index=info.index,
                family=info.family,
                weight=weight,
                units_per_em=info.units_per_em,
                codepoints=info.codepoints,
                metrics=info.metrics,
                variations=variations,
                blobs=self._blobs,
            )


def _read_faces(path: Path) -> Iterable[_FaceInfo]:
    """Index every face of one font file; a collection has several."""
    try:
        if path.suffix.lower() in _COLLECTION_SUFFIXES:
            collection = TTCollection(str(path), lazy=True)
            return [_face_info(path, i, font) for i, font in enumerate(collection.fonts)]
        return [_face_info(path, 0, TTFont(str(path), lazy=True))]
    except (TTLibError, OSError, KeyError, AssertionError, ValueError, TypeError) as exc:
        raise FontError(
            f"cannot read font file {str(path)!r}: {exc}; remove it from the font folder "
            "or replace it with a working .ttf or .otf file"
        ) from exc


def _face_info(path: Path, index: int, font: TTFont) -> _FaceInfo:
    names = font["name"]
    family = names.getDebugName(16) or names.getDebugName(1)
    if not family:
        raise ValueError("the font has no family name (name table id 1 or 16)")
    cmap = font.getBestCmap()
    if cmap is None:
        raise ValueError("the font has no Unicode cmap")
    units_per_em = int(font["head"].unitsPerEm)
    os2 = font.get("OS/2")
    weight = int(os2.usWeightClass) if os2 is not None else REGULAR
    weights: tuple[tuple[int, dict[str, float]], ...] = ((weight, {}),)
    if "fvar" in font:
        for axis in font["fvar"].axes:
            if axis.axisTag == "wght":
                weights = (
                    tuple(
                        (w, {"wght": float(w)})
                        for w in (REGULAR, BOLD)
                        if axis.minValue <= w <= axis.maxValue
                    )
                    or weights
                )
    return _FaceInfo(
        path=path,
        index=index,
        family=str(family),
        weights=weights,
        units_per_em=units_per_em,
        codepoints=frozenset(cmap),
        metrics=_metrics(font),
    )


def _metrics(font: TTFont) -> Metrics:
    """Ascent, descent and line gap as browsers take them: OS/2 typo metrics when the font asks
    for them (USE_TYPO_METRICS, fsSelection bit 7), else hhea."""
    os2 = font.get("OS/2")
    if os2 is not None and os2.fsSelection & (1 << 7):
        return Metrics(
            ascent=int(os2.sTypoAscender),
            descent=-int(os2.sTypoDescender),
            line_gap=int(os2.sTypoLineGap),
        )
    hhea = font["hhea"]
    return Metrics(ascent=int(hhea.ascent), descent=-int(hhea.descent), line_gap=int(hhea.lineGap))


@lru_cache(maxsize=1)
def default_registry() -> FontRegistry:
    """The registry of the shipped fonts only, built once per process."""
    return FontRegistry()
