"""The geometry of an infographic: what the draw stage turns into SVG, and nothing it must compute.

Everything here is in physical pixels, already mirrored for right-to-left languages. Text lines
are positioned by their centre (the draw stage anchors them in the middle), which is the same on
screen whatever the text direction, and their measured width is kept, so boxes and overlaps can
be checked without a browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def overlaps(self, other: Rect, gap: float = 0.0) -> bool:
        return not (self.right + gap <= other.x or other.right + gap <= self.x
                    or self.bottom + gap <= other.y or other.bottom + gap <= self.y)

    def contains(self, other: Rect, slack: float = 0.5) -> bool:
        return (other.x >= self.x - slack and other.y >= self.y - slack
                and other.right <= self.right + slack and other.bottom <= self.bottom + slack)


class Role(str, Enum):
    """What a piece of text or shape is, so the theme can colour it."""

    TITLE = "title"
    TEXT = "text"
    MUTED = "muted"
    ON_PRIMARY = "on-primary"
    ON_ACCENT = "on-accent"


@dataclass(frozen=True, slots=True)
class TextLine:
    text: str
    cx: float  # the centre of the line
    baseline: float
    width: float


@dataclass(frozen=True, slots=True)
class Label:
    """One block of wrapped text in one language and size."""

    lines: tuple[TextLine, ...]
    lang: str
    direction: str
    size: float
    bold: bool
    role: Role
    box: Rect  # the ink box of all lines together
    fallback: bool = False  # shown in the source language because no current translation exists
    container: Rect | None = None  # the box the text must stay inside (checked by the tests)

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)

    def within(self, container: Rect | None) -> Label:
        """This label, kept inside ``container`` (dataclasses.replace took a tenth of a layout)."""
        return Label(self.lines, self.lang, self.direction, self.size, self.bold, self.role, self.box,
                     self.fallback, container)


@dataclass(frozen=True, slots=True)
class Shape:
    """A filled or stroked shape: rect, circle, or a polyline path."""

    kind: str  # "rect" | "circle" | "path"
    rect: Rect | None = None
    points: tuple[tuple[float, float], ...] = ()
    radius: float = 0.0
    style: str = ""  # a class name for the theme: "main-line", "track-line", "station" ...
    arrow: bool = False


@dataclass(frozen=True, slots=True)
class Pictogram:
    """A vendored icon (see ``routegen.icons``) drawn into ``box``; decorative, the text names it."""

    name: str  # one of routegen.icons.ICON_NAMES, such as step_icon(step)
    box: Rect  # a square: icons are drawn on a 24 x 24 grid, scaled to fit
    role: Role = Role.ON_PRIMARY  # what it is drawn on, so the theme gives it a readable colour

    @classmethod
    def centred(cls, name: str, cx: float, cy: float, size: float, role: Role = Role.ON_PRIMARY) -> Pictogram:
        """A pictogram of ``size`` pixels centred on a point, such as a station's centre."""
        return cls(name, Rect(cx - size / 2, cy - size / 2, size, size), role)


@dataclass
class Station:
    """A step on the route: a numbered station that links to the step's page."""

    step_id: str
    number: int
    kind: str
    href: str
    hit: Rect  # the clickable, focusable area
    shapes: list[Shape]
    labels: list[Label]
    accessible_name: str
    pictograms: tuple[Pictogram, ...] = ()  # drawn over the shapes, inside the link


@dataclass(frozen=True, slots=True)
class Logo:
    """The municipality's logo: an image fitted into ``box`` (aspect kept), beside the title."""

    box: Rect
    href: str


@dataclass
class Picture:
    """A whole infographic in one language and orientation."""

    width: float
    height: float
    lang: str
    direction: str
    orientation: str
    title: str
    description: str
    background: list[Shape] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    stations: list[Station] = field(default_factory=list)
    logo: Logo | None = None
    top: float = 0.0  # where the view begins: a window of a taller picture starts below 0

    def all_labels(self) -> list[Label]:
        return [*self.labels, *(label for s in self.stations for label in s.labels)]
