"""The built site of routes/smallingerland.yaml, checked file by file without a browser.

Built once per module into a temporary folder. Checks what every page must hold:
``<html lang dir>`` per language folder, a strict Content-Security-Policy, no inline script or
style, a language switcher that leads to the same page in every language, links and assets that
resolve inside the build, no other hosts, a sitemap, small self-hosted WOFF2 fonts, a light
overview page, no live-reload script; and, on a copy of the route, that a Dutch fallback inside
an Arabic page is marked ``lang="nl"`` with a visible notice, and that an unreviewed translation
says so.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pytest
import yaml

from routegen.pipeline import build
from routegen.pipeline import check
from routegen.errors import RouteFileError
from routegen.languages import get_language
from routegen.ui import ui_text
from tests.conftest import ROUTES_DIR, write_route
from tests.test_hostile import (
    _check_css,
    route_hosts,
    scan_html,
    scan_site,
    scan_svg,
    url_host,
)

ROUTE = ROUTES_DIR / "smallingerland.yaml"
FONT_LIMIT = 60 * 1024
OVERVIEW_LIMIT = 100 * 1024
SITE_URL = "https://www.example.nl/route-smallingerland/"  # route.site_url of the example
REVIEW_NOTICE = "This translation has not yet been checked by a native speaker."


@dataclass
class Page:
    """One built HTML page: where it is, its language folder and what it holds."""

    name: str  # relative to the site: "ar/wonen/index.html"
    path: Path
    lang_folder: str | None  # "ar", or None for index.html and 404.html at the root
    elements: list[tuple[str, dict[str, str]]]
    urls: list[tuple[str, str, str]]
    text: str

    @property
    def rest(self) -> str:
        """The page's path within its language folder: "wonen/index.html"."""
        return self.name.split("/", 1)[1] if self.lang_folder else self.name

    def first(self, tag: str) -> dict[str, str]:
        return next(attrs for t, attrs in self.elements if t == tag)

    def ids(self) -> set[str]:
        return {attrs["id"] for _, attrs in self.elements if "id" in attrs}


@dataclass
class Site:
    root: Path
    languages: list[str]
    source_language: str
    pages: list[Page]

    def page(self, name: str) -> Page:
        return next(p for p in self.pages if p.name == name)


def load_site(root: Path, route: Path) -> Site:
    data = yaml.safe_load(route.read_text(encoding="utf-8"))
    languages = list(data["route"]["languages"])
    pages = []
    for path in sorted(root.rglob("*.html")):
        name = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        scanner = scan_html(text, set())
        first = name.split("/", 1)[0]
        pages.append(Page(name, path, first if first in languages and "/" in name else None,
                          scanner.elements, scanner.urls, text))
    return Site(root, languages, data["route"].get("source_language", "nl"), pages)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    out = tmp_path_factory.mktemp("smallingerland") / "site"
    build([ROUTE], out)
    return load_site(out, ROUTE)


def is_external(url: str) -> bool:
    return url_host(url) is not None or bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url.strip()))


