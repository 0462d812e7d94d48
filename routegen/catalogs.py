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

Every msgstr meets the character policy of route texts (:mod:`routegen.text`): a control
character is an error at the place it is written in the PO file; a direction control or an
invisible space is a warning there and is left out of the text the site gets.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
import io
import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from babel.core import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import normalize, write_po

from markdown_it import MarkdownIt

from .errors import Problem, ProblemList, RouteFileError, Severity
from .languages import get_language
from .load import MAX_REPEATED, LoadedFile, display_path, route_folder
from .markdown import SafeMarkdown
from .messages import SourceText, walk_texts
from .model import Route
from .po_reader import PoEntry, PoMistake, read_po_text, to_catalog
from .text import Finding, Spelling, Wording, character_findings, character_problem, remove_invisible
from .speech import SOURCE_LANGUAGE, N_tr, messages_language, tr, trn

PO_WIDTH = 100
SITE_MARKDOWN = SafeMarkdown().md  # the site's own Markdown: what a reader sees
REVIEWED_RE = re.compile(r"^#\s*Reviewed:\s*(yes|no)\b", re.IGNORECASE | re.MULTILINE)


class TextState(str, Enum):
    SOURCE = "source"  # the text is in the language asked for: the route's own language
    CURRENT = "current"  # a translation of today's source text
    STALE = "stale"  # a translation of an older source text: the source is shown instead
    MISSING = "missing"  # no translation: the source is shown instead
    BROKEN = "broken"  # a translation whose Markdown would not show as meant: the source is shown instead


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
    write_po(buffer, catalog, width=PO_WIDTH, include_previous=False, sort_output=False,
             omit_header=False)
    new = _with_previous_ids(buffer.getvalue().decode("utf-8"), catalog).encode("utf-8")
    if path.exists() and _without_dates(path.read_bytes()) == _without_dates(new):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(new)
    return True


def _with_previous_ids(text: str, catalog: Catalog) -> str:
    """The ``#| msgid`` comments of fuzzy entries (the source text the translation was made for).

    Babel writes a multi-line previous msgid as one wrapped comment that no PO reader accepts
    (``#| msgid "" "line 1" ...``), so they are written here, one quoted line per ``#|`` line,
    just before the entry's msgctxt (every entry of ours has one)."""
    for message in catalog:
        if not message.previous_id or not message.context:
            continue
        previous = normalize(str(message.previous_id[0]), width=PO_WIDTH).splitlines()
        comment = "".join(f"#| {'msgid ' if i == 0 else ''}{line}\n" for i, line in enumerate(previous))
        anchor = f"\nmsgctxt {normalize(message.context, width=PO_WIDTH).splitlines()[0]}\n"
        text = text.replace(anchor, "\n" + comment + anchor[1:], 1)
    return text


def _without_dates(data: bytes) -> bytes:
    return re.sub(rb'"(POT-Creation-Date|PO-Revision-Date|Generated-By): [^"]*"', b"", data)


FIX_HINT = N_tr("Fix the line in a text editor, or open the file in Poedit, which points at the mistake "
                "too. 'routegen i18n update' leaves a file it cannot read untouched.")


TRANSLATION = Wording(
    holder=N_tr("translation"), forbidden_in=N_tr("a translation"),
    new_line=N_tr("For a new line in a translation, write \\n inside the quotes, where the source text has one."),
    whole_character=N_tr("type the character itself."))


def language_name(code: str) -> str:
    """A route language's name in the language of routegen's messages: Arabic, or Arabisch."""
    language = get_language(code)
    if messages_language() == SOURCE_LANGUAGE:
        return language.english_name
    try:
        locale = Locale.parse(language.formatting_locale)
        # only where CLDR names the same language: Dari is not "Persian" in any language
        same = locale.get_language_name(SOURCE_LANGUAGE) == language.english_name
        name = locale.get_language_name(messages_language()) if same else None
    except (UnknownLocaleError, ValueError):
        name = None
    return name or language.english_name


