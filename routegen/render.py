"""Localized route + SVG -> the HTML pages, stylesheet, fonts and sitemap of one route's site.

Pages are rendered from the theme's jinja2 templates (``themes/default``), which a
municipality can override file by file: a folder ``theme/`` beside the route file is searched
first, and its ``extra.css`` is appended to the stylesheet. Every link is relative, so the site
works from any folder of any static host and from disk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
import hashlib
import re
import traceback
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from jinja2 import (BaseLoader, BytecodeCache, Environment, StrictUndefined, TemplateNotFound, TemplateSyntaxError,
                    select_autoescape)
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from . import store
from .colors import Palette, palette
from .flow import Flow, route_flow
from .formatting import ListStyle, format_date, format_duration, format_list_text, format_money
from .glossary import Entry, explain_first_uses, glossary_entries
from .cache import RenderCache, ShownText
from .store import folder_files
from .draw import svg_css
from .errors import Problem, RouteFileError, RoutegenError
from .icons import icon_svg, step_icon
from .layout.route_map import timing_text
from .languages import Language, get_language
from .load import display_path, route_folder
from .localize import LocalizedRoute
from .markdown import Images, SafeMarkdown
from .sitefonts import visible_chars
from .integraal import THEME_TITLES, theme_uses, uses_themes
from .model import (
    CONTACT_PERSON,
    Branch,
    Choice,
    Consent,
    Duration,
    Regisseur,
    Route,
    Sharing,
    Step,
    Timing,
)
from .model import Theme as IntegraalTheme
from .printing.preview import open_graph_tags, picture_alt
from .sitefonts import font_css
from .ui import N_, UiText, ui_text
from .validate import CheckedRoute
from .speech import tr

THEMES_DIR = Path(__file__).resolve().parent / "themes"
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; "
       "base-uri 'none'; form-action 'none'")
FIXED_PAGES = ("partners", "budget", "privacy", "glossary", "accessibility")
ARROWS = {"ltr": ("\u2190", "\u2192"), "rtl": ("\u2192", "\u2190")}  # (back, forward) as the text runs


def theme_dir(name: str = "default") -> Path:
    return THEMES_DIR / name


@dataclass(frozen=True)
class PageRef:
    """A page of the site within one language: its path under /<lang>/ and its title."""

    path: str  # "" for the overview, "partners/", "<step-id>/"
    template: str
    title: str

    @property
    def depth(self) -> int:
        return self.path.count("/")


@dataclass(frozen=True)
class Theme:
    """The look of one route's site, read once in the theme stage: templates, stylesheet, colours."""

    env: Environment
    css: str  # the default stylesheet with the route's theme/extra.css after it
    palette: Palette
    stamp: str  # changes whenever any theme file does
    favicon: bytes = b""  # the theme's favicon.svg, before it is coloured with the palette


def load_theme(route_path: Path, route: Route) -> Theme:
    """The default theme with the route's own ``theme/`` folder over it (its templates win)."""
    own = route_folder(route_path) / "theme"
    templates = _template_files([own / "templates", theme_dir() / "templates"])
    parts = [(theme_dir() / "style.css").read_bytes()]
    if (own / "extra.css").is_file():
        parts.append((own / "extra.css").read_bytes())
    try:
        css = "\n".join(part.decode("utf-8") for part in parts)
    except UnicodeDecodeError as exc:
        raise RouteFileError([Problem(tr("This stylesheet of the theme is not saved as UTF-8 text."),
                                      file=display_path(own / "extra.css"),
                                      hint=tr("Save it as UTF-8 in your editor."))]) from exc
    favicon_file = own / "favicon.svg" if (own / "favicon.svg").is_file() else theme_dir() / "favicon.svg"
    favicon = favicon_file.read_bytes()
    stamp = hashlib.sha256(repr((templates, css, favicon)).encode("utf-8")).hexdigest()
    return Theme(_environment_for(templates), css, palette(route.theme), stamp, favicon)


TemplateFiles = tuple[tuple[str, bytes, str], ...]  # name, contents, file


