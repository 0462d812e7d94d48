"""Geometry -> SVG. The only module that knows svgwrite.

svgwrite is kept behind :func:`draw_svg`: a Picture and a palette in, SVG text out. Its
validator rejects ``role`` and ``aria-*``, so drawings are made with ``debug=False`` (no
validation) and the accessibility attributes set directly. The same picture is never drawn
twice: results are cached by content. The site's pictures (routegen.pictures) are kept by
their inputs instead, which is cheaper than a key of the laid-out picture: they use
:func:`draw_inline` and :func:`standalone_svg`. Below the picture, each part is kept by its
content too, so svgwrite redraws only the parts an edit changed.
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar
from xml.etree import ElementTree
from xml.sax.saxutils import escape as xml_escape

import svgwrite
from svgwrite.base import Desc, Title
from svgwrite.container import Hyperlink
from svgwrite.etree import CDATA_TAG

from .colors import Palette
from .icons import VIEWBOX_SIZE, icon_shapes
from .layout.fonts import default_registry
from .layout.geometry import Label, Logo, Pictogram, Picture, Role, Shape, Station

ARROW_SIZE = 7.0


@dataclass(frozen=True)
class FontFace:
    """A font to embed in a standalone SVG: its family, weight and WOFF2 bytes."""

    family: str
    weight: int
    woff2: bytes


def _font_stack(lang: str, bold: bool) -> str:
    """The families in the order the layout measured with, so the browser falls back the same way."""
    return ", ".join(f"'{family}'" for family in default_registry().families_for(lang, bold)) + ", sans-serif"


def _css(palette: Palette, faces: tuple[FontFace, ...]) -> str:
    rules = [
        f"@font-face{{font-family:'{f.family}';font-weight:{f.weight};font-style:normal;"
        f"src:url(data:font/woff2;base64,{base64.b64encode(f.woff2).decode('ascii')}) format('woff2')}}"
        for f in faces
    ]
    return "".join(rules) + svg_css(palette)


def svg_css(palette: Palette) -> str:
    """The picture's colours and focus style; a page that inlines the SVG puts these in its CSS."""
    p = palette
    rules = [
        f".rg-bg{{fill:{p.background}}}",
        f".rg-phase{{fill:{p.phase_fill}}}",
        f".rg-support{{fill:{p.support_fill};stroke:{p.accent};stroke-width:2;stroke-dasharray:6 4}}",
        f".rg-regisseur{{fill:{p.primary}}}",
        f".rg-regisseur-icon{{fill:{p.on_primary}}}",
        f".rg-budget{{fill:{p.accent}}}",
        f".rg-main-line{{stroke:{p.primary};stroke-width:6;fill:none;stroke-linecap:round}}",
        f".rg-track-line{{stroke:{p.accent};stroke-width:6;fill:none;stroke-dasharray:14 7}}",
        # links between stations: a choice ("or") dotted, steps side by side ("and") and joins solid
        f".rg-choice-line{{stroke:{p.text};stroke-width:2.5;fill:none;stroke-dasharray:4 4}}",
        f".rg-parallel-line,.rg-link-line{{stroke:{p.text};stroke-width:2.5;fill:none}}",
        f".rg-pill{{fill:{p.accent}}}",
        f".rg-arrow{{fill:{p.text}}}",
        f".rg-station{{fill:{p.primary};stroke:{p.background};stroke-width:3}}",
        f".rg-ring{{stroke:{p.on_primary};stroke-width:2;fill:none}}",
        f".rg-programme{{fill:{p.accent}}}",
        f".rg-optional-ring{{fill:none;stroke:{p.text};stroke-width:2;stroke-dasharray:4 3}}",
        f".rg-title,.rg-text{{fill:{p.text}}}",
        f".rg-muted{{fill:{p.muted}}}",
        f".rg-on-primary{{fill:{p.on_primary}}}",
        f".rg-on-accent{{fill:{p.on_accent}}}",
        ".rg-hit{fill:transparent;stroke:none}",
        # a station's focus ring: the hit area's outline in the focus colour (3:1 or more on the
        # background, checked in colors.py), 4 px wide; the page's own outline would be a second ring
        f".rg-infographic a:focus .rg-hit,.rg-infographic a:hover .rg-hit{{stroke:{p.focus};stroke-width:4;"
        "stroke-dasharray:none}",
        ".rg-pictogram{fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}",
        *(f".rg-pictogram-{role.value}{{color:{colour}}}" for role, colour in _pictogram_colours(p).items()),
        ".rg-infographic a:focus{outline:none}",
        ".rg-infographic a{cursor:pointer}",
        ".rg-infographic a:hover text,.rg-infographic a:focus text{text-decoration:underline}",
    ]
    return "".join(rules)


