"""Load a route file: YAML -> plain data, with the source position of every key and value.

Safe and bounded: the file size, nesting depth and the number of values (after aliases are
expanded) are capped before any of it can eat memory. Plain YAML only: no tags beyond the
standard ones. The YAML 1.1 surprises a policy officer falls into are switched off: only
`true`/`false` are booleans, numbers with a leading zero, `9:30` and dates stay text as typed,
and every number remembers its characters (`raw`) so a text field can keep them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import ProblemList, RouteFileError

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
MAX_VALUES = 100_000

Path_ = tuple[str | int, ...]


class RawInt(int):
    """An int that remembers how it was typed."""

    raw: str


class RawFloat(float):
    """A float that remembers how it was typed."""

    raw: str


@dataclass(frozen=True, slots=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based
    width: int = 1


@dataclass
class LoadedFile:
    """Plain data of a route file plus where each part of it stands in the file."""

    path: Path
    text: str
    data: Any
    values: dict[Path_, Mark] = field(default_factory=dict)
    keys: dict[Path_, Mark] = field(default_factory=dict)

    def problems(self) -> ProblemList:
        return ProblemList.for_text(self.display_path, self.text)

    @property
    def display_path(self) -> str:
        return display_path(self.path)

    def mark(self, path: Path_, *, key: bool = False) -> Mark:
        """The closest position for a field path: the key or value itself, else its parent."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), Mark(1, 1))


def display_path(path: Path) -> str:
    """Show paths relative to the working folder when they are inside it, as users typed them."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(0|[1-9][0-9]*)?\.[0-9]+([eE][-+]?[0-9]+)?$|^[-+]?(0|[1-9][0-9]*)[eE][-+]?[0-9]+$")
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_STANDARD_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_STANDARD_TAG + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}


def _plain_scalar(text: str) -> Any:
    """Resolve a plain (unquoted) scalar the way an author expects, not the way YAML 1.1 does."""
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        number = RawInt(text)
        number.raw = text
        return number
    if _FLOAT.match(text):
        real = RawFloat(text)
        real.raw = text
        return real
    return text


class _TooBig(Exception):
    def __init__(self, message: str, node: Node, hint: str) -> None:
        self.message, self.node, self.hint = message, node, hint


class _Builder:
    """Turn composed YAML nodes into plain data and a position table, within fixed bounds."""

    def __init__(self, problems: ProblemList, loaded: LoadedFile) -> None:
        self.problems = problems
        self.loaded = loaded
        self.count = 0

    def _mark(self, node: Node) -> Mark:
        start, end = node.start_mark, node.end_mark
        width = end.column - start.column if end.line == start.line else 1
        return Mark(start.line + 1, start.column + 1, max(1, width))

    def build(self, node: Node, path: Path_, depth: int, record: bool = True) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _TooBig(
                f"This file holds more than {MAX_VALUES:,} values once its aliases are expanded.",
                node,
                "A route needs far fewer. Remove the aliases (*name) that repeat large parts.",
            )
        if depth > MAX_DEPTH:
            raise _TooBig(
                f"The file is nested more than {MAX_DEPTH} levels deep.",
                node,
                "A route is at most a few levels deep. Check the indentation.",
            )
        if record:
            self.loaded.values.setdefault(path, self._mark(node))
        if node.tag not in _ALLOWED_TAGS:
            mark = self._mark(node)
            self.problems.add(
                f"The tag '{node.tag}' is not allowed in a route file.",
                line=mark.line,
                column=mark.column,
                field=field_name(path),
                hint="Use plain YAML: remove the tag (the word starting with '!').",
            )
            return None
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i), depth + 1, record) for i, item in enumerate(node.value)]
        assert isinstance(node, MappingNode)
        return self._mapping(node, path, depth, record)

    def _scalar(self, node: ScalarNode) -> Any:
        if node.style is None and node.tag != _STANDARD_TAG + "str":
            return _plain_scalar(node.value)
        return node.value

    def _mapping(self, node: MappingNode, path: Path_, depth: int, record: bool) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, Mark] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _STANDARD_TAG + "merge":
                merged.update(self._merge(value_node, path, depth))
                continue
            key_mark = self._mark(key_node)
            if not isinstance(key_node, ScalarNode):
                self.problems.add(
                    "A key must be a plain word, not a list or a group.",
                    line=key_mark.line,
                    column=key_mark.column,
                    field=field_name(path),
                    hint="Write keys as `name: value`.",
                )
                continue
            key = key_node.value
            if key in seen:
                first = seen[key]
                self.problems.add(
                    f"The key '{key}' appears twice here; the first is on line {first.line}.",
                    line=key_mark.line,
                    column=key_mark.column,
                    width=len(key),
                    field=field_name((*path, key)),
                    hint="Keep one of them: YAML would silently use only the last one.",
                )
                continue
            seen[key] = key_mark
            if record:
                self.loaded.keys[(*path, key)] = Mark(key_mark.line, key_mark.column, len(key))
            result[key] = self.build(value_node, (*path, key), depth + 1, record)
        for key, value in merged.items():
            result.setdefault(key, value)
        return result

    def _merge(self, node: Node, path: Path_, depth: int) -> dict[str, Any]:
        """`<<: *defaults` still works; merged values keep the position of the merging key."""
        sources = node.value if isinstance(node, SequenceNode) else [node]
        merged: dict[str, Any] = {}
        for source in sources:
            if not isinstance(source, MappingNode):
                mark = self._mark(source)
                self.problems.add(
                    "A merge key (<<) must point to a group of keys.",
                    line=mark.line,
                    column=mark.column,
                    field=field_name(path),
                    hint="Write `<<: *name` where `&name` marks a group of keys.",
                )
                continue
            value = self._mapping(source, path, depth + 1, record=False)
            for key, item in value.items():
                merged.setdefault(key, item)
        return merged


def field_name(path: Path_) -> str:
    """A field path as an author reads it: ``steps[2].lead`` (indexes counted from 0)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def _decode(raw: bytes, problems: ProblemList) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1
        bad = raw[exc.start : exc.start + 1].hex()
        problems.source_lines = raw.decode("utf-8", "replace").splitlines()
        problems.add(
            f"This file is not UTF-8 text: byte 0x{bad} cannot be read.",
            line=line,
            column=column,
            hint="Save the file as UTF-8 (in most editors: 'Save with encoding' > UTF-8).",
        )
        return None


