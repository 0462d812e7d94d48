"""Numbers, money, dates and durations as each language writes them, from CLDR through Babel."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal
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
    """"3 months" or "3–6 months" in the reader's language.

    Babel's CLDR data lacks the long form for some plural categories (Arabic "few", Farsi,
    Turkish); the short form is then the right CLDR text, never the raw unit id. A range takes
    the unit's form for its upper end (as CLDR's plural ranges mostly do) and puts the lower end
    before it with an en dash.
    """
    unit = f"duration-{duration.unit}"
    locale = _locale(lang)
    amount = duration.up_to or duration.amount
    text = f"{amount} {duration.unit}"
    for length in ("long", "short", "narrow"):
        formatted = format_unit(amount, unit, length=length, locale=locale)
        if unit not in formatted:
            text = formatted
            break
    if duration.up_to:
        upper = format_decimal(duration.up_to, locale=locale)
        span = f"{format_decimal(duration.amount, locale=locale)}–{upper}"
        if upper in text:
            return text.replace(upper, span, 1)
        # a form without the number (Arabic's dual "سنتان"): CLDR's general ("other") pattern
        patterns = locale._data["unit_patterns"].get(unit, {})  # noqa: SLF001 - Babel has no public getter
        pattern = next((patterns[length]["other"] for length in ("long", "short") if "other" in patterns.get(length, {})),
                       "{0} " + duration.unit)
        return pattern.replace("{0}", span)
    return text


ListStyle = Literal["standard", "or"]


def format_list_text(items: list[str], lang: str, style: ListStyle = "standard") -> str:
    """Items joined as the reader's language joins a list, from CLDR: 'standard' for "and"
    (A, B en C; A وB وC), 'or' for "or" (A of B; A أو B)."""
    if not items:
        return ""
    return format_list(items, style=style, locale=_locale(lang))
