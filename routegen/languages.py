"""The language registry: what routegen knows about each language a route is published in.

Every fact comes from CLDR through Babel, so that the site, the infographic and the PO catalogs
agree on a language's names, writing direction, script and plural rules, and so that nobody has
to maintain such a table by hand:

- a code is known when ``babel.Locale.parse`` accepts it (``-`` or ``_`` as separator, any case) *as
  written*: codes that Babel only accepts by rewriting them through CLDR's alias table (``ara`` ->
  ``ar_EG``, ``iw`` -> ``he``, ``und`` -> ``en_US``, ``en_UK`` -> ``en_GB``), or by dropping a part
  (``nl_Arab``, ``ca_ES_FOOBAR``), are refused with a suggestion, because the code ends up in
  ``lang`` attributes and catalog file names, where only the canonical code is right;
- every known code has one canonical spelling, its BCP 47 tag (``Language.code``: ``nl``,
  ``en-GB``, ``pt-BR``, ``sr-Latn``, ``zh-Hant-TW``, ``ca-ES-valencia``): the language in lower case,
  a script in title case, a region in upper case, variants in lower case, joined by ``-``. Pages,
  the picture and the sitemap name a language by it; a site folder is its lower-case form
  (``Language.folder``: ``en-gb``), so that no two folders differ only in case (they would be one
  folder on macOS and Windows). :func:`routegen.validate` refuses any other spelling in a route
  file with the tag as hint, so catalog file names (``<code>.po``) are canonical too;
- the direction comes from ``Locale.text_direction``, the script from CLDR's likely subtags,
  the autonym from ``Locale.get_display_name`` and the gettext ``Plural-Forms`` header from
  ``babel.messages.plurals.get_plural`` (the same one ``pybabel init`` writes).

Why a table of our own (``_DELIBERATE``): the languages statushouders read include some CLDR has no
locale for. Dari (``prs``) is the main one: it is one of the two official languages of Afghanistan
and a language many statushouders read, yet CLDR only lists it as an alias of ``fa_AF`` (which Babel
does not resolve, so ``Locale.parse("prs")`` fails). Authors and translators know it as its own
language with its own code, so we describe it deliberately, from CLDR's own data for ``fa_AF``
where that exists (the ``fa_AF`` locale itself names its language "دری"). Each entry says why it
is there; nothing is added on a guess, and every other unknown code is an error with a suggestion.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from babel import Locale, localedata
from babel.core import UnknownLocaleError, get_global, parse_locale
from babel.messages.plurals import get_plural

Direction = Literal["ltr", "rtl"]

__all__ = [
    "Direction",
    "Language",
    "UnknownLanguageError",
    "canonical_code",
    "get_language",
    "is_known_language",
    "suggest_language",
]


@dataclass(frozen=True, slots=True)
class Language:
    """Everything the pipeline needs to publish a route in one language, decided in one place."""

    code: str  # the canonical BCP 47 tag, for lang/hreflang/xml:lang: "nl", "prs", "pt-BR", "sr-Latn"
    english_name: str  # "Tigrinya"; for partners and for messages
    own_name: str  # autonym for the language menu: "ትግርኛ", "العربية", "Українська"
    direction: Direction
    script: str  # ISO 15924: "Latn", "Arab", "Ethi", "Cyrl", ...
    formatting_locale: str  # Babel locale id for numbers, dates, currency
    fonts: tuple[str, ...]  # font families in fallback order, always ending with "Noto Sans"
    plural_forms: str  # gettext Plural-Forms header value
    cldr: bool  # False for our own deliberate entries (Dari)

    @property
    def folder(self) -> str:
        """The site folder: the tag in lower case ("en-gb"), so no two folders differ only in case."""
        return self.code.lower()


class UnknownLanguageError(ValueError):
    """A language code neither CLDR nor our own table knows; carries a "did you mean" for the author."""

    def __init__(self, code: str, suggestion: str | None = None) -> None:
        self.code = code
        self.suggestion = suggestion
        message = f"unknown language code {code!r}"
        if suggestion is not None:
            message += f"; did you mean {suggestion!r} ({_describe(suggestion)})?"
        else:
            message += "; use a language code such as 'nl', 'ar', 'ti' or 'uk'"
        super().__init__(message)

    def __reduce__(self) -> tuple[type[UnknownLanguageError], tuple[str, str | None]]:
        return UnknownLanguageError, (self.code, self.suggestion)  # across processes


@dataclass(frozen=True, slots=True)
class _Deliberate:
    """A language CLDR lacks, described by us on purpose; ``why`` documents the decision."""

    english_name: str
    own_name: str
    script: str
    direction: Direction
    formatting_locales: tuple[str, ...]  # the first one Babel has is used
    plural_locale: str
    why: str


_DELIBERATE: Mapping[str, _Deliberate] = {
    "prs": _Deliberate(
        english_name="Dari",
        own_name="دری",  # what CLDR's fa_AF locale calls its own language
        script="Arab",
        direction="rtl",
        formatting_locales=("fa_AF", "fa"),
        plural_locale="fa",
        why="Dari (ISO 639-3 prs) is read by many Afghan statushouders; CLDR only aliases it to fa_AF",
    ),
}

# Scripts with upper and lower case, where a language menu starts the autonym with a capital.
# Georgian is left out on purpose: its capitals (Mtavruli) are not used to start a word.
_CASED_SCRIPTS = frozenset({"Latn", "Cyrl", "Grek", "Armn", "Copt", "Adlm", "Dsrt", "Osge"})

# Scripts drawn by plain "Noto Sans" (which covers Latin, Cyrillic and Greek).
_NOTO_SANS_SCRIPTS = frozenset({"Latn", "Cyrl", "Grek"})

# Noto families whose name is not "Noto Sans " + CLDR's English script name.
_NOTO_FAMILY = {
    "Arab": "Noto Sans Arabic",
    "Ethi": "Noto Sans Ethiopic",
    "Beng": "Noto Sans Bengali",
    "Cans": "Noto Sans Canadian Aboriginal",
    "Hans": "Noto Sans SC",
    "Hant": "Noto Sans TC",
    "Jpan": "Noto Sans JP",
    "Kore": "Noto Sans KR",
    "Mtei": "Noto Sans Meetei Mayek",
    "Nkoo": "Noto Sans NKo",
    "Orya": "Noto Sans Oriya",
    "Rohg": "Noto Sans Hanifi Rohingya",
    "Tibt": "Noto Serif Tibetan",  # Noto has no sans-serif Tibetan
}

# Names people use that CLDR's English and Dutch name lists lack or map elsewhere.
_NAME_SYNONYMS = {
    "farsi": "fa",
    "dari": "prs",  # CLDR's "Dari" is fa_AF; we have Dari as its own language
    "sorani": "ckb",
    "kurmanji": "ku",
}

_CODE_SHAPE = re.compile(r"[A-Za-z]{2,8}(?:[_-][A-Za-z0-9]{1,8})*")


@lru_cache(maxsize=2048)  # bounded: codes come from files; every CLDR locale still fits
def get_language(code: str) -> Language:
    """Describe the language a route file names, or explain why the code is not one.

    Case and separator do not matter (``NL``, ``en_gb``); the result's ``code`` is the canonical
    BCP 47 tag (``nl``, ``en-GB``), so callers that compare it with what was written can tell a
    misspelt code from a wrong one. Raises :class:`UnknownLanguageError` (with a suggestion where one is plausible).
    """
    deliberate = _deliberate_code(code)
    if deliberate is not None:
        return _deliberate_language(deliberate, _DELIBERATE[deliberate])
    parsed = _parse_as_written(code)
    if parsed is None:
        raise UnknownLanguageError(code, suggest_language(code))
    locale = parsed.locale
    script = _script_of(locale)
    own = locale.get_display_name(locale) or parsed.tag
    return Language(
        code=parsed.tag,
        english_name=locale.get_display_name("en") or parsed.tag,
        own_name=_capitalise(own) if script in _CASED_SCRIPTS else own,
        direction=_direction(locale.text_direction),
        script=script,
        formatting_locale=str(locale),
        fonts=_fonts_for(script),
        plural_forms=str(get_plural(locale)),
        cldr=True,
    )


def is_known_language(code: str) -> bool:
    """Whether :func:`get_language` accepts the code; cheap, as it loads no locale data."""
    return _deliberate_code(code) is not None or _parse_as_written(code) is not None


def canonical_code(code: str) -> str | None:
    """The BCP 47 tag of a known code however it is written (``en_gb`` -> ``en-GB``); None if unknown.

    Cheap like :func:`is_known_language`; it is what duplicates are compared by, and the spelling a
    route file must use.
    """
    deliberate = _deliberate_code(code)
    if deliberate is not None:
        return deliberate
    parsed = _parse_as_written(code)
    return parsed.tag if parsed is not None else None


def suggest_language(code: str) -> str | None:
    """The canonical code the author most likely meant, for a "did you mean" hint; None if no guess.

    Tries, in order: the code without surrounding spaces; ISO 639-2/3 and deprecated codes that
    CLDR maps to a canonical one (``ara`` -> ``ar``, ``dut`` -> ``nl``); the canonical form of a code
    Babel only accepts via an alias (``en_UK`` -> ``en_GB``); an English or Dutch language name
    (``Arabisch``, ``Tigrinya``, ``Farsi``; case and accents ignored); the language part of a code
    with an unknown region (``ar_XX`` -> ``ar``); and finally close misspellings of names and codes.
    The suggestion is always a canonical BCP 47 tag (``en-GB``); a known code suggests its own tag
    (``NL`` -> ``nl``, ``pt_br`` -> ``pt-BR``).
    """
    guess = _guess_language(code)
    return canonical_code(guess) if guess is not None else None


def _guess_language(code: str) -> str | None:
    """The known code, in any spelling, behind what the author typed (see :func:`suggest_language`)."""
    if is_known_language(code):
        return code
    text = code.strip()
    if not text:
        return None
    if is_known_language(text):
        return text
    norm = text.replace("-", "_")
    lang, _, rest = norm.partition("_")
    if lang.casefold() in ("und", "root"):  # "undetermined" and CLDR's root are no language
        return None
    if lang.casefold() in _DELIBERATE:  # "prs-AF" -> "prs", not CLDR's alias "fa_AF"
        return lang
    aliased = _language_aliases().get(lang.casefold())
    if aliased is not None:
        candidate = f"{aliased}_{rest}" if rest else aliased
        for option in (candidate, aliased):
            if is_known_language(option):
                return option
    if _CODE_SHAPE.fullmatch(norm):
        try:
            rewritten = str(Locale.parse(norm))  # through CLDR aliases: "en_UK" -> "en_GB"
        except (UnknownLocaleError, ValueError, TypeError):
            pass
        else:
            if is_known_language(rewritten):
                return rewritten
    names = _names_index()
    key = _fold(text)
    if key in names:
        return names[key]
    head = re.match(r"[A-Za-z]+", norm)
    if head and head.group() != norm and is_known_language(head.group()):
        return head.group()  # "ar_XX" -> "ar", "nl@foo" -> "nl"
    if len(key) > 3:
        close_names = difflib.get_close_matches(key, names, n=1, cutoff=0.8)
        if close_names:
            return names[close_names[0]]
    if len(norm) < 2:
        return None
    codes = _known_codes(with_region="_" in norm)
    close_codes = difflib.get_close_matches(norm.casefold(), codes, n=1, cutoff=0.6)
    if close_codes:
        return codes[close_codes[0]]
    return None


def _deliberate_language(code: str, entry: _Deliberate) -> Language:
    """Build a Language from our own table, borrowing formatting and plurals from a CLDR locale."""
    formatting = next(
        (loc for loc in entry.formatting_locales if localedata.exists(loc)),
        entry.formatting_locales[-1],
    )
    return Language(
        code=code,
        english_name=entry.english_name,
        own_name=entry.own_name,
        direction=entry.direction,
        script=entry.script,
        formatting_locale=formatting,
        fonts=_fonts_for(entry.script),
        plural_forms=str(get_plural(entry.plural_locale)),
        cldr=False,
    )


def _deliberate_code(code: str) -> str | None:
    """Our own table's key for a code in any case (``PRS`` -> ``prs``), or None."""
    key = code.replace("-", "_").casefold()
    return key if key in _DELIBERATE else None


