"""The print stage's HTML: poster, handout and contact cards of one prepared route, per language.

Built from the route as the site shows it (the same localized texts, the same picture layout and
drawing, the theme's templates under ``print/``), so print and site never tell different things.
Each document is one HTML file with its paper size in its print CSS; routegen.printing.pdf turns
it into a PDF with Chromium.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..draw import draw_svg, svg_css
from ..errors import Problem, Severity
from ..flow import route_flow
from ..layout.geometry import Picture
from ..layout.route_map import landscape, portrait
from ..languages import get_language
from ..localize import LocalizedRoute
from ..render import RouteSite, contact_heading, language_folder, render_template
from ..ui import ui_text
from .qr import qr_svg
from ..speech import tr

if TYPE_CHECKING:
    from ..stages import CheckedSite

FORMATS = ("poster", "handout", "card")
BILINGUAL_POSTER = "poster-bilingual"  # made with the poster, for every language but the route's own
CSS_PX_PER_MM = 96 / 25.4
PT_PER_PX = 0.75
# A3 landscape less the poster's margins (6 mm) and its own top band (40 mm: title, regisseur, QR)
POSTER_ROOM = ((420 - 12) * CSS_PX_PER_MM, (297 - 12 - 42) * CSS_PX_PER_MM)
POSTER_STEP_TITLE_PT = 14.0
STEP_TITLE_PX = 15.0  # the picture's step titles at scale 1 (Latin; scripts enlarge it, see layout)
# Tried in order: the first that reaches the step titles' size wins, else the largest found
POSTER_TRIALS = [(scale, slot, summaries) for summaries in (True, False)
                 for scale in (1.6, 1.8, 2.0) for slot in (200.0, 240.0, 280.0)]
# The handout's picture: two columns of 88 mm on its first page (A4 less 13 mm margins and a 8 mm
# gap), its 13 px text enlarged to print at 10.2 pt, its step titles at 11.8 pt
HANDOUT_COLUMN = 88 * CSS_PX_PER_MM
HANDOUT_TEXT_SCALE = 1.05


@dataclass(frozen=True)
class PrintDocument:
    """One print document before Chromium: where its PDF goes, its HTML, its paper."""

    name: str  # the PDF's path below the route's site root, e.g. "ar/print/poster.pdf"
    lang: str
    kind: str
    html: str


def overview_address(site: CheckedSite, lang: str) -> str | None:
    """The full address of a language's overview page, which the QR code holds; None without
    ``route.site_url`` (a QR code with a relative address would lead nowhere)."""
    base = site.route.route.site_url
    return f"{base}{language_folder(lang)}/" if base else None


def print_file(lang: str, kind: str) -> str:
    return f"{language_folder(lang)}/print/{kind}.pdf"


def missing_address_warning(site: CheckedSite) -> Problem:
    """Print matter without QR code, told at the place in the route file where the address goes."""
    loaded = site.checked.loaded
    mark = loaded.mark(("route",), key=True)
    problems = loaded.problems()
    problems.add(tr("The route has no site_url, so the printed poster, handout and cards have no QR code "
                    "that leads to the site."), line=mark.line, column=mark.column, field="route.site_url",
                 hint=tr("Add the address where the site is published, such as "
                         "site_url: https://www.example.nl/route/, under route:."), severity=Severity.WARNING)
    return problems.problems[0]


def step_title_px(picture: Picture) -> float:
    """The size of the step titles in a picture (their first label, the largest text of a station)."""
    return min(max(label.size for label in station.labels[1:]) for station in picture.stations)


def poster_picture(localized: LocalizedRoute, href: Any,
                   also: LocalizedRoute | None = None) -> tuple[Picture, float]:
    """The landscape picture laid out for the A3 poster and the factor it is shown at; ``also``
    (the source language) makes the bilingual poster's picture.

    The picture is shrunk to the paper, so its type is enlarged first (the geometry stays), until
    its step titles reach 14 pt on paper; summaries are dropped only if nothing else fits. A
    layout that breaks a pill's word ("Goal") over two lines is taken only when all do.
    """
    target = POSTER_STEP_TITLE_PT / PT_PER_PX
    best: tuple[bool, float, Picture, float] | None = None
    for scale, slot, summaries in POSTER_TRIALS:
        picture = landscape(localized, href, text_scale=scale, summaries=summaries, slot=slot,
                            header=False, also=also)
        factor = min(POSTER_ROOM[0] / picture.width, POSTER_ROOM[1] / picture.height)
        size = step_title_px(picture) * factor
        whole = not wraps_a_pill(picture)
        if whole and size >= target:
            return picture, factor
        if best is None or (whole, size) > best[:2]:
            best = (whole, size, picture, factor)
    assert best is not None
    return best[2], best[3]


def wraps_a_pill(picture: Picture) -> bool:
    """Whether a pill's word ("You are here", "Goal") took more than one line."""
    pills = {shape.rect for shape in picture.background if shape.style == "pill"}
    return any(label.container in pills and len(label.lines) > 1 for label in picture.labels)


