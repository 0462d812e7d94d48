"""Lay out a localized route as an infographic: a metro map of phases, lanes and stations.

Landscape (poster, desktop): phases are columns along the reading direction, the main route and
each track are parallel rails, stations carry their labels below them. Portrait (phone): phases
are sections from top to bottom, rails run downwards at the start edge, labels beside them.
Both are pure computation: the result is a :class:`Picture` for the draw stage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..formatting import format_date, format_duration, format_list_text, format_money
from ..localize import LocalizedRoute, LocalText
from ..model import Branch, Phase, Step, StepKind, Timing
from ..ui import N_, UiText, ui_text
from ..flow import Flow, route_flow
from .common import LINE_HEIGHT, Mirror, place_text
from ..icons import step_icon
from .geometry import Label, Logo, Picture, Pictogram, Rect, Role, Shape, Station

MARGIN = 32.0
RADIUS = 16.0
LINK_CLEARANCE = 5.0  # links pass this far from stations, labels and rails
OPTIONAL_RING = RADIUS + 3.5  # the dashed ring of an optional step, inside the links' clearance
DIGITS_MAX_SCALE = 1.8  # a station's number: "12" at 14 x 1.8 px (29 px wide) still fits the 32 px disc
PICTOGRAM = 24.0  # a step's pictogram (routegen.icons), above its title or at the end of its row
LOGO_SIZE = 64.0  # the logo is fitted into this square, its aspect kept
FALLBACK_MARK = "*"
STATUS_WORDS = {"example": N_("Example"), "draft": N_("Draft"), "published": N_("Published")}


def timing_text(timing: Timing | None, ui: UiText, lang: str) -> str:
    """A phase's or step's timing in words: 'within 3 months · every 3 months'."""
    if timing is None:
        return ""
    parts: list[str] = []
    if timing.starts:
        parts.append(str(timing.starts))
    if timing.within:
        parts.append(ui("within {duration}", duration=format_duration(timing.within, lang)))
    if timing.lasts:
        parts.append(ui("takes {duration}", duration=format_duration(timing.lasts, lang)))
    if timing.every:
        parts.append(ui("every {duration}", duration=format_duration(timing.every, lang)))
    if timing.follow_ups:
        spans = format_list_text([format_duration(d, lang) for d in timing.follow_ups], lang)
        parts.append(ui("follow-up talks after {durations}", durations=spans))
    return " · ".join(parts)


class _Builder:
    """State shared while laying out one picture."""

    def __init__(self, localized: LocalizedRoute, href: Callable[[str], str], width: float,
                 orientation: str, logo: str | None = None, text_scale: float = 1.0) -> None:
        self.localized = localized
        self.text_scale = text_scale  # the poster's larger type in the same geometry
        self.route = localized.route
        self.lang = localized.lang
        self.ui = ui_text(self.lang)
        self.href = href
        self.flow: Flow = route_flow(localized.route)
        self.width = width
        self.mirror = Mirror(width, localized.dir == "rtl")
        self.orientation = orientation
        self.labels: list[Label] = []
        self.background: list[Shape] = []
        self.stations: list[Station] = []
        self.logo_href = logo
        self.fallbacks = False  # a text fell back to the source language (marked, in the legend)
        self.margin = PORTRAIT_MARGIN if orientation == "portrait" else MARGIN
        self.logo: Logo | None = None

    # -- helpers in logical coordinates ----------------------------------------------------

    def text(self, text: str, **kwargs: object) -> Label:
        if "lang" not in kwargs and not hasattr(text, "lang"):
            kwargs["lang"] = self.lang
        if isinstance(text, LocalText) and text.is_fallback:
            # shown in the source language: marked, as the legend explains, and tagged with
            # its own language (place_text takes it from the text)
            text = LocalText(f"{FALLBACK_MARK} {text}", text.lang, text.state, text.context)
            self.fallbacks = True
        if self.text_scale != 1.0:
            kwargs["size"] = float(kwargs["size"]) * self.text_scale  # type: ignore[arg-type]
            if kwargs.get("max_lines") is not None:  # larger type wraps more; it is never cut short
                kwargs["max_lines"] = None
        return place_text(text, **kwargs)  # type: ignore[arg-type]

    def keep(self, label: Label, within: Rect | None = None) -> Label:
        """Keep a label for drawing; ``within`` is the box it must stay inside (default: the picture)."""
        label = label.within(within)
        self.labels.append(label)
        return label

    def rect(self, rect: Rect, style: str, radius: float = 0.0) -> None:
        self.background.append(Shape("rect", rect=rect, style=style, radius=radius))

    def path(self, points: list[tuple[float, float]], style: str, arrow: bool = False) -> None:
        self.background.append(Shape("path", points=tuple(points), style=style, arrow=arrow))

    def ui_label(self, msgid: str, **kwargs: object) -> Label:
        """A label of routegen's own words, in the reader's language or English when untranslated."""
        values = kwargs.pop("values", {})
        return self.text(self.ui(msgid, **values), lang=self.ui.lang_of(msgid), **kwargs)  # type: ignore[arg-type]

    def also(self, second: str | None, first: str) -> str | None:
        """A text's second language on a bilingual poster, unless it says the same (a fallback)."""
        return second if second and str(second) != str(first) else None

    # -- parts shared by both orientations -------------------------------------------------

    def header(self, y: float, badge_width: float, title_size: float) -> float:
        """Title, municipality, status and date; the budget badge at the end edge (landscape)."""
        info = self.route.route
        inner = self.width - 2 * self.margin
        x = self.margin
        if self.logo_href:  # at the start edge, before the title
            self.logo = Logo(self.mirror.rect(Rect(self.margin, y, LOGO_SIZE, LOGO_SIZE)), self.logo_href)
            x += LOGO_SIZE + 16
        title_width = inner - (x - self.margin) - (badge_width + 24 if badge_width else 0)
        title = self.keep(self.text(info.title, x=x, y=y, max_width=title_width, size=title_size,
                                    bold=True, role=Role.TITLE))
        y2 = title.box.bottom + 4
        sub = self.keep(self.text(info.municipality, x=x, y=y2, max_width=title_width, size=16,
                                  bold=True, role=Role.TEXT))
        status = self.ui(STATUS_WORDS[info.status.value])
        reviewed = self.ui("Last reviewed on {date}", date=format_date(info.last_reviewed, self.lang))
        meta = self.keep(self.text(f"{status} · {reviewed}", lang=self.ui.lang_of("Last reviewed on {date}"),
                                   x=x, y=sub.box.bottom + 4, max_width=title_width, size=13,
                                   role=Role.MUTED))
        bottom = max(meta.box.bottom, y + LOGO_SIZE if self.logo else 0)
        if badge_width and self.route.budget:
            bottom = max(bottom, self.budget_badge(self.width - self.margin - badge_width, y, badge_width))
        return bottom

    def budget_badge(self, x: float, y: float, width: float) -> float:
        budget = self.route.budget
        assert budget is not None
        pad = 12.0
        inner = width - 2 * pad
        title = self.text(budget.title, x=x + pad, y=y + pad, max_width=inner, size=14, bold=True,
                          role=Role.ON_ACCENT, max_lines=2)
        amount = self.text(format_money(budget.amount, budget.currency, self.lang), x=x + pad,
                           y=title.box.bottom + 2, max_width=inner, size=24, bold=True, role=Role.ON_ACCENT)
        per = self.text(budget.per, x=x + pad, y=amount.box.bottom + 2, max_width=inner, size=13,
                        role=Role.ON_ACCENT, max_lines=3)
        height = per.box.bottom + pad - y
        box = Rect(x, y, width, height)
        self.rect(box, "budget", radius=10)
        for label in (title, amount, per):
            self.keep(label, box)
        return y + height

    def regisseur_band(self, y: float) -> float:
        regisseur = self.route.regisseur
        x, width, pad = self.margin, self.width - 2 * self.margin, 12.0
        icon = 40.0
        text_x = x + pad + icon + 12
        inner = width - (text_x - x) - pad
        if regisseur.called:  # the route's own word for this person, such as 'Je klantondersteuner'
            caption = self.text(regisseur.called, x=text_x, y=y + pad, max_width=inner, size=13,
                                role=Role.ON_PRIMARY)
        else:
            caption = self.ui_label("Your regisseur: one contact for the whole route", x=text_x, y=y + pad,
                                    max_width=inner, size=13, role=Role.ON_PRIMARY)
        role = self.text(regisseur.role, x=text_x, y=caption.box.bottom + 2, max_width=inner, size=16,
                         bold=True, role=Role.ON_PRIMARY)
        bottom = role.box.bottom
        labels = [caption, role]
        if regisseur.summary:
            summary = self.text(regisseur.summary, x=text_x, y=bottom + 2, max_width=inner, size=13,
                                role=Role.ON_PRIMARY, max_lines=2)
            labels.append(summary)
            bottom = summary.box.bottom
        contact = regisseur.contact
        # How to reach them, left to right in every language (a phone number read right to left
        # would be a wrong number): its own label, in the route's own (Dutch) language.
        reach = [part for part in (contact.phone, contact.email) if part]
        if reach:
            line = self.text("  ·  ".join(reach), x=text_x, y=bottom + 4, max_width=inner, size=16,
                             bold=True, role=Role.ON_PRIMARY, lang=self.route.route.source_language)
            labels.append(line)
            bottom = line.box.bottom
        if contact.hours:
            hours = self.text(contact.hours, x=text_x, y=bottom + 2, max_width=inner, size=13,
                              role=Role.ON_PRIMARY)
            labels.append(hours)
            bottom = hours.box.bottom
        height = max(bottom + pad - y, icon + 2 * pad)
        band = Rect(x, y, width, height)
        self.rect(band, "regisseur", radius=10)
        cx, cy = x + pad + icon / 2, y + height / 2
        self.background.append(Shape("circle", points=((cx, cy),), radius=icon / 2, style="regisseur-icon"))
        self.background.append(Shape("circle", points=((cx, cy - 6),), radius=7, style="regisseur"))
        self.background.append(Shape("rect", rect=Rect(cx - 11, cy + 4, 22, 12), style="regisseur", radius=6))
        for label in labels:
            self.keep(label, band)
        return y + height

    def links(self, centres: dict[str, tuple[float, float]],
              route_link: Callable[[tuple[float, float], tuple[float, float]], list[tuple[float, float]]]) -> None:
        """The lines between stations: a lane's rail joins a step to the next one on it; every
        other link (a branch, a join, a skip) is a line of its own, routed by ``route_link``
        around labels and stations, dotted where the reader chooses one of several next steps."""
        flow = self.flow
        lane_order = {lane: [i for i in flow.order if flow.lanes[i] == lane and i in centres]
                      for lane in set(flow.lanes.values())}
        rails: list[Shape] = []
        for a, c in flow.edges:
            if a not in centres or c not in centres:
                continue
            lane = flow.lanes[a]
            in_lane = lane_order[lane]
            if (flow.lanes[c] == lane and not flow.is_branch(a)
                    and in_lane.index(c) == in_lane.index(a) + 1):
                rails.append(Shape("path", points=(centres[a], centres[c]),
                                   style="main-line" if lane == 0 else "track-line"))
                continue
            style = {Branch.CHOICE: "choice-line", Branch.PARALLEL: "parallel-line"}.get(
                flow.branching.get(a, Branch.PARALLEL), "parallel-line") if flow.is_branch(a) else "link-line"
            self.background.append(Shape("path", points=tuple(route_link(centres[a], centres[c])),
                                         style=style, arrow=True))
        self.background[0:0] = rails  # rails first: the stations and links are drawn over them

    def pill(self, msgid: str, x: float, y: float, max_width: float, *, end: bool = False,
             middle: bool = False) -> Rect:
        """A word in a small accent-coloured pill ("You are here", "Goal") with its top-start
        corner at (x, y): its top-end corner with ``end``, its middle height with ``middle``."""
        pad = 6.0
        probe = self.ui_label(msgid, x=0, y=0, max_width=max_width - 2 * pad, size=13, bold=True,
                              role=Role.ON_ACCENT)
        width = probe.box.w + 2 * pad
        left = x - width if end else x
        if middle:
            y -= (probe.box.h + 4) / 2
        label = self.ui_label(msgid, x=left + pad, y=y + 2, max_width=probe.box.w + 1, size=13, bold=True,
                              role=Role.ON_ACCENT)
        box = Rect(left, y, width, label.box.h + 4)
        self.rect(box, "pill", radius=box.h / 2)
        self.keep(label, box)
        return box

    def ends(self) -> tuple[str, list[str]]:
        """The step where the reader starts, and the steps that end a lane (nothing follows)."""
        order = self.flow.order
        return order[0], [i for i in order if not self.flow.following(i)]

    def station(self, step: Step, cx: float, cy: float, labels: list[Label], hit: Rect,
                pictogram: Pictogram | None = None) -> None:
        number = self.flow.numbers[step.id]
        shapes = [self.station_shape(step.kind, cx, cy)]
        if step.optional:  # a dashed ring: the reader may leave this step out (said in words too)
            shapes.insert(0, self.optional_ring(step.kind, cx, cy))
        # Western digits in every language, set in the Latin font: an Arabic or Ethiopic font's
        # tall line would stand out of the disc
        # a poster's larger type enlarges the digits only as far as two of them fit the disc
        size = 14 * min(1.0, DIGITS_MAX_SCALE / self.text_scale)
        height = self.text(str(number), x=0, y=0, max_width=2 * RADIUS, size=size, bold=True, lang="en").box.h
        digits = self.text(str(number), x=cx - RADIUS, y=cy - height / 2, max_width=2 * RADIUS,
                           size=size, bold=True, align="center", role=Role.ON_PRIMARY, lang="en")
        name = self.ui("Step {number}: {title}", number=number, title=step.title) + ". "
        if step.optional:
            name += self.ui("Optional step") + ". "
        name += step.summary
        disc = Rect(cx - RADIUS, cy - RADIUS, 2 * RADIUS, 2 * RADIUS)
        placed = [digits.within(disc), *(label.within(hit) for label in labels)]
        self.stations.append(Station(step.id, number, step.kind.value, self.href(step.id), hit, shapes,
                                     placed, name, (pictogram,) if pictogram else ()))

    def station_shape(self, kind: StepKind, cx: float, cy: float) -> Shape:
        if kind is StepKind.PROGRAMME:
            return Shape("rect", rect=Rect(cx - RADIUS, cy - RADIUS, 2 * RADIUS, 2 * RADIUS),
                         style="station programme", radius=6)
        style = "station handover" if kind is StepKind.HANDOVER else "station"
        return Shape("circle", points=((cx, cy),), radius=RADIUS, style=style)

    def optional_ring(self, kind: StepKind, cx: float, cy: float) -> Shape:
        """The dashed outline around an optional step's station, in the station's own shape."""
        if kind is StepKind.PROGRAMME:
            return Shape("rect", rect=Rect(cx - OPTIONAL_RING, cy - OPTIONAL_RING, 2 * OPTIONAL_RING,
                                           2 * OPTIONAL_RING), style="optional-ring", radius=8)
        return Shape("circle", points=((cx, cy),), radius=OPTIONAL_RING, style="optional-ring")

    def legend(self, y: float) -> float:
        """Shapes and line styles explained in words, so nothing depends on colour alone."""
        kinds = {step.kind for step in self.route.steps}
        items: list[tuple[str, str]] = [("station", N_("Step"))]
        if StepKind.HANDOVER in kinds:
            items.append(("station handover", N_("Warm handover")))
        if StepKind.PROGRAMME in kinds:
            items.append(("station programme", N_("Programme")))
        if any(step.optional for step in self.route.steps):
            items.append(("station optional", N_("Optional step")))
        items.append(("main-line", N_("The route for everyone")))
        if self.route.tracks:
            items.append(("track-line", N_("Track for a group")))
        branches = set(self.flow.branching.values())
        if Branch.CHOICE in branches:
            items.append(("choice-line", N_("You take one of these steps")))
        if Branch.PARALLEL in branches:
            items.append(("parallel-line", N_("These steps happen side by side")))
        if self.route.supports:
            items.append(("support", N_("Support alongside the route")))
        if self.fallbacks:
            items.append(("fallback", N_("not yet translated")))
        x, row_top, row_height = self.margin, y, 0.0
        for style, msgid in items:
            probe = self.ui_label(msgid, x=0, y=0, max_width=self.width - 2 * self.margin - 40, size=13)
            item_width = 40 + probe.box.w + 28
            if x + item_width > self.width - self.margin and x > self.margin:
                x, row_top = self.margin, row_top + row_height + 8
                row_height = 0.0
            cy = row_top + 13
            if style == "station optional":
                self.background.append(self.optional_ring(StepKind.STEP, x + 16, cy))
            if style.startswith("station"):
                self.background.append(self.station_shape(
                    StepKind.HANDOVER if "handover" in style else
                    StepKind.PROGRAMME if "programme" in style else StepKind.STEP, x + 16, cy))
            elif style == "support":
                self.rect(Rect(x, cy - 9, 32, 18), "support", radius=4)
            elif style == "fallback":
                self.keep(self.text(FALLBACK_MARK, x=x, y=cy - 13 * LINE_HEIGHT / 2, max_width=32, size=16,
                                    bold=True, align="center", lang=self.route.route.source_language))
            else:
                self.path([(x, cy), (x + 32, cy)], style)
            label = self.keep(self.ui_label(msgid, x=x + 40, y=cy - 13 * LINE_HEIGHT / 2,
                                            max_width=probe.box.w + 1, size=13))
            row_height = max(row_height, 26.0, label.box.h)
            x += item_width
        return row_top + row_height

    def finish(self, height: float) -> Picture:
        info = self.route.route
        mirror = self.mirror
        background = [mirror.shape(shape) for shape in self.background]
        stations = []
        for station in sorted(self.stations, key=lambda s: s.number):  # tab order = route order
            stations.append(Station(station.step_id, station.number, station.kind, station.href,
                                    mirror.rect(station.hit), [mirror.shape(s) for s in station.shapes],
                                    [mirror.label(label) for label in station.labels],
                                    station.accessible_name,
                                    tuple(replace(p, box=mirror.rect(p.box)) for p in station.pictograms)))
        phases = len(self.route.phases)
        description = self.ui(
            "The integration route of {municipality}: {steps} steps in {phases} phases. "
            "Each step links to a page that explains it.",
            municipality=info.municipality, steps=len(self.route.steps), phases=phases)
        page = Rect(0, 0, self.width, height)
        labels = [mirror.label(label.within(label.container or page)) for label in self.labels]
        return Picture(self.width, height, self.lang, self.localized.dir, self.orientation,
                       info.title if info.municipality in info.title else f"{info.title} – {info.municipality}",
                       description, background, labels, stations, self.logo)