@dataclass(frozen=True, slots=True)
class _Parsed:
    """A code Babel knows as written, with its canonical BCP 47 spelling."""

    locale: Locale
    tag: str  # "en-GB", "sr-Latn", "zh-Hant-TW", "ca-ES-valencia"


def _parse_as_written(code: str) -> _Parsed | None:
    """The Babel locale for a code, or None when Babel lacks it or only knows it under another name.

    Case and ``-``/``_`` do not matter, as subtags are told apart by their length, not their case.
    """
    if not _CODE_SHAPE.fullmatch(code):
        return None
    norm = code.replace("-", "_")
    try:
        parts = parse_locale(norm)
        locale = Locale.parse(norm)
    except (UnknownLocaleError, ValueError, TypeError):
        return None
    language = parts[0].lower()
    region = parts[1].upper() if parts[1] else None
    script = parts[2].title() if parts[2] else None
    variant = parts[3].lower() if len(parts) > 3 and parts[3] else None
    if locale.language in ("root", "und") or locale.language != language:
        return None
    if region is not None and locale.territory != region:
        return None
    if script is not None and _script_of(locale) != script:
        return None
    if variant is not None and (locale.variant or "").lower() != variant:
        return None  # Babel drops a variant it lacks ("ca_ES_FOOBAR" -> ca_ES)
    tag = "-".join(part for part in (language, script, region, variant) if part)
    return _Parsed(locale, tag)


