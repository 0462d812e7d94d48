"""The typed route model: typed text stays text, durations parse, every field is described.

These go through the loader as well as the model where it matters, because "text stays as the
author typed it" is a promise of the two together (README, "Good to know").
"""

from __future__ import annotations

import datetime as dt
import typing
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from routegen import scaffold
from routegen.errors import RouteFileError
from routegen.load import load_text
from routegen.model import Contact, Duration, Partner, Phase, Route, Step, Timing
from routegen.validate import validate
from tests.conftest import RICH_ROUTE_TEXT, TODAY


def checked(text: str) -> Route:
    return validate(load_text(text, Path("route.yaml"))).route


def test_new_route_text_works() -> None:
    """`routegen new` builds on this; it reads the template with importlib.resources."""
    text = scaffold.new_route_text("Proefstad", "proefstad", today=TODAY)
    assert "municipality: Proefstad" in text
    assert "{{" not in text
    route = checked(text)
    assert route.route.slug == "proefstad"
    assert route.route.last_reviewed == TODAY


# --- typed text stays text -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ("0512 000 000", "phone"),
        ("+31 512 000 000", "phone"),
        ("9:30", "hours"),
        ("ma-vr 9:00-12:00", "hours"),
        ("no", "hours"),
        ("0512", "address"),
        ("1.500", "address"),
        ("2026", "address"),
        ("2026-01-15", "address"),
        ("1e3", "address"),
    ],
)
def test_text_fields_keep_typed_text(typed: str, field: str) -> None:
    """YAML 1.1 would read 9:30 as 570, no as false, 0512 as 330 and 1.500 as 1.5."""
    block = "    email: regie@proefstad.example.nl\n    phone: +31 512 000 000\n    hours: 9:30\n"
    assert block in RICH_ROUTE_TEXT
    text = RICH_ROUTE_TEXT.replace(
        block, f"    email: regie@proefstad.example.nl\n    {field}: {typed}\n"
    )
    route = checked(text)
    contact = route.regisseur.contact
    assert getattr(contact, field) == typed
    assert isinstance(getattr(contact, field), str)


@pytest.mark.parametrize(
    "typed", ["no", "yes", "on", "off", "y", "n", "ja", "nee", "null-ish", "0x1F"]
)
def test_titles_that_yaml_1_1_would_change(typed: str) -> None:
    route = checked(RICH_ROUTE_TEXT.replace("    title: Nederlands leren", f"    title: {typed}"))
    assert route.step("taal").title == typed


def test_true_and_false_are_not_text() -> None:
    """Only true/false are yes/no values; as a title they are refused with a hint to quote."""
    text = RICH_ROUTE_TEXT.replace("    title: Nederlands leren", "    title: true")
    with pytest.raises(RouteFileError) as caught:
        checked(text)
    (problem,) = caught.value.errors
    assert problem.field == "steps[2].title"
    assert 'put it in quotes: "true"' in problem.hint


def test_numbers_stay_numbers_where_numbers_belong() -> None:
    route = checked(RICH_ROUTE_TEXT)
    assert route.budget is not None and route.budget.amount == 1500
    assert route.route.last_reviewed == dt.date(2026, 1, 15)


def test_contact_phone_model_accepts_the_typed_form() -> None:
    assert Contact(phone="0512 000 000").phone == "0512 000 000"


MUNICIPAL_BLOCK = "    email: regie@proefstad.example.nl\n    phone: +31 512 000 000\n"


def with_regisseur_phone(phone: str) -> str:
    assert MUNICIPAL_BLOCK in RICH_ROUTE_TEXT
    return RICH_ROUTE_TEXT.replace(MUNICIPAL_BLOCK, f"    email: regie@proefstad.example.nl\n    phone: {phone}\n")


@pytest.mark.parametrize("typed", ["14 0512", "140512", "14 020", "14020", "14-0519", "14 0519"])
def test_a_municipal_14_number_is_a_phone_number(typed: str) -> None:
    """14 and the area code (3 or 4 digits with the 0) reach the municipality from any Dutch phone."""
    assert checked(with_regisseur_phone(typed)).regisseur.contact.phone == typed


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("14 512", "A municipal number is 14 and the area code with its 0, such as 14 0512 or 14 020."),
        ("14 05121", "A municipal number is 14 and the area code with its 0, such as 14 0512 or 14 020."),
        ("14 0012", "A municipal number is 14 and the area code with its 0, such as 14 0512 or 14 020."),
        ("1405", "A municipal number is 14 and the area code with its 0, such as 14 0512 or 14 020."),
        ("14 0512 a", "Write it with digits, spaces and an optional +, such as 0512 000 000, "
                      "+31 512 000 000 or 14 0512."),
        ("0512 00", "Write it with digits, spaces and an optional +, such as 0512 000 000, "
                    "+31 512 000 000 or 14 0512."),
    ],
)
def test_near_misses_of_a_14_number_are_refused_with_the_form(typed: str, hint: str) -> None:
    with pytest.raises(RouteFileError) as caught:
        checked(with_regisseur_phone(typed))
    (problem,) = caught.value.errors
    assert problem.field == "regisseur.contact.phone"
    assert problem.message.startswith(f"'{typed}' is not a phone number")
    assert problem.hint == hint


