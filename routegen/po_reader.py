"""A strict reader of translators' PO files: read exactly, or refused with every mistake located.

Babel's ``read_po`` reads around mistakes: a string without its closing quote loses its last
character, and the error it does raise names the line before the bad one, in Babel's words. A
catalog routegen misread would be published wrong and, worse, rewritten wrong by
``i18n update``. So routegen reads PO files itself, to the gettext format it writes (msgctxt,
msgid, msgstr; comments; ``#|`` previous texts; ``#~`` obsolete entries), and words every mistake
itself, at the line and column where it is. The result becomes a Babel catalog only when the
file was read without a single mistake.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from babel.core import UnknownLocaleError
from babel.messages.catalog import Catalog, Message

from .text import Spelling
from .speech import N_tr, tr

# The escapes a PO string may hold (those gettext and Babel agree on), and what they stand for.
ESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f",
           "v": "\v"}
ESCAPE_HINT = N_tr('Inside the quotes, write \\" for a double quote, \\\\ for a backslash and \\n for a new line.')
PLURAL_KEYWORDS = ("msgid_plural", "msgstr[")
PREVIOUS_KEYWORDS = ("msgctxt", "msgid", "msgid_plural")


@dataclass(frozen=True)
class PoMistake:
    """One thing wrong in a PO file, where it is, in routegen's words."""

    message: str
    line: int
    column: int = 1
    width: int = 1
    hint: str = ""
    context: str = ""  # the msgctxt of the message it is in, when known


@dataclass
class PoEntry:
    """One message of a PO file as written, with the lines its parts are on."""

    obsolete: bool = False
    context: str | None = None
    context_line: int = 0
    msgid: str | None = None
    msgid_line: int = 0
    msgstr: str | None = None
    msgstr_line: int = 0
    msgstr_unseen: list[Spelling] = field(default_factory=list)  # where its invisible characters are written
    flags: list[str] = field(default_factory=list)
    auto_comments: list[str] = field(default_factory=list)
    user_comments: list[str] = field(default_factory=list)
    locations: list[tuple[str, int | None]] = field(default_factory=list)
    previous_id: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """How a message is named in a mistake: its context, else its msgid."""
        return repr(self.context if self.context is not None else self.msgid or "")


@dataclass
class PoFile:
    entries: list[PoEntry]
    mistakes: list[PoMistake]


_PLAIN_STRING = re.compile(r'"([^"\\]*)"\s*$')
# Escaped quotes, backslashes, line breaks and tabs only: a line break or tab is never a finding
# in a translation (text.classify), so where it is written need not be known.
_COMMON_ESCAPES = re.compile(r'"((?:[^"\\]|\\[\\"nt])*)"\s*$')
_COMMON_ESCAPE = re.compile(r'\\([\\"nt])')


def _quoted(line: str, start: int, number: int,
            unseen: list[Spelling] | None = None) -> tuple[str, PoMistake | None]:
    """The text of the quoted string that opens at ``line[start]``, and its first mistake.

    Each character of the text that cannot be seen (not printable) is added to ``unseen`` with
    the place it is written at, itself or its escape, so a finding can point at it; but for an
    escaped line break or tab, which is never a finding in a translation.
    """
    plain = _PLAIN_STRING.match(line, start)  # most texts: no escape, nothing after the quote
    if plain is not None and (unseen is None or plain.group(1).isprintable()):
        return plain.group(1), None
    common = _COMMON_ESCAPES.match(line, start)  # most others: lines of Markdown ending in \n
    if common is not None and (unseen is None or common.group(1).isprintable()):
        return _COMMON_ESCAPE.sub(lambda escape: ESCAPES[escape.group(1)], common.group(1)), None
    return _quoted_by_character(line, start, number, unseen)