# --- landscape ----------------------------------------------------------------------------

SLOT = 200.0
GAP = 16.0
START_ROOM = 96.0  # before the first slot, for the "You are here" pill


def _columns(builder: _Builder) -> tuple[dict[str, int], dict[str, tuple[int, int]]]:
    """Slot column of every step and (first, count) slots of every phase.

    Phases are contiguous spans in order; within a phase each lane's steps take consecutive
    slots, and a step that follows a step of another lane starts after it, so branches and
    joins always run forward.
    """
    route = builder.route
    lanes = builder.flow.lanes
    preds: dict[str, list[str]] = {}
    for a, b in builder.flow.edges:
        preds.setdefault(b, []).append(a)
    column: dict[str, int] = {}
    spans: dict[str, tuple[int, int]] = {}
    start = 0
    lane_ids = sorted(set(lanes.values()))
    for phase in route.phases:
        width = 1
        for lane in lane_ids:
            steps = [s for s in route.steps if s.phase == phase.id and lanes[s.id] == lane]
            if not steps:
                continue
            offset = 0
            for pred in preds.get(steps[0].id, []):
                if pred in column and lanes[pred] != lane:
                    offset = max(offset, column[pred] + 1 - start)
            for index, step in enumerate(steps):
                column[step.id] = start + offset + index
            width = max(width, offset + len(steps))
        spans[phase.id] = (start, width)
        start += width
    return column, spans


