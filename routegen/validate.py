"""Plain data -> a typed Route: schema, references, values and the privacy guard, all at once.

Every problem is located (file, line, column, field path) and worded for a policy officer. The
reference and value checks run on the plain data, not only on a valid model, so that one run
reports schema mistakes and broken references together.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote

from babel.numbers import list_currencies
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from . import hints, privacy
from .colors import contrast_failures
from .errors import Problem, ProblemList, Severity, mask
from .icons import ICON_NAMES
from .languages import UnknownLanguageError, canonical_code, get_language
from .markdown import markdown_targets, target_problem
from .load import LoadedFile, Path_, RawFloat, RawInt, field_name, load_file, route_folder
from .model import CONTACT_PERSON, ID_PATTERN, Route, term_key
from .text import check_text_hygiene
from .speech import N_tr, in_notation, number, tr
from .model import model_description

RESERVED_IDS = frozenset(
    {"index", "partners", "budget", "privacy", "glossary", "accessibility", "sitemap", "assets", "fonts",
     "404", "con", "prn", "aux", "nul", "com1", "lpt1", "route", "infographic"}
)
# "Choose another id: every step needs an id of its own."
EVERY = {"partners": N_tr("every partner"), "phases": N_tr("every phase"), "tracks": N_tr("every track"),
         "steps": N_tr("every step"), "supports": N_tr("every support"), "sharing": N_tr("every sharing line"),
         "meetings": N_tr("every meeting")}
# A reference to an id that is not there, and the ids there are, by the kind of element.
NO_SUCH_ID = {
    "partner": (N_tr("There is no partner with id '{target}'."), N_tr("Known partner ids: {ids}.")),
    "phase": (N_tr("There is no phase with id '{target}'."), N_tr("Known phase ids: {ids}.")),
    "track": (N_tr("There is no track with id '{target}'."), N_tr("Known track ids: {ids}.")),
    "step": (N_tr("There is no step with id '{target}'."), N_tr("Known step ids: {ids}.")),
    "support": (N_tr("There is no support with id '{target}'."), N_tr("Known support ids: {ids}.")),
}
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()-]*[0-9]$")
# A Dutch municipality's short number: 14 and the area code with its 0 (14 020, 14 0512), dialled
# as one number from any Dutch phone; five or six digits, so the general rule above refuses it.
MUNICIPAL_NUMBER_RE = re.compile(r"^14[ -]?0[1-9][0-9]{1,2}$")
PHONE_HINT = N_tr("Write it with digits, spaces and an optional +, such as 0512 000 000, +31 512 000 000 or 14 0512.")
MAX_LOGO_BYTES = 200_000
DUTCH_THOUSANDS_RE = re.compile(r"^\d{1,3}(\.\d{3})+$")


@dataclass
class CheckedRoute:
    """A route that passed validation, with the warnings it still has."""

    route: Route
    loaded: LoadedFile
    warnings: list[Problem] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.loaded.path


def check_route(path: Path, *, strict: bool = False) -> CheckedRoute:
    """Load and validate one route file; raise RouteFileError listing every problem."""
    return validate(load_file(path, defer=True), strict=strict)


def validate(loaded: LoadedFile, *, strict: bool = False) -> CheckedRoute:
    problems = loaded.problems()
    problems.problems.extend(loaded.deferred)
    loaded = check_text_hygiene(loaded, problems)  # from here on, only text that is safe to publish
    route: Route | None = None
    typed = _Typed(loaded, problems)
    data = typed.walk(loaded.data, Route, ())
    try:
        route = Route.model_validate(data)
    except ValidationError as exc:
        told = typed.reported | loaded.unreadable
        errors = [e for e in exc.errors()
                  if not any(tuple(e["loc"])[: len(t)] == t for t in told)]
        for error in _without_superseded(errors):
            _report_schema_error(error, loaded, problems)
    _References(loaded, problems).check()
    _check_curly_quotes(loaded, problems)
    if route is not None:
        _check_theme(route, loaded, problems)
    findings = [f for f in privacy.scan(loaded.data) if not _acknowledged(loaded, f)]
    for finding in findings:
        if finding.in_key:
            key = loaded.mark(finding.path, key=True)
            mark = (key.line, key.column + max(0, finding.path[-1].find(finding.match)))  # type: ignore[union-attr]
        else:
            mark = text_mark(loaded, finding.path, finding.match)
        problems.add(
            finding.message,
            line=mark[0],
            column=mark[1],
            width=len(finding.match),
            field=field_name(finding.path),
            hint=tr("{hint} If it is not a person's data, say so at the end of line {line}: {comment}",
                    hint=finding.hint, line=_acknowledgement_line(loaded, finding),
                    comment=privacy.acknowledgement()),
            redact=finding.match,
        )
    _redact(problems, [f.match for f in findings])
    if strict:
        problems.problems = [
            p.as_error() if p.severity is Severity.WARNING else p for p in problems.problems
        ]
    problems.raise_if_errors()
    assert route is not None
    return CheckedRoute(route=route, loaded=loaded, warnings=problems.sorted())


def _strings(node: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Every text value in the data, with its field path."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, (*path, index))
    elif isinstance(node, str):
        yield path, node


def _check_curly_quotes(loaded: LoadedFile, problems: ProblemList) -> None:
    """A whole text between curly quotes pasted from Word: YAML keeps them as letters, so the
    site would show them. A warning, because they can be meant; straight quotes around the
    text (then its first character is no curly quote) say so and silence it."""
    told = {(p.line, p.column) for p in problems.problems}  # a wrong id says "did you mean" already
    for path, text in _strings(loaded.data):
        if not hints.wrapped_in_curly_quotes(text) or path in loaded.unreadable:
            continue
        mark = loaded.mark(path)
        source = loaded.lines[mark.line - 1] if 0 < mark.line <= len(loaded.lines) else ""
        if source[mark.column - 1 : mark.column] != text[0] or (mark.line, mark.column) in told:
            continue  # quoted or a block of text: the author chose the quotes
        if isinstance(path[-1], str):
            key = f"{path[-1]}: "
        else:  # an item of a list: on its own line after '- ', or inside [ ]
            key = "- " if source[: mark.column - 1].rstrip().endswith("-") else ""
        problems.add(
            tr(hints.CURLY_QUOTED_TEXT_MESSAGE, opening=text[0], closing=text[-1]),
            line=mark.line, column=mark.column, width=max(1, min(len(text), len(source) - mark.column + 1)),
            field=field_name(path), severity=Severity.WARNING,
            hint=tr(hints.CURLY_QUOTED_TEXT_HINT,
                    plain=key + hints.double_quoted(text[1:-1]), kept=key + hints.single_quoted(text)))


def _check_theme(route: Route, loaded: LoadedFile, problems: ProblemList) -> None:
    """Colours some readers cannot read, at the theme colour to change, and a logo the site
    could not publish (the pages and the picture would refuse both later, without a place)."""
    logo = route.theme.logo
    if logo:
        folder = route_folder(loaded.path)
        found = target_problem("image", logo, folder)
        if found is None and (folder / unquote(logo)).stat().st_size > MAX_LOGO_BYTES:
            found = (tr("The logo is larger than {size} kB; every page loads it.", size=MAX_LOGO_BYTES // 1000),
                     tr("Save it smaller, for example as a PNG of at most 400 pixels wide."))
        if found is not None:
            mark = loaded.mark(("theme", "logo"))
            problems.add(found[0], line=mark.line, column=mark.column, width=mark.width,
                         field="theme.logo", hint=found[1])
    by_field: dict[str, list[str]] = {}
    for blame, failure in contrast_failures(route.theme):
        by_field.setdefault(blame, []).append(failure)
    for blame, failures in by_field.items():
        path: Path_ = ("theme", blame) if blame else ("theme",)
        mark = loaded.mark(path)
        problems.add(
            tr("This colour is not readable enough (WCAG 2.1 AA): {failures}.", failures="; ".join(failures)),
            line=mark.line, column=mark.column, width=mark.width, field=field_name(path),
            hint=tr("Choose a darker {field} colour (#rrggbb); a contrast checker such as "
                    "the one in your browser's developer tools shows the ratio.", field=blame or "primary"))


def _acknowledgement_line(loaded: LoadedFile, finding: privacy.Finding) -> int:
    """The line where the author acknowledges a finding: where its key or (block) text starts."""
    return loaded.mark(finding.path, key=finding.in_key).line


def _acknowledged(loaded: LoadedFile, finding: privacy.Finding) -> bool:
    """The author said, in a comment at the finding's place, that this is not personal data.

    The decision stays visible in the file and in review, unlike a command-line switch.
    """
    line = loaded.lines[_acknowledgement_line(loaded, finding) - 1]
    return privacy.ACKNOWLEDGED.search(line) is not None


def _redact(problems: ProblemList, secrets: list[str]) -> None:
    """Personal data found anywhere is masked in every problem, not only in its own warning."""
    if not secrets:
        return
    ordered = sorted(set(secrets), key=len, reverse=True)

    def clean(text: str) -> str:
        for secret in ordered:
            text = text.replace(secret, mask(secret))
        return text

    problems.problems = [
        replace(p, message=clean(p.message), hint=clean(p.hint), field=clean(p.field),
                source_line=clean(p.source_line))
        for p in problems.problems
    ]


def text_mark(loaded: LoadedFile, path: Path_, needle: str) -> tuple[int, int]:
    """Find the line of a piece of text inside a (possibly multi-line) value."""
    mark = loaded.mark(path)
    lines = loaded.lines
    for number in range(mark.line, min(len(lines), mark.line + 500) + 1):
        column = lines[number - 1].find(needle)
        if column >= 0:
            return number, column + 1
    return mark.line, mark.column


# --- schema errors ------------------------------------------------------------------------


def _model_at(loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class that owns the last key of an error location."""
    model: type[BaseModel] | None = Route
    for part in loc:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        info = _fields_by_key(model).get(part)
        if info is None:
            return None
        model = _inner_model(info.annotation)
    return model


