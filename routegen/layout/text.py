"""Text measurement for the infographic: shaping with HarfBuzz, font fallback, line wrapping.

Everything here is pure computation on the registered fonts (:mod:`routegen.layout.fonts`): a
label is measured with the metrics of the fonts that will draw it, shaped as a browser shapes it
(Arabic joining, ligatures, kerning), so that no label overflows its box in any language.

- :func:`measure` gives the advance width of a text in px.
- :func:`wrap` breaks a text into lines no wider than a width, on word boundaries.
- :func:`text_block` wraps and adds what is needed to place the lines (height, ascent, descent).
- :func:`font_runs` tells which font draws which part of a text.

A character that no registered font has is an error (:class:`MissingGlyphError`), never an
invisible box in the picture.

Whitespace: ``measure`` treats tabs and line breaks as spaces (as SVG does). ``wrap`` treats a line
break (``\\n``) as a forced break, collapses runs of spaces and tabs into one space and drops the
spaces at the start and end of each line.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import uharfbuzz as hb

from routegen.errors import RoutegenError
from routegen.languages import Direction, get_language
from routegen.layout.fonts import Font, FontRegistry, default_registry

__all__ = [
    "ELLIPSIS",
    "Block",
    "Line",
    "MissingGlyphError",
    "Run",
    "TextBox",
    "font_runs",
    "measure",
    "missing_characters",
    "text_block",
    "wrap",
]

ELLIPSIS = "\u2026"  # "…"

ZWSP = "\u200b"
ZWNJ = "\u200c"
ZWJ = "\u200d"
ETHIOPIC_WORDSPACE = "\u1361"  # "፡"
_BREAK_AFTER_PUNCT = frozenset("-/\u2010")  # hyphen-minus, solidus, hyphen
_CONTROL_WHITESPACE = str.maketrans({"\t": " ", "\n": " ", "\r": " ", "\f": " ", "\v": " "})

# Unicode Default_Ignorable_Code_Point (DerivedCoreProperties.txt): invisible characters that
# HarfBuzz hides when a font lacks them; they never need a glyph.
_DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)

_IGNORABLE = frozenset(cp for lo, hi in _DEFAULT_IGNORABLE for cp in range(lo, hi + 1))

_CACHE_SIZE = 1 << 16


def _is_ignorable(cp: int) -> bool:
    return cp in _IGNORABLE


# -- results ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Line:
    """One wrapped line: its text (without the space it was broken at) and its width in px."""

    text: str
    width: float


@dataclass(frozen=True, slots=True)
class Block:
    """A wrapped text ready to place: lines, their extent, and the font's vertical metrics in px.

    The first baseline sits ``ascent`` below the top of the block (plus any half-leading the
    caller wants); each next baseline ``line_height`` lower. ``descent`` is below the baseline,
    as a positive number. ``truncated`` says the text did not fit in ``max_lines`` and the last
    line ends with an ellipsis: show the full text elsewhere.
    """

    lines: tuple[Line, ...]
    width: float  # the widest line
    height: float  # len(lines) * line_height
    line_height: float  # px from one baseline to the next (size * line-height factor)
    ascent: float
    descent: float
    size: float
    direction: Direction
    truncated: bool


TextBox = Block  # the name the design notes use for this helper's result


@dataclass(frozen=True, slots=True)
class Run:
    """``text[start:end]`` is drawn with ``font``."""

    start: int
    end: int
    font: Font


class MissingGlyphError(RoutegenError):
    """A text holds a character that none of the registered fonts can draw."""

    def __init__(self, text: str, char: str, lang: str, families: Sequence[str]) -> None:
        self.text = text
        self.char = char
        self.lang = lang
        self.families = tuple(families)
        shown = text if len(text) <= 80 else text[:77] + "..."
        try:
            language = f"{get_language(lang).english_name} ({lang})"
        except ValueError:
            language = repr(lang)
        message = (
            f"cannot draw the text {shown!r} in {language}: no font has the character "
            f"{char!r} ({describe_char(char)}); fonts tried: {', '.join(self.families) or 'none'}. "
            "Hint: add a font folder (the font path option) with a font that has this "
            "character, or remove the character from the text."
        )
        super().__init__(message)

    def __reduce__(self) -> tuple[type[MissingGlyphError], tuple[str, str, str, tuple[str, ...]]]:
        return MissingGlyphError, (self.text, self.char, self.lang, self.families)  # across processes


def describe_char(char: str) -> str:
    """``U+4E2D CJK UNIFIED IDEOGRAPH-4E2D``, for messages."""
    name = unicodedata.name(char, "")
    if not name:
        category = unicodedata.category(char)
        name = "a control character" if category == "Cc" else f"unnamed, category {category}"
    return f"U+{ord(char):04X} {name}"


# -- clusters and font runs ---------------------------------------------------------------------


def _attaches_to_previous(char: str) -> bool:
    """Whether a character belongs to the cluster of the one before it (marks, joiners, VS)."""
    if char in (ZWJ, ZWNJ):
        return True
    cp = ord(char)
    if 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF or 0x1F3FB <= cp <= 0x1F3FF:
        return True  # variation selectors, emoji skin-tone modifiers
    return unicodedata.combining(char) != 0 or unicodedata.category(char) in ("Mn", "Mc", "Me")


def _clusters(text: str) -> list[tuple[int, int]]:
    """Split into grapheme-like clusters (start, end): a base with its marks; ZWJ joins two.

    A simplification of UAX #29 that is enough never to separate a letter from its marks.
    """
    clusters: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text):
            clusters.append((start, i))
        elif not _attaches_to_previous(text[i]) and text[i - 1] != ZWJ:
            clusters.append((start, i))
            start = i
    return clusters if text else []


def _is_common(char: str) -> bool:
    """Characters shared by scripts (spaces, digits, punctuation, symbols, marks, format and
    control characters): they stay in the font of the run around them when it has them."""
    return unicodedata.category(char)[0] in "ZNPSMC"


@lru_cache(maxsize=_CACHE_SIZE)
def _runs(text: str, lang: str, bold: bool, registry: FontRegistry) -> tuple[Run, ...]:
    chain = registry.chain_for(lang, bold)
    if not text:
        return ()
    missing = set(map(ord, text)) - chain[0].codepoints - _IGNORABLE
    if not missing:  # the usual case: the language's own font has every character
        return (Run(0, len(text), chain[0]),)
    # Units: clusters, or single characters of a cluster no one font covers entirely.
    units: list[tuple[int, int, list[Font], bool]] = []  # start, end, candidates, common
    for start, end in _clusters(text):
        needed = [ord(c) for c in text[start:end] if not _is_ignorable(ord(c))]
        common = not needed or _is_common(text[start])
        candidates = [font for font in chain if all(font.covers(cp) for cp in needed)]
        if candidates:
            units.append((start, end, candidates, common))
            continue
        for cp in needed:
            if not any(font.covers(cp) for font in chain):
                raise MissingGlyphError(text, chr(cp), lang, [font.family for font in chain])
        for i in range(start, end):  # every character is covered, just not by one font
            cp = ord(text[i])
            own = [font for font in chain if _is_ignorable(cp) or font.covers(cp)]
            units.append((i, i + 1, own, _is_common(text[i]) or _is_ignorable(cp)))

    chosen: list[Font | None] = [None if common else cands[0] for _, _, cands, common in units]
    next_font: Font | None = None  # the font of the next non-common unit, scanning backwards
    following: list[Font | None] = [None] * len(units)
    for k in range(len(units) - 1, -1, -1):
        following[k] = next_font
        if chosen[k] is not None:
            next_font = chosen[k]
    previous: Font | None = None
    for k, (_, _, candidates, common) in enumerate(units):
        if common:
            if previous is not None and previous in candidates:
                chosen[k] = previous
            elif following[k] is not None and following[k] in candidates:
                chosen[k] = following[k]
            else:
                chosen[k] = candidates[0]
        previous = chosen[k]

    runs: list[Run] = []
    for (start, end, _, _), font in zip(units, chosen):
        assert font is not None
        if runs and runs[-1].font is font and runs[-1].end == start:
            runs[-1] = Run(runs[-1].start, end, font)
        else:
            runs.append(Run(start, end, font))
    return tuple(runs)


def font_runs(
    text: str, lang: str, bold: bool = False, *, registry: FontRegistry | None = None
) -> list[Run]:
    """Which font draws which part of ``text``: fallback by runs along the language's chain.

    Raises :class:`MissingGlyphError` for a character no registered font has.
    """
    registry = registry or default_registry()
    return list(_runs(text.translate(_CONTROL_WHITESPACE), lang, bold, registry))


def missing_characters(text: str, lang: str, *, registry: FontRegistry | None = None) -> list[str]:
    """The characters of ``text`` that no font of ``lang``'s chain draws, in regular or bold.

    The same rule as :func:`font_runs` applies (invisible characters need no glyph), so a text
    without missing characters never raises :class:`MissingGlyphError` when it is laid out.
    """
    return list(_missing_characters(text, lang, registry or default_registry()))


@lru_cache(maxsize=4096)
def _missing_characters(text: str, lang: str, registry: FontRegistry) -> tuple[str, ...]:
    """Kept per text: every text of every language is looked at in each build of `serve`."""
    needed = set(map(ord, text.translate(_CONTROL_WHITESPACE))) - _IGNORABLE - {ord(" ")}
    missing = needed - _drawable(registry, lang)
    return tuple(chr(cp) for cp in sorted(missing))


@lru_cache(maxsize=256)
def _drawable(registry: FontRegistry, lang: str) -> frozenset[int]:
    """The code points some font of ``lang``'s chain draws, in regular and in bold alike."""
    regular, bold = (frozenset().union(*(font.codepoints for font in registry.chain_for(lang, weight)))
                     for weight in (False, True))
    return regular & bold