def _quoted_by_character(line: str, start: int, number: int,
                         unseen: list[Spelling] | None = None) -> tuple[str, PoMistake | None]:
    """:func:`_quoted` for any string: a rare escape, a mistake, an invisible character."""
    out: list[str] = []
    i = start + 1
    while i < len(line):
        char = line[i]
        if char == '"':
            rest = line[i + 1:]
            if rest.strip():
                column = i + 2 + len(rest) - len(rest.lstrip())
                return "".join(out), PoMistake(
                    tr("After the closing double quote comes more text: {text}.", text=repr(rest.strip())),
                    number, column, len(rest.strip()),
                    tr("A double quote inside a text is written \\\" (backslash, quote); "
                       "nothing may follow the closing quote on its line."))
            return "".join(out), None
        if char == "\\":
            escaped = line[i + 1:i + 2]
            if escaped not in ESCAPES or not escaped:
                shown = "\\" + escaped if escaped else tr("\\ at the end of the line")
                return "".join(out), PoMistake(
                    tr("'{shown}' is not an escape a PO file knows.", shown=shown), number, i + 1, 2, tr(ESCAPE_HINT))
            out.append(ESCAPES[escaped])
            if unseen is not None and not out[-1].isprintable():
                unseen.append(Spelling(number, i + 1, 2, out[-1], "\\" + escaped))
            i += 2
            continue
        out.append(char)
        if unseen is not None and not char.isprintable():
            unseen.append(Spelling(number, i + 1, 1, char, ""))
        i += 1
    return "".join(out), PoMistake(
        tr("This text has no closing double quote (\")."), number, start + 1, max(1, len(line.rstrip()) - start),
        tr("End the text with a double quote (\") on the same line; a text that goes over several lines "
           "is written as one quoted piece per line."))


