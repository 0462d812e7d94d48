"""The JSON Schema of the route format (`routegen schema`) agrees with the model and is published.

Editors (VS Code's YAML extension and others) check a route file against this schema while the
author types, so it has to accept every valid route and refuse what `routegen check` refuses
where JSON Schema can say so: unknown keys, wrong choices, missing keys, malformed ids.

Route files are read with routegen's own loader, which keeps dates and numbers with a leading
zero as text (as the schema expects), and only numbers are turned into plain ints and floats.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from pydantic import ValidationError

from routegen.load import load_file, load_text
from routegen.model import ID_PATTERN, Route
from routegen.schema import SCHEMA_ID, route_schema, route_schema_json
from tests.conftest import RICH_ROUTE_TEXT, SCHEMA_FILE, example_routes, plain, scaffold_text


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = route_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def data_of(text: str) -> Any:
    return plain(load_text(text, Path("route.yaml")).data)


def errors(validator: Draft202012Validator, data: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)
    ]


# --- valid routes pass ---------------------------------------------------------------------


def test_example_routes_exist() -> None:
    """The repository ships example routes (routes/smallingerland.yaml first of all)."""
    assert example_routes(), "no routes/*.yaml found: the example routes are missing"


@pytest.mark.parametrize("route", example_routes(), ids=lambda p: p.name)
def test_schema_accepts_example_route(validator: Draft202012Validator, route: Path) -> None:
    assert errors(validator, plain(load_file(route).data)) == []


@pytest.mark.parametrize("route", example_routes(), ids=lambda p: p.name)
def test_example_route_points_at_the_published_schema(route: Path) -> None:
    """The `# yaml-language-server: $schema=...` line of an example resolves to the schema file."""
    first = route.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema="), first
    target = first.split("$schema=", 1)[1].strip()
    if target.startswith("https://"):
        assert target == SCHEMA_ID
    else:
        assert (route.parent / target).resolve() == SCHEMA_FILE.resolve()


def test_schema_accepts_scaffold(validator: Draft202012Validator) -> None:
    assert errors(validator, data_of(scaffold_text())) == []


def test_schema_accepts_rich_route(validator: Draft202012Validator) -> None:
    assert errors(validator, data_of(RICH_ROUTE_TEXT)) == []


# --- broken routes are refused ---------------------------------------------------------------


def _set(data: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    node: Any = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _delete(data: dict[str, Any], path: tuple[str | int, ...]) -> None:
    node: Any = data
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]


def _rename(data: dict[str, Any], path: tuple[str | int, ...], new: str) -> None:
    node: Any = data
    for part in path[:-1]:
        node = node[part]
    node[new] = node.pop(path[-1])


BROKEN: dict[str, tuple[str, tuple[str | int, ...], Any]] = {
    # name: (operation, path, argument)
    "unknown-top-level-key": ("rename", ("partners",), "partner"),
    "unknown-key-in-route": ("rename", ("route", "title"), "titel"),
    "unknown-key-in-step": ("rename", ("steps", 0, "summary"), "samenvatting"),
    "unknown-key-in-handover": (
        "rename",
        ("steps", 0, "handover", "statushouder_present"),
        "present",
    ),
    "wrong-status": ("set", ("route", "status"), "final"),
    "wrong-step-kind": ("set", ("steps", 0, "kind"), "handoff"),
    "wrong-partner-kind": ("set", ("partners", 0, "kind"), "gemeente"),
    "wrong-consent": ("set", ("sharing", 0, "consent"), "yes"),
    "wrong-theme-tag": ("set", ("steps", 0, "tags"), ["goede start"]),
    "missing-route": ("delete", ("route",), None),
    "missing-slug": ("delete", ("route", "slug"), None),
    "missing-step-title": ("delete", ("steps", 0, "title"), None),
    "missing-partner-kind": ("delete", ("partners", 0, "kind"), None),
    "empty-steps": ("set", ("steps",), []),
    "bad-step-id": ("set", ("steps", 0, "id"), "Warme Overdracht"),
    "bad-partner-id": ("set", ("partners", 0, "id"), "gemeente_smallingerland"),
    "bad-phase-id": ("set", ("phases", 0, "id"), "-azc"),
    "bad-slug": ("set", ("route", "slug"), "Proef Stad"),
    "id-too-long": ("set", ("steps", 0, "id"), "a" * 61),
    "bad-date": ("set", ("route", "last_reviewed"), "15-01-2026"),
    "bad-duration": ("set", ("phases", 1, "timing", "lasts"), "zes weken"),
    "bad-colour": ("set", ("theme", "primary"), "teal"),
    "negative-budget": ("set", ("budget", "amount"), -1),
    "text-as-list": ("set", ("steps", 0, "title"), ["Warme", "overdracht"]),
    "boolean-as-text": ("set", ("steps", 0, "handover", "statushouder_present"), "ja"),
}


def broken(case: str) -> dict[str, Any]:
    operation, path, argument = BROKEN[case]
    data: dict[str, Any] = copy.deepcopy(data_of(RICH_ROUTE_TEXT))
    if operation == "set":
        _set(data, path, argument)
    elif operation == "delete":
        _delete(data, path)
    else:
        _rename(data, path, argument)
    return data


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_schema_refuses_broken_route(validator: Draft202012Validator, case: str) -> None:
    found = errors(validator, broken(case))
    assert found, f"the schema accepts a route with {case}"


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_model_refuses_the_same_broken_route(case: str) -> None:
    """The schema and the model agree: what the editor marks, `routegen check` refuses too."""
    with pytest.raises(ValidationError):
        Route.model_validate(broken(case))


def test_ids_carry_their_pattern_in_the_schema() -> None:
    """Every id and the slug are constrained to lower-case letters, digits and hyphens."""
    schema = route_schema()
    id_properties = [
        (where, sub)
        for where, sub in _properties(schema)
        if where.endswith(("/properties/id", "/properties/slug"))
    ]
    assert len(id_properties) >= 7
    without = [where for where, sub in id_properties if sub.get("pattern") != ID_PATTERN]
    assert without == [], "these ids have no pattern in the schema"


# --- the published file and descriptions ------------------------------------------------------


def test_published_schema_file_is_current() -> None:
    """schema/route.schema.json is the schema editors load (the example routes point at it).

    It pins the published schema: when the model changes, this fails until the file is
    regenerated with `routegen schema -o schema/route.schema.json` and committed, so editors
    never check against an outdated format.
    """
    assert SCHEMA_FILE.is_file(), "run: routegen schema -o schema/route.schema.json"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == route_schema_json()


def test_schema_is_valid_draft_2020_12() -> None:
    schema = json.loads(route_schema_json())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == SCHEMA_ID
    Draft202012Validator.check_schema(schema)


def _properties(node: Any, where: str = "#") -> list[tuple[str, dict[str, Any]]]:
    """Every (location, property schema) under any `properties` in the schema."""
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            found.append((f"{where}/properties/{name}", sub))
        for key, value in node.items():
            found.extend(_properties(value, f"{where}/{key}"))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_properties(value, f"{where}/{index}"))
    return found


def test_every_property_has_a_description() -> None:
    """Editors show the description while the author types; none may be missing or empty."""
    properties = _properties(route_schema())
    assert len(properties) > 50
    missing = [where for where, sub in properties if not str(sub.get("description", "")).strip()]
    assert missing == []


def test_every_object_refuses_unknown_keys() -> None:
    """Like the model, the schema marks a misspelled key at once instead of ignoring it."""
    schema = route_schema()
    objects = [schema, *schema["$defs"].values()]
    open_objects = [
        o.get("title")
        for o in objects
        if o.get("type") == "object" and o.get("additionalProperties") is not False
    ]
    assert open_objects == []
