"""One pipeline: what `routegen check` approves, `routegen build` publishes.

`check` runs every stage of `build` but writing (routegen/pipeline.py). The property test feeds
both random mutations of a rich route and of its Arabic translation, aimed at what only later
stages used to find (characters no font has, images, links, colours, escapes, Markdown); the
other tests pin each such mistake to its place in the route file or the PO file.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from routegen.catalogs import update
from routegen.cli import main
from routegen.errors import RouteFileError
from routegen.pipeline import build, check
from routegen.validate import check_route
from tests.conftest import RICH_ROUTE_TEXT, ROUTES_DIR as ROUTES, write_route

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082")
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})


class _Balanced(HTMLParser):
    """Every element closed in order: the page is well-formed, not just parseable."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.errors: list[str] = []
        self.svgs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.open[-1] if self.open else '-'}>")
        else:
            self.open.pop()


def outer_svgs(html: str) -> list[str]:
    """Each inline SVG of a page whole, with the SVGs nested in it (pictograms)."""
    found, depth, start = [], 0, 0
    for tag in re.finditer(r"<svg\b|</svg>", html):
        if tag.group() == "<svg":
            depth += 1
            if depth == 1:
                start = tag.start()
        else:
            depth -= 1
            if depth == 0:
                found.append(html[start:tag.end()])
    return found


def assert_well_formed(out: Path) -> int:
    """Every SVG and XML file parses as XML, every inline SVG too, every page is balanced."""
    count = 0
    for path in sorted(out.rglob("*")):
        if path.suffix in (".svg", ".xml"):
            ET.fromstring(path.read_bytes())
            count += 1
        elif path.suffix == ".html":
            text = path.read_text(encoding="utf-8")
            parser = _Balanced()
            parser.feed(text)
            parser.close()
            assert not parser.errors and parser.open == [], (path, parser.errors, parser.open)
            for svg in outer_svgs(text):
                ET.fromstring(svg)
            count += 1
    return count


# --- the property ----------------------------------------------------------------------------

TWO_LANGUAGES = RICH_ROUTE_TEXT.replace("languages: [nl, en, ar, ti, fa, uk]", "languages: [nl, ar]")
TEXT_LINES = [  # (a line of the route, its text), where a snippet goes
    ("    title: WELKOM", "WELKOM"),
    ("    summary: Je gaat naar taalles.", "Je gaat naar taalles."),
    ("  - id: jongeren\n    title: ISK 18+", "ISK 18+"),
    ("      Het COA en de gemeente praten **samen met jou**.", "Het COA en de gemeente praten **samen met jou**."),
    ("    name: Gemeente Proefstad", "Gemeente Proefstad"),
]
SNIPPETS = [
    "\U0001F600", "\u4e2d", "\u202e", "\u200b", "\u200d", "\u200c", "\\0", "\\v", "\\e[31m", "\\u202E",
    "<script>alert(1)</script>", "&amp;", "]]>", "\"", "'", "{{ x }}", "{% raw %}",
    "[link](javascript:alert(1))", "[mail](mailto:a@example.nl)", "![kaart](kaart.png)",
    "![x](..%2Foutside.png)", "![x](link.png)", "![x](missing.png)", "[x](https://example.nl/a b)",
    "سلام", "ሰላም", "Ü" * 40, "x" * 120, "# kop", "- punt", "`code`", "*", "_", "\\\\",
]
BENIGN = ["", "سلام", "ሰላም", "Ü" * 40, "x" * 120, "&amp;", "\"", "'", "*", "\u200c", "\u200d", "`code`"]
COLOURS = ["#00607a", "#00607a", "#000000", "#1a4d2e", "#9fd3e0", "#ffff00"]
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def quoted(text: str) -> str:
    """A YAML double-quoted scalar: snippets with backslash escapes decode inside it."""
    return '"' + text.replace('"', '\\"') + '"'


