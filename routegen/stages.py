"""Every stage but writing, for one route: load -> validate -> localize -> layout -> draw -> render.

All reading happens in :func:`prepare` (the route file, its translations, the theme, images);
the later stages are functions of what it read: layout and draw (routegen.pictures), render
(routegen.render: templates only), fonts (routegen.sitefonts). ``cache`` (used by `serve`)
wraps the picture and page stages by their inputs. routegen.pipeline runs them (and imports
this module only when a route has to be made: a build of unchanged routes never loads it).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import RenderCache, ShownText, picture_key, structure_key, text_table
from .catalogs import catalog_path, load_translations, translation_problems
from .errors import Problem, ProblemList, RouteFileError, Severity
from .languages import get_language
from .layout.text import describe_char, missing_characters
from .load import display_path, field_name, route_folder
from .localize import LocalizedRoute, localize_file, markdown_contexts
from .messages import context_path, walk_texts
from .model import Route
from .markdown import Images, read_images
from .pictures import Pictures, PublishedLogo, picture_file
from .render import RouteSite, Theme, language_folder, load_theme, render_route_index
from .sitefonts import FontsAhead, expected_characters
from .store import files_stamp
from .ui import ui_catalog_dir
from .text import classify
from .validate import CheckedRoute, text_mark, check_route
from .speech import tr

if TYPE_CHECKING:
    from .printing.matter import PrintDocument


@dataclass
class CheckedSite:
    """One route after every stage but writing: what `check` approves is what `build` writes."""

    checked: CheckedRoute
    localized: dict[str, LocalizedRoute]
    theme: Theme
    images: dict[str, bytes]  # the image files the texts and the theme show, by name
    tables: dict[str, dict[str, ShownText]]  # per language, every text as the pages show it
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def route(self) -> Route:
        return self.checked.route

    @property
    def path(self) -> Path:
        return self.checked.path

    @property
    def warnings(self) -> list[Problem]:
        return self.checked.warnings


def prepare(path: Path, *, strict: bool = False, langs: list[str] | None = None) -> CheckedSite:
    """Load, validate and localize one route, with every located problem of its texts.

    ``langs`` limits the languages (the source language is always kept), for a quick preview.
    """
    checked = check_route(path, strict=strict)
    route = checked.route
    found = translation_problems(route, checked.loaded)  # every unreadable catalog at once
    markdown = markdown_contexts(route)
    localized = {
        lang: localize_file(route, path, lang, markdown) for lang in route.route.languages
        if not langs or lang in langs or lang == route.route.source_language
    }
    tables = {lang: text_table(local) for lang, local in localized.items()}
    found += glyph_problems(checked, tables)
    if strict:
        found = [p.as_error() if p.severity is Severity.WARNING else p for p in found]
    errors = [p for p in found if p.severity is Severity.ERROR]
    if errors:
        raise RouteFileError(errors)
    checked.warnings.extend(found)
    images = read_images((text.text for text in walk_texts(route)), route_folder(path),
                         [route.theme.logo] if route.theme.logo else [])
    return CheckedSite(checked, localized, load_theme(path, route), images, tables)


def render(site: CheckedSite, prefix: str = "", cache: RenderCache | None = None, *,
           previews: bool = False) -> dict[str, bytes]:
    """Lay out, draw, render and cut the fonts of one prepared route: every file of its site.

    ``previews``: the build makes each language's preview image (:func:`preview_images`), so the
    pages name it in their og:image.

    The index page of a build of several routes is rendered too (and dropped), so that its
    template meets the same test in `check` and in every build.
    """
    cache = cache if cache is not None else RenderCache()
    route, theme = site.route, site.theme
    tables = site.tables
    images_stamp = sorted((name, hashlib.sha256(data).hexdigest()) for name, data in site.images.items())
    structure = structure_key(route, str(site.path), prefix, theme.stamp, images_stamp, files_stamp(ui_catalog_dir()))
    images = Images(site.images)
    logo = None
    if route.theme.logo:
        published = images.publish(route.theme.logo)
        logo = PublishedLogo(published, images.files[published])
    expected = {lang: expected_characters(lang, (text for text, _, _ in table.values()), site.localized)
                for lang, table in tables.items()}
    with FontsAhead(expected) as fonts_ahead:
        picture_keys = {lang: picture_key(table) for lang, table in tables.items()}
        pictures = Pictures(site.localized, picture_keys, theme.palette, structure, cache, logo)
        pages = RouteSite(site.checked, site.localized, theme, images, pictures.inline, logo=logo.path if logo else "",
                          structure=structure, tables=tables, picture_keys=picture_keys, prefix=prefix, cache=cache,
                          previews=previews)
        html, shown = pages.render_pages()
        fonts = fonts_ahead.files(shown)
    files = {name: text.encode("utf-8") for name, text in html.items()}
    files.update({f"assets/fonts/{name}": data for name, data in fonts.items()})
    for (lang, orientation), svg in pictures.standalone(fonts).items():
        files[picture_file(language_folder(lang), orientation)] = svg.encode("utf-8")
    files["assets/style.css"] = pages.stylesheet(fonts).encode("utf-8")
    sitemap = pages.sitemap()
    if sitemap is not None:
        files["sitemap.xml"] = sitemap.encode("utf-8")
    files["robots.txt"] = pages.robots().encode("utf-8")
    files["assets/favicon.svg"] = pages.favicon().encode("utf-8")
    files.update(images.files)
    render_route_index([site.route], theme)
    return {prefix + name: data for name, data in files.items()}


def preview_images(site: CheckedSite, prefix: str) -> dict[str, bytes]:
    """Each language's social preview (``<lang>/preview.png``) of a rendered route, by file name.

    Made by headless Chromium from the route's own standalone picture and subset fonts, so it is
    only called when printing is asked (`build --print`); raises ChromiumMissing without Chromium.
    """
    from .printing.preview import PreviewCard, picture_alt, preview_file, screenshot_cards

    fonts = {name.rpartition("/")[2]: data for name, data in site.files.items()
             if name.startswith(f"{prefix}assets/fonts/")}
    cards = []
    for lang, localized in site.localized.items():
        info = localized.route.route
        picture = site.files[prefix + picture_file(language_folder(lang), "landscape")]
        cards.append(PreviewCard(lang, localized.dir, str(info.title), str(info.municipality), picture,
                                 picture_alt(str(info.title), str(info.municipality))))
    images = screenshot_cards(cards, fonts, site.theme.palette)
    return {prefix + preview_file(language_folder(lang)): png for lang, png in images.items()}


def glyph_problems(checked: CheckedRoute, tables: dict[str, dict[str, ShownText]]) -> list[Problem]:
    """Characters no shipped font can draw, in any text of any language, at the text's place:
    the route file for its own texts, the language's PO file for a translation.

    The picture cannot draw such a character (its fonts are embedded, not the reader's), so
    this is an error; the same rule as the layout stage's, which therefore never meets one.
    """
    problems: list[Problem] = []
    loaded = checked.loaded
    for lang, table in tables.items():
        translations = None
        for context, (text, text_lang, _) in table.items():
            missing = [char for char in missing_characters(text, text_lang or lang)
                       if classify(char) is None]  # a control character is told by its own error
            if not missing:
                continue
            chars = ", ".join(describe_char(c) for c in missing)
            message = tr("No font routegen ships can draw {chars}, so the picture and the pages "
                         "could not show this text as written.", chars=chars)
            hint = tr("Remove the character or write it in words; emoji are not drawn.")
            if (text_lang or lang) == lang and lang != checked.route.route.source_language:
                translations = translations or load_translations(checked.path, lang)
                po = ProblemList(file=display_path(catalog_path(checked.path, lang)))
                po.add(f"{get_language(lang).english_name} ({lang}): {message}",
                       line=translations.msgstr_lines.get(context, 0), field=context, hint=hint)
                problems.extend(po.problems)
            elif lang == checked.route.route.source_language:
                path = context_path(loaded.data, context)
                line, column = text_mark(loaded, path, missing[0])
                into = loaded.problems()
                into.add(message, line=line, column=column, field=field_name(path), hint=hint)
                problems.extend(into.problems)
            # a fallback to the source text is reported once, for the source language
    return problems


def add_print_warnings(site: CheckedSite, strict: bool) -> None:
    """What the print matter will lack, told at its place (no site_url: no QR code); an error
    with ``strict``."""
    from .printing.matter import missing_address_warning

    found = [] if site.route.route.site_url else [missing_address_warning(site)]
    if strict and found:
        raise RouteFileError([problem.as_error() for problem in found])
    site.warnings.extend(found)
def print_documents(site: CheckedSite, formats: list[str] | None = None,
                    langs: list[str] | None = None) -> list[PrintDocument]:
    """The print matter's HTML (poster, bilingual poster, handout, contact cards per language),
    before Chromium turns it into PDFs."""
    from .printing.matter import FORMATS, PrintMatter

    chosen = [lang for lang in site.localized if not langs or lang in langs]
    return PrintMatter(site).documents(list(formats or FORMATS), chosen)


def print_pdfs(site: CheckedSite, formats: list[str] | None = None,
               langs: list[str] | None = None) -> dict[str, bytes]:
    """The PDFs of one prepared route by their path below the route's site root
    (``<lang>/print/<format>.pdf``). Needs Chromium; see routegen.printing."""
    return render_pdfs(print_documents(site, formats, langs))


def render_pdfs(documents: list[PrintDocument]) -> dict[str, bytes]:
    from .printing.pdf import render_pdfs as with_chromium  # Playwright is imported only to print

    return with_chromium(documents)
