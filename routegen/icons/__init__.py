"""Pictograms: a small, curated set of Tabler Icons (MIT), vendored in ``icons.json``.

A pictogram helps a reader who reads little to find a step again, in the picture and on the
step's page. It is always decorative: the step's title carries the meaning, so every pictogram
is hidden from assistive technology. The icons are 24 x 24 outlines drawn with the current text
colour, so the theme colours them. They ship inside the package: building needs no network.
See README.md beside this file for the source, its version and how the set was vendored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import quoteattr

if TYPE_CHECKING:
    from ..model import Step

VIEWBOX_SIZE = 24
"""Every vendored icon is drawn on a 24 x 24 grid (its viewBox is ``0 0 24 24``)."""

STROKE_WIDTH = 2

SAFE_ELEMENTS = frozenset({"path", "circle", "rect", "line", "polyline", "polygon", "ellipse"})
SAFE_ATTRIBUTES = frozenset({"d", "cx", "cy", "r", "rx", "ry", "x", "y", "width", "height",
                             "x1", "y1", "x2", "y2", "points", "fill", "stroke", "opacity"})
"""What a vendored shape may hold: drawing only, so an icon can never carry a script or a link."""


@dataclass(frozen=True, slots=True)
class IconShape:
    """One SVG element of an icon, such as a path, with its attributes in a fixed order."""

    element: str
    attributes: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class IconSet:
    """The vendored set: where it comes from, and each icon's shapes by name."""

    package: str
    version: str
    license: str
    icons: dict[str, tuple[IconShape, ...]]


@cache
def icon_set() -> IconSet:
    """The vendored icons, read once; a shape outside the safe drawing vocabulary is refused."""
    data: dict[str, Any] = json.loads(files(__package__).joinpath("icons.json").read_text("utf-8"))
    icons: dict[str, tuple[IconShape, ...]] = {}
    for name, shapes in data["icons"].items():
        parsed = []
        for element, attributes in shapes:
            unsafe = set(attributes) - SAFE_ATTRIBUTES
            if element not in SAFE_ELEMENTS or unsafe:
                raise ValueError(f"icon {name!r}: <{element}> {sorted(unsafe)} is not a plain drawing")
            parsed.append(IconShape(element, tuple((key, str(value)) for key, value in attributes.items())))
        icons[name] = tuple(parsed)
    return IconSet(data["package"], data["version"], data["license"], icons)


ICON_NAMES: tuple[str, ...] = tuple(sorted(icon_set().icons))
"""Every pictogram name a route may use in a step's ``icon:``."""

DEFAULT_ICONS = {"step": "map-pin", "handover": "heart-handshake", "programme": "users-group"}
"""The pictogram of a step that names none, by its kind: a place on the route, two hands that
pass the statushouder on, a group that meets."""

FALLBACK_ICON = "map-pin"


def icon_shapes(name: str) -> tuple[IconShape, ...]:
    """The shapes of one icon; a KeyError for a name not in :data:`ICON_NAMES`."""
    return icon_set().icons[name]


def default_icon(step: Step) -> str:
    """The pictogram a step of this kind gets when its author chose none."""
    return DEFAULT_ICONS.get(str(getattr(step.kind, "value", step.kind)), FALLBACK_ICON)


def step_icon(step: Step) -> str:
    """The pictogram shown for a step: the author's ``icon:``, else its kind's default."""
    return step.icon if step.icon in icon_set().icons else default_icon(step)


def shapes_markup(name: str) -> str:
    """The icon's shapes as SVG elements, for placing inside an ``<svg>`` or ``<g>``."""
    return "".join(
        f"<{shape.element}" + "".join(f" {key}={quoteattr(value)}" for key, value in shape.attributes) + "/>"
        for shape in icon_shapes(name)
    )


def icon_svg(name: str, size: str | float = "1em", *, css_class: str = "rg-icon") -> str:
    """An inline ``<svg>`` of the icon for an HTML page, hidden from assistive technology.

    Drawn in ``currentColor``, so the surrounding text colour (the theme's) paints it; ``size``
    is a CSS length or a number of pixels, and a stylesheet may override it through the class.
    """
    length = f"{size:g}" if isinstance(size, int | float) else size
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class={quoteattr(css_class)} width={quoteattr(length)} height={quoteattr(length)} '
        f'viewBox="0 0 {VIEWBOX_SIZE} {VIEWBOX_SIZE}" fill="none" stroke="currentColor" '
        f'stroke-width="{STROKE_WIDTH}" stroke-linecap="round" stroke-linejoin="round" '
        f'aria-hidden="true" focusable="false">{shapes_markup(name)}</svg>'
    )