class _Reader:
    """Reads a PO file line by line into entries, collecting every mistake on the way."""

    def __init__(self) -> None:
        self.entries: list[PoEntry] = []
        self.mistakes: list[PoMistake] = []
        self.current: PoEntry | None = None
        self.open_part = ""  # the part continuation strings add to: msgctxt, msgid, msgstr; "-" none
        self.pending = PoEntry()  # comments read for the next entry
        self.previous_part = ""  # the part of a "#|" previous text that continuation strings add to

    def mistake(self, message: str, line: int, column: int = 1, width: int = 1, hint: str = "") -> None:
        context = self.current.context if self.current and self.current.context else ""
        self.mistakes.append(PoMistake(message, line, column, width, hint, context or ""))

    def finish(self) -> None:
        """Close the entry being read; a message needs a msgid and a msgstr."""
        entry, self.current, self.open_part = self.current, None, ""
        if entry is None:
            return
        if entry.msgid is None:
            self.mistakes.append(PoMistake(
                tr("This msgctxt is followed by no msgid."), entry.context_line, 1, 7,
                tr("Every message is msgctxt, then msgid, then msgstr; add the msgid or remove the msgctxt."),
                entry.context or ""))
        elif entry.msgstr is None:
            self.mistakes.append(PoMistake(
                tr("The message {name} has no msgstr.", name=entry.name), entry.msgid_line, 1, 5,
                tr('Add a line msgstr "..." with the translation after its msgid (msgstr "" when it is '
                   "not translated yet)."), entry.context or ""))
        else:
            self.entries.append(entry)

    def read(self, text: str) -> PoFile:
        for number, line in enumerate(text.split("\n"), start=1):
            line = line.rstrip("\r")
            body = line.strip()
            if not body:
                continue
            start = len(line) - len(line.lstrip())
            if body.startswith("#~"):
                rest = line[start + 2:]
                offset = start + 2 + len(rest) - len(rest.lstrip())
                if rest.lstrip().startswith("|"):
                    self.finish()
                    after = line[offset + 1:]
                    self.previous(line, offset + 1 + len(after) - len(after.lstrip()), number)
                elif rest.strip():
                    self.statement(line, offset, number, obsolete=True)
            elif body.startswith("#|"):
                self.finish()
                after = line[start + 2:]
                self.previous(line, start + 2 + len(after) - len(after.lstrip()), number)
            elif body.startswith("#"):
                self.finish()
                self.previous_part = ""
                self.comment(body)
            else:
                self.statement(line, start, number, obsolete=False)
        self.finish()
        self.check_unique()
        return PoFile(self.entries, sorted(self.mistakes, key=lambda m: (m.line, m.column)))

    def comment(self, body: str) -> None:
        kind = body[1:2]
        if kind == ",":
            self.pending.flags.extend(flag.strip() for flag in body[2:].split(",") if flag.strip())
        elif kind == ".":
            if body[2:].strip():
                self.pending.auto_comments.append(body[2:].strip())
        elif kind == ":":
            for location in body[2:].split():
                name, colon, line = location.rpartition(":")
                self.pending.locations.append((name, int(line)) if colon and line.isdigit() else (location, None))
        else:
            self.pending.user_comments.append(body[1:].strip())

    def previous(self, line: str, start: int, number: int) -> None:
        """A ``#|`` line: the source text a fuzzy translation was made for."""
        word = line[start:].split(None, 1)[0] if line[start:].strip() else ""
        if word.startswith('"'):
            value, problem = _quoted(line, start, number)
            if problem:
                self.mistakes.append(problem)
            elif self.previous_part == "msgid" and self.pending.previous_id:
                self.pending.previous_id[-1] += value
            elif not self.previous_part:
                self.mistake(tr("This quoted text in a #| comment follows no msgctxt or msgid."), number, start + 1)
            return
        if word not in PREVIOUS_KEYWORDS:
            self.mistake(tr("A #| comment holds the previous msgctxt or msgid, not {word}.", word=repr(word)),
                         number, start + 1, max(1, len(word)),
                         tr("Remove the line, or write it as #| msgid \"...\"."))
            return
        value, failed = self.value_after(line, start + len(word), word, number)
        if failed:
            return
        self.previous_part = word
        if word == "msgid":
            self.pending.previous_id.append(value)

    def value_after(self, line: str, end: int, word: str, number: int,
                    unseen: list[Spelling] | None = None) -> tuple[str, bool]:
        """The quoted text after a keyword; True when there was a mistake (already recorded)."""
        rest = line[end:]
        quote = end + len(rest) - len(rest.lstrip())
        if not rest[:1].isspace() or not rest.strip().startswith('"'):
            self.mistake(tr("{word} must be followed by a space and its text in double quotes.", word=word), number,
                         quote + 1 if rest.strip() else end, 1,
                         tr('Write {word} "..." (an empty text is written "").', word=word))
            return "", True
        value, problem = _quoted(line, quote, number, unseen)
        if problem:
            self.mistake(problem.message, problem.line, problem.column, problem.width, problem.hint)
            return value, True
        return value, False

    def statement(self, line: str, start: int, number: int, *, obsolete: bool) -> None:
        """A keyword line (msgctxt, msgid, msgstr) or a quoted text that continues one."""
        if line[start] == '"':
            unseen: list[Spelling] = []
            value, problem = _quoted(line, start, number, unseen)
            if problem:
                self.mistake(problem.message, problem.line, problem.column, problem.width, problem.hint)
            if self.open_part == "-":
                return
            if not self.open_part or self.current is None:
                self.mistake(tr("This quoted text follows no msgctxt, msgid or msgstr."), number, start + 1,
                             hint=tr("A text that goes over several lines continues right after its keyword "
                                     "line; remove blank or comment lines in between."))
                self.open_part = "-"
                return
            setattr(self.current, self.open_part, (getattr(self.current, self.open_part) or "") + value)
            if self.open_part == "msgstr":
                self.current.msgstr_unseen.extend(unseen)
            return
        word = line[start:].split(None, 1)[0]
        word = word.split('"', 1)[0] or word
        if word.startswith(PLURAL_KEYWORDS):
            if self.current is not None and self.current.msgid is not None and self.current.msgstr is None:
                self.current.msgstr = ""  # told here; not also as a message without msgstr
            self.mistake(tr("{word} is a plural form, which routegen's texts do not have.", word=word), number,
                         start + 1, len(word),
                         tr("Each text has one translation: write it after msgstr and remove this line."))
            self.open_part = "-"
            return
        if word not in ("msgctxt", "msgid", "msgstr"):
            self.mistake(tr("This line is not part of a message."), number, start + 1, len(word),
                         tr("A PO file holds comments (starting with #), the keywords msgctxt, msgid and msgstr, "
                            "and texts in double quotes. Put the line in quotes after a keyword, or make it a "
                            "comment with #."))
            self.open_part = "-"
            return
        unseen = []
        value, failed = self.value_after(line, start + len(word), word, number, unseen)
        if word == "msgctxt":
            self.finish()
            self.start_entry(obsolete)
            assert self.current is not None
            self.current.context, self.current.context_line = value, number
        elif word == "msgid":
            if self.current is not None and self.current.msgid is not None:
                self.finish()
            if self.current is None:
                self.start_entry(obsolete)
            assert self.current is not None
            self.current.msgid, self.current.msgid_line = value, number
        else:
            if self.current is None or self.current.msgid is None:
                self.mistake(tr("This msgstr belongs to no msgid."), number, start + 1, len(word),
                             tr("Every message is msgid, then msgstr; add the msgid or remove the msgstr."))
                self.open_part = "-"
                return
            if self.current.msgstr is not None:
                self.mistake(tr("The message {name} already has a msgstr, on line {line}.",
                                name=self.current.name, line=self.current.msgstr_line), number, start + 1, len(word),
                             tr("A message has one msgstr; join the texts into one."))
                self.open_part = "-"
                return
            self.current.msgstr, self.current.msgstr_line = value, number
            self.current.msgstr_unseen = unseen
        self.open_part = word if not failed else "-"

    def start_entry(self, obsolete: bool) -> None:
        self.current, self.pending = self.pending, PoEntry()
        self.current.obsolete = obsolete
        self.previous_part = ""

    def check_unique(self) -> None:
        """Each context (each text of the route) may have one message; only the header has no msgid."""
        seen: dict[tuple[str | None, str], PoEntry] = {}
        contexts: dict[str, PoEntry] = {}
        for entry in self.entries:
            if entry.obsolete:
                continue
            first = contexts.get(entry.context) if entry.context is not None else None
            if first is None:
                first = seen.get((entry.context, entry.msgid or ""))
            if first is not None:
                self.mistakes.append(PoMistake(
                    tr("The message {name} is already in this file, on line {line}.", name=entry.name,
                       line=first.context_line or first.msgid_line), entry.context_line or entry.msgid_line, 1, 7,
                    tr("Keep one of the two messages and remove the other."), entry.context or ""))
            if entry.context is not None:
                contexts.setdefault(entry.context, entry)
                if not entry.msgid:
                    self.mistakes.append(PoMistake(
                        tr("The message {name} has an empty msgid.", name=entry.name), entry.msgid_line, 1, 5,
                        tr("Only the header at the top of the file has an empty msgid; put back the source "
                           "text after msgid, or remove the message."),
                        entry.context))
            seen.setdefault((entry.context, entry.msgid or ""), entry)


