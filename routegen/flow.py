"""The route as a graph: which step comes after which, shared by the picture and the pages.

One source for the order of steps, so the picture's lines, the step pages' previous/next links
and the overview's "then" lists never disagree (a route without any `next` runs each lane, the
main route and every track, in file order).
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Branch, Route, Step


@dataclass(frozen=True)
class Flow:
    """Lanes (0 = main route, 1.. = tracks) and the links between steps."""

    lanes: dict[str, int]  # step id -> lane
    edges: list[tuple[str, str]]  # (from step id, to step id), in file order of the first
    numbers: dict[str, int]  # step id -> its number on the route (1-based, reading order)
    branching: dict[str, Branch]  # step id -> how its next steps relate, for steps with several

    @property
    def order(self) -> list[str]:
        """Step ids in reading order: the order of their numbers."""
        return sorted(self.numbers, key=self.numbers.__getitem__)

    def following(self, step_id: str) -> list[str]:
        return [target for source, target in self.edges if source == step_id]

    def is_branch(self, source: str) -> bool:
        """Whether this step leads to several next steps (a choice or steps side by side)."""
        return source in self.branching

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
    numbers = {step_id: number for number, step_id in enumerate(_reading_order(route, lanes, edges), start=1)}
    branching = {step.id: step.branch for step in route.steps
                 if len([t for s, t in edges if s == step.id]) > 1}
    return Flow(lanes, edges, numbers, branching)


def _reading_order(route: Route, lanes: dict[str, int], edges: list[tuple[str, str]]) -> list[str]:
    """The order of the step numbers, the same in the picture and in every list: phase by phase;
    in a phase every step after the steps that lead to it, and among the steps that may come
    next, the main route before the tracks, then file order."""
    position = {step.id: index for index, step in enumerate(route.steps)}
    order: list[str] = []
    for phase in route.phases:
        pending = [step.id for step in route.steps if step.phase == phase.id]
        inside = set(pending)
        waiting = {step_id: {a for a, c in edges if c == step_id and a in inside} for step_id in pending}
        while pending:
            ready = [s for s in pending if not waiting[s]] or pending  # a cycle is refused by check
            chosen = min(ready, key=lambda s: (lanes[s], position[s]))
            order.append(chosen)
            pending.remove(chosen)
            for others in waiting.values():
                others.discard(chosen)
    order += [step.id for step in route.steps if step.id not in set(order)]  # a step in no phase
    return order
