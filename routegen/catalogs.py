"""Translations of a route as gettext PO files: extract, update (merge), status, read.

Layout, beside the route file ``routes/smallingerland.yaml``::

    routes/smallingerland/locales/messages.pot   the template: every source text
    routes/smallingerland/locales/ar.po          one catalog per language

Every message has a context (``steps.welkom.title``) that is unique in the route. That makes
staleness exact: when the source text under a context changes, `update` keeps the old
translation, marks it fuzzy and records the old source (``#| msgid``) for the translator, so
translators see what changed in Poedit or Weblate. A catalog that was not updated is still read
right: a translation whose msgid differs from today's source text counts as stale.

Whether a native speaker reviewed a catalog is kept in its header comment as ``# Reviewed: no``
(Babel does not keep custom header fields), so the site can tell readers.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
import io
import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from markdown_it import MarkdownIt

from .errors import Problem, ProblemList, RouteFileError, Severity
from .languages import get_language
from .load import LoadedFile, display_path
from .messages import SourceText, walk_texts
from .model import Route

PO_WIDTH = 100
MARKDOWN = MarkdownIt("commonmark", {"html": False})
REVIEWED_RE = re.compile(r"^#\s*Reviewed:\s*(yes|no)\b", re.IGNORECASE | re.MULTILINE)


class TextState(str, Enum):
    SOURCE = "source"  # the text is in the language asked for: the route's own language
    CURRENT = "current"  # a translation of today's source text
    STALE = "stale"  # a translation of an older source text: the source is shown instead
    MISSING = "missing"  # no translation: the source is shown instead


def route_folder(route_path: Path) -> Path:
    """The folder that belongs to a route file: its translations and images."""
    return route_path.with_suffix("")


def locales_dir(route_path: Path) -> Path:
    return route_folder(route_path) / "locales"


def template_path(route_path: Path) -> Path:
    return locales_dir(route_path) / "messages.pot"


def catalog_path(route_path: Path, lang: str) -> Path:
    return locales_dir(route_path) / f"{lang}.po"


def source_texts(route: Route) -> list[SourceText]:
    return list(walk_texts(route))


def build_template(route: Route) -> Catalog:
    info = route.route
    catalog = Catalog(
        project=f"routegen route {info.slug}",
        header_comment=(
            f"# Texts of the integration route of {info.municipality}, to translate.\n"
            "# Each message's context names the field it comes from; keep Markdown as it is."
        ),
        locale=None,
        fuzzy=False,
    )
    for text in source_texts(route):
        catalog.add(text.text, "", context=text.context, auto_comments=[text.comment])
    return catalog


def _write(catalog: Catalog, path: Path) -> bool:
    """Write a catalog; return False (and leave the file alone) when nothing but dates changed."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=PO_WIDTH, include_previous=True, sort_output=False,
             omit_header=False)
    new = buffer.getvalue()
    if path.exists() and _without_dates(path.read_bytes()) == _without_dates(new):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(new)
    return True


def _without_dates(data: bytes) -> bytes:
    return re.sub(rb'"(POT-Creation-Date|PO-Revision-Date|Generated-By): [^"]*"', b"", data)


def read_catalog(path: Path) -> Catalog:
    """A PO file, parsed once per content of the file (the preview reads them on every save;
    two saves within one clock tick may leave size and change time alike, the content differs).

    The catalog is shared: callers read it and never change it.
    """
    try:
        return _parse_catalog(path.read_bytes())
    except Exception as exc:  # Babel raises several types for a broken PO file
        problems = ProblemList(file=display_path(path))
        line = getattr(exc, "lineno", 0) or 0
        problems.add(f"This translation file cannot be read: {exc}.", line=int(line),
                     hint="Open it in Poedit, which shows and repairs the mistake, or run "
                          "'routegen i18n update' to rewrite it.")
        raise RouteFileError(problems.problems) from exc