# -- shaping ------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _hb_script(script: str) -> str:
    """HarfBuzz's name for an ISO 15924 script ("Hans" -> "Hani")."""
    buf = hb.Buffer()
    buf.script = script
    return str(buf.script)


@lru_cache(maxsize=256)
def _language_props(lang: str) -> tuple[str, str, str]:
    """(BCP 47 tag, script, direction) of a language, for HarfBuzz buffers."""
    language = get_language(lang)
    return lang.replace("_", "-"), _hb_script(language.script), language.direction


@lru_cache(maxsize=_CACHE_SIZE)
def _width_em(text: str, lang: str, bold: bool, registry: FontRegistry) -> float:
    """The shaped advance width of ``text`` in em (px at size 1)."""
    runs = _runs(text, lang, bold, registry)
    if not runs:
        return 0.0
    tag, script, direction = _language_props(lang)
    codepoints = [ord(c) for c in text]
    total = 0.0
    for run in runs:
        buf = hb.Buffer()
        # The whole text goes in as context, so joining across runs is right.
        buf.add_codepoints(codepoints, run.start, run.end - run.start)
        buf.guess_segment_properties()
        guessed = buf.script
        if guessed is None or guessed in ("Zyyy", "Zinh", "Zzzz") or guessed == script:
            buf.script = script
            buf.direction = direction
        # else: a run in another script (a Latin name in Arabic text): its own script, direction
        buf.language = tag  # always set: guess_segment_properties takes the process locale
        hb.shape(run.font.hb_font, buf)
        advance = 0
        for info, pos in zip(buf.glyph_infos, buf.glyph_positions):
            if info.codepoint == 0 and not _is_ignorable(codepoints[info.cluster]):
                chain = registry.chain_for(lang, bold)
                raise MissingGlyphError(
                    text, text[info.cluster], lang, [font.family for font in chain]
                )
            advance += pos.x_advance
        total += advance / run.font.units_per_em
    return total