@dataclass(frozen=True)
class UnfitCharacter:
    """A character of a msgstr that the character policy does not keep, where it is written."""

    context: str  # the msgctxt of its message ("" for the header)
    char: str
    finding: Finding
    spelling: Spelling | None  # None only when the reader could not tell where (never expected)
    msgstr_line: int


@dataclass(frozen=True)
class ParsedCatalog:
    """A PO file read by :mod:`routegen.po_reader`: its catalog, or the mistakes that refuse it."""

    catalog: Catalog | None
    msgstr_lines: dict[str, int]  # context -> the line of its msgstr, where a translation is reported
    mistakes: tuple[PoMistake, ...] = ()
    unfit_characters: tuple[UnfitCharacter, ...] = ()  # control and invisible characters of msgstrs


def _unfit_characters(entries: list[PoEntry]) -> tuple[UnfitCharacter, ...]:
    """Every character of every msgstr (but put-aside ones, #~) that the character policy finds."""
    found: list[UnfitCharacter] = []
    for entry in entries:
        if entry.obsolete or not entry.msgstr:
            continue
        spellings = iter(entry.msgstr_unseen)
        for char, finding in character_findings(entry.msgstr):
            spelling = next((s for s in spellings if s.char == char), None)
            found.append(UnfitCharacter(entry.context or "", char, finding, spelling, entry.msgstr_line))
    return tuple(found)


def read_catalog(path: Path) -> Catalog:
    """A PO file, parsed once per content of the file (the preview reads them on every save;
    two saves within one clock tick may leave size and change time alike, the content differs).

    Read exactly or not at all: any mistake is a located :class:`RouteFileError`. The catalog is
    shared: callers read it and never change it.
    """
    catalog = read_parsed_catalog(path).catalog
    assert catalog is not None  # read_parsed_catalog refuses a file with mistakes
    return catalog


def read_parsed_catalog(path: Path) -> ParsedCatalog:
    """Like :func:`read_catalog`, with the line of each message's msgstr."""
    data = path.read_bytes()
    parsed = _parse_catalog(data)
    if parsed.mistakes:
        problems = _po_problem_list(path, data.decode("utf-8", errors="replace"))
        for mistake in parsed.mistakes:
            problems.add(mistake.message, line=mistake.line, column=mistake.column, width=mistake.width,
                         field=mistake.context, hint=tr("{hint} {fix}", hint=mistake.hint, fix=tr(FIX_HINT)).strip())
        raise RouteFileError(problems.problems)
    return parsed


def _po_problem_list(po_path: Path, text: str) -> ProblemList:
    """Problems of a PO file, quoting its lines as the PO reader counts them: only at new lines
    (``str.splitlines`` would also split at a page break or a vertical tab inside a text)."""
    lines = [line.rstrip("\r") for line in text.removeprefix("\ufeff").split("\n")]
    return ProblemList(file=display_path(po_path), source_lines=lines)


@lru_cache(maxsize=128)
def _parse_catalog(data: bytes) -> ParsedCatalog:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start:exc.start].decode("utf-8", errors="replace")) + 1
        byte = "%02X" % data[exc.start]
        return ParsedCatalog(None, {}, (PoMistake(
            tr("This line is not UTF-8 text: the byte 0x{byte} is not a character.", byte=byte),
            data.count(b"\n", 0, exc.start) + 1, column, 1,
            tr("Save the file as UTF-8 (Poedit and most editors do); routegen reads translations only as "
               "UTF-8.")),))
    po = read_po_text(text.removeprefix("\ufeff"))
    if po.mistakes:
        return ParsedCatalog(None, {}, tuple(po.mistakes))
    catalog, mistakes = to_catalog(po.entries)
    lines = {entry.context: entry.msgstr_line for entry in po.entries
             if entry.context is not None and not entry.obsolete}
    return ParsedCatalog(catalog, lines, tuple(mistakes), _unfit_characters(po.entries))


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
    # Translations put aside earlier (#~ lines) stay put aside, and come back when their text does.
    obsolete_by_context: dict[str | None, Message] = (
        {m.context: m for m in existing.obsolete.values() if m.id and m.context} if existing else {})
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
        put_aside = obsolete_by_context.pop(message.context, None)
        if old is None or not old.string:
            old = put_aside
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
    for old in [*old_by_context.values(), *obsolete_by_context.values()]:
        if old.string:  # kept as #~ lines, so a translation is never lost by an edit
            merged.obsolete[(str(old.id), str(old.context))] = old
    return merged