def _script_of(locale: Locale) -> str:
    """The ISO 15924 script a locale is written in, using CLDR's likely subtags when implicit."""
    if locale.script:
        return locale.script
    likely = _likely_subtags()
    keys = [locale.language]
    if locale.territory:
        keys.insert(0, f"{locale.language}_{locale.territory}")
    for key in keys:
        full = likely.get(key)
        if full:
            parts = full.split("_")
            if len(parts) > 1 and len(parts[1]) == 4:
                return parts[1]
    return "Zyyy"  # "common": CLDR did not say; Noto Sans is the best we can do


def _direction(value: str) -> Direction:
    """Narrow Babel's text direction to the two that HTML's ``dir`` and our layout know.

    CLDR gives traditional Mongolian (``mn_Mong``) "ttb": its lines run top to bottom and follow
    each other from left to right, so "ltr" is the right ``dir`` for it.
    """
    return "rtl" if value == "rtl" else "ltr"


def _capitalise(name: str) -> str:
    """Upper-case only the first letter ("português (Brasil)" -> "Português (Brasil)")."""
    return name[:1].title() + name[1:]


def _fonts_for(script: str) -> tuple[str, ...]:
    """Font families that draw a script, most specific first, ending with the "Noto Sans" fallback."""
    if script in _NOTO_SANS_SCRIPTS or script in ("Zyyy", "Zzzz"):
        return ("Noto Sans",)
    family = _NOTO_FAMILY.get(script)
    if family is None:
        name = Locale("en").scripts.get(script, script)
        family = "Noto Sans " + re.sub(r"[^0-9A-Za-z ]", "", name)
    return (family, "Noto Sans")