def resolve(root: Path, base: Path, url: str) -> tuple[Path, str]:
    """The file a local URL leads to from the file ``base`` (a folder means its index.html)."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if not path:
        target = base
    elif path.startswith("/"):
        target = root / path.lstrip("/")
    else:
        target = base.parent / path
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target.resolve(), parts.fragment


# --- language and direction ----------------------------------------------------------------


def test_the_site_has_every_page_in_every_language(site: Site) -> None:
    names = {p.name for p in site.pages}
    assert {"index.html", "404.html"} <= names
    per_lang = {lang: {p.rest for p in site.pages if p.lang_folder == lang} for lang in site.languages}
    source = per_lang[site.source_language]
    assert "index.html" in source and "partners/index.html" in source and len(source) > 10
    for lang, rest in per_lang.items():
        assert rest == source, lang
    assert {p.lang_folder for p in site.pages} == set(site.languages) | {None}


@pytest.mark.parametrize("lang, direction", [("ar", "rtl"), ("fa", "rtl"), ("ti", "ltr"), ("nl", "ltr")])
def test_html_lang_and_dir_match_the_language_folder(site: Site, lang: str, direction: str) -> None:
    assert get_language(lang).direction == direction
    pages = [p for p in site.pages if p.lang_folder == lang]
    assert pages
    for page in pages:
        html = page.first("html")
        assert html.get("lang") == lang, page.name
        assert html.get("dir") == direction, page.name


def test_every_page_has_lang_and_dir(site: Site) -> None:
    for page in site.pages:
        html = page.first("html")
        expected = page.lang_folder or site.source_language
        assert html.get("lang") == expected, page.name
        assert html.get("dir") == get_language(expected).direction, page.name


# --- content security policy, no inline script or style ---------------------------------


def test_every_page_has_a_strict_content_security_policy(site: Site) -> None:
    for page in site.pages:
        metas = [(i, a) for i, (t, a) in enumerate(page.elements)
                 if t == "meta" and a.get("http-equiv", "").lower() == "content-security-policy"]
        assert len(metas) == 1, page.name
        index, meta = metas[0]
        policy = meta["content"]
        directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy, page.name
        assert directives.get("default-src") == ["'none'"], policy
        assert directives.get("script-src", ["'none'"]) == ["'none'"], policy  # no script source
        assert "script-src-elem" not in directives and "script-src-attr" not in directives
        for name, sources in directives.items():
            for source in sources:
                assert source in ("'self'", "'none'"), f"{page.name}: {name} {source}"
        # The policy applies to what follows it: it comes before any stylesheet, image or link.
        loads = [i for i, (t, a) in enumerate(page.elements) if t in ("link", "img", "style", "script")]
        assert all(index < i for i in loads), page.name


def test_no_inline_script_or_style_anywhere(site: Site) -> None:
    for page in site.pages:
        for tag, attrs in page.elements:
            assert tag not in ("script", "style"), f"{page.name}: <{tag}>"
            assert "style" not in attrs, f"{page.name}: <{tag} style={attrs['style']!r}>"
            assert not any(name.startswith("on") for name in attrs), f"{page.name}: <{tag} {attrs}>"
        assert "<script" not in page.text.lower() and "<style" not in page.text.lower(), page.name
    assert not list(site.root.rglob("*.js")), "the site ships JavaScript"


def test_no_live_reload_script(site: Site) -> None:
    for path in site.root.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".svg", ".css", ".xml"):
            text = path.read_text(encoding="utf-8").lower()
            assert "livereload" not in text and "35729" not in text, path


# --- the language switcher ---------------------------------------------------------------


def test_every_page_links_to_itself_in_every_language(site: Site) -> None:
    for page in site.pages:
        if page.lang_folder is None:
            continue
        alternates = {a["hreflang"]: a["href"] for t, a in page.elements
                      if t == "link" and a.get("rel") == "alternate"}
        switcher = {a["hreflang"]: a for t, a in page.elements if t == "a" and "hreflang" in a}
        # route.site_url is set: search engines get full addresses, and x-default (the chooser)
        assert set(alternates) == set(site.languages) | {"x-default"}, page.name
        assert alternates["x-default"] == SITE_URL, page.name
        assert set(switcher) == set(site.languages), page.name
        for lang in site.languages:
            expected = (site.root / lang / page.rest).resolve()
            assert expected.is_file(), expected
            assert alternates[lang] == SITE_URL + (lang + "/" + page.rest).removesuffix("index.html")
            target, _ = resolve(site.root, page.path, switcher[lang]["href"])
            assert target == expected, f"{page.name}: {lang} -> {switcher[lang]['href']}"
            link = switcher[lang]
            assert link.get("lang") == lang, page.name  # the language's own name, marked as such
            assert link.get("dir") == get_language(lang).direction
            assert (link.get("aria-current") == "true") == (lang == page.lang_folder), page.name


def test_the_root_page_offers_every_language(site: Site) -> None:
    page = site.page("index.html")
    targets = {a["hreflang"]: resolve(site.root, page.path, a["href"])[0]
               for t, a in page.elements if t == "a" and "hreflang" in a}
    assert targets == {lang: (site.root / lang / "index.html").resolve() for lang in site.languages}


# --- links and assets --------------------------------------------------------------------


def test_every_local_link_and_asset_resolves(site: Site) -> None:
    broken: list[str] = []
    absolute: list[str] = []
    for page in site.pages:
        for tag, name, url in page.urls:
            if is_external(url):
                continue
            if url.startswith("/"):
                absolute.append(f"{page.name}: <{tag} {name}={url!r}>")
            target, fragment = resolve(site.root, page.path, url)
            if site.root.resolve() not in target.parents or not target.is_file():
                broken.append(f"{page.name}: <{tag} {name}={url!r}> -> {target}")
            elif fragment and target.suffix == ".html":
                ids = page.ids() if target == page.path.resolve() else load_ids(target)
                if fragment not in ids:
                    broken.append(f"{page.name}: <{tag} {name}={url!r}>: no element with that id")
    for svg in site.root.rglob("*.svg"):
        for tag, name, url in scan_svg(svg.read_text(encoding="utf-8"), set()).urls:
            if not is_external(url):
                target, _ = resolve(site.root, svg, url)
                if not target.is_file():
                    broken.append(f"{svg.relative_to(site.root)}: <{tag} {name}={url!r}>")
    css = site.root / "assets" / "style.css"
    for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8")):
        if not resolve(site.root, css, url)[0].is_file():
            broken.append(f"assets/style.css: url({url})")
    assert not broken, "\n".join(broken)
    # Every link is relative (the site works from any folder) except the 404 page's, which a
    # host serves at any depth; those are reported, not failed (see the report).
    assert all(line.startswith("404.html:") for line in absolute), "\n".join(absolute)


def load_ids(path: Path) -> set[str]:
    return {a["id"] for _, a in scan_html(path.read_text(encoding="utf-8"), set()).elements if "id" in a}


def test_no_other_host_than_the_routes_own_links(site: Site) -> None:
    allowed = route_hosts(ROUTE)
    found = scan_site(site.root, allowed)
    assert not found, found
    for page in site.pages:
        for tag, name, url in page.urls:
            host = url_host(url)
            if host is not None:  # a link, or the page's full address in another language (hreflang)
                alternate = tag == "link" and url.startswith(SITE_URL)
                assert (tag == "a" or alternate) and host in allowed, f"{page.name}: <{tag} {name}={url!r}>"


def test_every_file_in_the_build_is_used(site: Site) -> None:
    """No stray file: each asset is referenced by a page, the stylesheet or is a known root file."""
    used: set[Path] = set()
    for page in site.pages:
        used.add(page.path.resolve())
        for _, _, url in page.urls:
            if not is_external(url):
                used.add(resolve(site.root, page.path, url)[0])
    css = site.root / "assets" / "style.css"
    for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8")):
        used.add(resolve(site.root, css, url)[0])
    known = {"sitemap.xml", "robots.txt", ".routegen-manifest.json", "404.html"}
    stray = [p.relative_to(site.root).as_posix() for p in site.root.rglob("*") if p.is_file()
             and p.resolve() not in used and p.relative_to(site.root).as_posix() not in known
             and p.suffix != ".svg"]  # the standalone pictures are for download and print
    assert not stray, stray


# --- sitemap ---------------------------------------------------------------------------


def test_the_sitemap_parses_and_lists_every_page(site: Site) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    tree = ElementTree.parse(site.root / "sitemap.xml")
    urls = tree.getroot().findall("s:url", ns)
    locs = [u.findtext("s:loc", namespaces=ns) or "" for u in urls]
    assert len(locs) == len(set(locs))
    base = "https://www.example.nl/route-smallingerland/"  # route.site_url: the protocol wants full addresses
    assert all(loc.startswith(base) for loc in locs)

    def local(url: str) -> str:
        return url.removeprefix(base)

    pages = {p.name for p in site.pages if p.lang_folder}
    listed = {resolve(site.root, site.root / "index.html", local(loc))[0].relative_to(site.root.resolve()).as_posix()
              for loc in locs}
    assert listed == pages
    for url in urls:
        alternates = {a.get("hreflang"): a.get("href") for a in url.findall("x:link", ns)}
        assert set(alternates) == set(site.languages) | {"x-default"}
        assert alternates["x-default"] == base  # the language chooser
        for href in alternates.values():
            assert (href or "").startswith(base)
            assert resolve(site.root, site.root / "index.html", local(href or ""))[0].is_file()


# --- fonts and weight --------------------------------------------------------------------


def test_fonts_are_small_woff2_files_served_from_the_site(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    fonts = sorted((site.root / "assets" / "fonts").iterdir())
    assert fonts
    figures = []
    for font in fonts:
        data = font.read_bytes()
        assert font.suffix == ".woff2" and data[:4] == b"wOF2", font
        assert len(data) < FONT_LIMIT, f"{font.name}: {len(data) / 1024:.1f} KB"
        figures.append(f"{font.name} {len(data) / 1024:.1f} KB")
    others = [p for p in site.root.rglob("*") if p.suffix.lower() in (".ttf", ".otf", ".woff", ".eot")]
    assert not others
    css = (site.root / "assets" / "style.css").read_text(encoding="utf-8")
    faces = re.findall(r"@font-face\{[^}]*\}", css)
    assert faces and all("url(fonts/" in face and "format('woff2')" in face for face in faces)
    referenced = set(re.findall(r"url\(fonts/([^)]+)\)", css))
    assert referenced == {f.name for f in fonts}
    problems: list[str] = []
    _check_css(css, False, problems, "style.css")
    assert not problems
    with capsys.disabled():
        print("\nfonts: " + ", ".join(figures))


def test_the_overview_page_is_light(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    page = (site.root / "nl" / "index.html").stat().st_size
    css = (site.root / "assets" / "style.css").stat().st_size
    with capsys.disabled():
        print(f"\nnl/index.html {page / 1024:.1f} KB + assets/style.css {css / 1024:.1f} KB = "
              f"{(page + css) / 1024:.1f} KB (limit {OVERVIEW_LIMIT // 1024} KB, fonts excluded)")
    assert page + css < OVERVIEW_LIMIT


# --- review notice -----------------------------------------------------------------------


def review_notices(page: Page) -> list[str]:
    notice = ui_text(page.lang_folder or "nl")(REVIEW_NOTICE)
    return [m for m in re.findall(r'<p class="rg-notice" lang="[^"]+">([^<]*)</p>', page.text) if m == notice]


def test_an_unreviewed_translation_shows_the_review_notice(site: Site) -> None:
    """Every catalog of the example says `# Reviewed: no`; the source language needs no review."""
    for page in site.pages:
        if page.lang_folder is None or page.name.endswith("404.html"):
            continue
        shown = review_notices(page)
        if page.lang_folder == site.source_language:
            assert shown == [], page.name
        else:
            assert len(shown) == 1, page.name
            assert ui_text(page.lang_folder).lang_of(REVIEW_NOTICE) in re.findall(
                r'<p class="rg-notice" lang="([^"]+)">', page.text)


# --- a Dutch fallback inside an Arabic page ------------------------------------------------

OLD_SUMMARY = "Je krijgt de sleutel. Je regisseur regelt met jou je uitkering."
NEW_SUMMARY = "Je krijgt de sleutel van je huis. Je regisseur regelt je uitkering."


@pytest.fixture(scope="module")
def fallback_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A copy of the route and its PO files with one Dutch sentence changed; en is reviewed."""
    folder = tmp_path_factory.mktemp("fallback")
    route = folder / "smallingerland.yaml"
    text = ROUTE.read_text(encoding="utf-8")
    assert text.count(OLD_SUMMARY) == 1
    text = text.replace(OLD_SUMMARY, NEW_SUMMARY)
    text, count = re.subn(r"(?m)^  languages: \[.*\]$", "  languages: [nl, ar, en]", text, count=1)
    assert count == 1
    route.write_text(text, encoding="utf-8")
    shutil.copytree(ROUTES_DIR / "smallingerland", folder / "smallingerland")
    en = folder / "smallingerland" / "locales" / "en.po"
    en.write_text(en.read_text(encoding="utf-8").replace("# Reviewed: no", "# Reviewed: yes", 1),
                  encoding="utf-8")
    out = folder / "site"
    build([route], out)
    yield load_site(out, route)