def update(route: Route, route_path: Path, langs: list[str] | None = None) -> list[Path]:
    """Create or merge the catalog of every translated language; return the files written."""
    targets = langs or [code for code in route.route.languages if code != route.route.source_language]
    # Every catalog is read before any file is written: one that cannot be read exactly stops
    # the update with its mistakes, and no file is rewritten from a misread one.
    existing: dict[str, Catalog | None] = {}
    problems: list[Problem] = []
    for lang in targets:
        path = catalog_path(route_path, lang)
        try:
            existing[lang] = read_catalog(path) if path.exists() else None
        except RouteFileError as error:
            problems.extend(error.problems)
    if problems:
        raise RouteFileError(problems)
    template = build_template(route)
    _write(template, template_path(route_path))
    written = []
    for lang in targets:
        path = catalog_path(route_path, lang)
        _write(update_catalog(template, existing[lang], route, lang), path)
        written.append(path)
    return written


@dataclass
class Translations:
    """One language's translations of a route, by context, ready for the localize stage."""

    lang: str
    by_context: dict[str, Message] = field(default_factory=dict)
    reviewed: bool = False
    exists: bool = False
    msgstr_lines: dict[str, int] = field(default_factory=dict)  # where each translation is written
    unfit_characters: tuple[UnfitCharacter, ...] = ()  # what the character policy finds in msgstrs

    def lookup(self, context: str, source: str, markdown: bool = False) -> tuple[str, TextState]:
        """The text to show for a source text, and why; the source whenever the translation is unfit.

        Direction controls and invisible spaces are left out of the translation, as out of the
        route's own texts. A Markdown translation that loses or adds links, images, list items
        or headings, or leaves link syntax as plain text, is not published: the reader gets the
        source text, marked as not translated (:func:`translation_problems` tells the translator).
        """
        message = self.by_context.get(context)
        if message is None or not message.string:
            return source, TextState.MISSING
        if message.fuzzy or message.id != source:
            return source, TextState.STALE
        translation = remove_invisible(str(message.string))
        if not translation:  # nothing but invisible characters
            return source, TextState.MISSING
        if markdown and markdown_differences(source, translation):
            return source, TextState.BROKEN
        return translation, TextState.CURRENT


def load_translations(route_path: Path, lang: str) -> Translations:
    path = catalog_path(route_path, lang)
    if not path.exists():
        return Translations(lang)
    parsed = read_parsed_catalog(path)
    catalog = parsed.catalog
    assert catalog is not None  # read_parsed_catalog refuses a file with mistakes
    match = REVIEWED_RE.search(catalog.header_comment or "")
    return Translations(
        lang=lang,
        by_context={str(m.context): m for m in catalog if m.id and m.context},
        reviewed=bool(match and match.group(1).lower() == "yes"),
        exists=True,
        msgstr_lines=parsed.msgstr_lines,
        unfit_characters=parsed.unfit_characters,
    )


@dataclass(frozen=True)
class LanguageStatus:
    translated: int
    stale: int
    missing: int
    broken: int = 0  # translated, but its Markdown is broken: the source is shown

    @property
    def total(self) -> int:
        return self.translated + self.stale + self.missing + self.broken

    @property
    def percent(self) -> float:
        return round(100 * self.translated / self.total, 1) if self.total else 100.0

    def as_dict(self) -> dict[str, float | int]:
        return {"translated": self.translated, "stale": self.stale, "missing": self.missing,
                "broken": self.broken, "percent": self.percent}


