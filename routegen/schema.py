"""The JSON Schema of the route format, for editors that complete and check while the author types."""

from __future__ import annotations

import json
from typing import Any

from .model import Route

SCHEMA_ID = "https://routegen.example.nl/schema/route.schema.json"


def _whole_numbers_as_int(node: Any) -> Any:
    """``0.0`` -> ``0``: pydantic versions differ in how they write a float bound, and the
    published schema file must not change with them."""
    if isinstance(node, dict):
        return {key: _whole_numbers_as_int(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_whole_numbers_as_int(value) for value in node]
    if isinstance(node, float) and node.is_integer():
        return int(node)
    return node


def route_schema() -> dict[str, Any]:
    schema = _whole_numbers_as_int(Route.model_json_schema(by_alias=True, mode="validation"))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "routegen route file",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def route_schema_json() -> str:
    return json.dumps(route_schema(), indent=2, ensure_ascii=False) + "\n"
