"""Pictograms: the vendored icon set is plain, safe drawing; a step's icon is checked, drawn in
the picture's station and shown on the step's page, always hidden from assistive technology."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from routegen.colors import Palette
from routegen.draw import draw_svg
from routegen.errors import RouteFileError
from routegen.icons import (
    DEFAULT_ICONS,
    FALLBACK_ICON,
    ICON_NAMES,
    default_icon,
    icon_shapes,
    icon_svg,
    step_icon,
)
from routegen.layout.geometry import Pictogram, Picture, Rect, Role, Shape, Station
from routegen.model import Step
from routegen.pipeline import check
from routegen.schema import route_schema
from routegen.validate import check_route
from tests.conftest import MINIMAL_ROUTE_TEXT

SVG = "{http://www.w3.org/2000/svg}"
REPO = Path(__file__).resolve().parent.parent
DRAWING_ELEMENTS = {"path", "circle", "rect", "line", "polyline", "polygon", "ellipse"}
PALETTE = Palette(primary="#00607a", accent="#ffd23f", on_primary="#ffffff", on_accent="#000000")


def _vendored() -> dict[str, list[list[object]]]:
    data = json.loads(files("routegen.icons").joinpath("icons.json").read_text("utf-8"))
    icons: dict[str, list[list[object]]] = data["icons"]
    return icons


def _step(**values: object) -> Step:
    return Step.model_validate({"id": "s", "phase": "p", "title": "T", "summary": "S", "lead": "g", **values})


def _route_with_icon(icon_line: str) -> str:
    return MINIMAL_ROUTE_TEXT.replace("    lead: gemeente\n", f"    lead: gemeente\n{icon_line}", 1)


# --- the vendored set -------------------------------------------------------------------


def test_the_set_is_a_curated_few_dozen_icons_with_its_licence() -> None:
    assert 40 <= len(ICON_NAMES) <= 70
    licence = files("routegen.icons").joinpath("LICENSE").read_text("utf-8")
    assert "MIT License" in licence and "Paweł Kuna" in licence


@pytest.mark.parametrize("name", sorted(_vendored()))
def test_every_vendored_icon_is_only_plain_drawing(name: str) -> None:
    """No script, style, link, event handler or foreign content can come in with an icon."""
    for element, attributes in _vendored()[name]:
        assert element in DRAWING_ELEMENTS
        assert isinstance(attributes, dict)
        for key, value in attributes.items():
            assert re.fullmatch(r"[a-z][a-z0-9-]*", key) and not key.startswith("on") and "href" not in key
            assert "javascript:" not in str(value).lower() and "url(" not in str(value).lower()
    svg = ET.fromstring(icon_svg(name, 24))  # parses as SVG
    assert svg.tag == f"{SVG}svg" and len(svg) == len(_vendored()[name])
    assert {child.tag for child in svg} <= {f"{SVG}{tag}" for tag in DRAWING_ELEMENTS}


def test_an_inline_icon_is_decorative_and_takes_the_text_colour() -> None:
    svg = ET.fromstring(icon_svg("school", "2.5rem", css_class="rg-step-icon"))
    assert svg.get("aria-hidden") == "true" and svg.get("focusable") == "false"
    assert svg.get("stroke") == "currentColor" and svg.get("fill") == "none"
    assert svg.get("viewBox") == "0 0 24 24" and svg.get("width") == "2.5rem"
    assert svg.get("class") == "rg-step-icon"


def test_every_kind_has_a_default_pictogram_in_the_set() -> None:
    assert set(DEFAULT_ICONS.values()) | {FALLBACK_ICON} <= set(ICON_NAMES)
    assert default_icon(_step()) == "map-pin"
    assert default_icon(_step(kind="handover", handover={"from": "a", "to": "b", "when": "Nu", "statushouder_present": True})) == "heart-handshake"
    assert step_icon(_step(icon="school")) == "school"
    assert step_icon(_step()) == default_icon(_step())


def test_the_readme_and_the_schema_list_every_icon_name() -> None:
    """Authors find the names in the README, and their editor completes them from the schema."""
    readme = (REPO / "README.md").read_text("utf-8")
    section = readme.split("### Pictograms", 1)[1].split("\n## ", 1)[0]
    assert set(re.findall(r"`([a-z0-9-]+)`", section)) >= set(ICON_NAMES)
    step_schema = route_schema()["$defs"]["Step"]["properties"]["icon"]
    enums = [option.get("enum") for option in step_schema["anyOf"] if "enum" in option]
    assert enums == [list(ICON_NAMES)]


# --- validation -------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "hint"), [
    ("Home", "Did you mean 'home'?"),
    ("hospital", "Did you mean 'building-hospital'?"),
    ("xyzzy", "under 'Pictograms' in routegen's README"),
])
def test_an_unknown_icon_is_an_error_at_its_line_with_a_hint(
        write: Callable[..., Path], typed: str, hint: str) -> None:
    path = write(_route_with_icon(f"    icon: {typed}\n"))
    with pytest.raises(RouteFileError) as caught:
        check_route(path)
    problems = [p for p in caught.value.problems if p.field == "steps[0].icon"]
    assert len(problems) == 1
    line = path.read_text("utf-8").splitlines().index(f"    icon: {typed}") + 1
    assert problems[0].line == line and problems[0].column == 11
    assert f"There is no pictogram called '{typed}'." == problems[0].message
    assert hint in problems[0].hint


# --- the step page and the picture ------------------------------------------------------


def _hidden_icons(html: str) -> list[ET.Element]:
    found = re.findall(r"<svg [^>]*class=\"rg-step-icon\".*?</svg>", html, re.DOTALL)
    return [ET.fromstring(svg) for svg in found]


def test_a_chosen_icon_shows_on_the_step_page_hidden_from_screen_readers(write: Callable[..., Path]) -> None:
    site = check(write(_route_with_icon("    icon: school\n")))
    html = site.files["nl/kennismaken/index.html"].decode("utf-8")
    icons = _hidden_icons(html)
    assert len(icons) == 1 and icons[0].get("aria-hidden") == "true"
    drawn = [child.get("d") for child in icons[0]]
    assert drawn == [dict(shape.attributes)["d"] for shape in icon_shapes("school")]
    heading = html.split("<h1", 1)[1].split("</h1>", 1)[0]
    assert "rg-step-icon" in heading and "Kennismaken" in heading
    assert any(".rg-step-icon{" in data.decode("utf-8") for name, data in site.files.items() if name.endswith(".css"))


def test_a_step_without_icon_shows_its_kinds_default(write: Callable[..., Path]) -> None:
    site = check(write(MINIMAL_ROUTE_TEXT))
    icons = _hidden_icons(site.files["nl/kennismaken/index.html"].decode("utf-8"))
    assert [child.get("d") for child in icons[0]] == [dict(s.attributes)["d"] for s in icon_shapes("map-pin")]


def test_the_draw_stage_draws_a_stations_pictograms_inside_its_link() -> None:
    station = Station(
        step_id="wonen", number=1, kind="step", href="wonen/", hit=Rect(0, 0, 60, 60),
        shapes=[Shape("circle", points=((30, 30),), radius=20, style="station")], labels=[],
        accessible_name="Stap 1: Wonen",
        pictograms=(Pictogram.centred("home", 30, 30, 24), Pictogram("bus", Rect(40, 0, 12, 12), Role.TEXT)),
    )
    picture = Picture(100, 80, "nl", "ltr", "portrait", "Route", "Een route", stations=[station])
    root = ET.fromstring(draw_svg(picture, PALETTE, standalone=False, id_prefix="pictogram-test"))
    link = root.find(f"{SVG}a")
    assert link is not None
    nested = link.findall(f"{SVG}svg")
    assert [(s.get("x"), s.get("y"), s.get("width"), s.get("height")) for s in nested] == [
        ("18", "18", "24", "24"), ("40", "0", "12", "12")]
    assert all(s.get("aria-hidden") == "true" and s.get("viewBox") == "0 0 24 24" for s in nested)
    assert nested[0].get("class") == "rg-pictogram rg-pictogram-on-primary"
    assert nested[1].get("class") == "rg-pictogram rg-pictogram-text"
    assert len(nested[0]) == len(icon_shapes("home"))
    standalone = draw_svg(picture, PALETTE, id_prefix="pictogram-test")
    assert ".rg-pictogram{fill:none;stroke:currentColor" in standalone
    assert f".rg-pictogram-on-primary{{color:{PALETTE.on_primary}}}" in standalone


# --- packaging --------------------------------------------------------------------------


def test_the_icons_and_their_licence_ship_in_the_wheel(tmp_path: Path) -> None:
    wheel_builder = pytest.importorskip("hatchling.builders.wheel")
    built = list(wheel_builder.WheelBuilder(str(REPO)).build(directory=str(tmp_path), versions=["standard"]))
    with zipfile.ZipFile(built[0]) as wheel:
        names = set(wheel.namelist())
    assert {"routegen/icons/LICENSE", "routegen/icons/icons.json", "routegen/icons/README.md"} <= names
