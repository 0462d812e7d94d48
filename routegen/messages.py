"""Which texts of a route are translated, under which stable context, with which translator note.

Contexts are built from ids, not list positions (``steps.welkom.title``), so reordering steps in
the route file keeps every translation. Only lists of plain texts (``you_do``, ``topics``) use a
position inside their own field.

The same walk serves extraction (catalogs) and translation (localize), so the two cannot drift.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from . import model as m

TRANSLATED_FIELDS: dict[type[BaseModel], tuple[str, ...]] = {
    m.Route: ("notes",),
    m.RouteInfo: ("title", "intro"),
    m.Contact: ("hours",),
    m.Regisseur: ("called", "role", "summary", "until"),
    m.Timing: ("starts",),
    m.Phase: ("title", "summary"),
    m.Track: ("title", "audience", "summary", "leads_to"),
    m.Handover: ("when",),
    m.Programme: ("name", "questions", "topics", "outcome"),
    m.Step: ("title", "summary", "body", "you_do", "you_get", "place", "if_skipped"),
    m.Helper: ("role",),
    m.Support: ("title", "summary", "body"),
    m.Budget: ("title", "per", "spend_on", "conditions", "body"),
    m.Partner: ("name", "description"),
    m.Sharing: ("what", "why", "how_asked"),
    m.Privacy: ("not_shared", "withdraw"),
    m.Meeting: ("title", "purpose"),
    m.GlossaryTerm: ("term", "explanation", "also"),
}

# Texts the infographic draws: the translator gets the room there is.
PICTURE_LIMITS: dict[tuple[type[BaseModel], str], int] = {
    (m.Step, "title"): 32,
    (m.Step, "summary"): 90,
    (m.Phase, "title"): 28,
    (m.Track, "title"): 32,
    (m.Support, "title"): 40,
    (m.Budget, "title"): 32,
    (m.RouteInfo, "title"): 60,
    (m.Regisseur, "role"): 40,
    (m.Regisseur, "called"): 40,
}

MARKDOWN_FIELDS = frozenset({"body", "intro", "notes"})
FIELD_WORDS = {"also": "other spelling (the first use of each on a page is explained; "
                       "write the spellings your translation uses)"}

# Translator notes where "The <field> of the <element>." would not say what a text is.
NOTES: dict[tuple[type[BaseModel], str], str] = {
    (m.Privacy, "not_shared"): "Something that is not shared about the statushouder (page 'Who knows what about me').",
    (m.Privacy, "withdraw"): "How the statushouder takes back a permission given earlier (page 'Who knows what about me').",
    (m.Sharing, "how_asked"): "How and where the statushouder is asked for permission to share this.",
}


@dataclass(frozen=True, slots=True)
class SourceText:
    """One translatable text of the route, as the translator sees it."""

    context: str
    text: str
    markdown: bool
    owner: BaseModel = field(repr=False, compare=False)  # the model and field that hold the text,
    name: str = field(repr=False, compare=False)  # for the translator's note (only a PO template shows it)

    @property
    def comment(self) -> str:
        return _describe(self.owner, self.name, self.context)


def _describe(owner: BaseModel, name: str, context: str) -> str:
    kind = {"RouteInfo": "route", "GlossaryTerm": "glossary term"}.get(type(owner).__name__,
                                                                      type(owner).__name__.lower())
    label = getattr(owner, "title", None) or getattr(owner, "name", None) or getattr(owner, "id", "")
    where = f"{kind} '{label}'" if label and label != getattr(owner, name, None) else kind
    note = NOTES.get((type(owner), name)) or f"The {FIELD_WORDS.get(name, name.replace('_', ' '))} of the {where}."
    limit = PICTURE_LIMITS.get((type(owner), name))
    if limit:
        note += f" Shown in the infographic: at most {limit} characters."
    if name in MARKDOWN_FIELDS:
        note += " Markdown: keep links, lists and headings as they are; translate the link text only."
    return note


def _element_context(value: BaseModel, parent: str, name: str, index: int) -> str:
    element_id = getattr(value, "id", None) or getattr(value, "partner", None)  # a helper: its partner
    return f"{parent}{name}.{element_id if element_id else index}"


def walk_texts(node: BaseModel, context: str = "") -> Iterator[SourceText]:
    """Yield every translatable text of a model tree, depth first, in file order."""
    translated = TRANSLATED_FIELDS.get(type(node), ())
    prefix = f"{context}." if context else ""
    for name in type(node).model_fields:
        value = getattr(node, name)
        key = f"{prefix}{name}"
        if name in translated:
            items: list[tuple[int | None, Any]] = (
                list(enumerate(value)) if isinstance(value, list) else [(None, value)]
            )
            for index, text in items:
                if isinstance(text, str):
                    ctx = key if index is None else f"{key}.{index}"
                    yield SourceText(ctx, text, name in MARKDOWN_FIELDS, node, name)
        elif isinstance(value, BaseModel):
            yield from walk_texts(value, key)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from walk_texts(item, _element_context(item, prefix, name, index))


def map_texts(node: BaseModel, translate: Callable[[str, str], str], context: str = "") -> Any:
    """A copy of a model tree with every translatable text passed through ``translate(ctx, text)``."""
    translated = TRANSLATED_FIELDS.get(type(node), ())
    prefix = f"{context}." if context else ""
    update: dict[str, Any] = {}
    for name in type(node).model_fields:
        value = getattr(node, name)
        key = f"{prefix}{name}"
        if name in translated:
            if isinstance(value, list):
                update[name] = [
                    translate(f"{key}.{i}", t) if isinstance(t, str) else t for i, t in enumerate(value)
                ]
            elif isinstance(value, str):
                update[name] = translate(key, value)
        elif isinstance(value, BaseModel):
            update[name] = map_texts(value, translate, key)
        elif isinstance(value, list) and any(isinstance(v, BaseModel) for v in value):
            update[name] = [
                map_texts(item, translate, _element_context(item, prefix, name, i))
                if isinstance(item, BaseModel) else item
                for i, item in enumerate(value)
            ]
    return node.model_copy(update=update)


def _item_key(item: dict[str, Any]) -> str | None:
    """How :func:`walk_texts` names a list item of the plain data: its id, a helper its partner, a
    glossary term its term's key."""
    if "id" in item:
        return item["id"] if isinstance(item["id"], str) else None
    if isinstance(item.get("partner"), str):
        return str(item["partner"])
    return m.term_key(item["term"]) if isinstance(item.get("term"), str) else None


def context_path(data: Any, context: str) -> tuple[str | int, ...]:
    """The place in the route file's plain data of a text's context, for locating a problem.

    ``steps.welkom.title`` -> ``("steps", 3, "title")``: list items are found by their key
    (:func:`_item_key`), or by position where they have none (as :func:`walk_texts` names them).
    Unknown parts end the path early, which still points at the nearest enclosing field.
    """
    path: list[str | int] = []
    node = data
    for part in context.split("."):
        if isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list):
            index = next((i for i, item in enumerate(node) if isinstance(item, dict) and _item_key(item) == part), None)
            if index is None and part.isdigit() and int(part) < len(node):
                index = int(part)
            if index is None:
                break
            path.append(index)
            node = node[index]
        else:
            break
    return tuple(path)
