"""The one error tree of routegen.

Everything a user can get wrong ends up as a :class:`RoutegenError`; anything else is a bug and
may show a traceback. The CLI turns these errors into a message and exit code 1.

    RoutegenError                 base: a message a user can act on
     +-- RouteFileError           one or more located problems in a route file (all at once)
     +-- OutputFolderError        an output folder routegen refuses to touch

A :class:`Problem` is one located finding: file, line, column, field path, what is wrong and a
hint. Problems are errors or warnings; ``--strict`` turns warnings into errors.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path

from .speech import tr

# Invisible format characters a terminal may show as they are: they join letters (ZWNJ in
# Persian, ZWJ in emoji sequences, tag characters in flag emoji) and move nothing.
_HARMLESS_FORMAT = frozenset({"\u200c", "\u200d", *map(chr, range(0xE0020, 0xE0080))})


def _needs_escape(char: str) -> bool:
    """Control, direction, invisible and broken characters, which a terminal would act on."""
    category = unicodedata.category(char)
    if category in ("Cc", "Cs", "Zl", "Zp"):
        return True
    if category == "Cf":
        return char not in _HARMLESS_FORMAT
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE  # noncharacters


def escaped_character(char: str) -> str:
    """How one character that must not reach the terminal raw is shown: \\x1b or <U+202E>."""
    code = ord(char)
    return f"\\x{code:02x}" if code < 0xA0 else f"<U+{code:04X}>"


def for_terminal(text: str, *, keep_newlines: bool = False) -> str:
    """User text made safe to print: it cannot move the cursor, colour the screen or reverse a line.

    A route file (or a file name) can hold escape sequences and direction overrides; echoed raw,
    they would rewrite what the author reads. Each is shown as a visible code instead.
    """
    if text.isprintable():  # fast path: every character that needs escaping is non-printable
        return text
    return "".join(
        escaped_character(char) if _needs_escape(char) and not (keep_newlines and char == "\n") else char
        for char in text
    )


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a route file, located so a non-programmer can find and fix it."""

    message: str
    file: str = ""
    line: int = 0  # 1-based; 0 when the problem has no place in the file
    column: int = 0  # 1-based
    field: str = ""  # the field path as the author sees it: steps[2].lead
    hint: str = ""
    severity: Severity = Severity.ERROR
    source_line: str = ""  # the text of that line, for the caret display
    width: int = 1  # how many characters the caret marks

    def as_error(self) -> Problem:
        """This warning as an error, for --strict."""
        hint = tr("{hint} (This is an error under --strict.)", hint=self.hint) if self.hint else \
            tr("(This is an error under --strict.)")
        return replace(self, severity=Severity.ERROR, hint=hint)

    def format(self) -> str:
        """Render as the message the author reads: place, field, source with caret, hint.

        Everything here may hold the author's own text, so all of it goes through
        :func:`for_terminal`, once, here; the caret follows the line as it is shown.
        """
        place = for_terminal(self.file or "<route>")
        if self.line:
            place += f":{self.line}"
            if self.column:
                place += f":{self.column}"
        if self.severity is Severity.ERROR:
            head = tr("{place}: error in {field}", place=place, field=for_terminal(self.field)) \
                if self.field else tr("{place}: error", place=place)
        else:
            head = tr("{place}: warning in {field}", place=place, field=for_terminal(self.field)) \
                if self.field else tr("{place}: warning", place=place)
        lines = [head]
        if self.line and self.source_line:
            gutter = str(self.line)
            source = self.source_line.replace("\t", " ")
            lines.append(f"  {gutter} | {for_terminal(source)}")
            if self.column:
                pad = " " * (len(gutter) + 1)
                start, end = self.column - 1, self.column - 1 + max(1, self.width)
                before = len(for_terminal(source[:start])) + max(0, start - len(source))
                marked = len(for_terminal(source[start:end])) + max(0, end - max(start, len(source)))
                caret = " " * before + "^" * max(1, marked)
                lines.append(f"  {pad}| {caret}")
        lines.append(f"  {for_terminal(self.message)}")
        if self.hint:
            # TRANSLATORS: the line under a problem that says how to fix it
            lines.append("  " + tr("Hint: {hint}", hint=for_terminal(self.hint)))
        return "\n".join(lines)


class RoutegenError(Exception):
    """A mistake the user can fix; the CLI prints it and exits with code 1."""

    def format(self) -> str:
        """The message, with any control or direction character of the user's shown as a code."""
        return for_terminal(str(self), keep_newlines=True)


class RouteFileError(RoutegenError):
    """All problems found in one or more route files, reported together."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(self.format())

    def __reduce__(self) -> tuple[type[RouteFileError], tuple[list[Problem]]]:
        """Made again from its problems, not its message, when a route's worker process hands
        it back (the message may hold braces, which format() would read as placeholders)."""
        return RouteFileError, (self.problems,)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    def format(self) -> str:
        return "\n\n".join(p.format() for p in self.problems)


class OutputFolderError(RoutegenError):
    """An output folder that routegen must not write into or delete from."""


@dataclass
class ProblemList:
    """Collects problems for one file so that every mistake is reported in one run."""

    file: str
    source_lines: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def for_text(cls, path: Path | str, text: str) -> ProblemList:
        return cls(file=str(path), source_lines=text.splitlines())

    def add(
        self,
        message: str,
        *,
        line: int = 0,
        column: int = 0,
        field: str = "",
        hint: str = "",
        severity: Severity = Severity.ERROR,
        width: int = 1,
        redact: str = "",
    ) -> None:
        """Record a problem; ``redact`` is personal data that must not be repeated in full."""
        from .privacy import redact_numbers  # here: privacy builds on this module

        source = self.source_lines[line - 1] if 0 < line <= len(self.source_lines) else ""
        if redact:
            source = source.replace(redact, mask(redact))
        source = redact_numbers(source)
        self.problems.append(
            Problem(
                message=message,
                file=self.file,
                line=line,
                column=column,
                field=field,
                hint=hint,
                severity=severity,
                source_line=source,
                width=width,
            )
        )

    @property
    def has_errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)

    def sorted(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: (p.line, p.column))

    def raise_if_errors(self) -> None:
        if self.has_errors:
            raise RouteFileError(self.sorted())


def mask(secret: str) -> str:
    """Hide all but the last two digits, so a message never repeats personal data in full."""
    digits = [i for i, ch in enumerate(secret) if ch.isdigit()]
    keep = set(digits[-2:])
    return "".join("*" if ch.isdigit() and i not in keep else ch for i, ch in enumerate(secret))