def _check_size(size: float) -> None:
    if not (math.isfinite(size) and size > 0):
        raise ValueError(f"size must be a positive number of px, not {size!r}")


def measure(
    text: str,
    lang: str,
    size: float,
    bold: bool = False,
    *,
    registry: FontRegistry | None = None,
) -> float:
    """The advance width in px of ``text`` drawn at ``size`` px in language ``lang``.

    Shaped with HarfBuzz run by run (each run in the first font of the language's chain that has
    its characters), with the language, script and direction set. For mixed-direction text the
    width is the sum of the runs' widths. Cached: the em width of a (text, lang, bold) is shaped
    once and scaled to any size (HarfBuzz advances are linear in size; no hinting).

    Raises :class:`MissingGlyphError` for a character no registered font has.
    """
    _check_size(size)
    em = _width_em(text.translate(_CONTROL_WHITESPACE), lang, bold, registry or default_registry())
    return em * size


# -- wrapping -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Piece:
    """A stretch of text with no break opportunity inside, and what joins it to the next one
    on the same line (``" "``, a zero-width space, or nothing). At a line break the glue goes."""

    word: str
    glue: str


def _pieces(paragraph: str) -> list[_Piece]:
    """Cut a paragraph (no line breaks; spaces collapsed and stripped) at break opportunities."""
    pieces: list[_Piece] = []
    word: list[str] = []

    def finish(glue: str) -> None:
        if word:
            pieces.append(_Piece("".join(word), glue))
            word.clear()
        elif pieces:  # e.g. a space after "፡": the glue joins the previous piece
            last = pieces[-1]
            pieces[-1] = _Piece(last.word, last.glue + glue)
        # glue at the very start is dropped (spaces were stripped; a leading ZWSP is invisible)

    for i, char in enumerate(paragraph):
        if char == " ":
            finish(" ")
        elif char == ZWSP:
            finish(ZWSP)
        elif char == ETHIOPIC_WORDSPACE or (
            char in _BREAK_AFTER_PUNCT
            and any(c.isalnum() for c in word)
            and i + 1 < len(paragraph)
            and paragraph[i + 1].isalnum()
        ):
            word.append(char)
            finish("")
        else:
            word.append(char)
    if word:
        pieces.append(_Piece("".join(word), ""))
    return pieces


