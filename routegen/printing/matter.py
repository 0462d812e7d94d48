"""The print stage's HTML: poster, handout and contact cards of one prepared route, per language.

Built from the route as the site shows it (the same localized texts, the same picture layout and
drawing, the theme's templates under ``print/``), so print and site never tell different things.
Each document is one HTML file with its paper size in its print CSS; routegen.printing.pdf turns
it into a PDF with Chromium.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..draw import draw_svg, svg_css
from ..errors import Problem, Severity
from ..flow import route_flow
from ..layout.geometry import Picture
from ..layout.route_map import layout_picture
from ..languages import get_language
from ..localize import LocalizedRoute
from ..render import RouteSite, language_folder, render_template
from ..ui import ui_text
from .qr import qr_svg

if TYPE_CHECKING:
    from ..pipeline import CheckedSite

FORMATS = ("poster", "handout", "card")
CSS_PX_PER_MM = 96 / 25.4
PT_PER_PX = 0.75
# A3 landscape less the poster's margins (6 mm) and its own top band (40 mm: title, regisseur, QR)
POSTER_ROOM = ((420 - 12) * CSS_PX_PER_MM, (297 - 12 - 42) * CSS_PX_PER_MM)
POSTER_STEP_TITLE_PT = 14.0
STEP_TITLE_PX = 15.0  # the picture's step titles at scale 1 (Latin; scripts enlarge it, see layout)
# Tried in order: the first that reaches the step titles' size wins, else the largest found
POSTER_TRIALS = [(scale, slot, summaries) for summaries in (True, False)
                 for scale in (1.6, 1.8, 2.0) for slot in (200.0, 240.0)]


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
    problems.add("The route has no site_url, so the printed poster, handout and cards have no QR code "
                 "that leads to the site.", line=mark.line, column=mark.column, field="route.site_url",
                 hint="Add the address where the site is published, such as "
                      "site_url: https://www.example.nl/route/, under route:.", severity=Severity.WARNING)
    return problems.problems[0]


def step_title_px(picture: Picture) -> float:
    """The size of the step titles in a picture (their first label, the largest text of a station)."""
    return min(max(label.size for label in station.labels[1:]) for station in picture.stations)


def poster_picture(localized: LocalizedRoute, href: Any) -> tuple[Picture, float]:
    """The landscape picture laid out for the A3 poster and the factor it is shown at.

    The picture is shrunk to the paper, so its type is enlarged first (the geometry stays), until
    its step titles reach 14 pt on paper; summaries are dropped only if nothing else fits.
    """
    target = POSTER_STEP_TITLE_PT / PT_PER_PX
    best: tuple[float, Picture, float] | None = None
    for scale, slot, summaries in POSTER_TRIALS:
        picture = layout_picture(localized, "landscape", href, text_scale=scale, summaries=summaries,
                                 slot=slot, header=False)
        factor = min(POSTER_ROOM[0] / picture.width, POSTER_ROOM[1] / picture.height)
        size = step_title_px(picture) * factor
        if size >= target:
            return picture, factor
        if best is None or size > best[0]:
            best = (size, picture, factor)
    assert best is not None
    return best[1], best[2]


class PrintMatter:
    """The print documents of one prepared route, in the theme's ``print/`` templates."""

    def __init__(self, site: CheckedSite) -> None:
        self.site = site
        self.source = site.route.route.source_language

    def documents(self, formats: list[str], langs: list[str]) -> list[PrintDocument]:
        return [PrintDocument(print_file(lang, kind), lang, kind, self.html(kind, lang))
                for lang in langs for kind in formats]

    def html(self, kind: str, lang: str) -> str:
        localized = self.site.localized[lang]
        context = self.context(localized)
        if kind == "poster":
            base = overview_address(self.site, lang) or ""
            picture, factor = poster_picture(localized, lambda step_id: f"{base}{step_id}/" if base else "#")
            svg = draw_svg(picture, self.site.theme.palette, standalone=False, id_prefix="rg-poster")
            context["picture"] = Markup(svg.replace(
                "<svg ", f'<svg width="{picture.width * factor:.1f}" height="{picture.height * factor:.1f}" ', 1))
        if kind == "card":
            context["source"] = self.context(self.site.localized[self.source])
        return render_template(self.site.theme.env, f"print/{kind}.html", context)

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
            "address": address,
            "qr": Markup(qr_svg(address, title=ui("QR code: {address}", address=address))) if address else None,
            "ordered_steps": [route.step(i) for i in flow.order],
            "step_number": flow.numbers,
            "css": Markup(svg_css(self.site.theme.palette)),
        }
