"""Clean geometry: the lines between stations never run through words or other stations.

For every example route, in every language and both orientations, each link (a branch, a join,
a skip) is checked segment by segment against every text box of the picture and every station
except the two it joins, and against the rails it must not lie on (a dotted link over a dashed
track reads as neither).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from routegen.layout.geometry import Picture, Rect, Shape
from routegen.layout.route_map import layout_picture
from routegen.stages import prepare

ROUTES = sorted((Path(__file__).resolve().parent.parent / "routes").glob("*.yaml"))
LINKS = ("choice-line", "parallel-line", "link-line")
RAILS = ("main-line", "track-line")
HALF_STROKE = 1.25


def segments(shape: Shape) -> list[Rect]:
    """Each straight piece of a polyline as the thin box its stroke covers."""
    boxes = []
    for (x1, y1), (x2, y2) in zip(shape.points, shape.points[1:]):
        boxes.append(Rect(min(x1, x2) - HALF_STROKE, min(y1, y2) - HALF_STROKE,
                          abs(x2 - x1) + 2 * HALF_STROKE, abs(y2 - y1) + 2 * HALF_STROKE))
    return boxes


def station_discs(picture: Picture) -> dict[str, Rect]:
    discs = {}
    for station in picture.stations:
        shape = station.shapes[0]
        if shape.rect is not None:
            discs[station.step_id] = shape.rect
        else:
            (cx, cy), r = shape.points[0], shape.radius
            discs[station.step_id] = Rect(cx - r, cy - r, 2 * r, 2 * r)
    return discs


def touches(box: Rect, point: tuple[float, float]) -> bool:
    return box.x - 1 <= point[0] <= box.right + 1 and box.y - 1 <= point[1] <= box.bottom + 1


def problems_of(picture: Picture) -> list[str]:
    found = []
    discs = station_discs(picture)
    labels = picture.all_labels()
    links = [s for s in picture.background if s.style in LINKS]
    rails = [s for s in picture.background if s.style in RAILS]
    for link in links:
        ends = {step for step, disc in discs.items()
                if touches(disc, link.points[0]) or touches(disc, link.points[-1])}
        for piece in segments(link):
            for label in labels:
                if piece.overlaps(label.box):
                    found.append(f"{link.style} {link.points} crosses the text {label.text!r}")
            for step, disc in discs.items():
                if step not in ends and piece.overlaps(disc):
                    found.append(f"{link.style} {link.points} crosses station {step}")
            for rail in rails:
                for rail_piece in segments(rail):
                    flat = piece.h <= 2 * HALF_STROKE + 0.1 and rail_piece.h <= 2 * HALF_STROKE + 0.1
                    upright = piece.w <= 2 * HALF_STROKE + 0.1 and rail_piece.w <= 2 * HALF_STROKE + 0.1
                    if (flat or upright) and piece.overlaps(rail_piece, gap=-2):
                        found.append(f"{link.style} {link.points} lies on the rail {rail.points}")
    return found


@pytest.mark.parametrize("route", ROUTES, ids=[r.stem for r in ROUTES])
def test_no_link_crosses_a_text_or_another_station(route: Path) -> None:
    site = prepare(route)
    found = []
    links = 0
    for lang, localized in site.localized.items():
        for orientation in ("landscape", "portrait"):
            picture = layout_picture(localized, orientation, lambda step_id: f"{step_id}/")
            links += sum(1 for s in picture.background if s.style in LINKS)
            found += [f"{lang} {orientation}: {p}" for p in problems_of(picture)]
    assert not found, "\n".join(found[:20])
    if any(len(step.next) > 1 for step in site.route.steps):
        assert links > 0  # the check saw the links it is about
