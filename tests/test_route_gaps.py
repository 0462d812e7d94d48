"""Practices of the sources the model carries natively: each validates, builds, and shows where a
reader looks for it (issue: the model's gaps).

- Smallingerland's regisseur manages the budget and leads steps (``lead: regisseur``);
- Weert starts with a kansenverkenner, then a regisseur; Middelburg's contact is a
  klantondersteuner; Tilburg's klantregisseur stays until no benefit is needed (``called``,
  ``until``, a phase's ``contact``);
- helping partners say what they do, against double work (``helps: [{partner, role}]``);
- Zeist hands over to all chain partners, Weert holds a four-party talk (``to: [...]``, ``with``);
- an intake at home, an office with opening hours (``place``);
- "3 tot 6 maanden" of guidance (duration ranges); a required step and what follows if skipped;
- what an example route adds to be complete, marked as an illustration (``illustrative``).
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from routegen.errors import RouteFileError
from routegen.pictures import picture_file
from routegen.pipeline import check
from tests.conftest import write_route

ROUTE = """\
route:
  municipality: Proefstad
  slug: proefstad
  title: De route naar een nieuw thuis
  status: example
  last_reviewed: 2026-01-15
  languages: [nl]
regisseur:
  called: Je klantregisseur
  role: Klantregisseur
  partner: gemeente
  until: Tot je geen uitkering meer nodig hebt
  contact:
    email: regie@example.nl
    phone: 0000 000 001
phases:
  - id: start
    title: De eerste maanden
    timing:
      lasts: 3 tot 6 maanden
      illustrative: true
    contact:
      called: Je kansenverkenner
      role: Kansenverkenner
      partner: gemeente
      contact:
        phone: 0000 000 002
  - id: verder
    title: Daarna
steps:
  - id: overdracht
    kind: handover
    phase: start
    title: Warme overdracht
    summary: Iedereen zit samen aan tafel.
    lead: coa
    handover:
      from: coa
      to: [gemeente, vwn]
      with: [school]
      when: In het AZC
      statushouder_present: true
  - id: intake
    phase: start
    title: Intake
    summary: We praten bij jou thuis.
    lead: regisseur
    place: Bij jou thuis
    required: true
    if_skipped: Je uitkering kan lager worden.
    helps:
      - partner: vwn
        role: Helpt je met je papieren
      - school
  - id: plan
    phase: verder
    illustrative: true
    title: Je plan
    summary: Je maakt een plan met je regisseur.
    lead: regisseur
budget:
  title: Persoonlijk budget
  amount: 1500
  per: Per persoon
  managed_by: regisseur
partners:
  - id: gemeente
    name: Gemeente Proefstad
    kind: municipality
    contact:
      phone: 0000 000 009
  - id: coa
    name: COA
    kind: coa
  - id: vwn
    name: VluchtelingenWerk
    kind: refugee-support
  - id: school
    name: De Taalschool
    kind: school
"""


def text_of(html: bytes) -> str:
    """A page's words as a reader sees them: no tags, no line breaks."""
    inline = re.sub(r"</?(a|span|strong|em|dfn)\b[^>]*>", "", html.decode("utf-8"))  # no space in "Werk</a>:"
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", inline)).split())


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    route = write_route(tmp_path_factory.mktemp("gaps"), ROUTE)
    return check(route, strict=True).files


def test_the_contact_person_of_a_phase_leads_its_step_and_is_the_card_to_call(files: dict[str, bytes]) -> None:
    page = text_of(files["nl/intake/index.html"])
    assert "Wie heeft de leiding Je kansenverkenner (Kansenverkenner, Gemeente Proefstad)" in page
    assert "0000 000 002" in page  # the kansenverkenner's own number, not the municipality's
    later = text_of(files["nl/plan/index.html"])
    assert "Wie heeft de leiding Je klantregisseur (Klantregisseur, Gemeente Proefstad)" in later
    assert "0000 000 001" in later and "0000 000 009" not in later.split("Met wie neem je contact op")[-1]


def test_the_route_calls_its_contact_by_its_own_word_on_pages_and_picture(files: dict[str, bytes]) -> None:
    page = text_of(files["nl/index.html"])
    assert "Je klantregisseur" in page and "Je regisseur" not in page
    assert "Je contactpersoon tot: Tot je geen uitkering meer nodig hebt" in page
    assert "De eerste maanden: Je kansenverkenner" in page
    for orientation in ("landscape", "portrait"):
        svg = text_of(files[picture_file("nl", orientation)])
        assert "Je klantregisseur" in svg and "Je kansenverkenner" in svg, orientation


def test_the_budget_managed_by_the_regisseur_names_the_person(files: dict[str, bytes]) -> None:
    page = text_of(files["nl/budget/index.html"])
    assert "Wie beheert het geld: Je klantregisseur (Klantregisseur, Gemeente Proefstad)" in page


def test_helpers_say_what_they_do_on_the_step_and_in_the_partners_table(files: dict[str, bytes]) -> None:
    page = text_of(files["nl/intake/index.html"])
    assert "VluchtelingenWerk: Helpt je met je papieren" in page and "De Taalschool" in page
    table = text_of(files["nl/partners/index.html"])
    assert "helpt: Helpt je met je papieren" in table


def test_a_handover_to_several_partners_with_others_at_the_table(files: dict[str, bytes]) -> None:
    page = text_of(files["nl/overdracht/index.html"])
    assert "Van COA naar Gemeente Proefstad en VluchtelingenWerk" in page
    assert "Ook aan tafel: De Taalschool" in page


def test_place_range_and_required_step_on_the_step_page(files: dict[str, bytes]) -> None:
    page = text_of(files["nl/intake/index.html"])
    assert "Waar Bij jou thuis" in page
    assert "3–6 maanden" in page
    assert "Je moet meedoen aan deze stap. Als je niet meedoet: Je uitkering kan lager worden." in page


def test_a_partner_may_not_take_the_id_regisseur(tmp_path: Path) -> None:
    text = ROUTE.replace("  - id: school\n", "  - id: regisseur\n").replace("[school]", "[regisseur]")
    text = text.replace("      - school\n", "")
    with pytest.raises(RouteFileError) as caught:
        check(write_route(tmp_path, text))
    messages = [p.message for p in caught.value.problems]
    assert any("The id 'regisseur' is reserved" in m for m in messages), messages


def test_a_helper_names_a_known_partner_and_if_skipped_needs_required(tmp_path: Path) -> None:
    text = ROUTE.replace("      - partner: vwn\n", "      - partner: vwm\n")
    with pytest.raises(RouteFileError) as caught:
        check(write_route(tmp_path, text))
    problem = next(p for p in caught.value.problems if "vwm" in p.message)
    assert problem.field == "steps[1].helps[0].partner" and problem.hint == "Did you mean 'vwn'?"
    text = ROUTE.replace("    required: true\n", "")
    site = check(write_route(tmp_path / "two", text))
    assert any(w.field == "steps[1].if_skipped" for w in site.warnings)


def test_what_an_example_adds_is_marked_where_it_is_shown(files: dict[str, bytes]) -> None:
    mark = "(ter illustratie, niet uit de bron)"
    assert f"Je maakt een plan met je regisseur. {mark}" in text_of(files["nl/plan/index.html"])
    assert f"duurt 3–6 maanden {mark}" in text_of(files["nl/intake/index.html"])
    overview = text_of(files["nl/index.html"])
    assert overview.count(mark) == 2  # the phase's timing and the step; nothing else is marked