def _describe(code: str) -> str:
    """English name of a known code, for messages."""
    try:
        return get_language(code).english_name
    except UnknownLanguageError:
        return code


def _fold(text: str) -> str:
    """Case- and accent-insensitive key, so "oekraiens" finds "Oekraïens"."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _likely_subtags() -> Mapping[str, str]:
    """CLDR likely subtags, e.g. "ti" -> "ti_Ethi_ET"."""
    data: Mapping[str, str] = get_global("likely_subtags")
    return data


@lru_cache(maxsize=1)
def _language_aliases() -> Mapping[str, str]:
    """CLDR language aliases ("ara" -> "ar", "dut" -> "nl"), keys case-folded."""
    data: Mapping[str, str] = get_global("language_aliases")
    return {key.casefold(): value for key, value in data.items() if value}


@lru_cache(maxsize=1)
def _names_index() -> Mapping[str, str]:
    """Folded language name -> known code, from our synonyms and CLDR's English and Dutch names."""
    index: dict[str, str] = dict(_NAME_SYNONYMS)
    for code, entry in _DELIBERATE.items():
        index.setdefault(_fold(entry.english_name), code)
        index.setdefault(_fold(entry.own_name), code)
    for display in ("en", "nl"):
        for code, name in Locale(display).languages.items():
            if is_known_language(code):
                index.setdefault(_fold(name), code)
    return index


@lru_cache(maxsize=2)
def _known_codes(*, with_region: bool) -> Mapping[str, str]:
    """Case-folded known code -> code, for misspelling suggestions; regions only when asked."""
    codes = [ident for ident in localedata.locale_identifiers() if ident != "root"]
    codes.extend(_DELIBERATE)
    return {
        code.casefold(): code
        for code in sorted(codes)
        if (with_region or "_" not in code) and is_known_language(code)
    }