def _template_files(folders: list[Path]) -> TemplateFiles:
    """Every template as its file reads now; a name in an earlier folder (the override) wins."""
    found: dict[str, tuple[bytes, str]] = {}
    for folder in folders:
        for path, data in folder_files(folder):
            found.setdefault(path.relative_to(folder).as_posix(), (data, str(path)))
    return tuple((name, data, file) for name, (data, file) in sorted(found.items()))


def template_location(error: BaseException) -> tuple[str, int] | None:
    """The template file and line where rendering failed, if it failed in a template.

    jinja2 gives syntax errors a file and line, and rewrites the traceback of any other error
    raised while a template runs so that its frames name the template file and line.
    """
    if isinstance(error, TemplateSyntaxError) and error.filename:
        return error.filename, error.lineno
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if not frame.filename.endswith(".py") and frame.lineno and Path(frame.filename).is_file():
            return frame.filename, frame.lineno
    return None


def render_template(env: Environment, name: str, context: dict[str, Any]) -> str:
    """A page from a theme template; a mistake in a template is an error of the theme, with the
    template's file and line (a municipality's override, or a bug in ours)."""
    try:
        return env.get_template(name).render(context)
    except RoutegenError:
        raise
    except Exception as error:
        location = template_location(error)
        if location is None:
            raise
        file, line = location
        try:
            source = Path(file).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            source = []
        reason = error.message if isinstance(error, TemplateSyntaxError) else str(error)
        raise RouteFileError([Problem(
            tr("This template of the theme stopped the build ({kind}). Reason: {reason}",
               kind=type(error).__name__, reason=reason),
            file=display_path(Path(file)), line=line,
            source_line=source[line - 1] if 0 < line <= len(source) else "",
            hint=tr("Fix the template (see the jinja2 template documentation), or remove your copy in "
                    "theme/templates/ to use routegen's own."))]) from error


class _TemplateFilesLoader(BaseLoader):
    """Serves templates from one reading of their files, so an environment matches its key."""

    def __init__(self, files: TemplateFiles) -> None:
        self.files = {name: (data, file) for name, data, file in files}

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        if template not in self.files:
            raise TemplateNotFound(template)
        data, file = self.files[template]
        try:
            return data.decode("utf-8"), file, lambda: True
        except UnicodeDecodeError as exc:
            raise RouteFileError([Problem(
                tr("This template of the theme is not saved as UTF-8 text."), file=display_path(Path(file)),
                line=data[: exc.start].count(b"\n") + 1, hint=tr("Save it as UTF-8 in your editor."))]) from exc

    def list_templates(self) -> list[str]:
        return sorted(self.files)


BYTECODE = "templates"


class _StoredBytecode(BytecodeCache):
    """Compiled templates kept in the persistent cache (routegen.store), by template file and
    source: a new process does not compile the theme again (a fifth of a cold build of one route).
    jinja2 checks its own version and Python's before it uses an entry."""

    def load_bytecode(self, bucket: Bucket) -> None:
        data = store.load(BYTECODE, store.digest(BYTECODE, bucket.key, bucket.checksum))
        if data is not None:
            try:
                bucket.bytecode_from_string(data)
            except Exception:  # noqa: BLE001 - an entry cut short or from elsewhere: compiled again
                bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        store.save(BYTECODE, store.digest(BYTECODE, bucket.key, bucket.checksum), bucket.bytecode_to_string())


@lru_cache(maxsize=16)
def _environment_for(templates: TemplateFiles) -> Environment:
    """One environment per content of the templates: any edit, even one within the same tick of
    the file system's clock, gives a new environment; an unchanged theme reuses compiled ones."""
    env = Environment(loader=_TemplateFilesLoader(templates), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      bytecode_cache=_StoredBytecode())
    env.tests["contains"] = lambda container, item: item in container
    return env