def read_po_text(text: str) -> PoFile:
    """Every message of a PO file, and every mistake in it, each at its own line and column."""
    return _Reader().read(text)


def to_catalog(entries: list[PoEntry]) -> tuple[Catalog, list[PoMistake]]:
    """The Babel catalog of a PO file read without mistakes (the header is checked here)."""
    catalog = Catalog(locale=None, domain=None, charset=None)
    mistakes: list[PoMistake] = []
    for entry in entries:
        msgid = entry.msgid or ""
        message = Message(msgid, entry.msgstr or "", entry.locations,  # type: ignore[arg-type]
                          entry.flags, entry.auto_comments, entry.user_comments, entry.previous_id,
                          lineno=entry.msgid_line, context=entry.context)
        if entry.obsolete:  # keyed as Babel keys them
            catalog.obsolete[(msgid, entry.context) if entry.context is not None else msgid] = message
            continue
        try:
            catalog[message.id] = message
        except (ValueError, UnknownLocaleError) as exc:  # a header field such as Language or a date
            language = exc.identifier if isinstance(exc, UnknownLocaleError) else ""
            mistakes.append(PoMistake(
                tr("The header of this file (the msgstr of the empty msgid) has a value routegen cannot "
                   "read: the language {language} is unknown.", language=repr(language)) if language else
                tr("The header of this file (the msgstr of the empty msgid) has a value routegen cannot read."),
                entry.msgstr_line, 1, 6,
                tr("Check the Language, Plural-Forms and date lines of the header (Poedit sets them under "
                   "Translation > Properties).")))
    return catalog, mistakes