@st.composite
def mutated_route(draw: st.DrawFn) -> tuple[str, list[tuple[str, str]], str]:
    text = TWO_LANGUAGES
    for line, value in draw(st.lists(st.sampled_from(TEXT_LINES), min_size=1, max_size=3, unique=True)):
        snippet = draw(st.one_of(st.sampled_from(BENIGN), st.sampled_from(SNIPPETS)))
        new_value = draw(st.sampled_from([f"{value} {snippet}", f"{snippet} {value}"]))
        if line.startswith("      "):  # inside a block text: the snippet is typed, not escaped
            text = text.replace(line, line.replace(value, new_value.replace("\\\\", "\\")))
        else:
            text = text.replace(line, line.replace(value, quoted(new_value)))
    text = text.replace('primary: "#00607a"', f'primary: "{draw(st.sampled_from(COLOURS))}"')
    translations = [(ctx, draw(st.one_of(st.sampled_from(BENIGN), st.sampled_from(SNIPPETS))) + " " + draw(st.sampled_from(["مرحبا", "ሰላም", "x"])))
                    for ctx in draw(st.lists(st.sampled_from(
                        ["steps.welkom.title", "steps.taal.summary", "steps.warme-overdracht.body",
                         "route.title", "partners.vwn.name"]), max_size=3, unique=True))]
    return text, translations, draw(st.sampled_from(["", "--strict"]))


def write_translations(route: Path, translations: list[tuple[str, str]]) -> None:
    """The route's Arabic catalog, made by `i18n update`, with some texts translated."""
    checked = check_route(route)
    update(checked.route, route, ["ar"])
    po = route.parent / "route" / "locales" / "ar.po"
    text = po.read_text(encoding="utf-8")
    for context, translation in translations:
        escaped = translation.replace("\\", "\\\\").replace('"', '\\"')
        text = re.sub(rf'(msgctxt "{re.escape(context)}"\n(?:msgid .*\n(?:".*"\n)*))msgstr ""',
                      lambda m: m.group(1) + f'msgstr "{escaped}"', text)
    po.write_text(text, encoding="utf-8")


