"""Shared fixtures for the route-file tests: a CLI runner, valid routes, and a way to write them.

Three valid routes are used throughout:

* the scaffold that `routegen new` writes (``valid_route_text``), whatever it holds today;
* ``MINIMAL_ROUTE_TEXT`` below, the smallest complete route in one language, fixed here so that
  tests that change one line of it and compare output word for word do not follow the scaffold;
* ``RICH_ROUTE_TEXT`` below, which uses every element of the model (tracks, a warm handover, a
  programme, supports, a budget, sharing, timing with durations, notes, a theme), so that tests
  and mutations reach every validation path.

All are plain module-level values as well as fixtures, because hypothesis tests cannot use
function-scoped fixtures.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from routegen import scaffold
from routegen.load import RawFloat, RawInt
from routegen.speech import MESSAGES_VARIABLE

REPO = Path(__file__).resolve().parent.parent
ROUTES_DIR = REPO / "routes"
SCHEMA_FILE = REPO / "schema" / "route.schema.json"

# A fixed date keeps generated routes byte-for-byte reproducible.
TODAY = dt.date(2026, 1, 15)


def example_routes() -> list[Path]:
    """The example routes in routes/*.yaml, whatever exist at the moment (possibly none)."""
    return sorted(ROUTES_DIR.glob("*.yaml"))


def scaffold_text(municipality: str = "Proefstad", slug: str = "proefstad") -> str:
    """The route `routegen new` writes, through the library's own function, dated TODAY."""
    return scaffold.new_route_text(municipality, slug, today=TODAY)


MINIMAL_ROUTE_TEXT = """\
# yaml-language-server: $schema=../schema/route.schema.json
route:
  municipality: Proefstad
  slug: proefstad
  title: De route naar een nieuw thuis
  status: draft
  last_reviewed: 2026-01-15
  source_language: nl
  languages: [nl]
regisseur:
  role: Regisseur statushouders
  partner: gemeente
  contact:
    email: regie@example.nl
    phone: 0000 000 000
phases:
  - id: azc
    title: In het AZC
steps:
  - id: kennismaken
    phase: azc
    title: Kennismaken
    summary: Je maakt kennis met je regisseur.
    lead: gemeente
partners:
  - id: gemeente
    name: Gemeente Proefstad
    kind: municipality
"""
"""The smallest complete route, fixed here (the scaffold may grow): for exact-output tests."""

RICH_ROUTE_TEXT = """\
# yaml-language-server: $schema=../schema/route.schema.json
route:
  municipality: Proefstad
  slug: proefstad
  title: De route naar een nieuw thuis
  intro: |
    Welkom in **Proefstad**. Hier lees je wie je helpt en wanneer.
  status: example
  last_reviewed: 2026-01-15
  source_language: nl
  languages: [nl, en, ar, ti, fa, uk]
  contact:
    email: info@proefstad.example.nl
    phone: 0512 000 000
    website: https://www.proefstad.example.nl
    address: Raadhuisplein 1, Proefstad
    hours: ma-vr 9:00-12:00
regisseur:
  role: Regisseur statushouders
  partner: gemeente
  summary: Je regisseur is je vaste contactpersoon.
  contact:
    email: regie@proefstad.example.nl
    phone: +31 512 000 000
    hours: 9:30
phases:
  - id: azc
    title: In het AZC
    summary: Je woont nog in het AZC.
  - id: woning
    title: In je nieuwe huis
    timing:
      starts: Zodra je een huis hebt
      lasts: 6 weken
  - id: eerste-jaar
    title: Het eerste jaar
    timing:
      lasts: 1 jaar
      every: 3 months
      follow_ups: [6 months, 1 year, 2 years]
  - id: meedoen
    title: Werk, studie en meedoen
tracks:
  - id: jongeren
    title: ISK 18+
    audience: Jongeren van 18 tot 27 jaar
    summary: Een eigen pad naar school en werk.
    leads_to: [Werk, Een opleiding op het ROC]
steps:
  - id: warme-overdracht
    kind: handover
    phase: azc
    title: Warme overdracht
    summary: We maken samen een plan, al in het AZC.
    lead: gemeente
    helps: [coa, vwn]
    body: |
      Het COA en de gemeente praten **samen met jou**.
      Lees meer op [de website](https://www.proefstad.example.nl/route).
    you_do: [Je vertelt wat je wilt en kunt]
    you_get: [Een plan]
    timing:
      within: 3 months
    handover:
      from: coa
      to: gemeente
      when: Al in het AZC
      statushouder_present: true
      plan_together: true
    next: [welkom]
    tags: [goede-start, nauwe-samenwerking]
  - id: welkom
    kind: programme
    phase: woning
    title: WELKOM
    summary: Je leert je nieuwe stad kennen.
    lead: gemeente
    helps: [vwn]
    programme:
      name: WELKOM
      questions: ["Wie ben je?", "Wat kun je?"]
      topics: [Sport, Gezondheid, Onderwijs, Werk]
      outcome: Een persoonlijk actieplan
    next: [taal, isk]
  - id: taal
    phase: eerste-jaar
    title: Nederlands leren
    summary: Je gaat naar taalles.
    lead: taalschool
    next: [werk]
  - id: isk
    phase: eerste-jaar
    track: jongeren
    title: Internationale schakelklas
    summary: Je leert Nederlands op school.
    lead: taalschool
    next: [werk]
  - id: werk
    phase: meedoen
    title: Aan het werk
    summary: Je vindt werk of een opleiding.
    lead: gemeente
    tags: [taal-en-onderwijs]
supports:
  - id: begeleiding
    partner: vwn
    title: Begeleiding door VluchtelingenWerk
    summary: Een vrijwilliger helpt je het eerste jaar.
    from: woning
    to: eerste-jaar
budget:
  title: Persoonlijk budget
  amount: 1500
  currency: EUR
  per: Per inburgeringsplichtige statushouder
  managed_by: gemeente
  spend_on: [Sport, Een cursus]
  conditions: [Je overlegt met je regisseur]
partners:
  - id: gemeente
    name: Gemeente Proefstad
    kind: municipality
    contact:
      email: gemeente@proefstad.example.nl
  - id: coa
    name: COA
    kind: coa
  - id: vwn
    name: VluchtelingenWerk
    kind: refugee-support
    description: Helpt je met alles wat nieuw is.
  - id: taalschool
    name: Taalschool Proefstad
    kind: language
sharing:
  - id: taalniveau
    what: Je taalniveau en je aanwezigheid bij de les
    from: taalschool
    to: [gemeente]
    why: Zodat je regisseur weet hoe het gaat.
    consent: asked
    steps: [taal]
notes:
  - Op papier is de route netjes; in de praktijk gaat het soms anders.
theme:
  primary: "#00607a"
  accent: "#b34700"
"""


def plain(value: Any) -> Any:
    """Routegen's loaded data as plain JSON-like values: RawInt/RawFloat become int/float."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, RawInt):
        return int(value)
    if isinstance(value, RawFloat):
        return float(value)
    return value


def write_route(folder: Path, text: str | bytes, name: str = "route.yaml") -> Path:
    """Write a route file into ``folder`` (text as UTF-8, bytes as they are); return its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session", autouse=True)
def english_messages() -> Iterator[None]:
    """routegen's messages in English, whatever the locale of the machine running the tests: the
    expectations are English unless a test asks for Dutch (``--messages nl``, or ``CliRunner``'s
    ``env={"ROUTEGEN_MESSAGES": None, "LANG": ...}``)."""
    before = os.environ.get(MESSAGES_VARIABLE)
    os.environ[MESSAGES_VARIABLE] = "en"
    yield
    if before is None:
        os.environ.pop(MESSAGES_VARIABLE, None)
    else:
        os.environ[MESSAGES_VARIABLE] = before


@pytest.fixture
def runner() -> CliRunner:
    """A click runner; click >= 8.2 keeps stderr apart in ``result.stderr``."""
    return CliRunner()


@pytest.fixture
def valid_route_text() -> str:
    """A complete valid route: the scaffold of `routegen new` for the fictional Proefstad."""
    return scaffold_text("Proefstad", "proefstad")


@pytest.fixture
def minimal_route_text() -> str:
    """The smallest complete route, in Dutch only, fixed in this file."""
    return MINIMAL_ROUTE_TEXT


@pytest.fixture
def rich_route_text() -> str:
    """A valid route that uses every element of the model."""
    return RICH_ROUTE_TEXT


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """``write(text, name="route.yaml")`` writes a route into this test's tmp_path."""

    def _write(text: str | bytes, name: str = "route.yaml") -> Path:
        return write_route(tmp_path, text, name)

    return _write


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The versions that decide library behaviour (libyaml's limits, CLDR data, schema output),
    so that a CI log says what the suite ran with (also under -q, unlike the report header)."""
    from importlib.metadata import version

    import yaml

    names = ("PyYAML", "pydantic", "Babel", "Jinja2", "markdown-it-py", "fonttools", "uharfbuzz", "livereload",
             "click", "playwright")
    libyaml = "with libyaml" if getattr(yaml, "__with_libyaml__", False) else "without libyaml"
    terminalreporter.write_line("versions: " + ", ".join(f"{name} {version(name)}" for name in names)
                                + f" ({libyaml})")


@pytest.fixture(scope="session", autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """routegen's persistent cache in a folder of this test session: tests never read what an
    earlier run (or the user's own builds) left in ~/.cache, nor leave anything there."""
    before = os.environ.get("ROUTEGEN_CACHE_DIR")
    os.environ["ROUTEGEN_CACHE_DIR"] = str(tmp_path_factory.mktemp("routegen-cache"))
    yield
    if before is None:
        os.environ.pop("ROUTEGEN_CACHE_DIR", None)
    else:
        os.environ["ROUTEGEN_CACHE_DIR"] = before