def _pictogram_colours(p: Palette) -> dict[Role, str]:
    return {Role.TITLE: p.text, Role.TEXT: p.text, Role.MUTED: p.muted,
            Role.ON_PRIMARY: p.on_primary, Role.ON_ACCENT: p.on_accent}


class _PictogramElement:
    """A vendored icon as a nested <svg> on its 24 x 24 grid, scaled into the pictogram's box.

    Hidden from assistive technology: the station's accessible name already says what the step
    is. Built as plain XML because svgwrite has no element for arbitrary vendored shapes; built
    once per pictogram and place (serialising never changes an element, so one serves all).
    """

    def __init__(self, pictogram: Pictogram) -> None:
        self.pictogram = pictogram

    def get_xml(self) -> ElementTree.Element:
        return _pictogram_xml(self.pictogram)


@lru_cache(maxsize=1024)
def _pictogram_xml(pictogram: Pictogram) -> ElementTree.Element:
    box = pictogram.box
    svg = ElementTree.Element("svg", {
        "x": f"{round(box.x, 2):g}", "y": f"{round(box.y, 2):g}",
        "width": f"{round(box.w, 2):g}", "height": f"{round(box.h, 2):g}",
        "viewBox": f"0 0 {VIEWBOX_SIZE} {VIEWBOX_SIZE}",
        "class": f"rg-pictogram rg-pictogram-{pictogram.role.value}",
        "aria-hidden": "true",
    })
    for shape in icon_shapes(pictogram.name):
        ElementTree.SubElement(svg, shape.element, dict(shape.attributes))
    return svg


def _shape(dwg: svgwrite.Drawing, shape: Shape) -> list[svgwrite.base.BaseElement]:
    classes = " ".join(f"rg-{part}" for part in shape.style.split())
    if shape.kind == "rect" and shape.rect is not None:
        r = shape.rect
        return [dwg.rect((round(r.x, 2), round(r.y, 2)), (round(r.w, 2), round(r.h, 2)),
                         rx=shape.radius or None, class_=classes)]
    if shape.kind == "circle":
        (cx, cy), = shape.points
        elements = [dwg.circle((round(cx, 2), round(cy, 2)), shape.radius, class_=classes)]
        if "handover" in shape.style:  # a ring inside the station: not colour alone
            elements.append(dwg.circle((round(cx, 2), round(cy, 2)), shape.radius - 5, class_="rg-ring"))
        return elements
    points = [(round(x, 2), round(y, 2)) for x, y in shape.points]
    elements = [dwg.polyline(points, class_=classes)]
    if shape.arrow and len(points) >= 2:
        (x1, y1), (x2, y2) = points[-2], points[-1]
        dx, dy = x2 - x1, y2 - y1
        length = max((dx * dx + dy * dy) ** 0.5, 1e-6)
        ux, uy = dx / length, dy / length
        a = ARROW_SIZE
        head = [(x2, y2), (x2 - a * ux - a * 0.6 * uy, y2 - a * uy + a * 0.6 * ux),
                (x2 - a * ux + a * 0.6 * uy, y2 - a * uy - a * 0.6 * ux)]
        elements.append(dwg.polygon([(round(x, 2), round(y, 2)) for x, y in head], class_="rg-arrow"))
    return elements


def _label(dwg: svgwrite.Drawing, label: Label) -> svgwrite.base.BaseElement:
    group = dwg.g(class_=f"rg-{label.role.value}")
    group["font-family"] = _font_stack(label.lang, label.bold)
    group["font-size"] = f"{label.size:g}"
    if label.bold:
        group["font-weight"] = "700"
    group["xml:lang"] = label.lang
    group["direction"] = label.direction
    if label.fallback:
        group["data-fallback"] = label.lang
    last = len(label.lines) - 1
    for index, line in enumerate(label.lines):
        # A space after every line but the last: the renderer drops it (it ends the line), but the
        # text that assistive technology reads keeps the words of two lines apart.
        words = line.text if index == last else line.text + " "
        text = dwg.text(words, insert=(round(line.cx, 2), round(line.baseline, 2)))
        text["text-anchor"] = "middle"  # centred on its measured width: the same in both directions
        text["direction"] = label.direction
        group.add(text)
    return group