class RouteSite:
    """The render stage of one route: its pages from the theme's templates, and the stylesheet.

    The pictures come drawn (``inline_svg``), images come read (``images``); rendering only
    fills templates. Pages are reused from ``cache`` while what they show is unchanged.
    """

    def __init__(self, checked: CheckedRoute, localized: dict[str, LocalizedRoute], theme: Theme,
                 images: Images, inline_svg: Callable[[str, str], str], *, logo: str,
                 structure: str, tables: dict[str, dict[str, ShownText]], picture_keys: dict[str, str],
                 prefix: str, cache: RenderCache, previews: bool = False) -> None:
        self.checked = checked
        self.previews = previews  # <lang>/preview.png is built (build --print): pages name it in og:image
        self.cache = cache
        self._used: set[str] = set()
        self.route: Route = checked.route
        self.prefix = prefix
        self.theme = theme
        self.env = theme.env
        self.colours: Palette = theme.palette
        self.markdown = SafeMarkdown(images)
        self.inline_svg = inline_svg
        self.logo = logo  # the logo's path from the site's root, "" without one
        self.localized = localized
        self.tables = tables
        self.picture_keys = picture_keys  # an overview page shows the picture: it is kept by its key too
        self.flows = {lang: route_flow(localized.route) for lang, localized in self.localized.items()}
        self.links = {lang: self.neighbours(localized.route, self.flows[lang])
                      for lang, localized in self.localized.items()}
        self.structure = structure + ("+previews" if previews else "")  # cached pages differ in og:image
        self.glossaries = {lang: glossary_entries(self.route, localized) for lang, localized in self.localized.items()}

    # -- pages -----------------------------------------------------------------------------

    def pages(self, localized: LocalizedRoute) -> list[PageRef]:
        ui = ui_text(localized.lang)
        route = localized.route
        pages = [PageRef("", "overview.html", str(route.route.title))]
        pages += [PageRef(f"{step.id}/", "step.html", str(step.title)) for step in route.steps]
        pages.append(PageRef("partners/", "partners.html", ui("Who does what")))
        if route.budget:
            pages.append(PageRef("budget/", "budget.html", str(route.budget.title)))
        pages.append(PageRef("privacy/", "privacy.html", ui("Who knows what about me")))
        pages.append(PageRef("glossary/", "glossary.html", ui("Glossary")))
        pages.append(PageRef("accessibility/", "accessibility.html", ui("Accessibility")))
        return pages

    def render_pages(self) -> tuple[dict[str, str], dict[str, list[str]]]:
        """Every page by its path below the prefix, and per language the characters of each
        page that shows it (they decide the fonts' subsets)."""
        pages: dict[str, str] = {}
        shown: dict[str, list[str]] = {}
        for lang, localized in self.localized.items():
            for page in self.pages(localized):
                html, chars = self.render_page(localized, page)
                shown.setdefault(lang, []).append(chars)
                pages[f"{language_folder(lang)}/{page.path}index.html"] = html
        for name, html in (("index.html", self.render_languages()), ("404.html", self.render_not_found())):
            pages[name] = html
            chars = visible_chars(html)
            for lang in self.localized:  # these pages show every language's own name
                shown.setdefault(lang, []).append(chars)
        return pages, shown

    def stylesheet(self, fonts: dict[str, bytes]) -> str:
        p = self.colours
        variables = (f":root{{--rg-primary:{p.primary};--rg-accent:{p.accent};--rg-on-primary:{p.on_primary};"
                     f"--rg-on-accent:{p.on_accent};--rg-text:{p.text};--rg-muted:{p.muted};"
                     f"--rg-background:{p.background};--rg-phase:{p.phase_fill};--rg-support:{p.support_fill};"
                     f"--rg-focus:{p.focus}}}\n")
        return "\n".join([font_css(fonts, list(self.localized)), variables, self.theme.css, svg_css(p)])

    def context(self, localized: LocalizedRoute, page: PageRef) -> dict[str, Any]:
        lang = localized.lang
        ui = ui_text(lang)
        root = "../" * (page.depth + 1)  # from the page to the route's site root
        here = "../" * page.depth  # from the page to /<lang>/

        def t(text: object) -> Markup:
            self.note(text)
            return self.inline(text, lang, ui)

        def md(text: object) -> Markup:
            self.note(text)
            return self.block(text, lang, ui, root)

        def names(ids: list[str]) -> str:
            partners = [localized.route.partner(i).name for i in ids]
            for name in partners:
                self.note(name)
            return format_list_text([str(name) for name in partners], lang)

        def join(items: list[object], branch: Branch | str = Branch.PARALLEL) -> Markup:
            """Texts or links joined as the reader's language joins a list: "and" for parallel
            steps (and any plain list), "or" for a choice."""
            style: ListStyle = "or" if branch in (Branch.CHOICE, "or") else "standard"
            return join_markup([item if isinstance(item, Markup) else escape(str(item)) for item in items],
                               lang, style)

        def illustration(element: object) -> Markup:
            """The mark of what an example adds to be complete, which its source does not say."""
            if not getattr(element, "illustrative", False):
                return Markup("")
            return Markup(' <span class="rg-illustration">{0}</span>').format(ui("(illustration, not from the source)"))

        def timing(value: Timing) -> Markup:
            self.note(value.starts)
            return escape(timing_text(value, ui, lang)) + illustration(value)

        def partner_names(ids: list[str]) -> list[Markup]:
            return [t(localized.route.partner(i).name) for i in ids]

        def doer(ref: str, phase_id: str | None) -> Markup:
            """A step's lead or the budget's manager by name: an organisation, or the reader's own
            contact person (of that phase) with role and organisation."""
            if ref != CONTACT_PERSON:
                return t(localized.route.partner(ref).name)
            person = localized.route.contact_person(phase_id)
            return Markup("{0} ({1}, {2})").format(contact_heading(person, t, ui), t(person.role),
                                                   t(localized.route.partner(person.partner).name))

        def step_links(steps: list[Step], base: str, numbers: dict[str, int], rel: str = "") -> list[Markup]:
            """Links to steps, "5. Title", from ``base`` (the path to /<lang>/ from the page)."""
            attribute = Markup(' rel="{0}"').format(rel) if rel else Markup("")
            return [Markup('<a href="{0}{1}/"{2}>{3}. {4}</a>').format(base, s.id, attribute, numbers[s.id], t(s.title))
                    for s in steps]

        def choice_sentence(choice: Choice, what: str) -> str:
            """Who decides about an optional step ("step") or a programme's topics ("topics")."""
            sentences = {
                ("step", Choice.BY_YOU): N_("You decide yourself whether you do this step."),
                ("step", Choice.WITH_REGISSEUR): N_("You and your regisseur decide together whether you do this step."),
                ("topics", Choice.BY_YOU): N_("You choose which topics you follow."),
                ("topics", Choice.WITH_REGISSEUR): N_("You and your regisseur choose together which topics you follow."),
            }
            return ui(sentences[(what, choice)])

        def theme_title(theme: IntegraalTheme) -> str:
            return ui(THEME_TITLES[theme])

        def theme_links(themes: list[IntegraalTheme], base: str) -> list[Markup]:
            """Links to a theme's row in the partners page's overview of the INTEGRAAL themes."""
            return [Markup('<a href="{0}partners/#theme-{1}">{2}</a>').format(base, theme.value, theme_title(theme))
                    for theme in themes]

        def support_links(ids: list[str], base: str) -> list[Markup]:
            """Links to supports, which have no page of their own: their card on the overview."""
            supports = {s.id: s for s in localized.route.supports}
            return [Markup('<a href="{0}#support-{1}">{2}</a>').format(base, i, t(supports[i].title)) for i in ids]

        def sharing_links(lines: list[Sharing], base: str) -> list[Markup]:
            return [Markup('<a href="{0}privacy/#share-{1}">{2}</a>').format(base, line.id, t(line.what))
                    for line in lines]

        def every(duration: Duration) -> str:
            return ui("every {duration}", duration=format_duration(duration, lang))

        return {
            "_": ui,
            "t": t,
            "md": md,
            "route": localized.route,
            "localized": localized,
            "lang": lang,
            "dir": localized.dir,
            "page": page,
            "root": root,
            "here": here,
            "csp": CSP,
            "logo": self.logo,
            "switcher": self.switcher(page, lang, root),
            "money": lambda amount, currency: format_money(amount, currency, lang),
            "date": lambda value: format_date(value, lang),
            "timing": timing,
            "partner": localized.route.partner,
            "pictogram": lambda step: Markup(icon_svg(step_icon(step), css_class="rg-step-icon")),
            "names": names,
            "partner_names": partner_names,
            "contact_heading": lambda person: contact_heading(person, t, ui),
            "contact_person": localized.route.contact_person,
            "doer": doer,
            "illustration": illustration,
            "CONTACT_PERSON": CONTACT_PERSON,
            "step_links": step_links,
            "join": join,
            "Branch": Branch,
            "arrow_back": ARROWS[localized.dir][0],
            "arrow_forward": ARROWS[localized.dir][1],
            "alternates": self.alternates(page),
            "description": self.description(localized, page),
            "open_graph": self.open_graph(localized, page),
            "step_number": self.flows[lang].numbers,  # the picture's reading order
            "ordered_steps": [localized.route.step(i) for i in self.flows[lang].order],
            "step_by_id": {s.id: s for s in localized.route.steps},
            "phase_by_id": {p.id: p for p in localized.route.phases},
            "previous_step": self.links[lang][0],
            "next_steps": self.links[lang][1],
            "Consent": Consent,
            "choice_sentence": choice_sentence,
            "theme_title": theme_title,
            "theme_links": theme_links,
            "support_links": support_links,
            "sharing_links": sharing_links,
            "every": every,
            "steps_of": lambda ids: [localized.route.step(i) for i in ids],
            "theme_uses": theme_uses(localized.route, self.flows[lang].order),
            "uses_themes": uses_themes(localized.route),
            "pages": self.pages(localized),
            "ui_lang": ui.lang_of,
            "status_word": {"example": ui("Example"), "draft": ui("Draft"), "published": ui("Published")},
            "today": dt.date.today(),
            "printed": self.previews,  # build --print makes the previews and the print matter
            "glossary": self.glossaries[lang],
            "source_lang": localized.source_language.code,
            "source_dir": localized.source_language.direction,
        }

    def render_page(self, localized: LocalizedRoute, page: PageRef) -> tuple[str, str]:
        """The page's HTML and the characters it shows (kept with it in the cache)."""
        table = self.tables[localized.lang]
        key: tuple[str, ...] = (self.structure, localized.lang, page.path)
        if page.template == "overview.html":
            key += (self.picture_keys[localized.lang],)
        cached = self.cache.page(key, table)
        if cached is not None:
            return cached
        self._used = set()
        context = self.context(localized, page)
        if page.template == "overview.html":
            context["svg_landscape"] = Markup(natural_size(self.inline_svg(localized.lang, "landscape")))
            context["svg_portrait"] = Markup(self.inline_svg(localized.lang, "portrait"))
        if page.template == "step.html":
            context["step"] = localized.route.step(page.path.rstrip("/"))
        html = render_template(self.env, page.template, context)
        if page.template != "glossary.html":
            html = self.explain_words(localized, html, context)
        chars = visible_chars(html)
        self.cache.keep_page(key, html, chars, self._used, table)
        return html, chars

    def render_languages(self) -> str:
        source = self.localized[self.route.route.source_language]
        page = PageRef("", "languages.html", str(source.route.route.title))
        context = self.context(source, page)
        context["root"] = ""
        context["choices"] = [
            (get_language(lang), loc) for lang, loc in self.localized.items()
        ]
        return render_template(self.env, "languages.html", context)

    def render_not_found(self) -> str:
        source = self.localized[self.route.route.source_language]
        page = PageRef("", "404.html", "404")
        context = self.context(source, page)
        context["choices"] = [(get_language(lang), ui_text(lang)) for lang in self.localized]
        context["open_graph"] = []  # shown at any address: nobody shares it
        # A 404 page is shown at any address, so its links start from the site's root.
        context["site_root"] = self.route.route.site_url or "/" + self.prefix
        return render_template(self.env, "404.html", context)

    def explain_words(self, localized: LocalizedRoute, html: str, context: dict[str, Any]) -> str:
        """The page with the first use of each glossary word in its main text linked to the
        glossary, and those words explained in a list at the end of its main text."""
        for term in localized.route.glossary:  # the route's words decide what is linked
            for spelling in (term.term, *term.also):
                self.note(spelling)
        here = context["here"]

        def link(entry: Entry) -> str:
            return f"{here}glossary/#{entry.anchor}"

        html, used = explain_first_uses(html, self.glossaries[localized.lang], link)
        if not used:
            return html
        words = render_template(self.env, "words.html", {**context, "words": used})
        end = html.rindex("</main>")
        return html[:end] + words + html[end:]

    # -- helpers ---------------------------------------------------------------------------

    def note(self, text: object) -> None:
        """Remember that the page being rendered shows this text (see routegen.cache)."""
        context = getattr(text, "context", None)
        if context:
            self._used.add(context)

    def alternates(self, page: PageRef) -> list[tuple[str, str]]:
        """(hreflang, absolute address) of this page in every language and x-default (the
        language chooser), when the route's site_url is known; search engines need full addresses."""
        site = self.route.route.site_url
        if not site:
            return []
        pairs = [(lang, f"{site}{language_folder(lang)}/{page.path}") for lang in self.localized]
        return pairs + [("x-default", site)]

    def description(self, localized: LocalizedRoute, page: PageRef) -> str:
        """The page's meta description: a step's summary, else what the route is."""
        if page.template == "step.html":
            return str(localized.route.step(page.path.rstrip("/")).summary)
        route = localized.route
        return ui_text(localized.lang)(
            "The integration route of {municipality}: {steps} steps in {phases} phases. "
            "Each step links to a page that explains it.",
            municipality=route.route.municipality, steps=len(route.steps), phases=len(route.phases))

    def open_graph(self, localized: LocalizedRoute, page: PageRef) -> list[tuple[str, str]]:
        """The page's Open Graph tags, so a shared link shows a card (see routegen.printing.preview)."""
        route = localized.route.route
        title = f"{page.title} – {route.title}" if page.path else page.title  # as the page's <title>
        path = f"{language_folder(localized.lang)}/{page.path}" if page.template != "languages.html" else ""
        return open_graph_tags(lang=localized.lang, title=title, description=self.description(localized, page),
                               site_url=self.route.route.site_url, page_path=path, image=self.previews,
                               image_alt=picture_alt(str(route.title), str(route.municipality)))

    def favicon(self) -> str:
        """The theme's favicon coloured with the route's palette (its shapes of class rg-primary,
        rg-on-primary and rg-line), served from the site itself."""
        p = self.colours
        svg = self.theme.favicon.decode("utf-8")
        style = (f"<style>.rg-primary{{fill:{p.primary}}}.rg-on-primary{{fill:{p.on_primary}}}"
                 f".rg-line{{fill:none;stroke:{p.on_primary}}}</style>")
        head, _, tail = svg.rpartition("</svg>")
        return f"{head}{style}</svg>{tail}"

    def robots(self) -> str:
        return robots_txt([self.route])

    def switcher(self, page: PageRef, current: str, root: str) -> list[dict[str, Any]]:
        """Links to the same page in every language, labelled with the language's own name."""
        result = []
        for lang in self.localized:  # every language has the same pages: the route's structure
            language: Language = get_language(lang)
            result.append({"lang": lang, "dir": language.direction, "name": language.own_name,
                           "href": f"{root}{language.folder}/{page.path}", "current": lang == current})
        return result

    @staticmethod
    def neighbours(route: Route, flow: Flow) -> tuple[dict[str, Step | None], dict[str, list[Step]]]:
        """Each step's previous step and next steps, as the picture draws them."""
        previous = {s.id: route.step(p) if (p := flow.previous(s.id)) else None for s in route.steps}
        following = {s.id: [route.step(t) for t in flow.following(s.id)] for s in route.steps}
        return previous, following

    @staticmethod
    def inline(text: object, lang: str, ui: UiText) -> Markup:
        """A text in the page, marked with its own language when it fell back to the source."""
        text_lang = getattr(text, "lang", lang)
        if text_lang == lang:
            return escape(str(text))
        language = get_language(text_lang)
        notice = ui("not yet translated")
        return Markup('<span lang="{0}" dir="{1}">{2}</span> <span class="rg-fallback" lang="{3}">({4})</span>').format(
            text_lang, language.direction, str(text), ui.lang_of("not yet translated"), notice)

    def block(self, text: object, lang: str, ui: UiText, root: str) -> Markup:
        html = self.markdown.render(str(text), root)
        text_lang = getattr(text, "lang", lang)
        if text_lang == lang:
            return Markup(html)
        language = get_language(text_lang)
        notice = ui("This text is not yet translated. It is shown in {language}.", language=language.own_name)
        return Markup('<p class="rg-fallback-notice" lang="{0}">{1}</p><div lang="{2}" dir="{3}">').format(
            ui.lang_of("This text is not yet translated. It is shown in {language}."), notice, text_lang,
            language.direction) + Markup(html) + Markup("</div>")

    def sitemap(self) -> str | None:
        """All pages with their language alternates (hreflang), at the route's site_url.

        The sitemap protocol needs full addresses, so without ``route.site_url`` there is none.
        """
        site = self.route.route.site_url
        if not site:
            return None
        base = site  # the address of this route's own site, also when it is one folder of a build
        entries = []
        source = self.localized[self.route.route.source_language]
        for page in self.pages(source):
            address = {lang: xml_escape(f"{base}{language_folder(lang)}/{page.path}") for lang in self.localized}
            alternates = "".join(
                f'<xhtml:link rel="alternate" hreflang="{alt}" href="{href}"/>'
                for alt, href in [*address.items(), ("x-default", xml_escape(base))])
            for href in address.values():
                entries.append(f"<url><loc>{href}</loc>{alternates}</url>")
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + "\n".join(entries) + "\n</urlset>\n")


