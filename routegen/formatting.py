"""Numbers, money, dates and durations as each language writes them, from CLDR through Babel."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.lists import format_list
from babel.numbers import format_currency
from babel.units import format_unit

from .languages import get_language
from .model import Duration


def _locale(lang: str) -> Locale:
    return Locale.parse(get_language(lang).formatting_locale)


def format_money(amount: float, currency: str, lang: str) -> str:
    """An amount as the reader's locale writes money; whole amounts without cents (€ 1.500)."""
    locale = _locale(lang)
    if float(amount).is_integer():
        pattern = locale.currency_formats["standard"].pattern
        whole = pattern.replace(".00", "").replace(".##", "")
        return format_currency(amount, currency, format=whole, locale=locale, currency_digits=False)
    return format_currency(amount, currency, locale=locale)


def format_date(value: dt.date, lang: str) -> str:
    """A date in the reader's long form: 24 november 2026, 24 November 2026, ٢٤ نوفمبر ٢٠٢٦..."""
    return babel_format_date(value, format="long", locale=_locale(lang))


def format_duration(duration: Duration, lang: str) -> str:
    """"3 months" in the reader's language.

    Babel's CLDR data lacks the long form for some plural categories (Arabic "few", Farsi,
    Turkish); the short form is then the right CLDR text, never the raw unit id.
    """
    unit = f"duration-{duration.unit}"
    locale = _locale(lang)
    for length in ("long", "short", "narrow"):
        text = format_unit(duration.amount, unit, length=length, locale=locale)
        if unit not in text:
            return text
    return f"{duration.amount} {duration.unit}"


ListStyle = Literal["standard", "or"]


def format_list_text(items: list[str], lang: str, style: ListStyle = "standard") -> str:
    """Items joined as the reader's language joins a list, from CLDR: 'standard' for "and"
    (A, B en C; A وB وC), 'or' for "or" (A of B; A أو B)."""
    if not items:
        return ""
    return format_list(items, style=style, locale=_locale(lang))
