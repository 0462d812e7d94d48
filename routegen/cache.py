"""Reuse pages and pictures of an earlier build while their inputs are unchanged (for `serve`).

A page remembers which texts of the route it showed (their context, text and state). When the
route's structure (ids, links, kinds, numbers: everything but the texts), the theme and the UI
catalogs are unchanged, and so is every text the page showed, the page is reused as it was.
Editing one step's body thus re-renders that step's page in each language, not the whole site.

Pictures are keyed by the texts the infographic can show (:data:`PICTURE_CONTEXT`); a test
checks that no other text changes a picture, so the key cannot miss a change.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from .layout.geometry import Picture
from .localize import LocalizedRoute
from .messages import map_texts, walk_texts
from .model import Route

PICTURE_CONTEXT = re.compile(
    r"^(route\.title|regisseur\.(role|summary)|budget\.(title|per)"
    r"|phases\.[^.]+\.(title|timing\.starts)|tracks\.[^.]+\.(title|audience)"
    r"|steps\.[^.]+\.(title|summary)|supports\.[^.]+\.title|partners\.[^.]+\.name)$"
)

ShownText = tuple[str, str, str]  # a text as a page shows it: the text, its language, its state


def text_table(localized: LocalizedRoute) -> dict[str, ShownText]:
    """Every text of a localized route by context, with what a page would show of it."""
    return {
        source.context: (str(source.text), getattr(source.text, "lang", ""), str(getattr(source.text, "state", "")))
        for source in walk_texts(localized.route)
    }


def structure_key(route: Route, *stamps: object) -> str:
    """A digest of the route without its texts, plus outside inputs (theme, catalogs)."""
    bare = map_texts(route, lambda context, text: "")
    return hashlib.sha256((bare.model_dump_json() + repr(stamps)).encode("utf-8")).hexdigest()


def picture_key(table: dict[str, ShownText]) -> str:
    shown = sorted((c, v) for c, v in table.items() if PICTURE_CONTEXT.match(c))
    return hashlib.sha256(repr(shown).encode("utf-8")).hexdigest()


@dataclass
class _Entry:
    html: str
    chars: str  # the characters the page shows, for the fonts (routegen.sitefonts)
    used: dict[str, ShownText]


@dataclass
class RenderCache:
    """Pages and pictures of earlier builds, by structure and page; see the module docstring."""

    pages: dict[tuple[str, ...], _Entry] = field(default_factory=dict)
    layouts: dict[tuple[str, ...], Picture] = field(default_factory=dict)
    svgs: dict[tuple[str, ...], str] = field(default_factory=dict)

    def page(self, key: tuple[str, ...], table: dict[str, ShownText]) -> tuple[str, str] | None:
        """The page's HTML and the characters it shows, if no text it showed has changed."""
        entry = self.pages.get(key)
        if entry is not None and all(table.get(c) == v for c, v in entry.used.items()):
            return entry.html, entry.chars
        return None

    def keep_page(self, key: tuple[str, ...], html: str, chars: str, used: set[str],
                  table: dict[str, ShownText]) -> None:
        self.pages[key] = _Entry(html, chars, {c: table[c] for c in used if c in table})