def _fields_by_key(model: type[BaseModel]) -> dict[str, Any]:
    return {(info.alias or name): info for name, info in model.model_fields.items()}


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _did_you_mean(word: str, options: list[str]) -> str | None:
    lowered = {o.lower(): o for o in options}
    if word.lower() in lowered:
        return lowered[word.lower()]
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[close[0]] if close else None


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return tr("a group of keys")
    if isinstance(value, list):
        return tr("a list")
    if value is None:
        return tr("nothing")
    shown = str(getattr(value, "raw", value))
    if len(shown) <= 60:
        return f"'{shown}'"
    return tr("'{start}...' ({count} characters)", start=shown[:40], count=number(len(shown)))


_PLAIN_NUMBER = re.compile(r"^[-+]?[0-9]{1,15}(\.[0-9]{1,15})?$")
_LANGUAGE_KEY = re.compile(r"^[a-z]{2,3}([_-][A-Za-z]{2,4})?$")

# How a problem names the element it is in: "The key 'lead' is missing in this step."
_ELEMENT_NAMES = {
    "Route": N_tr("this file"), "RouteInfo": N_tr("this 'route:' group"),
    "Regisseur": N_tr("this 'regisseur:' group"), "Contact": N_tr("this contact group"),
    "Phase": N_tr("this phase"), "Track": N_tr("this track"), "Step": N_tr("this step"),
    "Handover": N_tr("this 'handover:' group"), "Programme": N_tr("this 'programme:' group"),
    "Timing": N_tr("this 'timing:' group"), "Support": N_tr("this support"), "Budget": N_tr("this budget"),
    "Partner": N_tr("this partner"), "Sharing": N_tr("this sharing line"), "Theming": N_tr("this 'theme:' group"),
    "Duration": N_tr("this duration"), "Helper": N_tr("this helping partner"),
    "Privacy": N_tr("this 'privacy:' group"), "Meeting": N_tr("this meeting"),
    "GlossaryTerm": N_tr("this glossary term"),
}


