"""The JSON Schema of the route format, for editors that complete and check while the author types."""

from __future__ import annotations

import json
from typing import Any

from .model import Route

SCHEMA_ID = "https://routegen.example.nl/schema/route.schema.json"  # a name for the schema, not a download
SCHEMA_FILE_NAME = "routegen.schema.json"  # what `routegen new` writes beside a route, for its editor


def _stable(node: Any) -> Any:
    """The schema written the same by every pydantic version we allow, so that the published
    schema file does not change with them: ``0.0`` -> ``0``, and ``{"allOf": [{"$ref": X}]}``
    (older versions, for a reference with a description beside it) -> ``{"$ref": X}``, which
    JSON Schema 2020-12 allows."""
    if isinstance(node, dict):
        result: dict[str, Any] = {}
        for key, value in node.items():
            if key == "allOf" and isinstance(value, list) and len(value) == 1 and set(value[0]) == {"$ref"}:
                result["$ref"] = value[0]["$ref"]
            else:
                result[key] = _stable(value)
        return result
    if isinstance(node, list):
        return [_stable(value) for value in node]
    if isinstance(node, float) and node.is_integer():
        return int(node)
    return node


def route_schema() -> dict[str, Any]:
    schema = _stable(Route.model_json_schema(by_alias=True, mode="validation"))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "routegen route file",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def route_schema_json() -> str:
    return json.dumps(route_schema(), indent=2, ensure_ascii=False) + "\n"