@SETTINGS
@given(case=mutated_route())
def test_whatever_check_approves_build_publishes_well_formed(
    case: tuple[str, list[tuple[str, str]], str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    text, translations, strict = case
    tmp = tmp_path_factory.mktemp("route")
    folder = tmp / "route"
    folder.mkdir()
    (folder / "kaart.png").write_bytes(PNG)
    (tmp / "outside.png").write_bytes(PNG)
    (folder / "link.png").symlink_to(tmp / "outside.png")
    route = write_route(tmp, text)
    try:
        write_translations(route, translations)
    except RouteFileError:
        pass  # the route itself is refused: check and build must both say so below
    try:
        check(route, strict=bool(strict))
    except RouteFileError as error:
        for problem in error.errors:
            assert problem.file and problem.line > 0, problem.format()
        result = CliRunner().invoke(main, ["build", *filter(None, [strict]), str(route), "--out", str(tmp / "site")])
        assert result.exit_code == 1 and not (tmp / "site").exists(), result.output
        event("check and build refuse")
        return
    out = tmp / "site"
    build([route], out, strict=bool(strict))
    assert assert_well_formed(out) > 10
    event("check passes and build publishes")


# --- each mistake at its place -----------------------------------------------------------------


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


def test_an_emoji_in_a_title_is_a_check_error_at_its_line(tmp_path: Path) -> None:
    text = TWO_LANGUAGES.replace("    title: WELKOM", "    title: WELKOM \U0001F600")
    route = write_route(tmp_path, text)
    line = text.splitlines().index("    title: WELKOM \U0001F600") + 1
    code, stderr = run("check", str(route))
    assert code == 1
    assert f"route.yaml:{line}:" in stderr and "steps[1].title" in stderr
    assert "U+1F600" in stderr
    code, stderr = run("build", str(route), "--out", str(tmp_path / "site"))
    assert code == 1 and "U+1F600" in stderr and f"route.yaml:{line}:" in stderr
    assert not (tmp_path / "site").exists()


def test_a_character_no_font_has_in_a_translation_is_located_in_the_po_file(tmp_path: Path) -> None:
    route = write_route(tmp_path, TWO_LANGUAGES)
    write_translations(route, [("steps.welkom.title", "\u4e2d مرحبا")])
    po_lines = (tmp_path / "route" / "locales" / "ar.po").read_text(encoding="utf-8").splitlines()
    start = next(i for i, text in enumerate(po_lines, start=1) if text == 'msgctxt "steps.welkom.title"')
    line = next(i for i in range(start, len(po_lines) + 1) if po_lines[i - 1].startswith("msgstr"))
    code, stderr = run("check", str(route))
    assert code == 1
    assert re.search(rf"ar\.po:{line}\b.*steps\.welkom\.title", stderr), (line, stderr)  # at the msgstr
    assert "U+4E2D" in stderr and "Arabic (ar)" in stderr


def test_a_symlinked_image_outside_the_route_folder_is_refused_by_check(tmp_path: Path) -> None:
    folder = tmp_path / "route"
    folder.mkdir()
    (tmp_path / "outside.png").write_bytes(PNG)
    (folder / "link.png").symlink_to(tmp_path / "outside.png")
    block = "      Het COA en de gemeente praten **samen met jou**."
    route = write_route(tmp_path, TWO_LANGUAGES.replace(block, block + " ![kaart](link.png)"))
    code, stderr = run("check", str(route))
    assert code == 1
    assert "steps[0].body" in stderr and "outside the route's own folder" in stderr


def test_check_renders_the_site_in_memory_and_build_writes_exactly_that(tmp_path: Path) -> None:
    route = write_route(tmp_path, TWO_LANGUAGES)
    checked = check(route)
    out = tmp_path / "site"
    result = build([route], out)
    assert result.files == checked.files
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert written - {".routegen-manifest.json"} == set(checked.files)


def test_pages_and_picture_take_the_next_steps_from_one_flow(tmp_path: Path) -> None:
    """Without any `next`, each lane runs in file order: the track's step (isk) is not the next
    step of the main route's taal, on the page as in the picture (they used to differ)."""
    from routegen.flow import route_flow

    text = re.sub(r"\n    next: \[[^\]]*\]", "", TWO_LANGUAGES)
    assert "next:" not in text
    route = write_route(tmp_path, text)
    site = check(route)
    flow = route_flow(site.route)
    assert ("taal", "isk") not in flow.edges and ("welkom", "taal") in flow.edges
    for step in site.route.steps:
        page = site.files[f"nl/{step.id}/index.html"].decode("utf-8")
        linked = re.findall(r'<a rel="next" href="\.\./([^/]+)/"', page)
        assert linked == flow.following(step.id), step.id


def test_every_list_of_steps_reads_in_the_pictures_order(tmp_path: Path) -> None:
    """One reading order: the overview's list (phase by phase) and the partners table number the
    steps 1, 2, 3 ... as the picture does (Smallingerland's track step used to read 1-5, 10, 6-9)."""
    from routegen.flow import route_flow

    site = check(ROUTES / "smallingerland.yaml")
    flow = route_flow(site.route)
    for page in ("nl/index.html", "nl/partners/index.html"):
        html = site.files[page].decode("utf-8")
        listed = re.findall(r'<li value="(\d+)"', html) or re.findall(r'<th scope="row"><a [^>]*>(\d+)\.', html)
        assert [int(n) for n in listed] == list(range(1, len(site.route.steps) + 1)), (page, listed)
    picture = site.files["nl/infographic.svg"].decode("utf-8")
    shown = [int(n) for n in re.findall(r'aria-label="Stap (\d+):', picture)]
    assert shown == sorted(shown) == [flow.numbers[i] for i in flow.order]