def status(route: Route, route_path: Path) -> dict[str, LanguageStatus]:
    """Per translated language: how many texts are current, stale, missing and broken."""
    texts = source_texts(route)
    result: dict[str, LanguageStatus] = {}
    for lang in route.route.languages:
        if lang == route.route.source_language:
            continue
        translations = load_translations(route_path, lang)
        counts = {state: 0 for state in TextState}
        for text in texts:
            counts[translations.lookup(text.context, text.text, text.markdown)[1]] += 1
        result[lang] = LanguageStatus(counts[TextState.CURRENT], counts[TextState.STALE],
                                      counts[TextState.MISSING], counts[TextState.BROKEN])
    return result


# Every link and image a translator wrote, also those the site would refuse and show as text.
_ANY_LINK = MarkdownIt("commonmark", {"html": False})
_ANY_LINK.validateLink = lambda url: True  # type: ignore[method-assign]
# Link syntax a reader would see as plain text: "[text](https://..." without its ")", "![...".
_LINK_SYNTAX_RE = re.compile(
    r"!?\[[^\]\n]*\]\([^)\n]*|!\[|\[[^\]\n]*\(\s*(?:https?|mailto|tel):[^)\s]*|\]\([^)\s]*", re.IGNORECASE)


@lru_cache(maxsize=4096)
def markdown_shape(text: str) -> tuple[list[str], list[str], int, int, list[str]]:
    """What a translation of Markdown must keep: links, images, list items, headings, and no
    link syntax left as plain text (as the site's own Markdown would show it)."""
    links: list[str] = []
    images: list[str] = []
    for token in _ANY_LINK.parse(text):
        for child in token.children or []:
            if child.type == "link_open":
                links.append(str(child.attrGet("href")))
            elif child.type == "image":
                images.append(str(child.attrGet("src")))
    literal: list[str] = []
    tokens = SITE_MARKDOWN.parse(text)
    for token in tokens:
        plain = "".join(child.content if child.type == "text" else "" if child.type.endswith(("_open", "_close"))
                        else "\n" for child in token.children or [])
        literal.extend(match.group(0) for match in _LINK_SYNTAX_RE.finditer(plain))
    items = sum(1 for t in tokens if t.type == "list_item_open")
    headings = sum(1 for t in tokens if t.type == "heading_open")
    return sorted(links), sorted(images), items, headings, literal


def markdown_differences(source: str, translation: str) -> list[str]:
    """Plain-language differences between the Markdown structure of a source and its translation."""
    (s_links, s_images, s_items, s_heads, s_literal), (t_links, t_images, t_items, t_heads, t_literal) = (
        markdown_shape(source), markdown_shape(translation))
    found = []
    if s_links != t_links:
        lost, added = sorted(set(s_links) - set(t_links)), sorted(set(t_links) - set(s_links))
        if lost:
            found.append(tr("a link is lost or changed ({links})", links=", ".join(lost)))
        elif not added:
            found.append(tr("a link is lost or changed"))
        else:
            found.append(tr("it adds the link {links}", links=", ".join(added)))
    if s_images != t_images:
        lost, added = sorted(set(s_images) - set(t_images)), sorted(set(t_images) - set(s_images))
        found.append(tr("it adds the image {images}, which the source text does not have", images=", ".join(added))
                     if added else tr("the image {image} of the source text is lost",
                                      image=", ".join(lost) or s_images[0]))
    if s_items != t_items:
        found.append(tr("the source has {source} list items, the translation {translation}",
                        source=s_items, translation=t_items))
    if s_heads != t_heads:
        found.append(tr("the source has {source} headings, the translation {translation}",
                        source=s_heads, translation=t_heads))
    if len(t_literal) > len(s_literal):
        found.append(tr("link syntax would show as plain text ({text})", text=repr(t_literal[len(s_literal)])))
    return found