def landscape_link(a: tuple[float, float], c: tuple[float, float],
                   slot: float = SLOT) -> list[tuple[float, float]]:
    """A link from station ``a`` to a later station ``c``: on one rail, an arc just above the
    stations between. To another lane it runs along the lower lane, just above its rail, where
    only that lane's stations stand, and changes lanes in the gap between two slots: the gap after
    the source when it goes down, the gap before the target when it comes up."""
    (ax, ay), (cx, cy) = a, c
    over = RADIUS + LINK_CLEARANCE
    if ay == cy:
        return [(ax, ay - RADIUS), (ax, ay - over), (cx, cy - over), (cx, cy - RADIUS)]
    if cy > ay:  # down to a track: below the source's disc, then above the track's rail
        gap = ax + slot / 2
        return [(ax, ay + RADIUS), (ax, ay + over), (gap, ay + over), (gap, cy - over), (cx, cy - over),
                (cx, cy - RADIUS)]
    gap = cx - slot / 2  # up from a track: above its rail, then below the target's disc
    return [(ax, ay - RADIUS), (ax, ay - over), (gap, ay - over), (gap, cy + over), (cx, cy + over),
            (cx, cy + RADIUS)]


def landscape(localized: LocalizedRoute, href: Callable[[str], str], logo: str | None = None,
              text_scale: float = 1.0, summaries: bool = True, slot: float = SLOT,
              header: bool = True, also: LocalizedRoute | None = None) -> Picture:
    """The route from start to end across. A poster enlarges the type (``text_scale``, not the
    geometry), since the picture is shrunk to the paper's width and its step titles must stay
    large; to fit one sheet it may leave out the steps' summaries (``summaries``) and the title and
    regisseur (``header``, which the poster sets itself), and widen the slots (``slot``).
    A bilingual poster sets each phase's and step's title in a second language (``also``: Dutch)
    under the reader's, so a reader and a Dutch-speaking helper point at the same step."""
    probe = _Builder(localized, href, 0, "landscape")
    column, spans = _columns(probe)
    slots = sum(count for _, count in spans.values())
    width = max(1000.0, 2 * MARGIN + START_ROOM + slots * slot)
    b = _Builder(localized, href, width, "landscape", logo, text_scale)
    route = b.route
    y = MARGIN
    if header:  # a poster sets the title and the regisseur in its own page around the picture
        y = b.header(MARGIN, badge_width=280 if route.budget else 0, title_size=30) + 20
        y = b.regisseur_band(y) + 24

    def slot_x(index: int) -> float:
        return MARGIN + START_ROOM + index * slot

    # phase headers
    phase_bottom = y
    phase_labels: list[tuple[Phase, list[Label]]] = []
    for phase in route.phases:
        first, count = spans[phase.id]
        x, w = slot_x(first) + 4, count * slot - 8
        labels = [b.text(phase.title, x=x + 8, y=y + 8, max_width=w - 16, size=15, bold=True,
                         role=Role.TEXT, max_lines=2)]
        second = b.also(also.route.phase(phase.id).title if also else None, phase.title)
        if second:
            labels.append(b.text(second, x=x + 8, y=labels[0].box.bottom + 2, max_width=w - 16, size=14,
                                 role=Role.TEXT))
        when = timing_text(phase.timing, b.ui, b.lang)
        if when:
            labels.append(b.text(when, x=x + 8, y=labels[-1].box.bottom + 2, max_width=w - 16, size=13,
                                 role=Role.MUTED, lang=b.lang, max_lines=3))
        if phase.contact:  # this phase's own contact person, by the word readers know them by
            labels.append(b.text(phase.contact.called or phase.contact.role, x=x + 8, y=labels[-1].box.bottom + 2,
                                 max_width=w - 16, size=13, bold=True, role=Role.TEXT, max_lines=2))
        phase_labels.append((phase, labels))
        phase_bottom = max(phase_bottom, labels[-1].box.bottom + 8)
    for phase, labels in phase_labels:
        first, count = spans[phase.id]
        band = Rect(slot_x(first) + 4, y, count * slot - 8, phase_bottom - y)
        b.rect(band, "phase", radius=8)
        for label in labels:
            b.keep(label, band)
    y = phase_bottom + 16

    # lanes
    centres: dict[str, tuple[float, float]] = {}
    lane_ids = sorted(set(b.flow.lanes.values()))
    label_width = slot - GAP
    # Links between lanes run down or up in the gap after their source's slot, clear of labels;
    # a track's caption stops before the first such gap it would cross.
    gaps = sorted({slot_x(column[a]) + slot if b.flow.lanes[c] > b.flow.lanes[a] else slot_x(column[c])
                   for a, c in b.flow.edges
                   if a in column and c in column and b.flow.lanes[a] != b.flow.lanes[c]})
    for lane in lane_ids:
        steps = [route.step(i) for i in b.flow.order if b.flow.lanes[i] == lane]
        top = y
        if lane > 0:
            track = route.tracks[lane - 1]
            x0 = slot_x(min(column[s.id] for s in steps)) + GAP / 2
            end = next((gap - GAP / 2 for gap in gaps if gap > x0 + slot / 2), width - MARGIN)
            caption = b.keep(b.text(track.title, x=x0, y=top, max_width=end - x0, size=14,
                                    bold=True, role=Role.TEXT))
            audience = b.keep(b.text(track.audience, x=x0, y=caption.box.bottom, max_width=end - x0,
                                     size=13, role=Role.MUTED))
            top = audience.box.bottom + 6
        rail = top + RADIUS + 4
        lane_bottom = rail + RADIUS
        pending: list[tuple[Step, float, list[Label], Pictogram]] = []
        for step in steps:
            cx = slot_x(column[step.id]) + slot / 2
            x = cx - label_width / 2
            icon_top = rail + RADIUS + 2 * LINK_CLEARANCE
            pictogram = Pictogram(step_icon(step), Rect(cx - PICTOGRAM / 2, icon_top, PICTOGRAM, PICTOGRAM), Role.TEXT)
            title = b.text(step.title, x=x, y=icon_top + PICTOGRAM + 4, max_width=label_width,
                           size=15, bold=True, align="center", max_lines=3)
            labels = [title]
            second = b.also(also.route.step(step.id).title if also else None, step.title)
            if second:
                labels.append(b.text(second, x=x, y=title.box.bottom + 2, max_width=label_width, size=14,
                                     align="center"))
            if summaries:
                labels.append(b.text(step.summary, x=x, y=labels[-1].box.bottom + 2, max_width=label_width,
                                     size=13, align="center", max_lines=4))
            centres[step.id] = (cx, rail)
            pending.append((step, cx, labels, pictogram))
            lane_bottom = max(lane_bottom, labels[-1].box.bottom)
        for step, cx, labels, pictogram in pending:
            hit = Rect(cx - label_width / 2, rail - RADIUS - 4, label_width, lane_bottom - rail + RADIUS + 10)
            b.station(step, cx, rail, labels, hit, pictogram)
        y = lane_bottom + 28
    start, goals = b.ends()
    room = slot / 2 - RADIUS - GAP  # beside a station, before the gap where links turn
    sx, sy = centres[start]
    b.pill(N_("You are here"), sx - RADIUS - 6, sy, room + START_ROOM, end=True, middle=True)
    for goal in goals:
        gx, gy = centres[goal]
        at_end = column[goal] == max(column.values())  # nothing after it but the margin
        b.pill(N_("Goal"), gx + RADIUS + 6, gy, room + (MARGIN - 8 if at_end else 0), middle=True)
    b.links(centres, lambda a, c: landscape_link(a, c, slot))

    # supports alongside
    for support in route.supports:
        first, _ = spans[support.from_phase]
        last, count = spans[support.to_phase]
        x, w = slot_x(first) + 4, (last + count - first) * slot - 8
        title = b.text(support.title, x=x + 12, y=y + 8, max_width=w - 24, size=14, bold=True)
        partner = b.text(route.partner(support.partner).name, x=x + 12, y=title.box.bottom + 2,
                         max_width=w - 24, size=13, role=Role.MUTED)
        band = Rect(x, y, w, partner.box.bottom + 8 - y)
        b.rect(band, "support", radius=8)
        b.keep(title, band)
        b.keep(partner, band)
        y = partner.box.bottom + 8 + 12
    y = b.legend(y + 8) + MARGIN
    return b.finish(y)


