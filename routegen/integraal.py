"""The nine INTEGRAAL themes of Toezicht Sociaal Domein as pages show them, in every UI language.

A route tags its steps and supports with themes (``Theme``); partners and policy readers use them
to see which themes the route serves and which it leaves open. The titles are routegen's own
words: English msgids translated in ``routegen/locales``, the Dutch ones being the official
titles (``THEME_TITLES_NL``), so a Dutch page names each theme as Toezicht Sociaal Domein does.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Route, Step, Support, Theme
from .ui import N_

THEME_TITLES: dict[Theme, str] = {
    Theme.IN_BEELD: N_("Getting people in view and keeping them in view"),
    Theme.NAUWE_SAMENWERKING: N_("Close cooperation"),
    Theme.TAAL_EN_ONDERWIJS: N_("Language and education"),
    Theme.EIGEN_AANVULLING: N_("The municipality's own additions"),
    Theme.GOEDE_START: N_("A good start"),
    Theme.REGIE: N_("Coordination"),
    Theme.AMBASSADEURS: N_("Working with ambassadors"),
    Theme.ADEQUATE_ONDERSTEUNING: N_("Adequate support"),
    Theme.LAAGDREMPELIG: N_("Easy to reach"),
}


@dataclass(frozen=True)
class ThemeUse:
    """One theme with the steps and supports of a route that serve it (none: not covered)."""

    theme: Theme
    steps: list[Step]
    supports: list[Support]

    @property
    def covered(self) -> bool:
        return bool(self.steps or self.supports)


def theme_uses(route: Route, step_order: list[str]) -> list[ThemeUse]:
    """All nine themes in INTEGRAAL's order, each with what serves it; steps in reading order."""
    steps = [route.step(i) for i in step_order]
    return [ThemeUse(theme, [s for s in steps if theme in s.tags],
                     [s for s in route.supports if theme in s.tags])
            for theme in Theme]


def uses_themes(route: Route) -> bool:
    """Whether the route tags anything with a theme; without tags the overview would say nothing."""
    return any(s.tags for s in route.steps) or any(s.tags for s in route.supports)
