"""routegen's own words (legend, headings, notices) in every language, from gettext catalogs.

The catalogs live in ``routegen/locales/<lang>.po`` with English msgids; they are read with
Babel at run time, so no compile step is needed. A language without a catalog, or a message
without a translation, falls back to English, marked with ``lang="en"`` by the caller through
:func:`ui_lang`.
"""

from __future__ import annotations

import io
import os
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from .languages import get_language

UI_SOURCE_LANGUAGE = "en"
UI_LANGUAGES = ("nl", "ar", "fa", "prs", "ti", "tr", "uk", "so")
KEYWORDS: dict[str, tuple[int | tuple[int, str], ...] | None] = {
    "_": None, "ui": None, "ui_label": None, "N_": None, "NC_": ((1, "c"), 2)}
UI_LOCALES_VARIABLE = "ROUTEGEN_UI_LOCALES"


def N_(msgid: str) -> str:  # noqa: N802 - the gettext convention for "mark for translation"
    """Mark a UI string for extraction where it is translated later."""
    return msgid


def NC_(context: str, msgid: str) -> tuple[str, str]:  # noqa: N802 - as N_, with a msgctxt
    """Mark a UI string with its context (msgctxt) for extraction; translated later with
    :meth:`UiText.pgettext`. Contexts keep entries apart whose English words could be equal."""
    return context, msgid


def ui_catalog_dir() -> Path:
    """The folder of routegen's own catalogs; ROUTEGEN_UI_LOCALES points elsewhere, so that a
    translator (or a test) can preview an edited copy with `routegen serve`."""
    override = os.environ.get(UI_LOCALES_VARIABLE)
    return Path(override) if override else Path(__file__).parent / "locales"


def _catalog_path(lang: str) -> Path | None:
    for code in (lang, get_language(lang).formatting_locale.split("_")[0]):
        path = ui_catalog_dir() / f"{code}.po"
        if path.is_file():
            return path
    return None


@lru_cache(maxsize=64)
def _parse_catalog(data: bytes) -> Catalog:
    """Keyed by the file's contents, not its name or time: any edit is seen by a running `serve`."""
    return read_po(io.BytesIO(data))


class UiText:
    """Translated UI strings for one language, with the language each string is really in."""

    def __init__(self, lang: str, catalog: Catalog | None) -> None:
        self.lang = lang
        self.catalog = catalog

    def lang_of(self, msgid: str, context: str | None = None) -> str:
        """The language a UI string is shown in: the reader's, or English when untranslated."""
        if self.lang == UI_SOURCE_LANGUAGE:
            return self.lang
        message = self.catalog.get(msgid, context) if self.catalog else None
        return self.lang if message is not None and message.string and not message.fuzzy else UI_SOURCE_LANGUAGE

    def pgettext(self, context: str, msgid: str) -> str:
        """The reader's translation of an English UI string that has a context (see NC_)."""
        message = self.catalog.get(msgid, context) if self.catalog is not None else None
        return str(message.string) if message is not None and message.string and not message.fuzzy else msgid

    def __call__(self, msgid: str, **values: object) -> str:
        """gettext: the reader's translation of an English UI string, with {named} values."""
        text = msgid
        if self.catalog is not None:
            message = self.catalog.get(msgid)
            if message is not None and message.string and not message.fuzzy:
                text = str(message.string)
        return text.format(**values) if values else text


def ui_text(lang: str) -> UiText:
    """The UI strings of one language as its catalog file reads now (parsed once per content)."""
    path = _catalog_path(lang) if lang != UI_SOURCE_LANGUAGE else None
    return _ui_text(lang, path.read_bytes() if path is not None else None)


@lru_cache(maxsize=64)
def _ui_text(lang: str, data: bytes | None) -> UiText:
    return UiText(lang, _parse_catalog(data) if data is not None else None)


def extract_ui_catalog() -> Catalog:
    """Every UI string in routegen's code and default theme, as a gettext template."""
    from babel.messages.extract import extract_from_dir

    package = Path(__file__).parent
    catalog = Catalog(project="routegen", fuzzy=False)
    method_map = [("**.py", "python"), ("themes/**/templates/**.html", "jinja2")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(package), method_map=method_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def write_ui_template() -> Path:
    """Write routegen/locales/messages.pot, for translators of routegen's own words."""
    from babel.messages.pofile import write_po

    path = ui_catalog_dir() / "messages.pot"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, extract_ui_catalog(), width=100, omit_header=False, no_location=True)
    return path


if __name__ == "__main__":
    print(write_ui_template())
