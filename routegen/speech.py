"""The language routegen speaks to authors: the messages of check, build, i18n and the other commands.

Authors are Dutch policy officers, so every message to them (an error in a route file, its hint,
a summary line) is in English or Dutch. The English words are the msgids in the code; the Dutch
ones are in the gettext catalog ``routegen/locales/cli/nl.po``, a domain of its own, apart from
the site's UI catalogs (``routegen/locales/<lang>.po``): other readers, other translators.

Marking, at the place a message is built::

    tr("There is no {what} with id '{target}'.", what=what, target=target)
    trn("{n} error", "{n} errors", count)               # n is the count
    HINT = N_tr("Write a date as YYYY-MM-DD.")           # module level; tr(HINT) where it is used

Values are filled in after translation (``str.format``, only when values are given, so a message
without values keeps its braces as written); a message is never put together from translated
pieces. The template ``routegen/locales/cli/cli.pot`` is extracted with Babel::

    python -m routegen.speech        # writes cli.pot and updates nl.po (new texts untranslated)

(the same as ``pybabel extract -k tr -k trn:1,2 -k N_tr --no-default-keywords``), and the Dutch
catalog is edited with Poedit or any PO editor. The catalog is read with Babel at run time; a
message without a translation (or a fuzzy one) is shown in English.

Which language: the CLI decides once, at its start (``routegen --messages nl``, else
``ROUTEGEN_MESSAGES=nl|en``, else the locale variables LANGUAGE, LC_ALL, LC_MESSAGES and LANG as
gettext reads them: a Dutch locale gives Dutch, anything else English). The library itself speaks
English until :func:`set_messages_language` says otherwise, so library callers and tests get
English unless they ask.
"""

from __future__ import annotations

import gettext
import io
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

MESSAGE_LANGUAGES = ("en", "nl")
SOURCE_LANGUAGE = "en"
MESSAGES_VARIABLE = "ROUTEGEN_MESSAGES"
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
DOMAIN = "cli"
# Babel keyword specs of the marking functions (trn: singular and plural are arguments 1 and 2).
KEYWORDS: dict[str, tuple[int, ...] | None] = {"tr": None, "trn": (1, 2), "N_tr": None}
COMMENT_TAGS = ("TRANSLATORS:",)

_language = SOURCE_LANGUAGE


def catalog_dir() -> Path:
    """The folder of the messages' catalogs: cli.pot and one PO file per language."""
    return Path(__file__).parent / "locales" / DOMAIN


def messages_language() -> str:
    """The language messages are built in now: "en" or "nl"."""
    return _language


def set_messages_language(lang: str) -> str:
    """Speak ``lang`` (en or nl) from now on; returns the language spoken before."""
    global _language
    if lang not in MESSAGE_LANGUAGES:
        raise ValueError(f"routegen's messages are in {' or '.join(MESSAGE_LANGUAGES)}, not {lang!r}")
    before, _language = _language, lang
    return before


@contextmanager
def messages_in(lang: str) -> Iterator[None]:
    """Speak ``lang`` inside the block, and what was spoken before after it."""
    before = set_messages_language(lang)
    try:
        yield
    finally:
        set_messages_language(before)


def _language_of(value: str) -> str | None:
    """The message language a locale name asks for: nl_NL.UTF-8 -> nl, en_GB -> en, C -> None."""
    code = value.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return code if code in MESSAGE_LANGUAGES else None


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for: ROUTEGEN_MESSAGES, else the locale, else English.

    Like gettext, the first locale variable that is set decides; LANGUAGE may list several
    languages (``fy:nl``), and the first one routegen speaks wins.
    """
    env = os.environ if environ is None else environ
    forced = _language_of(env.get(MESSAGES_VARIABLE, ""))
    if forced:
        return forced
    for variable in LOCALE_VARIABLES:
        value = env.get(variable, "")
        if value:
            for part in value.split(":"):
                found = _language_of(part)
                if found:
                    return found
            return SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


@lru_cache(maxsize=8)
def _translations(lang: str) -> gettext.NullTranslations:
    """The catalog of one language, read with Babel and compiled in memory (fuzzy entries left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    path = catalog_dir() / f"{lang}.po"
    if lang == SOURCE_LANGUAGE or not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def tr(msgid: str, **values: object) -> str:
    """gettext: the message in the language spoken now, with its {named} values filled in."""
    text = _translations(_language).gettext(msgid)
    return text.format(**values) if values else text


def trn(singular: str, plural: str, n: int, **values: object) -> str:
    """ngettext: the form of the message for the count ``n``, which the message names {n}."""
    text = _translations(_language).ngettext(singular, plural, n)
    return text.format(n=n, **values)


def number(value: int | float, decimals: int | None = None) -> str:
    """A number as the language spoken now writes it: 100,000 and 1.5 in English, 100.000 and 1,5
    in Dutch (``decimals``: that many digits after the point)."""
    return in_notation(f"{value:,.{decimals}f}" if decimals is not None else f"{value:,}")


def in_notation(shown: str) -> str:
    """A number written the English way (1,500.5) as the language spoken now writes it."""
    return shown.translate(str.maketrans(",.", ".,")) if _language == "nl" else shown


def N_tr(msgid: str) -> str:  # noqa: N802 - the gettext convention for "mark for translation"
    """Mark a message for extraction where it is translated later, with :func:`tr`."""
    return msgid


# --- the template, for translators --------------------------------------------------------


def extract_catalog() -> Catalog:
    """Every message marked in routegen's code, as a gettext template."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    package = Path(__file__).parent
    catalog = Catalog(project="routegen", domain=DOMAIN, fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(package), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    ):
        catalog.add(message, None, [(f"routegen/{filename}", lineno)], auto_comments=comments,
                    context=context, flags=("python-brace-format",) if _has_values(message) else ())
    return catalog


def _has_values(message: str | tuple[str, ...]) -> bool:
    texts = (message,) if isinstance(message, str) else message
    return any("{" in text for text in texts)


def write_template() -> list[Path]:
    """Write cli.pot, and bring every language's catalog up to date with it (new texts untranslated,
    changed ones fuzzy), as ``pybabel update`` does."""
    from babel.messages.pofile import read_po, write_po

    folder = catalog_dir()
    folder.mkdir(parents=True, exist_ok=True)
    template = extract_catalog()
    pot = folder / f"{DOMAIN}.pot"
    with pot.open("wb") as handle:
        write_po(handle, template, width=100, omit_header=False, sort_output=False)
    written = [pot]
    for lang in MESSAGE_LANGUAGES:
        path = folder / f"{lang}.po"
        if lang == SOURCE_LANGUAGE or not path.is_file():
            continue
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang, domain=DOMAIN)
        catalog.update(template, update_header_comment=False)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, omit_header=False, ignore_obsolete=True)
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_template():
        print(written_path)