def test_blank_text_is_refused() -> None:
    with pytest.raises(ValidationError):
        Phase(id="azc", title="   ")


# --- durations -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "amount", "unit"),
    [
        ("3 months", 3, "month"),
        ("6 weken", 6, "week"),
        ("1 jaar", 1, "year"),
        ("2 years", 2, "year"),
        ("10 dagen", 10, "day"),
        ("1 maand", 1, "month"),
        (" 3  Maanden ", 3, "month"),
    ],
)
def test_durations_parse(typed: str, amount: int, unit: str) -> None:
    timing = Timing.model_validate({"within": typed, "follow_ups": [typed]})
    assert timing.within == Duration(amount=amount, unit=unit)  # type: ignore[arg-type]
    assert timing.follow_ups == [Duration(amount=amount, unit=unit)]  # type: ignore[arg-type]


def test_durations_in_a_route_file() -> None:
    route = checked(RICH_ROUTE_TEXT)
    timing = route.phase("eerste-jaar").timing
    assert timing is not None
    assert timing.lasts == Duration(amount=1, unit="year")
    assert timing.every == Duration(amount=3, unit="month")
    assert [str(d) for d in timing.follow_ups] == ["6 months", "1 year", "2 years"]
    woning = route.phase("woning").timing
    assert woning is not None and woning.lasts == Duration(amount=6, unit="week")


@pytest.mark.parametrize(
    "typed", ["drie maanden", "3", "3 fortnights", "0 weken", "1000 days", "months 3", ""]
)
def test_bad_durations_are_refused(typed: str) -> None:
    with pytest.raises(ValidationError):
        Timing.model_validate({"within": typed})


# --- unknown keys ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "data"),
    [
        (Phase, {"id": "azc", "title": "In het AZC", "titel": "x"}),
        (Partner, {"id": "coa", "name": "COA", "kind": "coa", "website": "https://coa.nl"}),
        (Step, {"id": "a", "phase": "p", "title": "t", "summary": "s", "lead": "l", "leads": "l"}),
        (Timing, {"within": "3 months", "whithin": "3 months"}),
        (Duration, {"amount": 3, "unit": "month", "units": "month"}),
    ],
)
def test_unknown_keys_are_refused(model: type[BaseModel], data: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    assert [e["type"] for e in caught.value.errors()] == ["extra_forbidden"]


def test_unknown_key_in_a_route_file_gets_a_suggestion() -> None:
    text = RICH_ROUTE_TEXT.replace("    title: Nederlands leren", "    titel: Nederlands leren")
    with pytest.raises(RouteFileError) as caught:
        checked(text)
    messages = {(p.field, p.message, p.hint) for p in caught.value.errors}
    assert ("steps[2].titel", "Unknown key 'titel'.", "Did you mean 'title'?") in messages


# --- descriptions ----------------------------------------------------------------------------


def _models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models(arg)]


def _all_models() -> list[type[BaseModel]]:
    seen: list[type[BaseModel]] = []
    todo: list[type[BaseModel]] = [Route]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.append(model)
        for info in model.model_fields.values():
            todo.extend(_models(info.annotation))
    return seen


def test_models_are_reached() -> None:
    names = {m.__name__ for m in _all_models()}
    assert {
        "Route",
        "RouteInfo",
        "Regisseur",
        "Contact",
        "Phase",
        "Timing",
        "Duration",
        "Track",
        "Step",
        "Handover",
        "Programme",
        "Support",
        "Budget",
        "Partner",
        "Sharing",
        "Theming",
    } <= names


@pytest.mark.parametrize("model", _all_models(), ids=lambda m: m.__name__)
def test_every_field_has_a_description(model: type[BaseModel]) -> None:
    assert (model.__doc__ or "").strip(), f"{model.__name__} has no docstring"
    missing = [
        name for name, info in model.model_fields.items() if not (info.description or "").strip()
    ]
    assert missing == []
