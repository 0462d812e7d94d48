"""Hints for the mistakes authors make most: Dutch dates, Word's curly quotes, Dutch choices.

The messages in their place are pinned by the cases in tests/invalid/ (schema-date-day-first-*,
schema-status-in-dutch-*, syntax-curly-*, trap-*curly-*); these tests pin the recognising.
"""

from __future__ import annotations

import datetime as dt

import pytest

from routegen import hints


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("29-11-2026", dt.date(2026, 11, 29)),
        ("29/11/2026", dt.date(2026, 11, 29)),
        ("29.11.2026", dt.date(2026, 11, 29)),
        ("1-2-2026", dt.date(2026, 2, 1)),  # day first, as in Dutch: 1 February
        ("11/29/2026", dt.date(2026, 11, 29)),  # month first is the only reading that is a date
        (" 05-01-2026 ", dt.date(2026, 1, 5)),
    ],
)
def test_a_day_first_date_is_converted(typed: str, meant: dt.date) -> None:
    assert hints.date_written_day_first(typed) == meant
    assert hints.date_hint(typed) == f"Write the year first, then the month and the day: {meant.isoformat()}."


@pytest.mark.parametrize("typed", ["31-02-2026", "29-11/2026", "29-11-26", "2026-13-01", "morgen", "", 20261129])
def test_no_date_to_suggest_gives_the_general_form(typed: object) -> None:
    assert hints.date_hint(typed) == hints.DATE_HINT


@pytest.mark.parametrize(
    ("word", "choice"),
    [("concept", "draft"), ("Concept", "draft"), ("ontwerp", "draft"), ("gepubliceerd", "published"),
     ("definitief", "published"), ("voorbeeld", "example"), ("Voorbeeld", "example")],
)
def test_a_status_in_dutch_names_the_english_choice(word: str, choice: str) -> None:
    hint = hints.dutch_choice_hint(word, ["example", "draft", "published"])
    assert hint == f"The choices are English words (example, draft, published): for '{word}', write {choice}."


def test_a_dutch_word_only_hints_at_a_choice_that_is_offered() -> None:
    """'gemeente' means municipality as a partner kind, and nothing as a status."""
    assert hints.dutch_choice_hint("gemeente", ["example", "draft", "published"]) is None
    kinds = ["municipality", "coa", "other"]
    assert hints.dutch_choice_hint("gemeente", kinds) == (
        "The choices are English words (municipality, coa, other): for 'gemeente', write municipality.")
    assert hints.dutch_choice_hint("klaar", ["example", "draft", "published"]) is None


@pytest.mark.parametrize("text", ["“Welkom”", "‘Welkom’", "„Welkom”", "„Welkom“", "«Welkom»"])
def test_curly_quotes_around_a_text_are_recognised_and_taken_off(text: str) -> None:
    assert hints.wrapped_in_curly_quotes(text)
    assert hints.without_curly_quotes(text) == "Welkom"


@pytest.mark.parametrize("text", ["Je krijgt een „buddy”", "’s-Hertogenbosch", "‘s-Hertogenbosch", "“", '"Welkom"'])
def test_curly_quotes_inside_a_text_or_alone_are_left_alone(text: str) -> None:
    assert not hints.wrapped_in_curly_quotes(text)
    assert hints.without_curly_quotes(text) == text


def test_an_empty_key_is_no_curly_quote() -> None:
    """A mapping with an empty key (``municipality: {"": null}``) once crashed check here."""
    from routegen.hints import starts_with_curly_quote

    assert not starts_with_curly_quote("") and starts_with_curly_quote("“Welkom")
