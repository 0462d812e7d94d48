"""Route x language -> a localized route in which every text knows where it came from.

A text is a :class:`LocalText`: a ``str`` that also carries the language it is really in and its
state (source, current, stale, missing, broken). Later stages print it like any string, and use
``text.lang`` to mark a Dutch fallback inside an Arabic page with ``lang="nl"`` and a notice.
Nothing is dropped and nothing stays in Dutch silently; a translation whose Markdown broke is
never published broken: the reader gets the source text, marked, and `check` warns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .catalogs import TextState, Translations, load_translations
from .languages import Language, get_language
from .messages import map_texts, walk_texts
from .model import Route


class LocalText(str):
    """A text of the route in one reader's language, with its provenance."""

    lang: str
    state: TextState
    context: str

    def __new__(cls, text: str, lang: str, state: TextState, context: str = "") -> LocalText:
        obj = super().__new__(cls, text)
        obj.lang, obj.state, obj.context = lang, state, context
        return obj

    @property
    def is_fallback(self) -> bool:
        return self.state in (TextState.STALE, TextState.MISSING, TextState.BROKEN)

    def __reduce__(self) -> tuple[Any, ...]:
        return (LocalText, (str(self), self.lang, self.state, self.context))


@dataclass
class LocalizedRoute:
    """The route as one reader sees it: texts in their language where a translation is current."""

    route: Route  # its translatable texts are LocalText
    language: Language
    source_language: Language
    reviewed: bool  # a native speaker reviewed the translation (always True for the source)
    fallbacks: list[LocalText] = field(default_factory=list)

    @property
    def lang(self) -> str:
        return self.language.code

    @property
    def dir(self) -> str:
        return self.language.direction


def localize(route: Route, lang: str, translations: Translations | None = None,
             markdown: frozenset[str] | None = None) -> LocalizedRoute:
    """Translate every text of the route into ``lang``, falling back to the source, marked.

    ``markdown``: the contexts of the route's Markdown texts, when the caller knows them (they
    are the same in every language)."""
    source = route.route.source_language
    fallbacks: list[LocalText] = []
    if lang == source:
        def keep(context: str, text: str) -> str:
            return LocalText(text, source, TextState.SOURCE, context)

        return LocalizedRoute(map_texts(route, keep), get_language(lang), get_language(source), True)
    table = translations if translations is not None else Translations(lang)
    if markdown is None:
        markdown = markdown_contexts(route)

    def translate(context: str, text: str) -> str:
        translated, state = table.lookup(context, text, context in markdown)
        local = LocalText(translated, lang if state is TextState.CURRENT else source, state, context)
        if local.is_fallback:
            fallbacks.append(local)
        return local

    localized = map_texts(route, translate)
    return LocalizedRoute(localized, get_language(lang), get_language(source), table.reviewed,
                          fallbacks)


def localize_file(route: Route, route_path: Path, lang: str,
                  markdown: frozenset[str] | None = None) -> LocalizedRoute:
    """Localize with the catalog that lives beside the route file."""
    if lang == route.route.source_language:
        return localize(route, lang)
    return localize(route, lang, load_translations(route_path, lang), markdown)


def markdown_contexts(route: Route) -> frozenset[str]:
    return frozenset(text.context for text in walk_texts(route) if text.markdown)
