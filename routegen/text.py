"""Character hygiene after decoding: what YAML escapes turn into, checked before anything is built.

The loader refuses control characters typed into the file itself, but inside double quotes YAML
decodes `"\\0"`, `"\\x07"`, `"\\v"` or `"\\u202e"` into exactly those characters. Left in, a
control character makes the picture unreadable XML, and a direction control or zero-width space
silently changes how a page reads. So every decoded text (values and keys) is checked here:

- control characters (C0 except tab and new line, DEL, C1, U+2028/U+2029, noncharacters, halves
  of characters) are errors: there is no good way to publish them;
- direction embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) and the invisible
  spaces U+200B, U+2060 and U+FEFF are warnings, and the character is removed from the text that
  is built;
- ZWNJ (U+200C, which Persian needs), ZWJ (U+200D, which joins emoji), the direction marks
  LRM/RLM (U+200E/U+200F, legitimate in right-to-left text) and emoji are kept.

Each finding is placed at the character in the file, or at the escape that wrote it.

The same policy, in the same words, applies to the translations in PO files
(:func:`routegen.catalogs.translation_problems`): :func:`character_findings` finds,
:func:`character_problem` words, :func:`remove_invisible` cleans.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from enum import Enum
from functools import lru_cache
from typing import Any

from .errors import ProblemList, Severity
from .load import MAX_REPEATED, LoadedFile, Mark, Path_, field_name
from .speech import N_tr, tr

# The names of the characters, translated where a message shows them.
_DIRECTION_CONTROLS = {
    0x202A: N_tr("left-to-right embedding"), 0x202B: N_tr("right-to-left embedding"),
    0x202C: N_tr("end of an embedding or override"), 0x202D: N_tr("left-to-right override"),
    0x202E: N_tr("right-to-left override"), 0x2066: N_tr("left-to-right isolate"),
    0x2067: N_tr("right-to-left isolate"), 0x2068: N_tr("first-strong isolate"),
    0x2069: N_tr("end of an isolate"),
}
_INVISIBLE_SPACES = {
    0x200B: N_tr("zero-width space"), 0x2060: N_tr("word joiner"), 0xFEFF: N_tr("zero-width no-break space"),
}
_CONTROL_NAMES = {
    0x00: "NUL", 0x07: N_tr("bell"), 0x08: N_tr("backspace"), 0x09: N_tr("tab"), 0x0A: N_tr("new line"),
    0x0B: N_tr("vertical tab"), 0x0C: N_tr("page break"), 0x0D: N_tr("carriage return"), 0x1B: N_tr("escape"),
    0x7F: N_tr("delete"), 0x85: N_tr("a hidden line break"), 0x2028: N_tr("a hidden line break"),
    0x2029: N_tr("a hidden paragraph break"),
}
_BREAKS = frozenset({0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029})

# YAML's one-letter escapes inside double quotes, and what each decodes to.
_YAML_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
    "L": "\u2028", "P": "\u2029",
}
_ESCAPE_OR_WIDE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)|[^\x20-\x7e]")
_MAX_SPAN_LINES = 500


class Finding(Enum):
    CONTROL = "control"  # an error: cannot be published
    REMOVED = "removed"  # a warning: taken out of the text


def classify(char: str, *, in_key: bool = False) -> Finding | None:
    """What to do about one decoded character; None keeps it."""
    code = ord(char)
    if code in _DIRECTION_CONTROLS or code in _INVISIBLE_SPACES:
        return Finding.REMOVED
    if char in "\t\n":
        return Finding.CONTROL if in_key else None
    if code < 0x20 or 0x7F <= code <= 0x9F or code in (0x2028, 0x2029) or 0xD800 <= code <= 0xDFFF:
        return Finding.CONTROL
    if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        return Finding.CONTROL
    return None


def _printable_lines(text: str) -> bool:
    """Whether every character but tabs and line breaks is printable: then none is found or
    removed (each character the policy acts on, but those two, is non-printable)."""
    return text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable()


def character_findings(text: str, *, in_key: bool = False) -> Iterator[tuple[str, Finding]]:
    """Each character of ``text`` the policy does not keep as it is, in order, with its finding."""
    if text.isprintable() if in_key else _printable_lines(text):  # in a key, tabs and breaks are findings
        return
    for char in text:
        finding = classify(char, in_key=in_key)
        if finding is not None:
            yield char, finding


@lru_cache(maxsize=4096)
def remove_invisible(text: str) -> str:
    """The text without the direction controls and invisible spaces that are taken out (kept
    per text: each translation is looked at several times per build, and again by `serve`)."""
    if _printable_lines(text):  # fast path: each character taken out is non-printable
        return text
    return "".join(char for char in text if classify(char) is not Finding.REMOVED)


@dataclass(frozen=True)
class Spelling:
    """One character as it stands in a file: itself, or the escape that wrote it."""

    line: int
    column: int
    width: int
    char: str
    typed: str  # the escape as typed (\u202e), or "" when the character itself is in the file


@dataclass(frozen=True)
class Wording:
    """How findings are told for one kind of text: what holds it, and how to fix it there."""

    # All four are marked with N_tr and translated where a message is built.
    holder: str  # what the reader calls the text: "text", "key", "translation"
    forbidden_in: str  # where a control character may not be: "a route file"
    new_line: str  # how to write a line break there instead of a hidden one
    whole_character: str  # how to write a character instead of two halves of one


ROUTE_TEXT = Wording(
    holder=N_tr("text"), forbidden_in=N_tr("a route file"),
    new_line=N_tr("For a new line in a text, write the text as a block under `key: |`."),
    whole_character=N_tr("type the character itself: YAML reads each \\u code as a character of its own, "
                         "so two halves do not make one."))
ROUTE_KEY = replace(ROUTE_TEXT, holder=N_tr("key"))


@dataclass(frozen=True)
class CharacterProblem:
    """One finding in words: what a problem list records."""

    message: str
    hint: str
    severity: Severity


def character_problem(char: str, finding: Finding, wording: Wording, spelling: Spelling | None) -> CharacterProblem:
    """The message, hint and severity of one finding, the same for a route file and a translation.

    ``spelling`` is where the character stands, or None when it cannot be pointed at (then the
    problem is placed where the text is given, and the message says so).
    """
    what = tr(wording.holder)
    code = f"{ord(char):04X}"
    if spelling and spelling.typed:
        shown = tr("U+{code} ({name}), written as {typed}", code=code, name=_name(char), typed=spelling.typed)
    else:
        shown = tr("U+{code} ({name})", code=code, name=_name(char))
    if spelling and spelling.typed:
        delete = tr("Delete {typed} from the {what}", typed=spelling.typed, what=what)
    elif spelling:
        delete = tr("Delete it; it is invisible, so retype the {what} around the caret", what=what)
    else:
        delete = tr("Delete it; it is invisible, so retype the {what}", what=what)

    def placed(message: str) -> str:
        if spelling:
            return message
        return tr("{message} The caret marks where this {what} is given; the character is in it.",
                  message=message, what=what)

    if finding is Finding.CONTROL:
        kind = tr("an invisible control character")
        if 0xD800 <= ord(char) <= 0xDFFF:
            kind = tr("a code that is only half of a character")
        elif unicodedata.category(char) == "Cn":
            kind = tr("a code that is not a character")
        message = tr("This {what} holds {kind}, {shown}. It can break the picture and the "
                     "pages, so {forbidden_in} may not contain it.", what=what, kind=kind, shown=shown,
                     forbidden_in=tr(wording.forbidden_in))
        hint = tr("{delete}.", delete=delete)
        if 0xD800 <= ord(char) <= 0xDFFF:
            hint = tr("{delete}, or {how}", delete=delete, how=tr(wording.whole_character))
        elif ord(char) in _BREAKS:
            hint = tr("{delete}. {how}", delete=delete, how=tr(wording.new_line))
        return CharacterProblem(placed(message), hint, Severity.ERROR)
    if ord(char) in _DIRECTION_CONTROLS:
        message = tr("This {what} holds an invisible direction control, {shown}. It can reverse "
                     "how the text around it is shown, so that readers see something other than "
                     "what is written. routegen leaves it out of the site.", what=what, shown=shown)
        hint = tr("{delete}. Arabic, Persian and Tigrinya text is shown the right way without it.", delete=delete)
        return CharacterProblem(placed(message), hint, Severity.WARNING)
    message = tr("This {what} holds an invisible character, {shown}. It splits or hides "
                 "words without being seen, so that search and checks miss them. routegen "
                 "leaves it out of the site.", what=what, shown=shown)
    return CharacterProblem(placed(message), tr("{delete}.", delete=delete), Severity.WARNING)


class _Places:
    """Finds where in the file a decoded character was written, from the loader's marks."""

    def __init__(self, loaded: LoadedFile) -> None:
        self.lines = loaded.lines
        self.starts = sorted({(m.line, m.column) for m in (*loaded.values.values(), *loaded.keys.values())})

    def spellings(self, mark: Mark) -> Iterator[Spelling]:
        """The escapes and non-ASCII characters from ``mark`` up to where the next value starts."""
        after = bisect.bisect_right(self.starts, (mark.line, mark.column))
        end = self.starts[after] if after < len(self.starts) else (len(self.lines) + 1, 1)
        last = min(end[0], len(self.lines), mark.line + _MAX_SPAN_LINES)
        for number in range(mark.line, last + 1):
            line = self.lines[number - 1]
            start = mark.column - 1 if number == mark.line else 0
            stop = end[1] - 1 if number == end[0] else len(line)
            for found in _ESCAPE_OR_WIDE.finditer(line, start, max(start, stop)):
                char = _decoded(found.group(1)) if found.group(1) is not None else found.group()
                if char is not None:
                    typed = found.group() if found.group(1) is not None else ""
                    yield Spelling(number, found.start() + 1, len(found.group()), char, typed)