def _annotation_kinds(annotation: Any) -> set[Any]:
    """The plain types a field accepts, looking through Optional, list and Annotated."""
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _annotation_kinds(args[0])
    if origin is Literal or not args:
        return {annotation}
    kinds: set[Any] = {origin} if origin is list else set()
    return kinds.union(*(_annotation_kinds(a) for a in args))


class _Typed:
    """Check scalar types more strictly than pydantic's lax mode, where an author expects it.

    pydantic accepts "yes", "on" and 1 for a boolean, `true` and "inf" for a number, and reads a
    number as a date; YAML authors mean none of that. Text fields keep numbers as typed. Paths
    reported here are skipped among pydantic's own errors, so each mistake is told once.
    """

    def __init__(self, loaded: LoadedFile, problems: ProblemList) -> None:
        self.loaded = loaded
        self.problems = problems
        self.reported: set[Path_] = set()

    def walk(self, node: Any, model: type[BaseModel] | None, path: Path_) -> Any:
        if model is None or not isinstance(node, dict):
            return node
        fields = _fields_by_key(model)
        out: dict[str, Any] = {}
        for key, value in node.items():
            info = fields.get(key)
            here: Path_ = (*path, key)
            if info is None or value is None:
                out[key] = value
                continue
            kinds = _annotation_kinds(info.annotation)
            inner = _inner_model(info.annotation)
            if isinstance(value, list) and (list in kinds or inner is not None):
                out[key] = [self.item(v, kinds, inner, (*here, i)) for i, v in enumerate(value)]
            else:
                out[key] = self.item(value, kinds, inner, here)
        return out

    def item(self, value: Any, kinds: set[Any], inner: type[BaseModel] | None, path: Path_) -> Any:
        if isinstance(value, dict):
            return self.walk(value, inner, path)
        if bool in kinds and not isinstance(value, bool):
            self.report(path, tr("This should be true or false, not {value}.", value=_describe(value)),
                        tr("Write true or false (not yes/no, ja/nee or on/off)."))
        elif float in kinds or int in kinds:
            number = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
            if not number and not (isinstance(value, str) and _PLAIN_NUMBER.match(value.strip())):
                if not (isinstance(value, str) and DUTCH_THOUSANDS_RE.match(value.strip())):
                    self.report(path, tr("This should be a number, not {value}.", value=_describe(value)),
                                tr("Write a plain number without currency sign or separators, such as 1500."))
                else:
                    self.reported.add(path)  # told by the budget check, in its own words
        elif dt.date in kinds and isinstance(value, int | float | bool):
            self.report(path, tr("{value} is not a date.", value=_describe(value)), tr(hints.DATE_HINT))
        elif str in kinds and isinstance(value, RawInt | RawFloat):
            return value.raw
        return value

    def report(self, path: Path_, message: str, hint: str) -> None:
        mark = self.loaded.mark(path)
        self.reported.add(path)
        self.problems.add(message, line=mark.line, column=mark.column, width=mark.width,
                          field=field_name(path), hint=hint)


def _without_superseded(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """Drop "'title' is missing" where the same group has an unknown key that is its misspelling."""
    misspelled: set[tuple[Any, ...]] = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            loc = tuple(error["loc"])
            parent = _model_at(loc[:-1])
            guess = _did_you_mean(str(loc[-1]), sorted(_fields_by_key(parent))) if parent else None
            if guess:
                misspelled.add((*loc[:-1], guess))
    return [e for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in misspelled)]


def _all_ids(data: Any) -> dict[str, Path_]:
    found: dict[str, Path_] = {}
    for kind in ("partners", "phases", "tracks", "steps", "supports", "sharing", "meetings"):
        for index, item in _items(data, kind):
            if isinstance(item.get("id"), str):
                found.setdefault(item["id"], (kind, index, "id"))
    return found