class _WithId:
    """svgwrite's <title> and <desc> take no attributes; aria-labelledby needs their ids."""

    def __init__(self, kind: type[Title] | type[Desc], text: str, element_id: str) -> None:
        self.element, self.element_id = kind(text), element_id

    def get_xml(self) -> Any:
        xml = self.element.get_xml()
        xml.set("id", self.element_id)
        return xml


def draw_inline(picture: Picture, palette: Palette, id_prefix: str) -> str:
    """The picture as it is inlined in a page: no size (the page sizes it), no style element.

    Each part (a shape, a label, a station with its link) is drawn by svgwrite once per content
    and kept as text, so an edit of one step redraws only its station in each picture."""
    # without svgwrite's xmlns:ev (XML Events, unused here): an HTML page may not carry it
    frame = _serialized(_frame(picture, id_prefix).get_xml()).replace(
        ' xmlns:ev="http://www.w3.org/2001/xml-events"', "", 1)
    parts = [*(_PARTS.get(repr(shape), _shape_text, shape) for shape in picture.background),
             *(_PARTS.get(label, _label_text, label) for label in picture.labels)]
    if picture.logo is not None:
        parts.append(_written(_logo(_FACTORY, picture.logo)))
    for station in picture.stations:
        # labels by value (their numbers are always floats); shapes by repr, as 8 and 8.0 are
        # written differently and compare equal
        key = (station.href, station.accessible_name, repr(station.hit), tuple(map(repr, station.shapes)),
               tuple(station.labels), repr(station.pictograms))
        parts.append(_PARTS.get(key, _station_text, station))
    return frame[: -len("</svg>")] + "".join(parts) + "</svg>"


def _written(*elements: Any) -> str:
    return "".join(_serialized(element.get_xml()) for element in elements)


def _shape_text(shape: Shape) -> str:
    return _written(*_shape(_FACTORY, shape))


def _label_text(label: Label) -> str:
    return _written(_label(_FACTORY, label))


def _station_text(station: Station) -> str:
    return _written(_station(_FACTORY, station))


_Part = TypeVar("_Part")


class _Kept:
    """The texts made last, by key, at most ``size`` of them."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.texts: OrderedDict[Hashable, str] = OrderedDict()

    def get(self, key: Hashable, make: Callable[[_Part], str], part: _Part) -> str:
        text = self.texts.get(key)
        if text is None:
            text = self.texts[key] = make(part)
            if len(self.texts) > self.size:
                self.texts.popitem(last=False)
        else:
            self.texts.move_to_end(key)
        return text


_PARTS = _Kept(4096)  # about 4 times the parts of the 16 pictures of Smallingerland (1,090)
_FACTORY = svgwrite.Drawing(profile="full", debug=False)  # makes the parts' elements; never drawn itself


def _frame(picture: Picture, id_prefix: str) -> svgwrite.Drawing:
    """The picture's root element with its title, description and background, without its parts."""
    dwg = svgwrite.Drawing(size=(f"{picture.width:g}", f"{picture.height:g}"), profile="full", debug=False)
    top = round(picture.top, 2) or 0  # a whole picture's viewBox begins "0 0"
    dwg.viewbox(0, top, round(picture.width, 2), round(picture.height, 2))
    root = dwg
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    root["role"] = "group"
    root["aria-labelledby"] = f"{title_id} {desc_id}"
    root["xml:lang"] = picture.lang
    root["direction"] = picture.direction
    root["class"] = f"rg-infographic rg-{picture.orientation}"
    del root.attribs["width"], root.attribs["height"]
    dwg.elements[0:0] = [_WithId(Title, picture.title, title_id), _WithId(Desc, picture.description, desc_id)]
    dwg.add(dwg.rect((0, top), ("100%", "100%"), class_="rg-bg"))
    return dwg


