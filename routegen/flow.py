"""The route as a graph: which step comes after which, shared by the picture and the pages.

One source for the order of steps, so the picture's lines, the step pages' previous/next links
and the overview's "then" lists never disagree (a route without any `next` runs each lane, the
main route and every track, in file order).
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Route, Step


@dataclass(frozen=True)
class Flow:
    """Lanes (0 = main route, 1.. = tracks) and the links between steps."""

    lanes: dict[str, int]  # step id -> lane
    edges: list[tuple[str, str]]  # (from step id, to step id), in file order of the first
    numbers: dict[str, int]  # step id -> its number on the route (1-based, file order)

    def following(self, step_id: str) -> list[str]:
        return [target for source, target in self.edges if source == step_id]

    def previous(self, step_id: str) -> str | None:
        """The first step, in file order, that leads here."""
        return next((source for source, target in self.edges if target == step_id), None)


def route_flow(route: Route) -> Flow:
    track_lane = {track.id: index + 1 for index, track in enumerate(route.tracks)}
    lanes = {step.id: track_lane.get(step.track or "", 0) for step in route.steps}
    if any(step.next for step in route.steps):
        edges = [(step.id, target) for step in route.steps for target in step.next]
    else:  # no `next` anywhere: each lane runs in file order
        edges = []
        last: dict[int, Step] = {}
        for step in route.steps:
            lane = lanes[step.id]
            if lane in last:
                edges.append((last[lane].id, step.id))
            last[lane] = step
    numbers = {step.id: index + 1 for index, step in enumerate(route.steps)}
    return Flow(lanes, edges, numbers)