def without_term_links(text: str) -> str:
    """A page without the glossary's links on the first use of a word (see routegen.glossary)."""
    return re.sub(r'<a class="rg-term"[^>]*>(.*?)</a>', r"\1", text, flags=re.DOTALL)


def nl_elements(text: str) -> list[str]:
    """Text of each element marked lang="nl" outside the language switcher, except the glossary's
    Dutch words beside their translation (class rg-source-word), which are Dutch on purpose."""
    return re.findall(r'<(?:span|div)(?![^>]*rg-source-word)[^>]* lang="nl"[^>]*>(.*?)</(?:span|div)>',
                      without_term_links(text), re.DOTALL)


@pytest.mark.parametrize("name", ["ar/wonen/index.html", "ar/index.html"])
def test_a_changed_sentence_shows_in_dutch_marked_and_announced(fallback_site: Site, name: str) -> None:
    page = fallback_site.page(name)
    assert OLD_SUMMARY not in page.text
    marked = nl_elements(page.text)
    assert marked == [NEW_SUMMARY], marked  # exactly that text, and nothing else, in Dutch
    notice = ui_text("ar")("not yet translated")
    assert re.search(
        r'<span lang="nl" dir="ltr">' + re.escape(NEW_SUMMARY) + r'</span>\s*'
        r'<span class="rg-fallback" lang="ar">\(' + re.escape(notice) + r"\)</span>",
        without_term_links(page.text)), page.name
    css = (fallback_site.root / "assets" / "style.css").read_text(encoding="utf-8")
    rule = re.search(r"\.rg-fallback\{([^}]*)\}", css)
    assert rule and "display:none" not in rule.group(1) and "visibility:hidden" not in rule.group(1)