def _logo(dwg: svgwrite.Drawing, logo: Logo) -> svgwrite.base.BaseElement:
    box = logo.box
    # decorative: the title beside it names the municipality
    image = dwg.image(logo.href, insert=(round(box.x, 2), round(box.y, 2)),
                      size=(round(box.w, 2), round(box.h, 2)), preserveAspectRatio="xMidYMid meet",
                      aria_hidden="true")
    image["href"] = image.attribs.pop("xlink:href")
    return image


def _station(dwg: svgwrite.Drawing, station: Station) -> Hyperlink:
    link: Hyperlink = dwg.a(href=station.href)
    link["href"] = link.attribs.pop("xlink:href")  # SVG 2 href: what HTML pages and browsers use
    del link.attribs["target"]  # svgwrite's default _blank: a step opens in the same tab
    link["aria-label"] = station.accessible_name
    hit = station.hit
    link.add(dwg.rect((round(hit.x, 2), round(hit.y, 2)), (round(hit.w, 2), round(hit.h, 2)), rx=8,
                      class_="rg-hit"))
    for shape in station.shapes:
        for element in _shape(dwg, shape):
            link.add(element)
    for pictogram in station.pictograms:
        link.add(_PictogramElement(pictogram))
    for label in station.labels:
        link.add(_label(dwg, label))
    return link


def _serialized(root: ElementTree.Element) -> str:
    """The element as svgwrite's tostring() writes it (ElementTree's serializer, with CDATA for
    the style), but in a third of the time: ElementTree writes each piece through a text stream.
    Drawings use plain names (no {namespace} tags), which ElementTree writes as they are."""
    out: list[str] = []
    append = out.append
    escape_attribute, escape_text = ElementTree._escape_attrib, ElementTree._escape_cdata  # type: ignore[attr-defined]

    def write(element: ElementTree.Element) -> None:
        tag = element.tag
        if tag == CDATA_TAG:
            append(CDATA_TAG % element.text)
        else:
            append("<" + tag)
            for name, value in element.items():
                append(f' {name}="{escape_attribute(value)}"')
            text = element.text
            if text or len(element):
                append(">")
                if text:
                    append(escape_text(text))
                for child in element:
                    write(child)
                append(f"</{tag}>")
            else:
                append(" />")
        if element.tail:
            append(escape_text(element.tail))

    write(root)
    return "".join(out)


_PICTURES = _Kept(256)


def draw_svg(picture: Picture, palette: Palette, *, faces: tuple[FontFace, ...] = (),
             standalone: bool = True, id_prefix: str = "rg", logo: bytes = b"") -> str:
    """The SVG text of a picture; drawn once per distinct content.

    The standalone picture is the inline one with its size, style and fonts added, so a picture
    is drawn by svgwrite only once for both uses; it embeds the ``logo`` file's bytes, since a
    picture opened on its own (or as an image) loads nothing else.
    """
    key = hashlib.sha256(repr((picture, palette, id_prefix)).encode("utf-8")).hexdigest()
    inline = _PICTURES.get(key, lambda drawn: draw_inline(*drawn), (picture, palette, id_prefix))
    return standalone_svg(inline, picture, palette, faces, logo) if standalone else inline


def standalone_svg(inline: str, picture: Picture, palette: Palette, faces: tuple[FontFace, ...],
                   logo: bytes) -> str:
    """The picture ``inline`` (as :func:`draw_inline` drew ``picture``) as a file of its own."""
    size = f'<svg height="{picture.height:g}" width="{picture.width:g}" '
    style = f'<defs><style type="text/css"><![CDATA[{_css(palette, faces)}]]></style></defs>'
    svg = inline.replace("<svg ", size, 1).replace("<defs />", style, 1)
    if picture.logo is not None and logo:
        kind = mimetypes.guess_type(picture.logo.href)[0] or "image/png"
        embedded = f"data:{kind};base64,{base64.b64encode(logo).decode('ascii')}"
        svg = svg.replace(f'href="{xml_escape(picture.logo.href)}" ', f'href="{embedded}" ', 1)
    return svg


def clear_caches() -> None:
    """Forget every kept drawing and part (for benchmarks that measure drawing)."""
    _PICTURES.texts.clear()
    _PARTS.texts.clear()