def _report_schema_error(error: ErrorDetails, loaded: LoadedFile, problems: ProblemList) -> None:
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    where = field_name(loc)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        parent = _model_at(loc[:-1])
        allowed = sorted(_fields_by_key(parent)) if parent else []
        guess = _did_you_mean(key, allowed)
        mark = loaded.mark(loc, key=True)
        hint = tr("Did you mean '{guess}'?", guess=guess) if guess else \
            tr("Allowed here: {keys}.", keys=", ".join(allowed))
        problems.add(tr("Unknown key '{key}'.", key=key), line=mark.line, column=mark.column, width=mark.width,
                     field=where, hint=hint)
        return
    if kind == "missing":
        key = str(loc[-1])
        parent_model = _model_at(loc[:-1])
        info = _fields_by_key(parent_model).get(key) if parent_model else None
        element = tr(_ELEMENT_NAMES.get(parent_model.__name__, N_tr("this group")) if parent_model
                     else N_tr("this group"))
        hint = tr("Add `{key}:` with its value.", key=key)
        if info is not None and info.description:
            described = model_description(info.description)
            if described is not None:
                hint = tr("Add `{key}:` here: {description}", key=key,
                          description=described[0].lower() + described[1:])
        mark = loaded.mark(loc[:-1], key=True)
        problems.add(tr("The key '{key}' is missing in {element}.", key=key, element=element), line=mark.line,
                     column=mark.column, field=where, hint=hint)
        return
    if not loc:
        problems.add(
            tr("A route file holds keys such as `route:`, `phases:` and `steps:`, not {value}.",
               value=_describe(value)),
            line=loaded.mark(()).line, column=loaded.mark(()).column,
            hint=tr("Start from `routegen new NAME`, which writes a complete example route."))
        return
    if isinstance(value, dict | list) and kind not in ("list_type", "too_short", "model_type",
                                                     "model_attributes_type", "dict_type"):
        mark = loaded.mark(loc, key=True)  # point at the key, not at the first line inside
    else:
        mark = loaded.mark(loc)
    message, hint = _explain(kind, error, value)
    if kind == "string_type" and isinstance(value, dict) and value and all(
            isinstance(k, str) and _LANGUAGE_KEY.match(k) for k in value):
        hint = tr("Write the text once, in the route's source language. Translations go in "
                  "separate files: see `routegen i18n --help`.")
    if kind == "string_type" and isinstance(value, dict) and len(value) == 1:
        ((key, rest),) = value.items()
        if isinstance(key, str) and hints.starts_with_curly_quote(key) and isinstance(rest, str | None):
            text = hints.without_curly_quotes(f"{key}: {rest or ''}".strip())
            lead = f"{loc[-1]}: " if isinstance(loc[-1], str) else "- "
            message = tr(hints.CURLY_QUOTE_COLON_MESSAGE, quote=key[0])
            hint = tr(hints.CURLY_QUOTE_COLON_HINT, example=lead + hints.double_quoted(text))
    if kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == ID_PATTERN:
        hint = _id_hint(str(value), loaded)
    problems.add(message, line=mark.line, column=mark.column, width=mark.width, field=where,
                 hint=hint)


def _id_hint(value: str, loaded: LoadedFile) -> str:
    suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "my-step"
    taken = _all_ids(loaded.data)
    if suggestion in taken and suggestion != value:
        line = loaded.mark(taken[suggestion]).line
        return tr("Use lower-case letters, digits and hyphens only. '{suggestion}' is already "
                  "the id on line {line}, so choose another.", suggestion=suggestion, line=line)
    return tr("Use lower-case letters, digits and hyphens only, such as '{suggestion}'.", suggestion=suggestion)


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, int | float) else str(value)


def _explain(kind: str, error: ErrorDetails, value: Any) -> tuple[str, str]:
    shown = _describe(value)
    ctx = error.get("ctx") or {}
    if kind == "string_type":
        hint = tr("Write text here.")
        if isinstance(value, bool):
            hint = tr("YAML read {value} as yes/no. If you mean the word, put it in quotes: \"{value}\".",
                      value=shown)
        elif isinstance(value, (dict, list)):
            hint = tr("Write the text on the same line after the colon, or use `|` for several lines.")
        return tr("This should be text, not {value}.", value=shown), hint
    if kind in ("bool_type", "bool_parsing"):
        return (tr("This should be true or false, not {value}.", value=shown),
                tr("Write true or false (not yes/no, ja/nee or on/off)."))
    if kind == "enum":
        expected = str(ctx.get("expected", ""))
        options = re.findall(r"'([^']+)'", expected)
        guess = _did_you_mean(str(value), options) if isinstance(value, str) else None
        hint = tr("Did you mean '{guess}'?", guess=guess) if guess else \
            tr("Choose one of: {choices}.", choices=", ".join(options))
        if isinstance(value, str):
            hint = hints.dutch_choice_hint(value, options) or hint
        return tr("{value} is not one of the choices here.", value=shown), hint
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == ID_PATTERN:
            suggestion = re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-") or "my-step"
            return (tr("{value} cannot be used as an id.", value=shown),
                    tr("Use lower-case letters, digits and hyphens only, such as '{suggestion}'.",
                       suggestion=suggestion))
        return tr("{value} is not a colour code.", value=shown), tr("Write a colour as #rrggbb, such as #00607a.")
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type"):
        hint = tr("Write a plain number without currency sign or separators, such as 1500.")
        return tr("This should be a number, not {value}.", value=shown), hint
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_type", "date_from_datetime_inexact"):
        return tr("{value} is not a date.", value=shown), hints.date_hint(value)
    if kind == "list_type":
        return (tr("This should be a list, not {value}.", value=shown),
                tr("Write each item on its own line, starting with '- ', or as [a, b]."))
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return (tr("This should be a group of keys, not {value}.", value=shown),
                tr("Write the keys indented on the lines below, as `key: value`."))
    if kind in ("too_short",):
        return tr("This list is empty."), tr("Add at least one item.")
    if kind in ("greater_than_equal", "greater_than"):
        limit = ctx.get("ge", ctx.get("gt"))
        if limit == 0 and kind == "greater_than_equal":
            return tr("{value} is below zero.", value=shown), tr("This cannot be negative: remove the minus sign.")
        return tr("{value} is too small.", value=shown), tr("It must be at least {limit}.", limit=_number(limit))
    if kind in ("less_than_equal", "less_than"):
        return (tr("{value} is too large.", value=shown),
                tr("It must be at most {limit}.", limit=_number(ctx.get("le", ctx.get("lt")))))
    if kind == "string_too_long":
        return (tr("{value} is too long.", value=shown),
                tr("Use at most {count} characters.", count=ctx.get("max_length")))
    if kind == "value_error":
        text = str(ctx.get("error", error["msg"]))
        text = text[0].upper() + text[1:]
        if "; " in text:  # "message; hint", where the message may quote a value holding "; "
            message, hint = text.rsplit("; ", 1)
            return message + ".", hint.strip()[0].upper() + hint.strip()[1:] + "."
        return text + ".", ""
    return error["msg"] + ".", ""