MARKDOWN_HINT = N_tr("Keep the links, images, list items and headings of the source text; translate only "
                     "the words, including link texts. Images are the route's own: a translation cannot add one.")


def character_problems(translations: Translations, po_problems: ProblemList) -> None:
    """Control characters (errors) and direction controls or invisible spaces (warnings) in the
    msgstrs of one catalog, each where it is written, in the words used for route texts."""
    language = language_name(translations.lang)
    for unfit in translations.unfit_characters[:MAX_REPEATED]:
        problem = character_problem(unfit.char, unfit.finding, TRANSLATION, unfit.spelling)
        spelling = unfit.spelling
        po_problems.add(
            tr("{language} ({lang}): {message}", language=language, lang=translations.lang, message=problem.message),
            line=spelling.line if spelling else unfit.msgstr_line, column=spelling.column if spelling else 1,
            width=spelling.width if spelling else 6, field=unfit.context, hint=problem.hint,
            severity=problem.severity)


def translation_problems(route: Route, loaded: LoadedFile) -> list[Problem]:
    """Problems of translations: a PO file that cannot be read (errors, at its own line),
    control characters (errors) and invisible characters (warnings) in a msgstr, at their own
    place, and warnings about missing, stale and broken texts.

    Located at the language in the route file (for counts) or at the message in the PO file.
    A broken translation is also what :meth:`Translations.lookup` refuses, so what is reported
    here is exactly what the site shows in the source language.
    """
    problems = loaded.problems()
    texts = source_texts(route)
    for index, lang in enumerate(route.route.languages):
        if lang == route.route.source_language:
            continue
        po_path = catalog_path(loaded.path, lang)
        try:
            translations = load_translations(loaded.path, lang)
        except RouteFileError as error:  # every unreadable catalog is reported, not just the first
            problems.problems.extend(error.problems)
            continue
        counts = {state: 0 for state in TextState}
        po_problems = (_po_problem_list(po_path, po_path.read_bytes().decode("utf-8", errors="replace"))
                       if translations.exists else ProblemList(file=display_path(po_path)))
        character_problems(translations, po_problems)
        source_name = language_name(route.route.source_language)
        for text in texts:
            translated, state = translations.lookup(text.context, text.text, text.markdown)
            counts[state] += 1
            if state is TextState.BROKEN:
                message = translations.by_context[text.context]
                differences = markdown_differences(text.text, remove_invisible(str(message.string)))
                po_problems.add(
                    tr("The translation of '{context}' breaks its Markdown: {differences}. "
                       "The site shows the {language} source text instead, marked as not yet translated.",
                       context=text.context, differences="; ".join(differences), language=source_name),
                    line=translations.msgstr_lines.get(text.context, int(message.lineno or 0)),
                    column=1, width=6, field=text.context, hint=tr(MARKDOWN_HINT), severity=Severity.WARNING)
        missing, stale, broken = counts[TextState.MISSING], counts[TextState.STALE], counts[TextState.BROKEN]
        if missing or stale or broken:
            mark = loaded.mark(("route", "languages", index))
            parts = [part for n, part in (
                (missing, trn("{n} is not translated", "{n} are not translated", missing)),
                (stale, trn("{n} is stale", "{n} are stale", stale)),
                (broken, trn("{n} is broken (see below)", "{n} are broken (see below)", broken))) if n]
            joined = parts[0]
            for part in parts[1:]:
                joined = tr("{first} and {last}", first=joined, last=part)
            problems.add(
                tr("{language} ({lang}): of {total} texts, {parts}.", total=len(texts), language=language_name(lang),
                   lang=lang, parts=joined),
                line=mark.line, column=mark.column, width=mark.width, field=f"route.languages[{index}]",
                hint=tr("Run `routegen i18n update {route}` and translate {catalog}; the site shows the source "
                        "text meanwhile.", route=loaded.command_path, catalog=display_path(po_path)),
                severity=Severity.WARNING)
        problems.problems.extend(po_problems.problems)
    return problems.problems
