"""Load a route file: YAML -> plain data, with the source position of every key and value.

Safe and bounded: the file size, nesting depth and the number of values (after aliases are
expanded) are capped before any of it can eat memory. Plain YAML only: no tags beyond the
standard ones. The YAML 1.1 surprises a policy officer falls into are switched off: only
`true`/`false` are booleans, numbers with a leading zero, `9:30` and dates stay text as typed,
and every number remembers its characters (`raw`) so a text field can keep them.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import hints
from .errors import Problem, ProblemList, RouteFileError, for_terminal
from .speech import N_tr, number, tr

# libyaml's parser when PyYAML was built with it: about 20 times faster, same nodes and marks.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
MAX_VALUES = 100_000
MAX_SHOWN_LINE = 160  # longer source lines are cut in messages, so one line cannot flood the screen
MAX_REPEATED = 20  # at most this many problems of one kind per file (bad bytes, control characters)

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
    # Problems the loader found but could read past (a duplicate key, a tag), kept for validate
    # so that one run reports them together with schema and reference problems (defer=True).
    deferred: list[Problem] = field(default_factory=list)
    unreadable: set[Path_] = field(default_factory=set)  # values dropped by the loader

    def problems(self) -> ProblemList:
        return SourceProblems(file=self.display_path, source_lines=self.lines)

    @cached_property
    def lines(self) -> list[str]:
        """The lines of the file as an editor numbers them."""
        return split_lines(self.text)

    @property
    def display_path(self) -> str:
        return display_path(self.path)

    @property
    def command_path(self) -> str:
        return command_path(self.path)

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


def split_lines(text: str) -> list[str]:
    """Split on the line breaks an editor shows (LF, CRLF, CR), not on every break Python knows.

    ``str.splitlines`` also splits on form feed, vertical tab, NEL and U+2028; counting those
    would put line numbers out of step with the editor the author looks at.
    """
    return re.split(r"\r\n|\r|\n", text.removesuffix("\r\n").removesuffix("\n").removesuffix("\r"))


class SourceProblems(ProblemList):
    """A ProblemList that keeps the quoted source line short enough to read.

    A line longer than MAX_SHOWN_LINE characters is cut after the marked part; when the mark
    itself lies beyond that, the line is left out and the place (line:column) says where.
    """

    def add(self, message: str, **kwargs: Any) -> None:
        super().add(message, **kwargs)
        problem = self.problems[-1]
        if len(problem.source_line) <= MAX_SHOWN_LINE:
            return
        end = problem.column + problem.width - 1
        if problem.column and end + 10 <= MAX_SHOWN_LINE:
            cut = problem.source_line[: max(end + 10, MAX_SHOWN_LINE - 20)] + " ..."
            self.problems[-1] = replace(problem, source_line=cut)
        else:
            self.problems[-1] = replace(problem, source_line="")


def route_folder(route_path: Path) -> Path:
    """The folder that belongs to a route file: its translations and images."""
    return route_path.with_suffix("")


def display_path(path: Path) -> str:
    """Show paths relative to the working folder when they are inside it, as users typed them,
    with control characters in a file name escaped for the terminal."""
    try:
        return for_terminal(str(path.resolve().relative_to(Path.cwd().resolve())))
    except ValueError:
        return for_terminal(str(path))


_SAFE_IN_COMMAND = re.compile(r"[\w@%+=:,./-]+")


def command_path(path: Path) -> str:
    """The path as a hint's command shows it, quoted when a shell would split or expand it.

    A hint such as `routegen i18n update <path>` is copied into a terminal; a space, quote or `$`
    in a folder name would break it or run something else.
    """
    shown = display_path(path)
    if shown.startswith("-"):
        shown = "./" + shown  # not read as an option
    return shown if _SAFE_IN_COMMAND.fullmatch(shown) else shlex.quote(shown)


_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(0|[1-9][0-9]*)?\.[0-9]+([eE][-+]?[0-9]+)?$|^[-+]?(0|[1-9][0-9]*)[eE][-+]?[0-9]+$")
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_STANDARD_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_STANDARD_TAG + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}


MAX_NUMBER_CHARS = 40  # longer runs of digits stay text: no route counts that high


def _plain_scalar(text: str) -> Any:
    """Resolve a plain (unquoted) scalar the way an author expects, not the way YAML 1.1 does."""
    if len(text) > MAX_NUMBER_CHARS:
        return text
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
    def __init__(self, message: str, mark: Mark, path: Path_, hint: str) -> None:
        self.message, self.mark, self.path, self.hint = message, mark, path, hint


def _typed_tag(tag: str) -> str:
    """A tag as the author typed it: ``!!python/object`` rather than its long form."""
    return "!!" + tag.removeprefix(_STANDARD_TAG) if tag.startswith(_STANDARD_TAG) else tag


class _Builder:
    """Turn composed YAML nodes into plain data and a position table, within fixed bounds."""

    def __init__(self, problems: ProblemList, loaded: LoadedFile) -> None:
        self.problems = problems
        self.loaded = loaded
        self.count = 0
        self.built: set[int] = set()  # nodes built before: meeting one again means an alias
        self.trail: list[tuple[Path_, bool]] = []  # (path, reached through an alias) per level
        self.active: set[int] = set()  # nodes being built: meeting one again is an endless loop

    def _mark(self, node: Node) -> Mark:
        start, end = node.start_mark, node.end_mark
        last = max(1, len(self.loaded.lines))
        if start.line + 1 > last:  # an empty document ends after the file's last line ('---\n#')
            return Mark(last, 1, 1)
        width = end.column - start.column if end.line == start.line else 1
        return Mark(start.line + 1, start.column + 1, max(1, width))

    def _alias_place(self) -> tuple[Path_, Mark] | None:
        """Where the outermost alias on the current trail is written: the key or list it is in."""
        for path, alias in self.trail:
            if alias and path:
                parent = path[:-1] if isinstance(path[-1], int) else path
                return parent, self.loaded.mark(parent, key=True)
        return None

    def build(self, node: Node, path: Path_, depth: int, record: bool = True) -> Any:
        if id(node) in self.active:
            self._endless(path[:-1] if path and isinstance(path[-1], int) else path,
                          tr("This alias (*name) repeats the part it is itself in, so it would never end."))
            return None
        alias = id(node) in self.built
        self.built.add(id(node))
        self.trail.append((path, alias))
        self.active.add(id(node))
        try:
            return self._build(node, path, depth, record)
        finally:
            self.trail.pop()
            self.active.discard(id(node))

    def _endless(self, path: Path_, message: str, mark: Mark | None = None) -> None:
        mark = mark or self.loaded.mark(path, key=True)
        self.problems.add(
            message,
            line=mark.line,
            column=mark.column,
            width=mark.width,
            field=field_name(path),
            hint=tr("Refer to a part (&name) that does not contain this line, or write the values out."),
        )

    def _build(self, node: Node, path: Path_, depth: int, record: bool) -> Any:
        self.count += 1
        if self.count > MAX_VALUES or depth > MAX_DEPTH:
            place = self._alias_place()
            where, mark = place if place else (path, self._mark(node))
            if self.count > MAX_VALUES and place:
                message = tr("The aliases (*name) here repeat so much that the file would hold more "
                             "than {count} values.", count=number(MAX_VALUES))
                hint = tr("A route needs far fewer. Write the parts out instead of repeating them with aliases.")
            elif self.count > MAX_VALUES:
                message = tr("This file holds more than {count} values.", count=number(MAX_VALUES))
                hint = tr("A route holds a few hundred. Is this the right file?")
            else:
                message = tr("The file is nested more than {depth} levels deep.", depth=MAX_DEPTH)
                hint = tr("A route is at most a few levels deep. Check the indentation and the aliases (*name).")
            raise _TooBig(message, mark, where, hint)
        if record:
            self.loaded.values.setdefault(path, self._mark(node))
        if node.tag not in _ALLOWED_TAGS:
            mark = self._mark(node)
            tag = _typed_tag(node.tag)
            self.loaded.unreadable.add(path)
            self.problems.add(
                tr("The tag '{tag}' is not allowed in a route file.", tag=tag),
                line=mark.line,
                column=mark.column,
                width=len(tag) if node.start_mark.line == node.end_mark.line else 1,
                field=field_name(path),
                hint=tr("Remove '{tag}' and write the value itself: a route file is plain data.", tag=tag),
            )
            return None
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i), depth + 1, record) for i, item in enumerate(node.value)]
        assert isinstance(node, MappingNode)
        return self._mapping(node, path, depth, record)

    def _scalar(self, node: ScalarNode) -> Any:
        if not node.style and node.tag != _STANDARD_TAG + "str":
            return _plain_scalar(node.value)
        return node.value

    def _mapping(self, node: MappingNode, path: Path_, depth: int, record: bool) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, Mark] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _STANDARD_TAG + "merge":
                merged.update(self._merge(key_node, value_node, path, depth))
                continue
            key_mark = self._mark(key_node)
            if not isinstance(key_node, ScalarNode):
                self.problems.add(
                    tr("A key must be a plain word, not a list or a group."),
                    line=key_mark.line,
                    column=key_mark.column,
                    field=field_name(path),
                    hint=tr("Write keys as `name: value`."),
                )
                continue
            key = key_node.value
            if key in seen:
                first = seen[key]
                self.problems.add(
                    tr("The key '{key}' appears twice here; the first is on line {line}.", key=key, line=first.line),
                    line=key_mark.line,
                    column=key_mark.column,
                    width=len(key),
                    field=field_name((*path, key)),
                    hint=tr("Keep one of them and remove the other."),
                )
                continue
            seen[key] = key_mark
            if record:
                self.loaded.keys[(*path, key)] = Mark(key_mark.line, key_mark.column, len(key))
            result[key] = self.build(value_node, (*path, key), depth + 1, record)
        for key, value in merged.items():
            result.setdefault(key, value)
        return result

    def _merge(self, key_node: Node, node: Node, path: Path_, depth: int) -> dict[str, Any]:
        """`<<: *defaults` still works; merged values keep the position of the merging key."""
        if depth > MAX_DEPTH:
            raise _TooBig(tr("The merge keys (<<) here are nested more than {depth} levels deep.", depth=MAX_DEPTH),
                          self._mark(key_node), path,
                          tr("Merge fewer groups into each other, or write the values out."))
        sources = node.value if isinstance(node, SequenceNode) else [node]
        merged: dict[str, Any] = {}
        for source in sources:
            if not isinstance(source, MappingNode):
                mark = self._mark(source)
                self.problems.add(
                    tr("A merge key (<<) must point to a group of keys."),
                    line=mark.line,
                    column=mark.column,
                    field=field_name(path),
                    hint=tr("Write `<<: *name` where `&name` marks a group of keys."),
                )
                continue
            if id(source) in self.active:
                self._endless(path, tr("This merge key (<<) repeats the part it is itself in, so it would never end."),
                              self._mark(key_node))
                continue
            self.active.add(id(source))
            try:
                value = self._mapping(source, path, depth + 1, record=False)
            finally:
                self.active.discard(id(source))
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
    """UTF-8 text without its byte order mark, or None with a problem per line that is not UTF-8."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.add(
            tr("This file is saved as UTF-16 ('Unicode' in some editors), not as UTF-8."),
            hint=tr("Save the file as UTF-8 (in most editors: 'Save as' > encoding 'UTF-8')."),
        )
        return None
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    problems.source_lines = split_lines(raw.decode("utf-8", "replace"))
    reported = 0
    for number, line in enumerate(re.split(rb"\r\n|\r|\n", raw), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as exc:
            column = len(line[: exc.start].decode("utf-8", "replace")) + 1
            byte = line[exc.start]
            seen_as = bytes([byte]).decode("cp1252", "replace")
            code = f"{byte:02X}"
            if seen_as.isprintable():
                message = tr("This character cannot be read: the file is not saved as UTF-8 (byte 0x{byte}, "
                             "perhaps '{seen_as}' saved in another encoding).", byte=code, seen_as=seen_as)
            else:
                message = tr("This character cannot be read: the file is not saved as UTF-8 (byte 0x{byte}).",
                             byte=code)
            problems.add(
                message,
                line=number,
                column=column,
                hint=tr("Save the file as UTF-8 (in most editors: 'Save as' > encoding 'UTF-8'), "
                        "then check this character."),
            )
            reported += 1
            if reported >= MAX_REPEATED:
                break
    return None


# What YAML allows in a file (its reader refuses the rest), minus the line breaks that editors do
# not show as breaks (NEL, U+2028, U+2029): those would put line numbers out of step.
_FORBIDDEN_CHARACTER = re.compile("[^\x09\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CHARACTER_NAMES = {
    0x00: "NUL", 0x07: N_tr("bell"), 0x08: N_tr("backspace"),
    0x0B: N_tr("a line break pasted from a word processor"), 0x0C: N_tr("a page break"), 0x1B: N_tr("escape"),
    0x7F: N_tr("delete"), 0x85: N_tr("a hidden line break"), 0x2028: N_tr("a hidden line break"),
    0x2029: N_tr("a hidden paragraph break"), 0xFFFE: N_tr("not a character"),
}
_BREAKS = frozenset({0x0B, 0x0C, 0x85, 0x2028, 0x2029})


def _check_characters(lines: list[str], problems: ProblemList) -> None:
    """Invisible control characters, reported where they are, every one (up to a limit)."""
    reported = 0
    for number, line in enumerate(lines, start=1):
        for match in _FORBIDDEN_CHARACTER.finditer(line):
            code = ord(match.group())
            name = tr(_CHARACTER_NAMES.get(code, N_tr("a control character")))
            hint = (tr("Delete it; press Enter if you meant a new line.") if code in _BREAKS else
                    tr("Delete it: it is invisible, so remove the text around the caret and type it again."))
            problems.add(
                tr("This line holds an invisible character (U+{code}, {name}) that a route file may not contain.",
                   code="%04X" % code, name=name),
                line=number,
                column=match.start() + 1,
                hint=hint,
            )
            reported += 1
            if reported >= MAX_REPEATED:
                return


def _check_tabs(lines: list[str], problems: ProblemList) -> None:
    for number, line in enumerate(lines, start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip() and not line.lstrip().startswith("#"):
            problems.add(
                tr("This line is indented with a tab."),
                line=number,
                column=indent.index("\t") + 1,
                hint=tr("A route file is indented with spaces only. Replace the tab with spaces."),
            )


def _compose(text: str) -> list[Node]:
    """Compose with libyaml; on a syntax error, ask the pure-Python parser, whose messages we word."""
    try:
        return list(yaml.compose_all(text, Loader=FAST_LOADER))
    except yaml.YAMLError:
        if FAST_LOADER is yaml.SafeLoader:
            raise
        return list(yaml.compose_all(text, Loader=yaml.SafeLoader))


def _check_depth(text: str, problems: ProblemList) -> bool:
    """Refuse absurd nesting before composing, since the composer recurses per level.

    libyaml may stop deep nesting itself, with its own words and before it yields the event that
    passes our limit; the pure-Python parser streams its events without such a limit, so it is
    asked then, and the message is always ours.
    """
    for loader in dict.fromkeys((FAST_LOADER, yaml.SafeLoader)):
        depth = 0
        try:
            for event in yaml.parse(text, Loader=loader):
                if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                    depth += 1
                    if depth > MAX_DEPTH:
                        mark = event.start_mark
                        problems.add(
                            tr("The file is nested more than {depth} levels deep.", depth=MAX_DEPTH),
                            line=mark.line + 1,
                            column=mark.column + 1,
                            hint=tr("A route is at most a few levels deep. Check the indentation and the brackets."),
                        )
                        return False
                elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                    depth -= 1
            return True
        except yaml.YAMLError:
            continue  # a syntax error is reported with its position by the composer
    return True


_KEY_LINE = re.compile(r"^(\s*(?:-\s+)?[^\s:#'\"][^:#]*?:[ \t]+)(\S.*?)\s*$")


def _quoted(line: str) -> str:
    """The author's own `key: text` line with the text in quotes, as an example to copy."""
    found = _KEY_LINE.match(line)
    if found is None:
        return 'key: "..."'
    key, value = found.group(1).strip().removeprefix("-").strip(), found.group(2)
    example = key + " " + hints.double_quoted(hints.without_curly_quotes(value))  # straight, not curly
    return example if len(example) <= 80 else f'{key} "..."'


def _value_column(line: str) -> int:
    """The 1-based column where the value of a `key: value` line starts, or 0."""
    found = _KEY_LINE.match(line)
    return len(found.group(1)) + 1 if found else 0


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _line_above(lines: list[str], number: int) -> tuple[int, str] | None:
    """The nearest line above line ``number`` (1-based) that holds more than a comment."""
    for above in range(number - 1, 0, -1):
        text = lines[above - 1]
        if text.strip() and not text.lstrip().startswith("#"):
            return above, text
    return None


_KEY_OR_ITEM = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][\w-]*:(?:\s|$)")


def _runaway_quote(lines: list[str], error_line: int) -> tuple[int, int, str] | None:
    """A quoted text that runs on over lines that look like keys, up to where YAML gave up.

    An unclosed quote is closed by the next quote in the file, lines further down, and YAML
    then trips over the indentation there: the mistake is the quote, not that line.
    Returns the (line, column, quote) where the runaway text starts.
    """
    found = None
    try:
        for token in yaml.scan("\n".join(lines[:error_line]), Loader=yaml.SafeLoader):
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
                start, end = token.start_mark.line, token.end_mark.line
                if end > start and any(_KEY_OR_ITEM.match(lines[n]) for n in range(start + 1, end + 1)):
                    found = (start + 1, token.start_mark.column + 1, token.style)
    except yaml.YAMLError:
        pass  # scanned as far as it goes: the runaway quote, if any, was before the error
    return found


def _syntax_problem(exc: yaml.YAMLError, problems: ProblemList, lines: list[str]) -> None:
    """Say in plain words what PyYAML found, at the place the author has to change."""
    problem = str(getattr(exc, "problem", None) or "")
    context = str(getattr(exc, "context", None) or "")
    mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark else 0
    column = mark.column + 1 if mark else 0
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    width = 1

    def at(place: Any) -> None:
        nonlocal line, column, source
        line, column = place.line + 1, place.column + 1
        source = lines[line - 1] if 0 < line <= len(lines) else ""

    if "found character '\\t'" in problem:
        message = tr("There is a tab here; a route file only uses spaces.")
        hint = tr("Replace the tab with a space.")
    elif "that cannot start any token" in problem:
        char = source[column - 1] if 0 < column <= len(source) else "?"
        message = tr("A text cannot start with '{char}' unless it is in quotes.", char=char)
        hint = tr("Put the whole text in quotes: {example}", example=_quoted(source))
    elif "mapping values are not allowed" in problem:
        before = source[: column - 1]
        value_column = _value_column(source)
        if value_column and hints.starts_with_curly_quote(source[value_column - 1:]):
            column = value_column  # the quote that was meant to hold the ': ', not the colon
            message = tr(hints.CURLY_QUOTE_COLON_MESSAGE, quote=source[column - 1])
            hint = tr(hints.CURLY_QUOTE_COLON_HINT, example=_quoted(source))
        elif re.search(r":(\s|$)", before):
            message = tr("This text holds ': ', which YAML reads as the start of a new key.")
            hint = tr("If it is one text, put it in quotes: {example}", example=_quoted(source))
        else:
            above = _line_above(lines, line)
            if above and _indent(source) > _indent(above[1]):
                message = tr("This line is indented further than line {line} above it, "
                             "so it is read as part of that line.", line=above[0])
                hint = tr("Start it in column {column}, like line {line}, "
                          "if it is the next key of the same group.", column=_indent(above[1]) + 1, line=above[0])
            else:
                message = tr("YAML does not expect a key here.")
                hint = tr("Check the indentation of this line and the line above it.")
            column = _indent(source) + 1
    elif "could not find expected ':'" in problem and context_mark is not None:
        at(context_mark)
        message = tr("This line has no ':' after its key.")
        found = re.match(r"^(\s*(?:-\s+)?)([A-Za-z_][\w-]*)\s+(\S.*)$", source)
        example = f"{found.group(2)}: {found.group(3)}" if found else "title: In het AZC"
        hint = tr("Write the key, a colon and a space before the value, such as `{example}`.", example=example)
        column = _indent(source) + 1
    elif "end of stream" in problem and "quoted scalar" in context and context_mark is not None:
        at(context_mark)
        quote = source[column - 1] if 0 < column <= len(source) else '"'
        message = tr("This quote ({quote}) is opened but never closed.", quote=quote)
        hint = tr("Add the closing {quote} at the end of the text.", quote=quote)
    elif context in ("while parsing a flow sequence", "while parsing a flow mapping") and context_mark:
        at(context_mark)
        if "sequence" in context:
            message = tr("The list that starts here with '[' is not closed with ']'.")
            hint = tr("Add ']' at its end, and separate the items with commas, such as [nl, en, ar].")
        else:
            message = tr("The group that starts here with '{' is not closed with '}'.")
            hint = tr("Add '}' at its end, and separate the items with commas, such as {from: coa, to: gemeente}.")
    elif "found undefined alias" in problem:
        name = problem.rsplit("'", 2)[-2] if problem.count("'") >= 2 else ""
        message = tr("'*{name}' repeats a part marked '&{name}', but no part is marked so.", name=name)
        width = len(name) + 1
        hint = tr("Mark the part to repeat with '&{name}' earlier in the file. If this is text that "
                  "starts with '*', put it in quotes: {example}", name=name, example=_quoted(source))
    elif context in ("while scanning an alias", "while scanning an anchor") and context_mark:
        at(context_mark)
        sign = "*" if "alias" in context else "&"
        message = tr("A text cannot start with '{char}' unless it is in quotes.", char=sign)
        hint = tr("Put the whole text in quotes: {example}", example=_quoted(source))
        if sign == "*":
            message = tr("A text cannot start with '*' (such as Markdown *bold*) unless it is in quotes.")
    elif "escape" in problem and "double-quoted" in context:
        backslash = source.rfind("\\", 0, column)
        if backslash >= 0:
            column, width = backslash + 1, 2
        code = source[column - 1 : column + 1] if backslash >= 0 else "\\"
        message = tr("Inside double quotes a backslash starts a special code, so '{code}' cannot be read.", code=code)
        hint = tr("Use single quotes ('...') around this text, or write the backslash twice (\\\\).")
    elif "sequence entries are not allowed" in problem:
        message = tr("A list cannot start on the same line as its key.")
        hint = tr("Put each '- ' item on a line of its own below the key, indented, or write [a, b].")
    elif re.search(r"expected <block end>, but found '[\]}]'", problem):
        closing = "]" if "']'" in problem else "}"
        opening = "[" if closing == "]" else "{"
        message = tr("This '{closing}' closes nothing: there is no '{opening}' before it.",
                     closing=closing, opening=opening)
        hint = tr("Remove the '{closing}', or add the '{opening}' where the list starts.",
                  closing=closing, opening=opening)
    elif "found duplicate anchor" in context and context_mark is not None:
        name = context.split("'")[1] if context.count("'") >= 2 else ""
        message = tr("The anchor '&{name}' is used twice; the first is on line {line}.",
                     name=name, line=context_mark.line + 1)
        hint = tr("Give each anchor (&name) its own name.")
    elif line and (runaway := _runaway_quote(lines, line)) is not None:
        runs_to = line
        line, column, quote = runaway
        source = lines[line - 1]
        message = tr("This quote ({quote}) is not closed on its line, so the text runs on to line {line}.",
                     quote=quote, line=runs_to)
        hint = tr("Add the closing {quote} at the end of the text on this line.", quote=quote)
    elif "expected <block end>, but found '<scalar>'" in problem and re.search(r"[\"'].*[\"']", source[: column - 1]):
        message = tr("There is more text after the closing quote.")
        hint = tr("Put the whole text inside the quotes, or remove the text after them.")
    elif "expected <block end>" in problem or "did not find expected key" in problem or \
            "did not find expected '-'" in problem:
        above = _line_above(lines, line)
        message = tr("This line is not indented like the lines above it, so YAML cannot tell where it belongs.")
        hint = tr("Start it in the same column as the other keys (or '- ' items) of its group.")
        if above:
            hint = tr("Start it in the same column as the other keys (or '- ' items) of its group; "
                      "line {line} starts in column {column}.", line=above[0], column=_indent(above[1]) + 1)
        column = _indent(source) + 1
    else:
        message = tr("YAML cannot read the file here.")  # in our words only, whatever PyYAML says
        hint = tr("Check the indentation, the colons and the quotes on this line and the line above it.")
    if line:
        problems.add(message, line=line, column=column, width=width, hint=hint)
    else:
        problems.add(message, hint=hint)


def load_text(text: str, path: Path, *, defer: bool = False) -> LoadedFile:
    """Parse YAML text into plain data with positions; raise RouteFileError with every problem.

    With ``defer``, problems the loader could read past (a duplicate key, a tag) do not raise:
    they travel in ``LoadedFile.deferred`` to :func:`routegen.validate.validate`, which reports
    them with everything else it finds.
    """
    text = text.removeprefix("\ufeff")
    loaded = LoadedFile(path=path, text=text, data=None)
    problems = loaded.problems()
    lines = loaded.lines
    _check_characters(lines, problems)
    _check_tabs(lines, problems)
    problems.raise_if_errors()
    if not _check_depth(text, problems):
        problems.raise_if_errors()
    try:
        documents = _compose(text)
    except yaml.YAMLError as exc:
        _syntax_problem(exc, problems, lines)
        problems.raise_if_errors()
        raise  # unreachable: a syntax problem is always an error
    except RecursionError:
        problems.add(
            tr("The file is nested too deeply to read."),
            line=1,
            hint=tr("A route is at most a few levels deep. Check the indentation and the brackets."),
        )
        problems.raise_if_errors()
        raise
    documents = [d for d in documents if d is not None]
    if not documents and any(line.strip() for line in lines):  # only comments (and '---')
        problems.add(
            tr("The file holds only comments (lines that start with #), no route."),
            hint=tr("Remove the # in front of the lines you want to use, or start from `routegen new NAME`, "
                    "which writes a complete example route."),
        )
    elif not documents:
        problems.add(
            tr("The file is empty."),
            hint=tr("Start from `routegen new NAME`, which writes a complete example route."),
        )
    problems.raise_if_errors()
    if len(documents) > 1:
        second = documents[1].start_mark.line + 1
        marker = next((n for n in range(second, 0, -1) if lines[n - 1].startswith("---")), second)
        problems.add(
            tr("This '---' starts a second route in the file; a route file holds one."),
            line=marker,
            column=1,
            width=3 if marker != second else 1,
            hint=tr("Remove the '---' line and what follows it, or move that part to a file of its own."),
        )
        problems.raise_if_errors()
    builder = _Builder(problems, loaded)
    try:
        loaded.data = builder.build(documents[0], (), 0)
    except _TooBig as exc:
        problems.add(exc.message, line=exc.mark.line, column=exc.mark.column, width=exc.mark.width,
                     field=field_name(exc.path), hint=exc.hint)
        problems.raise_if_errors()
    if defer:
        loaded.deferred = problems.problems
    else:
        problems.raise_if_errors()
    return loaded


def load_file(path: Path, *, defer: bool = False) -> LoadedFile:
    """Read a route file from disk with size and encoding checks, then parse it."""
    problems: ProblemList = SourceProblems(file=display_path(path))
    try:
        size = path.stat().st_size
    except OSError as exc:
        problems.add(
            tr("Cannot read this file: {reason}.", reason=exc.strerror or exc),
            hint=tr("Check the file name and that the file exists."),
        )
        raise RouteFileError(problems.problems) from exc
    if not path.is_file():
        problems.add(tr("This is not a file."), hint=tr("Give the path of a route file (.yaml)."))
        raise RouteFileError(problems.problems)
    if size > MAX_FILE_BYTES:
        problems.add(
            tr("The file is {size} MB; a route file may be at most {most} MB.",
               size=number(size / 1024 / 1024, 1), most=MAX_FILE_BYTES // 1024 // 1024),
            hint=tr("A route is a few hundred lines. Is this the right file?"),
        )
        raise RouteFileError(problems.problems)
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)  # bounded, even if the file grows meanwhile
    except OSError as exc:
        problems.add(
            tr("Cannot read this file: {reason}.", reason=exc.strerror or exc),
            hint=tr("Check that you may open the file, and that no other program holds it."),
        )
        raise RouteFileError(problems.problems) from exc
    if len(raw) > MAX_FILE_BYTES:
        problems.add(
            tr("The file is larger than {most} MB, the most a route file may be.",
               most=MAX_FILE_BYTES // 1024 // 1024),
            hint=tr("A route is a few hundred lines. Is this the right file?"),
        )
        raise RouteFileError(problems.problems)
    text = _decode(raw, problems)
    if text is None:
        raise RouteFileError(problems.problems)
    return load_text(text, path, defer=defer)