def natural_size(svg: str) -> str:
    """An inline SVG at the size of its viewBox in CSS pixels (the landscape picture scrolls
    sideways at its natural size rather than shrink its text on a narrow screen)."""
    found = re.search(r'viewBox="([-\d.]+)[ ,]([-\d.]+)[ ,]([\d.]+)[ ,]([\d.]+)"', svg)
    if found is None or not svg.startswith("<svg "):
        return svg
    width, height = float(found.group(3)), float(found.group(4))
    return f'<svg width="{width:g}" height="{height:g}" ' + svg[len("<svg "):]


def robots_txt(routes: list[Route]) -> str:
    """robots.txt: every page may be indexed; each sitemap's full address where it is known."""
    sitemaps = [f"Sitemap: {r.route.site_url}sitemap.xml\n" for r in routes if r.route.site_url]
    return "User-agent: *\nAllow: /\n" + ("\n" + "".join(sitemaps) if sitemaps else "")


def contact_heading(person: Regisseur, t: Callable[[object], Markup], ui: UiText) -> Markup:
    """What readers call their contact person, on pages and print: the route's own words
    (``called``), else "Your regisseur"."""
    return t(person.called) if person.called else escape(ui("Your regisseur"))


def join_markup(items: list[Markup], lang: str, style: ListStyle) -> Markup:
    """Escaped texts or links joined with the language's CLDR list pattern ('standard' for "and",
    'or' for "or"); the pattern's own words are escaped, the items kept as they are."""
    tokens = [f"\x00{i}\x00" for i in range(len(items))]
    joined = str(escape(format_list_text(tokens, lang, style)))
    for token, item in zip(tokens, items):
        joined = joined.replace(token, str(item), 1)
    return Markup(joined)


def language_folder(lang: str) -> str:
    """The site folder of a language: its tag in lower case ("en-gb" for en-GB).

    Pages name the language by its BCP 47 tag (``lang``, ``hreflang``); folders are lower case so
    that no two differ only in case, which would make them one folder on macOS and Windows.
    """
    return get_language(lang).folder


def render_route_index(routes: list[Route], theme: Theme) -> str:
    """The page at the root of a build of several routes: one link per route."""
    sources = {route.route.source_language for route in routes}
    lang = sources.pop() if len(sources) == 1 else "en"
    return render_template(theme.env, "routes.html", dict(
        lang=lang, dir=get_language(lang).direction, csp=CSP, _=ui_text(lang),
        routes=[(route.route.slug, route) for route in routes]))
