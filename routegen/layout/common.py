"""What both orientations share: mirroring and placing measured text.

Positions are computed in logical coordinates, where x grows in the reading direction, and
mirrored once into physical coordinates for right-to-left languages: the route flows right to
left, while glyphs, digits and logos are never flipped (no ``scale(-1, 1)`` anywhere).
"""

from __future__ import annotations

from functools import lru_cache

from ..languages import get_language
from .geometry import Label, Rect, Role, Shape, TextLine
from .text import text_block

LINE_HEIGHT = 1.3
# Scripts whose letters look small at a Latin size (Ethiopic syllables, Arabic with its marks) are
# set larger, so a reader of Tigrinya or Arabic gets letters as legible as a Dutch reader's.
SCRIPT_SCALE = {"Ethi": 1.15, "Arab": 1.1}


class Mirror:
    """Turns logical coordinates (x from the start edge) into physical ones."""

    def __init__(self, width: float, rtl: bool) -> None:
        self.width, self.rtl = width, rtl

    def x(self, x: float) -> float:
        return self.width - x if self.rtl else x

    def rect(self, rect: Rect) -> Rect:
        if not self.rtl:
            return rect
        return Rect(self.width - rect.x - rect.w, rect.y, rect.w, rect.h)

    def shape(self, shape: Shape) -> Shape:
        if not self.rtl:
            return shape
        return Shape(shape.kind, self.rect(shape.rect) if shape.rect else None,
                     tuple((self.x(x), y) for x, y in shape.points), shape.radius, shape.style, shape.arrow)

    def label(self, label: Label) -> Label:
        if not self.rtl:
            return label
        lines = tuple(TextLine(l.text, self.width - l.cx, l.baseline, l.width) for l in label.lines)
        return Label(lines, label.lang, label.direction, label.size, label.bold, label.role,
                     self.rect(label.box), label.fallback,
                     self.rect(label.container) if label.container else None)


def place_text(
    text: str,
    *,
    x: float,
    y: float,
    max_width: float,
    size: float,
    bold: bool = False,
    align: str = "start",
    role: Role = Role.TEXT,
    max_lines: int | None = None,
    lang: str | None = None,
) -> Label:
    """Wrap and place text in logical coordinates, top-left at (x, y), lines measured by shaping.

    Lines align to the picture's start edge whatever their own direction; mirroring does the rest.
    The language comes from the text itself when it is a LocalText (a Dutch fallback in an Arabic
    picture stays Dutch, left to right, and is marked as such).
    """
    text_lang = lang or getattr(text, "lang", None) or "en"
    return _placed(str(text), text_lang, bool(getattr(text, "is_fallback", False)), x, y, max_width, size, bold,
                   align, role, max_lines)


@lru_cache(maxsize=4096, typed=True)  # typed: 24 and 24.0 are placed alike but written apart
def _placed(text: str, text_lang: str, fallback: bool, x: float, y: float, max_width: float, size: float,
            bold: bool, align: str, role: Role, max_lines: int | None) -> Label:
    """:func:`place_text`, once per text and place: an edit moves few labels of a picture."""
    language = get_language(text_lang)
    size = round(size * SCRIPT_SCALE.get(language.script, 1.0), 2)
    block = text_block(text, text_lang, size, max_width, bold=bold, line_height=LINE_HEIGHT,
                       max_lines=max_lines)
    lines = block.lines
    # Lines are spaced at least by the font's own extent, as a browser does: Arabic and Ethiopic
    # fonts reach far above and below Latin ones, and their marks need that room.
    step = max(size * LINE_HEIGHT, block.ascent + block.descent)
    placed: list[TextLine] = []
    widest = 0.0
    for index, line in enumerate(lines):
        baseline = y + (step - block.ascent - block.descent) / 2 + block.ascent + index * step
        cx = x + max_width / 2 if align == "center" else x + line.width / 2
        placed.append(TextLine(line.text, cx, baseline, line.width))
        widest = max(widest, line.width)
    height = step * len(lines)
    left = x + (max_width - widest) / 2 if align == "center" else x
    return Label(tuple(placed), text_lang, language.direction, size, bold, role,
                 Rect(left, y, widest, height), fallback)