@lru_cache(maxsize=128)
def _parse_catalog(data: bytes) -> Catalog:
    return read_po(io.BytesIO(data), abort_invalid=True)


def extract(route: Route, route_path: Path) -> Path:
    """Write the template (messages.pot) with every source text of the route."""
    path = template_path(route_path)
    _write(build_template(route), path)
    return path


def _new_catalog(route: Route, lang: str) -> Catalog:
    language = get_language(lang)
    return Catalog(
        locale=language.formatting_locale,
        project=f"routegen route {route.route.slug}",
        header_comment=(
            f"# {language.english_name} ({language.own_name}) translation of the integration route "
            f"of {route.route.municipality}.\n"
            "# Reviewed: no\n"
            "# Change 'no' into 'yes' once a native speaker has reviewed the translation."
        ),
        fuzzy=False,
    )


def update_catalog(template: Catalog, existing: Catalog | None, route: Route, lang: str) -> Catalog:
    """Merge a template into a language's catalog, marking changed source texts as fuzzy."""
    old_by_context = {m.context: m for m in existing if m.id} if existing else {}
    merged = _new_catalog(route, lang)
    if existing is not None:
        merged.header_comment = existing.header_comment
        merged.last_translator = existing.last_translator
        merged.language_team = existing.language_team
    merged.revision_date = dt.datetime.now(dt.timezone.utc)
    for message in template:
        if not message.id:
            continue
        old = old_by_context.pop(message.context, None)
        new = Message(message.id, "", context=message.context, auto_comments=message.auto_comments)
        if old is not None and old.string:
            new.string = old.string
            new.user_comments = old.user_comments
            if old.id != message.id:
                new.flags.add("fuzzy")
                new.previous_id = [str(old.id)]
            elif old.fuzzy:
                new.flags.add("fuzzy")
                new.previous_id = list(old.previous_id)
        merged[message.id] = new  # Babel keys it by (id, context) from the message itself
    for old in old_by_context.values():
        if old.string:  # kept as #~ lines, so a translation is never lost by an edit
            merged.obsolete[(str(old.id), str(old.context))] = old
    return merged


def update(route: Route, route_path: Path, langs: list[str] | None = None) -> list[Path]:
    """Create or merge the catalog of every translated language; return the files written."""
    template = build_template(route)
    _write(template, template_path(route_path))
    targets = langs or [code for code in route.route.languages if code != route.route.source_language]
    written = []
    for lang in targets:
        path = catalog_path(route_path, lang)
        existing = read_catalog(path) if path.exists() else None
        _write(update_catalog(template, existing, route, lang), path)
        written.append(path)
    return written


@dataclass
class Translations:
    """One language's translations of a route, by context, ready for the localize stage."""

    lang: str
    by_context: dict[str, Message] = field(default_factory=dict)
    reviewed: bool = False
    exists: bool = False

    def lookup(self, context: str, source: str) -> tuple[str, TextState]:
        message = self.by_context.get(context)
        if message is None or not message.string:
            return source, TextState.MISSING
        if message.fuzzy or message.id != source:
            return source, TextState.STALE
        return str(message.string), TextState.CURRENT


def load_translations(route_path: Path, lang: str) -> Translations:
    path = catalog_path(route_path, lang)
    if not path.exists():
        return Translations(lang)
    catalog = read_catalog(path)
    match = REVIEWED_RE.search(catalog.header_comment or "")
    return Translations(
        lang=lang,
        by_context={str(m.context): m for m in catalog if m.id and m.context},
        reviewed=bool(match and match.group(1).lower() == "yes"),
        exists=True,
    )


@dataclass(frozen=True)
class LanguageStatus:
    translated: int
    stale: int
    missing: int

    @property
    def total(self) -> int:
        return self.translated + self.stale + self.missing

    @property
    def percent(self) -> float:
        return round(100 * self.translated / self.total, 1) if self.total else 100.0

    def as_dict(self) -> dict[str, float | int]:
        return {"translated": self.translated, "stale": self.stale, "missing": self.missing,
                "percent": self.percent}