# --- portrait -----------------------------------------------------------------------------

# A 360 px phone shows the page 328 px wide (1rem padding): the portrait picture is made that wide,
# so that it is shown at its own size and its 13 px text stays 13 px.
PORTRAIT_WIDTH = 328.0
PORTRAIT_MARGIN = 8.0
RAIL_GAP = 2 * RADIUS + 2 * LINK_CLEARANCE + 6  # a link runs between two rails, clear of both


def portrait_link(a: tuple[float, float], c: tuple[float, float]) -> list[tuple[float, float]]:
    """A link from station ``a`` to a later station ``c`` (further down): out of ``a``'s side,
    down the gutter after its rail, and into ``c``'s side, so it never lies on a rail."""
    (ax, ay), (cx, cy) = a, c
    gutter = ax + RAIL_GAP / 2
    return [(ax + RADIUS, ay), (gutter, ay), (gutter, cy), (cx + (RADIUS if cx < gutter else -RADIUS), cy)]


def portrait(localized: LocalizedRoute, href: Callable[[str], str], logo: str | None = None,
             width: float = PORTRAIT_WIDTH, text_scale: float = 1.0, summaries: bool = True,
             header: bool = True) -> Picture:
    """The route from top to bottom, for a phone. The handout lays it out wider, with larger type,
    without the steps' summaries (which it prints beside) and without the title and regisseur
    (``header``, which the handout sets itself)."""
    MARGIN = PORTRAIT_MARGIN  # noqa: N806 - the orientation's own margin, under the shared name
    b = _Builder(localized, href, width, "portrait", logo, text_scale)
    route = b.route
    y = MARGIN
    if header:
        y = b.header(MARGIN, badge_width=0, title_size=24) + 14
        if route.budget:
            y = b.budget_badge(MARGIN, y, width - 2 * MARGIN) + 14
        y = b.regisseur_band(y) + 20
    lane_ids = sorted(set(b.flow.lanes.values()))
    rail_x = {lane: MARGIN + RADIUS + 2 + i * RAIL_GAP for i, lane in enumerate(lane_ids)}
    text_x = max(rail_x.values()) + RAIL_GAP / 2 + LINK_CLEARANCE + 4  # clear of the last gutter
    text_w = width - MARGIN - text_x
    centres: dict[str, tuple[float, float]] = {}
    support_rows: dict[str, list[float]] = {}
    start, goals = b.ends()
    for phase in route.phases:
        steps = [route.step(i) for i in b.flow.order if route.step(i).phase == phase.id]
        # the phase's words stand beside the rails, so that links may cross its band
        title = b.text(phase.title, x=text_x, y=y + 6, max_width=text_w, size=15, bold=True)
        bottom = title.box.bottom
        labels = [title]
        when = timing_text(phase.timing, b.ui, b.lang)
        if when:
            labels.append(b.text(when, x=text_x, y=bottom + 2, max_width=text_w, size=13, role=Role.MUTED,
                                 lang=b.lang))
            bottom = labels[-1].box.bottom
        if phase.contact:
            labels.append(b.text(phase.contact.called or phase.contact.role, x=text_x, y=bottom + 2,
                                 max_width=text_w, size=13, bold=True, role=Role.TEXT))
            bottom = labels[-1].box.bottom
        band = Rect(MARGIN, y, width - 2 * MARGIN, bottom + 6 - y)
        b.rect(band, "phase", radius=8)
        for label in labels:
            b.keep(label, band)
        y = bottom + 6 + 14
        phase_top = y
        for step in steps:
            lane = b.flow.lanes[step.id]
            caption_labels: list[Label] = []
            if lane > 0 and not any(b.flow.lanes[s.id] == lane and s.id in centres for s in route.steps):
                track = route.tracks[lane - 1]
                caption_labels.append(b.text(track.title, x=text_x, y=y, max_width=text_w, size=14, bold=True))
                caption_labels.append(b.text(track.audience, x=text_x, y=caption_labels[-1].box.bottom,
                                             max_width=text_w, size=13, role=Role.MUTED))
                y = caption_labels[-1].box.bottom + 4
            top = y
            if step.id == start:
                y = b.pill(N_("You are here"), text_x, y, text_w).bottom + 4
            cy = top + RADIUS + 2 * LINK_CLEARANCE
            pictogram = Pictogram(step_icon(step), Rect(width - MARGIN - PICTOGRAM, y, PICTOGRAM, PICTOGRAM),
                                  Role.TEXT)
            title = b.text(step.title, x=text_x, y=y, max_width=text_w - PICTOGRAM - 6, size=15, bold=True,
                           max_lines=3)
            labels = [title]
            if summaries:
                labels.append(b.text(step.summary, x=text_x, y=title.box.bottom + 2,
                                     max_width=text_w - PICTOGRAM - 6, size=13, max_lines=4))
            cx = rail_x[lane]
            centres[step.id] = (cx, cy)
            for label in caption_labels:
                b.keep(label)
            text_bottom = max(labels[-1].box.bottom, pictogram.box.bottom)
            bottom = max(text_bottom, cy + RADIUS)
            if step.id in goals:
                bottom = max(bottom, b.pill(N_("Goal"), text_x, text_bottom + 4, text_w).bottom)
            hit = Rect(cx - RADIUS - 4, top - 4, width - MARGIN - (cx - RADIUS - 4), bottom - top + 8)
            b.station(step, cx, cy, labels, hit, pictogram)
            y = bottom + 2 * LINK_CLEARANCE + 8
        for support in route.supports:
            order = [p.id for p in route.phases]
            if order.index(support.from_phase) <= order.index(phase.id) <= order.index(support.to_phase):
                support_rows.setdefault(support.id, []).extend([phase_top, y - 18])
        y += 6
    b.links(centres, portrait_link)
    for support in route.supports:
        rows = support_rows.get(support.id, [])
        if rows:
            b.rect(Rect(MARGIN - 7, min(rows), 6, max(rows) - min(rows)), "support", radius=3)
        title = b.text(support.title, x=MARGIN + 12, y=y + 8, max_width=width - 2 * MARGIN - 24, size=14,
                       bold=True)
        partner = b.text(route.partner(support.partner).name, x=MARGIN + 12, y=title.box.bottom + 2,
                         max_width=width - 2 * MARGIN - 24, size=13, role=Role.MUTED)
        span = " – ".join(str(route.phase(p).title) for p in (support.from_phase, support.to_phase))
        phases = b.text(span, x=MARGIN + 12, y=partner.box.bottom + 2, max_width=width - 2 * MARGIN - 24,
                        size=13, role=Role.MUTED, lang=b.lang)
        band = Rect(MARGIN, y, width - 2 * MARGIN, phases.box.bottom + 8 - y)
        b.rect(band, "support", radius=8)
        for label in (title, partner, phases):
            b.keep(label, band)
        y = phases.box.bottom + 8 + 12
    y = b.legend(y + 8) + MARGIN
    return b.finish(y)


def layout_picture(localized: LocalizedRoute, orientation: str, href: Callable[[str], str],
                   logo: str | None = None) -> Picture:
    """The geometry of the route's infographic in one language and orientation; ``logo`` is the
    address of the municipality's logo as seen from the picture. (The print matter lays out its
    own variants with :func:`landscape` and :func:`portrait`.)"""
    if orientation == "portrait":
        return portrait(localized, href, logo)
    return landscape(localized, href, logo)