def test_other_texts_of_the_arabic_page_are_arabic(fallback_site: Site, site: Site) -> None:
    page = fallback_site.page("ar/wonen/index.html")
    arabic = re.compile(r"[\u0600-\u06ff]")
    h1 = re.search(r"<h1>(.*?)</h1>", page.text, re.DOTALL)
    assert h1 and arabic.search(h1.group(1)) and "Je nieuwe huis" not in h1.group(1)
    body = re.search(r'<div class="rg-prose">(.*?)</div>', page.text, re.DOTALL)
    assert body and arabic.search(body.group(1)) and "Nu je in je eigen huis woont" not in body.group(1)
    # the same page of the untouched route had no Dutch at all outside the switcher
    assert nl_elements(site.page("ar/wonen/index.html").text) == []
    # every other Arabic page of the copy has no Dutch but the changed summary
    for other in fallback_site.pages:
        if other.lang_folder == "ar":
            assert set(nl_elements(other.text)) <= {NEW_SUMMARY}, other.name


def test_the_fallback_is_marked_in_the_picture(fallback_site: Site) -> None:
    svg = ElementTree.parse(fallback_site.root / "ar" / "infographic.svg").getroot()
    lang_attr = "{http://www.w3.org/XML/1998/namespace}lang"
    holders = [e for e in svg.iter() if "".join(e.itertext()).strip().startswith("* Je krijgt de sleutel")
               and e.get(lang_attr)]
    assert holders and all(e.get(lang_attr) == "nl" for e in holders)  # tagged with its own language
    texts = ["".join(e.itertext()).strip() for e in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "*" in texts and ui_text("ar")("not yet translated") in texts  # the legend explains the mark


def test_a_reviewed_translation_has_no_review_notice(fallback_site: Site) -> None:
    for page in fallback_site.pages:
        if page.lang_folder == "en":
            assert review_notices(page) == [], page.name
        elif page.lang_folder == "ar":
            assert len(review_notices(page)) == 1, page.name


# --- a Markdown link to a file in the route's folder --------------------------------------


def test_a_link_to_a_file_in_the_routes_folder_works_or_is_refused(
    valid_route_text: str, tmp_path: Path
) -> None:
    """BUG: `check` accepts `[de folder](folder.pdf)` (validate.py, check_markdown_links: its hint
    says "Link to a web address, or to a file in the route's own folder") and the build keeps
    href="folder.pdf", but only images are copied into the site (markdown.py), so the page at
    nl/kennismaken/ links to a file that is not there. Expected: the file is published and the
    link points at it, or `check` refuses the link with a located error."""
    text = valid_route_text.replace("      - zorgt dat iedereen goed samenwerkt.\n",
                                    "      - zorgt dat iedereen goed samenwerkt.\n\n"
                                    "      Lees [de folder](folder.pdf).\n")
    route = write_route(tmp_path, text)
    (tmp_path / "route").mkdir()
    (tmp_path / "route" / "folder.pdf").write_bytes(b"%PDF-1.4 folder")
    try:
        check(route)
    except RouteFileError as error:
        assert all(p.line for p in error.errors), error.format()
        return
    out = tmp_path / "site"
    build([route], out)
    page = out / "nl" / "kennismaken" / "index.html"
    hrefs = [v for t, n, v in scan_html(page.read_text(encoding="utf-8"), set()).urls
             if t == "a" and "folder" in v]
    assert hrefs
    for href in hrefs:
        target, _ = resolve(out, page, href)
        assert target.is_file() and target.read_bytes() == b"%PDF-1.4 folder", href

