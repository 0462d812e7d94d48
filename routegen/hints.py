"""Hints for the mistakes Dutch policy officers make most: a date written the Dutch way, quotes
pasted from Word, a choice written in Dutch.

Each function only recognises the mistake and words its hint; load and validate place it at its
file, line and column like every other problem. Every message is one format string, so that it
can be translated whole.
"""

from __future__ import annotations

import datetime as dt
import re

from .speech import N_tr, tr

# 29-11-2026, 29/11/2026, 29.11.2026 (one separator, used twice), 1-2-2026 too.
_DAY_MONTH_YEAR = re.compile(r"^\s*(\d{1,2})([-/.])(\d{1,2})\2(\d{4})\s*$")

DATE_HINT = N_tr("Write a date as YYYY-MM-DD, such as 2026-11-01.")
DUTCH_DATE_HINT = N_tr("Write the year first, then the month and the day: {date}.")


def date_written_day_first(text: str) -> dt.date | None:
    """The date an author meant by 29-11-2026 (day first, as in Dutch), or None.

    When the day-first reading is no date (11/29/2026), the month-first reading is tried, so the
    hint names a real date; when neither is, there is nothing sensible to suggest.
    """
    found = _DAY_MONTH_YEAR.match(text)
    if found is None:
        return None
    first, _, second, year = found.groups()
    for day, month in ((first, second), (second, first)):
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            continue
    return None


def date_hint(value: object) -> str:
    """The hint for a value that is not a date: the converted date when it is a Dutch one."""
    meant = date_written_day_first(value) if isinstance(value, str) else None
    return tr(DUTCH_DATE_HINT, date=meant.isoformat()) if meant else tr(DATE_HINT)


# Dutch words authors write for a choice that routegen spells in English, by that English word.
# Used only where the English word is one of the choices, so 'test' means example only for status.
_DUTCH_CHOICES: dict[str, tuple[str, ...]] = {
    "draft": ("concept", "conceptversie", "ontwerp", "klad", "voorlopig", "in-bewerking",
              "in bewerking", "werkversie"),
    "published": ("gepubliceerd", "publiceren", "definitief", "vastgesteld", "openbaar", "publiek",
                  "live", "online", "actief"),
    "example": ("voorbeeld", "proef", "test", "demo", "fictief", "oefening"),
    "step": ("stap",),
    "handover": ("overdracht", "warme-overdracht", "warme overdracht", "overdragen"),
    "programme": ("programma", "program"),
    "municipality": ("gemeente",),
    "volunteers": ("vrijwilligers", "vrijwilliger"),
    "employer": ("werkgever", "werkgevers"),
    "housing": ("woningcorporatie", "wonen", "woning"),
    "welfare": ("welzijn", "welzijnswerk"),
    "health": ("zorg", "gezondheid", "ggd", "huisarts"),
    "language": ("taal", "taalschool", "taalaanbieder"),
    "benefits": ("uitkering", "inkomen"),
    "refugee-support": ("vluchtelingenwerk",),
    "other": ("anders", "overig", "overige"),
    "asked": ("gevraagd", "toestemming"),
    "not-asked": ("niet-gevraagd", "niet gevraagd"),
    "required-by-law": ("wettelijk", "verplicht", "wettelijk-verplicht", "wettelijk verplicht"),
}
_ENGLISH_FOR = {dutch: english for english, words in _DUTCH_CHOICES.items() for dutch in words}

DUTCH_CHOICE_HINT = N_tr("The choices are English words ({choices}): for '{word}', write {choice}.")


def dutch_choice_hint(word: str, choices: list[str]) -> str | None:
    """The hint for a choice written in Dutch (status: concept -> draft), or None."""
    english = _ENGLISH_FOR.get(word.strip().lower())
    if english is None or english not in choices:
        return None
    return tr(DUTCH_CHOICE_HINT, choices=", ".join(choices), word=word, choice=english)


# Typographic quotes a word processor puts in for " and ', which YAML reads as plain letters.
OPENING_CURLY_QUOTES = "“‘„‚«"
CLOSING_CURLY_QUOTES = "”’“‘»"
CURLY_QUOTES = "“”‘’„‚«»"

# Translated where they are used: tr(CURLY_QUOTE_COLON_MESSAGE, quote=...).
CURLY_QUOTE_COLON_MESSAGE = N_tr(
    "This text starts with a curly quote ({quote}), as Word writes them. YAML only takes straight "
    "quotes (\" or ') as quotes, so it reads the ': ' in the text as the start of a new key."
)
CURLY_QUOTE_COLON_HINT = N_tr("Use straight quotes instead: {example}")
CURLY_QUOTED_TEXT_MESSAGE = N_tr(
    "This text is between curly quotes ({opening} {closing}), as Word writes them. YAML does not "
    "read them as quotes, so they are shown on the site as part of the text."
)
CURLY_QUOTED_TEXT_HINT = N_tr(
    "If they were meant as quotes, use straight ones (or none): {plain} — if they belong to the "
    "text, put straight quotes around them: {kept}"
)


def starts_with_curly_quote(text: str) -> bool:
    return bool(text) and text[0] in OPENING_CURLY_QUOTES  # "" is "in" every string


def wrapped_in_curly_quotes(text: str) -> bool:
    """Whether a whole text stands between a pasted pair of curly quotes: “...”, „...”, ‘...’."""
    return len(text) >= 2 and text[0] in OPENING_CURLY_QUOTES and text[-1] in CLOSING_CURLY_QUOTES


def without_curly_quotes(text: str) -> str:
    """The text with a pasted pair of curly quotes around it taken off (a lone one may be an
    apostrophe, as in ‘s-Hertogenbosch)."""
    return text[1:-1] if wrapped_in_curly_quotes(text) else text


def double_quoted(text: str) -> str:
    """Text in YAML double quotes, as an author would type it."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def single_quoted(text: str) -> str:
    """Text in YAML single quotes, where a ' is written twice."""
    return "'" + text.replace("'", "''") + "'"
