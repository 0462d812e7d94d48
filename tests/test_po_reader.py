"""routegen's own PO reader: exactly Babel's reading of a good file, its own located words for a bad one."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from hypothesis import example, given, settings
from hypothesis import strategies as st

from routegen.po_reader import _quoted, _quoted_by_character, read_po_text, to_catalog

LOCALES = Path(__file__).resolve().parent.parent / "routes" / "smallingerland" / "locales"


@pytest.mark.parametrize("path", sorted(LOCALES.glob("*.po*")), ids=lambda p: p.name)
def test_a_good_catalog_reads_as_babel_reads_it(path: Path) -> None:
    data = path.read_bytes()
    po = read_po_text(data.decode("utf-8"))
    assert po.mistakes == []
    catalog, mistakes = to_catalog(po.entries)
    assert mistakes == []
    babel = read_po(io.BytesIO(data))

    def seen(messages: object) -> list[tuple[object, ...]]:
        return [(m.id, m.string, m.context, sorted(m.flags), m.auto_comments, m.user_comments, m.lineno)
                for m in messages]  # type: ignore[attr-defined]

    assert seen(catalog) == seen(babel)
    assert catalog.header_comment == babel.header_comment and catalog.mime_headers == babel.mime_headers


ENTRY = 'msgctxt "steps.a.title"\nmsgid "Welkom"\n'


@pytest.mark.parametrize("text, line, column, message", [
    (ENTRY + 'msgstr "Welcome\n', 3, 8, 'This text has no closing double quote (").'),
    (ENTRY + 'msgstr "Say "hi" now"\n', 3, 14, "After the closing double quote comes more text: 'hi\" now\"'."),
    (ENTRY + 'msgstr "a \\x41"\n', 3, 11, "'\\x' is not an escape a PO file knows."),
    (ENTRY + 'msgstr "Welcome"\nWelcome back\n', 4, 1, "This line is not part of a message."),
    (ENTRY + '\nmsgctxt "steps.b.title"\nmsgid "Werk"\nmsgstr ""\n', 2, 1,
     "The message 'steps.a.title' has no msgstr."),
    (ENTRY + "msgstr Welcome\n", 3, 8, "msgstr must be followed by a space and its text in double quotes."),
    (ENTRY + 'msgstr ""\nmsgstr "Welcome"\n', 4, 1,
     "The message 'steps.a.title' already has a msgstr, on line 3."),
    (ENTRY + 'msgstr ""\n\n' + ENTRY + 'msgstr ""\n', 5, 1,
     "The message 'steps.a.title' is already in this file, on line 1."),
    ('msgstr "Welcome"\n', 1, 1, "This msgstr belongs to no msgid."),
    (ENTRY + 'msgstr ""\n# note\n"Welcome"\n', 5, 1, "This quoted text follows no msgctxt, msgid or msgstr."),
    ('#~ msgctxt "steps.a.title"\n#~ msgid "Welkom"\n#~ msgstr "Welcome\n', 3, 11,
     'This text has no closing double quote (").'),
], ids=["unterminated", "quote inside", "unknown escape", "stray line", "missing msgstr", "unquoted text",
        "second msgstr", "repeated context", "msgstr without msgid", "string after a comment",
        "unterminated in an obsolete entry"])
def test_a_mistake_is_found_at_its_own_line_and_column(text: str, line: int, column: int, message: str) -> None:
    mistakes = read_po_text(text).mistakes
    assert [(m.line, m.column, m.message) for m in mistakes] == [(line, column, message)]


def test_previous_source_text_is_read_as_the_previous_id_not_a_comment() -> None:
    po = read_po_text('#, fuzzy\n#| msgid "Wel"\n#| "kom"\n' + ENTRY + 'msgstr "Welcome"\n')
    assert po.mistakes == []
    (entry,) = po.entries
    assert entry.previous_id == ["Welkom"] and entry.user_comments == [] and entry.flags == ["fuzzy"]
    assert (entry.context_line, entry.msgid_line, entry.msgstr_line) == (4, 5, 6)


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(['"', "\\", "n", "t", "r", "x", "a", " ", "\u200f", "\u00a0", "\t", "é"]),
               max_size=30))
@example('"Regel een\\nRegel \\"twee\\"\\t\\\\"')
@example('"met \u200f en \\n"')
def test_the_quick_readings_of_a_string_equal_the_careful_one(body: str) -> None:
    """Strings without escapes, or with only escaped quotes, backslashes, line breaks and tabs,
    are read by one regular expression; the text and any mistake must be what reading character
    by character gives, and so must every invisible character that can be a finding."""
    line = f'msgstr {body}'
    quick_unseen: list = []
    careful_unseen: list = []
    assert _quoted(line, 7, 3, quick_unseen) == _quoted_by_character(line, 7, 3, careful_unseen)
    assert _quoted(line, 7, 3) == _quoted_by_character(line, 7, 3)
    findable = [spelling for spelling in careful_unseen if spelling.char not in "\n\t"]
    assert [spelling for spelling in quick_unseen if spelling.char not in "\n\t"] == findable