# --- references and values ----------------------------------------------------------------


def _items(data: Any, key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    items = data.get(key) if isinstance(data, dict) else None
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield index, item


def _refs(value: Any) -> list[tuple[int | None, str]]:
    """A reference or a list of references, as (index in the list or None, id)."""
    if isinstance(value, str):
        return [(None, value)]
    if isinstance(value, list):
        return [(i, v) for i, v in enumerate(value) if isinstance(v, str)]
    return []


class _References:
    """Checks that span the whole file: ids, references, cycles, languages, links, values."""

    def __init__(self, loaded: LoadedFile, problems: ProblemList) -> None:
        self.loaded = loaded
        self.problems = problems
        self.data = loaded.data if isinstance(loaded.data, dict) else {}
        self.ids: dict[str, dict[str, int]] = {}

    def add(self, path: Path_, message: str, hint: str = "", *, severity: Severity = Severity.ERROR) -> None:
        mark = self.loaded.mark(path)
        self.problems.add(message, line=mark.line, column=mark.column, width=mark.width,
                          field=field_name(path), hint=hint, severity=severity)

    def check(self) -> None:
        self.collect_ids()
        self.check_references()
        self.check_kinds()
        self.check_next_cycles()
        self.check_phase_order()
        self.check_languages()
        self.check_contacts(self.data, ())
        self.check_money()
        self.check_icons()
        self.check_markdown_links(self.data, ())
        self.check_glossary()

    def collect_ids(self) -> None:
        for kind in ("partners", "phases", "tracks", "steps", "supports", "sharing", "meetings"):
            # Ids are unique per kind: references name their kind, and only steps get pages.
            seen: dict[str, Path_] = {}
            self.ids[kind] = {}
            for index, item in _items(self.data, kind):
                value = item.get("id")
                if not isinstance(value, str):
                    continue  # reported by the schema
                path: Path_ = (kind, index, "id")
                if kind == "partners" and value == CONTACT_PERSON:
                    self.add(path, tr("The id '{id}' is reserved: a step's lead or the budget's "
                                      "managed_by uses it for the statushouder's own contact person.", id=value),
                             tr("Choose another id for this organisation, such as 'gemeente'."))
                if kind == "steps" and value in RESERVED_IDS:
                    self.add(path, tr("The id '{id}' is reserved for a page of the site.", id=value),
                             tr("Choose another id, such as '{suggestion}'.", suggestion=kind.rstrip("s") + "-" + value))
                folded = value.casefold()
                if folded in seen and folded != value:
                    continue  # a malformed id; its message says the lower-case id is taken
                if folded in seen:
                    if re.match(ID_PATTERN, value):
                        self.ids[kind].setdefault(value, index)  # references to it still resolve
                    first = self.loaded.mark(seen[folded])
                    self.add(path, tr("The id '{id}' is already used on line {line}.", id=value, line=first.line),
                             tr("Choose another id: {every} needs an id of its own.", every=tr(EVERY[kind])))
                    continue
                seen[folded] = path
                if re.match(ID_PATTERN, value):  # a malformed id is reported by the schema
                    self.ids[kind][value] = index

    def check_glossary(self) -> None:
        """Each word is explained once: two explanations of one word (also in another spelling
        or case) would leave the reader with the one routegen happened to pick."""
        seen: dict[str, Path_] = {}
        for index, item in _items(self.data, "glossary"):
            spellings: list[tuple[str, int | None, Any]] = [("term", None, item.get("term"))]
            spellings += [("also", i, word) for i, word in enumerate(item.get("also") or [])]
            for key, position, word in spellings:
                if not isinstance(word, str) or not word.strip():
                    continue  # reported by the schema
                path: Path_ = ("glossary", index, key) if position is None else ("glossary", index, key, position)
                folded = term_key(word)
                if folded in seen:
                    first = self.loaded.mark(seen[folded])
                    self.add(path, tr("The word '{word}' is already in the glossary on line {line}.",
                                      word=word, line=first.line),
                             tr("Explain each word once: remove this one, or join the two explanations."))
                    continue
                seen[folded] = path

    def ref(self, path: Path_, value: Any, kind: str, what: str, *, contact_person: bool = False) -> None:
        """Each id in ``value`` names an element of ``kind``; ``contact_person``: or ``regisseur``."""
        for index, target in _refs(value):
            if target in self.ids.get(kind, {}) or (contact_person and target == CONTACT_PERSON):
                continue
            where = path if index is None else (*path, index)
            known = list(self.ids.get(kind, {}))
            guess = _did_you_mean(target, known)
            missing, listed = NO_SUCH_ID[what]
            if guess:
                hint = tr("Did you mean '{guess}'?", guess=guess)
            elif known:
                hint = tr(listed, ids=", ".join(known))
            else:
                hint = tr("Add it under '{kind}:' first.", kind=kind)
            self.add(where, tr(missing, target=target), hint)

    def check_references(self) -> None:
        regisseur = self.data.get("regisseur")
        if isinstance(regisseur, dict):
            self.ref(("regisseur", "partner"), regisseur.get("partner"), "partners", "partner")
        for i, phase in _items(self.data, "phases"):
            contact = phase.get("contact")
            if isinstance(contact, dict):
                self.ref(("phases", i, "contact", "partner"), contact.get("partner"), "partners", "partner")
        for i, step in _items(self.data, "steps"):
            base: Path_ = ("steps", i)
            self.ref((*base, "phase"), step.get("phase"), "phases", "phase")
            if step.get("track") is not None:
                self.ref((*base, "track"), step.get("track"), "tracks", "track")
            self.ref((*base, "lead"), step.get("lead"), "partners", "partner", contact_person=True)
            self.ref((*base, "helps"), step.get("helps"), "partners", "partner")
            for j, helper in _items(step, "helps"):
                self.ref((*base, "helps", j, "partner"), helper.get("partner"), "partners", "partner")
            self.ref((*base, "next"), step.get("next"), "steps", "step")
            handover = step.get("handover")
            if isinstance(handover, dict):
                for key in ("from", "to", "with"):
                    self.ref((*base, "handover", key), handover.get(key), "partners", "partner")
            if step.get("if_skipped") is not None and step.get("required") is not True:
                self.add((*base, "if_skipped"), tr("'if_skipped' says what happens when a required step is skipped, "
                                                   "but this step is not required."),
                         tr("Add `required: true` to the step, or remove 'if_skipped'."),
                         severity=Severity.WARNING)
        for i, support in _items(self.data, "supports"):
            self.ref(("supports", i, "partner"), support.get("partner"), "partners", "partner")
            self.ref(("supports", i, "from"), support.get("from"), "phases", "phase")
            self.ref(("supports", i, "to"), support.get("to"), "phases", "phase")
        budget = self.data.get("budget")
        if isinstance(budget, dict):
            self.ref(("budget", "managed_by"), budget.get("managed_by"), "partners", "partner", contact_person=True)
        for i, line in _items(self.data, "sharing"):
            self.ref(("sharing", i, "from"), line.get("from"), "partners", "partner")
            self.ref(("sharing", i, "to"), line.get("to"), "partners", "partner")
            self.ref(("sharing", i, "steps"), line.get("steps"), "steps", "step")
            self.ref(("sharing", i, "supports"), line.get("supports"), "supports", "support")
            if line.get("how_asked") is not None and line.get("consent") in ("not-asked", "required-by-law"):
                self.add(("sharing", i, "how_asked"),
                         tr("'how_asked' says how permission is asked, but consent is '{consent}'.",
                            consent=line["consent"]),
                         tr("Set consent: asked, or remove 'how_asked'."))
        for i, meeting in _items(self.data, "meetings"):
            if meeting.get("lead") is not None:
                self.ref(("meetings", i, "lead"), meeting.get("lead"), "partners", "partner")
            self.ref(("meetings", i, "partners"), meeting.get("partners"), "partners", "partner")

    def check_kinds(self) -> None:
        for i, step in _items(self.data, "steps"):
            kind = step.get("kind", "step")
            for block, needs in (("handover", "handover"), ("programme", "programme")):
                if kind == needs and block not in step:
                    required = _required_keys(block)
                    self.add(("steps", i, "kind"), tr("A step of kind '{kind}' needs a '{block}:' group.",
                                                      kind=needs, block=block),
                             tr("Add `{block}:` with {keys} under it, or use kind: step.", block=block,
                                keys=_and(required)))
                elif block in step and kind != needs:
                    self.add(("steps", i, block), tr("'{block}:' belongs to a step of kind '{kind}'.",
                                                     block=block, kind=needs),
                             tr("Set kind: {kind}, or remove '{block}:'.", kind=needs, block=block))
            if isinstance(step.get("id"), str) and step["id"] in _refs_set(step.get("next")):
                self.add(("steps", i, "next"), tr("A step cannot come after itself."),
                         tr("Remove this step's own id from 'next'."))
        for t_id in self.ids.get("tracks", {}):
            if not any(step.get("track") == t_id for _, step in _items(self.data, "steps")):
                index = self.ids["tracks"][t_id]
                self.add(("tracks", index, "id"), tr("No step belongs to the track '{id}'.", id=t_id),
                         tr("Add `track: {id}` to the steps of this track, or remove the track.", id=t_id),
                         severity=Severity.WARNING)

    def check_next_cycles(self) -> None:
        """Report each circle of 'next' links once, at the step whose link closes it.

        Iterative depth-first search: a route of thousands of steps in a chain must not hit
        Python's recursion limit.
        """
        graph: dict[str, list[str]] = {}
        for _, step in _items(self.data, "steps"):
            if isinstance(step.get("id"), str):
                graph.setdefault(step["id"], [t for _, t in _refs(step.get("next")) if t != step["id"]])
        state: dict[str, int] = {}  # 1 = on the current path, 2 = done
        reported: set[str] = set()
        for root, targets in graph.items():
            if root in state:
                continue
            trail: list[str] = [root]
            todo: list[Iterator[str]] = [iter(targets)]
            state[root] = 1
            while todo:
                node = trail[-1]
                target = next(todo[-1], None)
                if target is None:
                    state[node] = 2
                    trail.pop()
                    todo.pop()
                elif target not in graph:
                    continue
                elif state.get(target) == 1:
                    if node not in reported:
                        reported.add(node)
                        self._report_cycle(node, trail[trail.index(target):] + [target])
                elif target not in state:
                    state[target] = 1
                    trail.append(target)
                    todo.append(iter(graph[target]))

    def _report_cycle(self, node: str, cycle: list[str]) -> None:
        index = self.ids["steps"].get(node)
        if index is None:
            return
        shown = cycle if len(cycle) <= 8 else [*cycle[:3], "...", *cycle[-3:]]
        self.add(("steps", index, "next"),
                 tr("The route goes round in a circle: {cycle}.", cycle=" -> ".join(shown)),
                 tr("A route only goes forward. Remove one of these 'next' links."))

    def check_phase_order(self) -> None:
        order = self.ids.get("phases", {})
        for i, support in _items(self.data, "supports"):
            start, end = support.get("from"), support.get("to")
            if not (isinstance(start, str) and isinstance(end, str)):
                continue  # reported by the schema
            if start in order and end in order and order[start] > order[end]:
                self.add(("supports", i, "to"), tr("This support ends in '{end}', which comes before its first "
                                                   "phase '{start}'.", end=end, start=start),
                         tr("Swap them: 'from' is the phase where the support starts, 'to' the phase where it ends."))

    def check_languages(self) -> None:
        """Each language once, each code in its one standard spelling (BCP 47: nl, en-GB, pt-BR).

        A code names the language's site folder and translation file, so codes that differ only
        in case or in ``-``/``_`` (nl and NL) would be one folder on macOS and Windows: the second
        is refused as a duplicate, at its own place.
        """
        info = self.data.get("route")
        if not isinstance(info, dict):
            return
        codes = info.get("languages")
        first: dict[str, tuple[str, Path_]] = {}  # canonical tag -> the code as first written, where
        for index, code in _refs(codes):
            path: Path_ = ("route", "languages", index) if index is not None else ("route", "languages")
            tag = canonical_code(code) or code
            if tag in first:
                self._duplicate_language(path, code, *first[tag])
                continue
            self._language(path, code)
            first[tag] = (code, path)
        source = info.get("source_language", "nl")
        if isinstance(source, str) and self._language(("route", "source_language"), source):
            if first and source not in first:
                self.add(("route", "languages"), tr("The source language '{code}' is missing from languages.",
                                                    code=source),
                         tr("Add {code} to languages: the site is always published in it.", code=source))

    def _duplicate_language(self, path: Path_, code: str, earlier: str, earlier_path: Path_) -> None:
        """A language listed again, perhaps spelt differently; reported once, at the second one."""
        if code == earlier:
            self.add(path, tr("The language '{code}' is listed twice.", code=code), tr("Remove one of them."))
            return
        line = self.loaded.mark(earlier_path).line
        if line == self.loaded.mark(path).line:
            message = tr("'{code}' is the same language as '{earlier}', listed earlier on this line.",
                         code=code, earlier=earlier)
        else:
            message = tr("'{code}' is the same language as '{earlier}', listed earlier on line {line}.",
                         code=code, earlier=earlier, line=line)
        self.add(path, message,
                 tr("List it once, as {code}: capitals and '-' or '_' do not make another language.",
                    code=canonical_code(code)))

    def _language(self, path: Path_, code: str) -> bool:
        """Whether the code names a language routegen knows, written in its standard spelling."""
        try:
            language = get_language(code)
        except UnknownLanguageError as exc:
            hint = tr("Did you mean '{guess}'?", guess=exc.suggestion) if exc.suggestion else \
                tr("Use a language code such as nl, en, ar, ti, fa, prs, uk, tr or so.")
            self.add(path, tr("'{code}' is not a language code routegen knows.", code=code), hint)
            return False
        if language.code != code:
            self.add(path, tr("The language code '{code}' is not written the standard way.", code=code),
                     tr("Write {code}: {rule}", code=language.code, rule=_spelling_rule(language.code)))
            return False
        return True

    def check_contacts(self, node: Any, path: Path_) -> None:
        if isinstance(node, list):
            for i, item in enumerate(node):
                self.check_contacts(item, (*path, i))
            return
        if not isinstance(node, dict):
            return
        for key, value in node.items():
            here = (*path, key)
            if path and path[-1] == "contact" and isinstance(value, str | int):
                self._contact_value(here, key, str(getattr(value, "raw", value)))
            else:
                self.check_contacts(value, here)

    def _contact_value(self, path: Path_, key: str, value: str) -> None:
        if key == "email" and not EMAIL_RE.match(value):
            self.add(path, tr("'{value}' is not an e-mail address.", value=value),
                     tr("Write it as name@example.nl, without 'mailto:' or spaces."))
        elif key == "phone":
            digits = re.sub(r"\D", "", value)
            if MUNICIPAL_NUMBER_RE.match(value.strip()):
                return
            if digits.startswith("14") and len(digits) <= 7 and PHONE_RE.match(value):
                self.add(path, tr("'{value}' is not a phone number, nor a municipal 14 number.", value=value),
                         tr("A municipal number is 14 and the area code with its 0, such as 14 0512 or 14 020."))
            elif not PHONE_RE.match(value) or not 9 <= len(digits) <= 15:
                self.add(path, tr("'{value}' is not a phone number.", value=value), tr(PHONE_HINT))
        elif key == "website" and not value.startswith(("https://", "http://")):
            self.add(path, tr("'{value}' is not a web address.", value=value),
                     tr("Start it with https://, such as https://www.example.nl."))

    def check_money(self) -> None:
        budget = self.data.get("budget")
        if not isinstance(budget, dict):
            return
        amount = budget.get("amount")
        raw = str(getattr(amount, "raw", amount)).strip()
        if DUTCH_THOUSANDS_RE.match(raw):
            plain = raw.replace(".", "")
            if raw.count(".") == 1:
                read = in_notation(f"{float(raw):g}")
                message = tr("'{raw}' is read as {read}: the dot is a decimal point, not a thousands separator.",
                             raw=raw, read=read)
            else:
                message = tr("'{raw}' is not a number: a dot is a decimal point, not a thousands separator.", raw=raw)
            self.add(("budget", "amount"), message,
                     tr("Write the amount without dots for thousands: {plain}.", plain=plain))
        currency = budget.get("currency", "EUR")
        if isinstance(currency, str) and currency not in list_currencies():
            guess = _did_you_mean(currency, sorted(list_currencies()))
            self.add(("budget", "currency"), tr("'{value}' is not a currency code.", value=currency),
                     tr("Did you mean '{guess}'?", guess=guess) if guess else tr("Use an ISO 4217 code such as EUR."))

    def check_icons(self) -> None:
        """A step's pictogram must be one of the vendored icons: a typo would draw nothing."""
        for i, step in _items(self.data, "steps"):
            name = step.get("icon")
            if not isinstance(name, str) or name in ICON_NAMES:
                continue  # not text: reported by the schema
            guess = _did_you_mean(name, list(ICON_NAMES)) or _icon_containing(name)
            hint = tr("Did you mean '{guess}'?", guess=guess) if guess else tr(
                "Choose a name from the list under 'Pictograms' in routegen's README, such as "
                "home, school, language or briefcase, or leave 'icon:' out for the default.")
            self.add(("steps", i, "icon"), tr("There is no pictogram called '{name}'.", name=name), hint)

    def check_markdown_links(self, node: Any, path: Path_) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                self.check_markdown_links(value, (*path, key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                self.check_markdown_links(value, (*path, i))
        elif isinstance(node, str) and ("[" in node or "<" in node):
            for kind, url in markdown_targets(node):
                problem = target_problem(kind, url, route_folder(self.loaded.path))
                if problem:
                    line, column = text_mark(self.loaded, path, url)
                    self.problems.add(problem[0], line=line, column=column, width=len(url),
                                      field=field_name(path), hint=problem[1])

def _icon_containing(word: str) -> str | None:
    """The one icon whose name holds the word, such as 'hospital' -> 'building-hospital'."""
    found = [name for name in ICON_NAMES if len(word) >= 3 and word.lower().strip() in name.split("-")]
    return found[0] if len(found) == 1 else None


def _required_keys(block: str) -> list[str]:
    model = _model_at(("steps", 0, block))
    return [key for key, info in _fields_by_key(model).items() if info.is_required()] if model else []


def _spelling_rule(tag: str) -> str:
    """How a BCP 47 tag is spelt, part by part, in the author's terms: "en-GB" -> language, region."""
    parts = [tr("the language in small letters")]
    for subtag in tag.split("-")[1:]:
        if len(subtag) == 4 and subtag.isalpha():
            parts.append(tr("the script with one capital"))
        elif subtag.isupper() or subtag.isdigit():
            parts.append(tr("the country or region in capitals"))
        else:
            parts.append(tr("the variant in small letters"))
    if len(parts) == 1:
        return tr("language codes are written in small letters.")
    return tr("{parts}, joined by '-'.", parts=", ".join(parts))


def _and(words: list[str]) -> str:
    """"a, b and c" in the language spoken now."""
    if len(words) <= 1:
        return "".join(words)
    return tr("{first} and {last}", first=", ".join(words[:-1]), last=words[-1])


def _refs_set(value: Any) -> set[str]:
    return {target for _, target in _refs(value)}