def _join(pieces: Sequence[_Piece]) -> str:
    """The text of pieces on one line: glue between them, none after the last."""
    if not pieces:
        return ""
    return "".join(p.word + p.glue for p in pieces[:-1]) + pieces[-1].word


def _paragraphs(text: str) -> list[str]:
    """Forced-break paragraphs, spaces collapsed and stripped; no empty ones at either end."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [
        " ".join(part for part in p.translate(_CONTROL_WHITESPACE).split(" ") if part)
        for p in text.split("\n")
    ]
    while paragraphs and not paragraphs[0]:
        paragraphs.pop(0)
    while paragraphs and not paragraphs[-1]:
        paragraphs.pop()
    return paragraphs


class _Wrapper:
    def __init__(
        self, lang: str, size: float, max_width: float, bold: bool, registry: FontRegistry
    ) -> None:
        self.lang = lang
        self.size = size
        self.max_width = max_width
        self.bold = bold
        self.registry = registry

    def width(self, text: str) -> float:
        return _width_em(text, self.lang, self.bold, self.registry) * self.size

    def fits(self, text: str) -> bool:
        return self.width(text) <= self.max_width * (1 + 1e-12)

    def split_word(self, word: str) -> list[str]:
        """Cut a word wider than the line into chunks of whole clusters, each as wide as fits.

        A chunk is a single cluster when even that one is too wide (the only overflow allowed).
        """
        clusters = [word[s:e] for s, e in _clusters(word)]
        chunks: list[str] = []
        current = ""
        for cluster in clusters:
            if current and not self.fits(current + cluster):
                chunks.append(current)
                current = cluster
            else:
                current += cluster
        if current:
            chunks.append(current)
        return chunks

    def lines(self, paragraph: str, limit: int | None) -> list[list[_Piece]]:
        """Greedy wrap of one paragraph into lines of pieces.

        Once ``limit`` lines are made and text is left, the rest comes back as one more row
        (unwrapped), only so the caller sees that the text does not fit.
        """
        if self.fits(paragraph):
            return [[_Piece(paragraph, "")]]
        queue = _pieces(paragraph)
        lines: list[list[_Piece]] = []
        i = 0
        while i < len(queue):
            if limit is not None and len(lines) >= limit:
                break
            first = queue[i]
            if not self.fits(first.word):
                chunks = self.split_word(first.word)
                for chunk in chunks[:-1]:
                    lines.append([_Piece(chunk, "")])
                first = _Piece(chunks[-1], first.glue)
                if not self.fits(first.word):  # one cluster wider than the line
                    lines.append([first])
                    i += 1
                    continue
            line = [first]
            text = first.word
            i += 1
            while i < len(queue):
                candidate = text + line[-1].glue + queue[i].word
                if not self.fits(candidate):
                    break
                line.append(queue[i])
                text = candidate
                i += 1
            lines.append(line)
        if i < len(queue):  # stopped early: make sure the caller sees there is more
            lines.append(queue[i:])
        return lines

    def with_ellipsis(self, pieces: list[_Piece]) -> str:
        """The longest start of a line that fits with "…" after it: whole pieces if possible,
        else whole clusters of the first piece, else the ellipsis alone."""
        if not pieces:  # an empty line (between forced breaks) before the cut
            return ELLIPSIS
        for end in range(len(pieces), 0, -1):
            candidate = _join(pieces[:end]).rstrip(" " + ZWSP) + ELLIPSIS
            if self.fits(candidate):
                return candidate
        clusters = [pieces[0].word[s:e] for s, e in _clusters(pieces[0].word)]
        for end in range(len(clusters) - 1, 0, -1):
            candidate = "".join(clusters[:end]) + ELLIPSIS
            if self.fits(candidate):
                return candidate
        return ELLIPSIS


@lru_cache(maxsize=_CACHE_SIZE)
def _wrap(
    text: str,
    lang: str,
    size: float,
    max_width: float,
    bold: bool,
    max_lines: int | None,
    registry: FontRegistry,
) -> tuple[tuple[Line, ...], bool]:
    wrapper = _Wrapper(lang, size, max_width, bold, registry)
    rows: list[list[_Piece]] = []
    for paragraph in _paragraphs(text):
        limit = None if max_lines is None else max_lines - len(rows)
        rows.extend(wrapper.lines(paragraph, limit) if paragraph else [[]])
        if max_lines is not None and len(rows) > max_lines:
            break
    truncated = max_lines is not None and len(rows) > max_lines
    texts = [_join(row) for row in rows]
    if truncated:
        assert max_lines is not None
        texts = texts[: max_lines - 1] + [wrapper.with_ellipsis(rows[max_lines - 1])]
    return tuple(Line(t, wrapper.width(t)) for t in texts), truncated


def _check_wrap_args(size: float, max_width: float, max_lines: int | None) -> None:
    _check_size(size)
    if not (math.isfinite(max_width) and max_width > 0):
        raise ValueError(f"max_width must be a positive number of px, not {max_width!r}")
    if max_lines is not None and max_lines < 1:
        raise ValueError(f"max_lines must be at least 1, not {max_lines!r}")


def wrap(
    text: str,
    lang: str,
    size: float,
    max_width: float,
    bold: bool = False,
    max_lines: int | None = None,
    *,
    registry: FontRegistry | None = None,
) -> list[Line]:
    """Break ``text`` into lines no wider than ``max_width`` px, greedily, on word boundaries.

    Breaks at spaces, after the Ethiopic word space "፡" (which stays at the end of its line),
    after a hyphen or slash between letters or digits, at zero-width spaces, and at line breaks
    (forced). A word wider than a line on its own is cut between grapheme clusters, as a last
    resort; a single cluster wider than the line gets a line of its own (and is the only way a line
    can be wider than ``max_width``). Every candidate line is measured by shaping it whole.

    With ``max_lines``, a text that needs more lines is cut after that many, and the last line
    ends with "…" (see :func:`text_block`'s ``truncated`` to know when to show the full text).
    """
    _check_wrap_args(size, max_width, max_lines)
    lines, _ = _wrap(text, lang, size, max_width, bold, max_lines, registry or default_registry())
    return list(lines)


def text_block(
    text: str,
    lang: str,
    size: float,
    max_width: float,
    bold: bool = False,
    line_height: float = 1.25,
    max_lines: int | None = None,
    *,
    registry: FontRegistry | None = None,
) -> Block:
    """Wrap ``text`` and give what is needed to place it: see :class:`Block`.

    Ascent and descent are those of the first font of the language's chain (hhea, or OS/2 typo
    metrics when the font sets USE_TYPO_METRICS), scaled to ``size``.
    """
    _check_wrap_args(size, max_width, max_lines)
    registry = registry or default_registry()
    lines, truncated = _wrap(text, lang, size, max_width, bold, max_lines, registry)
    first = registry.chain_for(lang, bold)[0]
    scale = size / first.units_per_em
    pitch = size * line_height
    return Block(
        lines=lines,
        width=max((line.width for line in lines), default=0.0),
        height=len(lines) * pitch,
        line_height=pitch,
        ascent=first.metrics.ascent * scale,
        descent=first.metrics.descent * scale,
        size=size,
        direction=get_language(lang).direction,
        truncated=truncated,
    )


def clear_caches() -> None:
    """Forget every cached shaping and wrapping result (for benchmarks and tests)."""
    _runs.cache_clear()
    _width_em.cache_clear()
    _wrap.cache_clear()