def _check_tabs(text: str, problems: ProblemList) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip() and not line.lstrip().startswith("#"):
            problems.add(
                "This line is indented with a tab.",
                line=number,
                column=indent.index("\t") + 1,
                hint="YAML only allows spaces for indentation. Replace the tab with spaces.",
            )


def _check_depth(text: str, problems: ProblemList) -> bool:
    """Refuse absurd nesting before composing, since the composer recurses per level."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    problems.add(
                        f"The file is nested more than {MAX_DEPTH} levels deep.",
                        line=mark.line + 1,
                        column=mark.column + 1,
                        hint="A route is at most a few levels deep. Check the indentation.",
                    )
                    return False
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return True  # reported with its position by the composer
    return True


def _syntax_problem(exc: yaml.YAMLError, problems: ProblemList) -> None:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    hint = "Check the indentation and the colons on this line and the line above it."
    if "found character '\\t'" in problem:
        problem = "a tab where YAML expects a space"
        hint = "Replace the tab with spaces."
    elif "mapping values are not allowed" in problem:
        hint = (
            "A second colon on one line confuses YAML. Put text that contains ': ' in quotes, "
            "or check the indentation."
        )
    elif "could not find expected ':'" in problem:
        hint = "Every line in a group needs `key: value`. Check for a missing colon or quote."
    elif "found unexpected end of stream" in problem or "found unexpected end" in problem:
        hint = "A quote or bracket is opened but never closed."
    elif "found undefined alias" in problem:
        hint = "An alias (*name) needs an anchor (&name) earlier in the file."
    elif "special characters are not allowed" in problem or "unacceptable character" in problem:
        hint = "Remove the invisible control character from this line."
    message = "The file is not valid YAML: " + problem
    if context and context not in problem:
        message += f" ({context})"
    message += "."
    line = mark.line + 1 if mark else 0
    column = mark.column + 1 if mark else 0
    problems.add(message, line=line, column=column, hint=hint)


def load_text(text: str, path: Path) -> LoadedFile:
    """Parse YAML text into plain data with positions; raise RouteFileError with every problem."""
    text = text.removeprefix("\ufeff")
    loaded = LoadedFile(path=path, text=text, data=None)
    problems = loaded.problems()
    _check_tabs(text, problems)
    if problems.has_errors:
        problems.raise_if_errors()
    if not _check_depth(text, problems):
        problems.raise_if_errors()
    try:
        documents = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError as exc:
        _syntax_problem(exc, problems)
        problems.raise_if_errors()
        raise  # unreachable: a syntax problem is always an error
    except RecursionError:
        problems.add(
            "The file is nested too deeply to read.",
            line=1,
            hint="A route is at most a few levels deep. Check the indentation.",
        )
        problems.raise_if_errors()
        raise
    documents = [d for d in documents if d is not None]
    if not documents:
        problems.add(
            "The file is empty.",
            hint="Start from `routegen new NAME`, which writes a complete example route.",
        )
        problems.raise_if_errors()
    if len(documents) > 1:
        second = documents[1].start_mark
        problems.add(
            "The file holds more than one YAML document ('---').",
            line=second.line + 1,
            column=1,
            hint="A route file holds one route. Remove the '---' line and what follows it, or merge them.",
        )
        problems.raise_if_errors()
    builder = _Builder(problems, loaded)
    try:
        loaded.data = builder.build(documents[0], (), 0)
    except _TooBig as exc:
        mark = builder._mark(exc.node)
        problems.add(exc.message, line=mark.line, column=mark.column, hint=exc.hint)
    problems.raise_if_errors()
    return loaded


def load_file(path: Path) -> LoadedFile:
    """Read a route file from disk with size and encoding checks, then parse it."""
    problems = ProblemList(file=display_path(path))
    try:
        size = path.stat().st_size
    except OSError as exc:
        problems.add(
            f"Cannot read this file: {exc.strerror or exc}.",
            hint="Check the file name and that the file exists.",
        )
        raise RouteFileError(problems.problems) from exc
    if not path.is_file():
        problems.add("This is not a file.", hint="Give the path of a route file (.yaml).")
        raise RouteFileError(problems.problems)
    if size > MAX_FILE_BYTES:
        problems.add(
            f"The file is {size / 1024 / 1024:.1f} MB; a route file may be at most "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB.",
            hint="A route is a few hundred lines. Is this the right file?",
        )
        raise RouteFileError(problems.problems)
    raw = path.read_bytes()
    text = _decode(raw, problems)
    if text is None:
        raise RouteFileError(problems.problems)
    return load_text(text, path)