def _decoded(escape: str) -> str | None:
    if escape[0] in "xuU" and len(escape) > 1:
        return chr(int(escape[1:], 16)) if int(escape[1:], 16) <= 0x10FFFF else None
    return _YAML_ESCAPES.get(escape)


def _name(char: str) -> str:
    code = ord(char)
    if code in _DIRECTION_CONTROLS:
        return tr(_DIRECTION_CONTROLS[code])
    if code in _INVISIBLE_SPACES:
        return tr(_INVISIBLE_SPACES[code])
    if code in _CONTROL_NAMES:
        return tr(_CONTROL_NAMES[code])
    if 0xD800 <= code <= 0xDFFF:
        return tr("a lone surrogate")
    if unicodedata.category(char) == "Cn":
        return tr("a noncharacter")
    return tr("a control character")


class _Hygiene:
    """Walks the decoded data once: reports each finding, and builds the cleaned copy."""

    def __init__(self, loaded: LoadedFile, problems: ProblemList) -> None:
        self.loaded = loaded
        self.problems = problems
        self._places: _Places | None = None  # built at the first finding: most files have none
        self.reported = 0
        self.seen: set[tuple[int, int, str]] = set()
        self.removed = False  # whether any character was taken out, so the file needs a copy

    def clean(self, node: Any, path: Path_) -> Any:
        if isinstance(node, str):
            return self.text(node, path, self.loaded.mark(path))
        if isinstance(node, list):
            return [self.clean(item, (*path, i)) for i, item in enumerate(node)]
        if not isinstance(node, dict):
            return node
        result: dict[Any, Any] = {}
        for key, value in node.items():
            cleaned_key = key
            if isinstance(key, str):
                cleaned_key = self.text(key, (*path, key), self.loaded.mark((*path, key), key=True), in_key=True)
                if cleaned_key != key and cleaned_key in node:
                    self.duplicate_key(key, cleaned_key, path)
                    continue
            result[cleaned_key] = self.clean(value, (*path, key))
        return result

    def text(self, text: str, path: Path_, mark: Mark, *, in_key: bool = False) -> str:
        if text.isprintable():  # fast path: every character found here is non-printable
            return text
        if self._places is None:
            self._places = _Places(self.loaded)
        spellings = self._places.spellings(mark)
        for char, finding in character_findings(text, in_key=in_key):
            spelling = next((s for s in spellings if s.char == char), None)
            self.report(char, finding, spelling, path, mark, in_key)
        cleaned = remove_invisible(text)
        self.removed = self.removed or cleaned != text
        return cleaned

    def report(self, char: str, finding: Finding, spelling: Spelling | None, path: Path_,
               mark: Mark, in_key: bool) -> None:
        line, column, width = (spelling.line, spelling.column, spelling.width) if spelling else \
            (mark.line, mark.column, 1)
        if (line, column, char) in self.seen:
            return  # the same character again, reached through an alias (*name)
        self.seen.add((line, column, char))
        self.reported += 1
        if self.reported > MAX_REPEATED:
            return
        problem = character_problem(char, finding, ROUTE_KEY if in_key else ROUTE_TEXT, spelling)
        self.problems.add(problem.message, line=line, column=column, width=width,
                          field=field_name(path), hint=problem.hint, severity=problem.severity)

    def duplicate_key(self, key: str, cleaned: str, path: Path_) -> None:
        mark = self.loaded.mark((*path, key), key=True)
        self.problems.add(
            tr("Without its invisible characters, this key is '{key}', which this group already has.", key=cleaned),
            line=mark.line, column=mark.column, width=mark.width, field=field_name((*path, key)),
            hint=tr("Keep one of the two keys and remove the other."),
        )


def _cleaned_path(path: Path_) -> Path_:
    return tuple(remove_invisible(part) if isinstance(part, str) else part for part in path)


def check_text_hygiene(loaded: LoadedFile, problems: ProblemList) -> LoadedFile:
    """Report control and invisible characters in every decoded text; return the cleaned file.

    The returned file holds the data with direction controls and invisible spaces taken out, and
    its position tables follow the cleaned keys, so everything after this sees only clean text.
    """
    hygiene = _Hygiene(loaded, problems)
    cleaned = hygiene.clean(loaded.data, ())
    if not hygiene.removed:
        return loaded
    return replace(
        loaded,
        data=cleaned,
        values={_cleaned_path(p): m for p, m in loaded.values.items()},
        keys={_cleaned_path(p): m for p, m in loaded.keys.items()},
        unreadable={_cleaned_path(p) for p in loaded.unreadable},
    )