def row_gaps(picture: Picture) -> list[float]:
    """Heights where the picture may be cut in two: between rows, through no text, station or
    band (a rail, a link or a support's thin bar may be cut: it runs on in the next column), and
    never between a phase's band and its first step."""
    solid = sorted([(label.box.y, label.box.bottom, False) for label in picture.all_labels()]
                   + [(station.hit.y, station.hit.bottom, False) for station in picture.stations]
                   + [(shape.rect.y, shape.rect.bottom, shape.style == "phase") for shape in picture.background
                      if shape.kind == "rect" and shape.rect is not None and shape.rect.w > 20])
    gaps: list[float] = []
    reached, keep_with_next = 0.0, False
    for top, bottom, heading in solid:
        if top > reached:
            if not keep_with_next:
                gaps.append((reached + top) / 2)
            keep_with_next = False
        keep_with_next = keep_with_next or heading
        reached = max(reached, bottom)
    return gaps


def window(picture: Picture, top: float, bottom: float) -> Picture:
    """The part of a picture between two heights: its texts and stations there, every shape
    (the view clips them)."""
    return replace(picture, top=top, height=bottom - top,
                   labels=[label for label in picture.labels if top <= label.box.y < bottom],
                   stations=[station for station in picture.stations if top <= station.hit.y < bottom])


def handout_columns(localized: LocalizedRoute, href: Any) -> list[Picture]:
    """The portrait picture in two columns, cut between two rows like a newspaper's column.

    Without the steps' summaries, which the handout prints with each step, and without title and
    regisseur, which it sets itself. Printed at its own size, or smaller where the page's top leaves
    less room (the print CSS shrinks both columns alike; Arabic's larger type leaves the margin).
    """
    picture = portrait(localized, href, width=HANDOUT_COLUMN, text_scale=HANDOUT_TEXT_SCALE,
                       summaries=False, header=False)
    cut = min(row_gaps(picture), key=lambda y: max(y, picture.height - y), default=picture.height)
    return [window(picture, 0.0, cut), window(picture, cut, picture.height)]


class PrintMatter:
    """The print documents of one prepared route, in the theme's ``print/`` templates."""

    def __init__(self, site: CheckedSite) -> None:
        self.site = site
        self.source = site.route.route.source_language

    def documents(self, formats: list[str], langs: list[str]) -> list[PrintDocument]:
        """The chosen formats in the chosen languages; a poster in a language other than the
        route's own (Dutch) comes with a bilingual poster, that language next to Dutch."""
        kinds = [(lang, kind) for lang in langs for kind in formats]
        kinds += [(lang, BILINGUAL_POSTER) for lang in langs if "poster" in formats and lang != self.source]
        return [PrintDocument(print_file(lang, kind), lang, kind, self.html(kind, lang)) for lang, kind in kinds]

    def html(self, kind: str, lang: str) -> str:
        localized = self.site.localized[lang]
        context = self.context(localized)
        base = overview_address(self.site, lang) or ""

        def href(step_id: str) -> str:
            return f"{base}{step_id}/" if base else "#"

        if kind in ("poster", BILINGUAL_POSTER):
            source = self.site.localized[self.source]
            if kind == BILINGUAL_POSTER:
                context["source"] = self.context(source)
            picture, factor = poster_picture(localized, href, source if kind == BILINGUAL_POSTER else None)
            context["picture"] = self.drawn(picture, "rg-poster", f'width="{picture.width * factor:.1f}" '
                                                                 f'height="{picture.height * factor:.1f}"')
        if kind == "handout":
            columns = [part for part in handout_columns(localized, href) if part.height > 0]
            tallest = max(part.height for part in columns)
            # the page shrinks the map to the room the top leaves, both columns alike (print CSS)
            context["map_height"] = f"{tallest:.1f}px"
            context["columns"] = [self.drawn(part, f"rg-handout-{index}", f'style="height:{part.height / tallest:.2%}"')
                                  for index, part in enumerate(columns)]
        if kind == "card":
            context["source"] = self.context(self.site.localized[self.source])
        template = "poster" if kind == BILINGUAL_POSTER else kind
        return render_template(self.site.theme.env, f"print/{template}.html", context)

    def drawn(self, picture: Picture, id_prefix: str, size: str) -> Markup:
        """The picture inline, sized on paper by ``size`` (the SVG's attributes)."""
        svg = draw_svg(picture, self.site.theme.palette, standalone=False, id_prefix=id_prefix)
        return Markup(svg.replace("<svg ", f"<svg {size} ", 1))

    def context(self, localized: LocalizedRoute) -> dict[str, Any]:
        lang = localized.lang
        ui = ui_text(lang)
        route = localized.route
        address = overview_address(self.site, lang)
        language = get_language(lang)

        def t(text: object) -> Markup:
            return RouteSite.inline(text, lang, ui)

        flow = route_flow(route)
        return {
            "lang": lang,
            "dir": language.direction,
            "language_name": language.own_name,
            "_": ui,
            "t": t,
            "ui_lang": ui.lang_of,
            "route": route,
            "partner": route.partner,
            "regisseur": route.regisseur,
            "heading": contact_heading(route.regisseur, t, ui),
            "address": address,
            "qr": Markup(qr_svg(address, title=ui("QR code: {address}", address=address))) if address else None,
            "ordered_steps": [route.step(i) for i in flow.order],
            "step_number": flow.numbers,
            "css": Markup(svg_css(self.site.theme.palette)),
            "source": None,  # the route's own language beside the reader's (card, bilingual poster)
        }