def status(route: Route, route_path: Path) -> dict[str, LanguageStatus]:
    """Per translated language: how many texts are current, stale and missing."""
    texts = source_texts(route)
    result: dict[str, LanguageStatus] = {}
    for lang in route.route.languages:
        if lang == route.route.source_language:
            continue
        translations = load_translations(route_path, lang)
        counts = {state: 0 for state in TextState}
        for text in texts:
            counts[translations.lookup(text.context, text.text)[1]] += 1
        result[lang] = LanguageStatus(counts[TextState.CURRENT], counts[TextState.STALE],
                                      counts[TextState.MISSING])
    return result


@lru_cache(maxsize=4096)
def markdown_shape(text: str) -> tuple[list[str], int, int]:
    """What a translation of Markdown must keep: link targets, list items, headings."""
    tokens = MARKDOWN.parse(text)
    links = sorted(
        str(child.attrGet("href"))
        for token in tokens for child in (token.children or []) if child.type == "link_open"
    )
    items = sum(1 for t in tokens if t.type == "list_item_open")
    headings = sum(1 for t in tokens if t.type == "heading_open")
    return links, items, headings


def markdown_differences(source: str, translation: str) -> list[str]:
    """Plain-language differences between the Markdown structure of a source and its translation."""
    (s_links, s_items, s_heads), (t_links, t_items, t_heads) = (
        markdown_shape(source), markdown_shape(translation))
    found = []
    if s_links != t_links:
        lost = sorted(set(s_links) - set(t_links))
        found.append("a link is lost or changed" + (f" ({', '.join(lost)})" if lost else ""))
    if s_items != t_items:
        found.append(f"the source has {s_items} list items, the translation {t_items}")
    if s_heads != t_heads:
        found.append(f"the source has {s_heads} headings, the translation {t_heads}")
    return found


def translation_problems(route: Route, loaded: LoadedFile) -> list[Problem]:
    """Warnings about translations: missing or stale texts, Markdown broken in translation.

    Located at the language in the route file (for counts) or at the message in the PO file.
    """
    problems = loaded.problems()
    texts = source_texts(route)
    for index, lang in enumerate(route.route.languages):
        if lang == route.route.source_language:
            continue
        translations = load_translations(loaded.path, lang)
        counts = {state: 0 for state in TextState}
        po_problems = ProblemList(file=display_path(catalog_path(loaded.path, lang)))
        for text in texts:
            translated, state = translations.lookup(text.context, text.text)
            counts[state] += 1
            if state is TextState.CURRENT and text.markdown:
                message = translations.by_context[text.context]
                for difference in markdown_differences(text.text, translated):
                    po_problems.add(
                        f"The translation of '{text.context}' breaks its Markdown: {difference}.",
                        line=int(message.lineno or 0), field=text.context,
                        hint="Keep links, list items and headings of the source; translate only the words.",
                        severity=Severity.WARNING)
        missing, stale = counts[TextState.MISSING], counts[TextState.STALE]
        if missing or stale:
            mark = loaded.mark(("route", "languages", index))
            parts = [f"{n} {'is' if n == 1 else 'are'} {word}"
                     for n, word in ((missing, "not translated"), (stale, "stale")) if n]
            problems.add(
                f"{get_language(lang).english_name} ({lang}): of {len(texts)} texts, "
                f"{' and '.join(parts)}.",
                line=mark.line, column=mark.column, width=mark.width, field=f"route.languages[{index}]",
                hint=f"Run `routegen i18n update {loaded.command_path}` and translate "
                     f"{display_path(catalog_path(loaded.path, lang))}; the site shows the source text meanwhile.",
                severity=Severity.WARNING)
        problems.problems.extend(po_problems.problems)
    return problems.problems
