"""The site's own fonts: served from the site itself, cut to the characters its pages use.

No web font comes from another host (a Dutch municipality may not leak its visitors). Each
character is given to the font that draws it for the language it appears in, as the browser will
pick it from the language's font stack, and each font is subset to those characters as WOFF2.

The characters of a language are those its pages show *plus* the letters, digits and
punctuation it is written with (CLDR exemplars, routegen.exemplars): the same fonts then serve
almost every edit of a route and every route of a portal in the same languages, so they are cut
once and cached (routegen.fontsubset), not again whenever a text brings in a new letter.
"""

from __future__ import annotations

import html
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import Future
from functools import lru_cache
from typing import Self

from . import store
from .exemplars import exemplar_characters
from .fontsubset import cut_into_cache, subset_is_cached, subset_job, subset_woff2
from .languages import get_language
from .layout.fonts import Font, default_registry
from .ui import UiText, ui_text
from .workers import forked_pool

_TAG = re.compile(r"<[^>]*>")
ALWAYS = frozenset("0123456789…–·:;,.()/-+€ ")
BIDI_MARKS = frozenset("\u200e\u200f\u2066\u2067\u2068\u2069")  # the templates put them around mixed text


def visible_chars(markup: str) -> str:
    """The characters a page shows, each once (a string: a set of characters per page held
    140 MB in a portal's worker)."""
    return "".join(set(html.unescape(_TAG.sub(" ", markup))))


def file_name(font: Font) -> str:
    return f"{font.family.replace(' ', '')}-{font.weight}.woff2"


def _font_chars(texts: dict[str, set[str]]) -> dict[str, tuple[Font, frozenset[str]]]:
    """Per font file, the characters it draws: each character of each language's text goes to
    the first font of that language's stack that has it, regular and bold alike."""
    return _font_chars_of(tuple(sorted((lang, frozenset(text)) for lang, text in texts.items())))


@lru_cache(maxsize=32)
def _font_chars_of(texts: tuple[tuple[str, frozenset[str]], ...]) -> dict[str, tuple[Font, frozenset[str]]]:
    """:func:`_font_chars`, once per distinct text (an edit in `serve` rarely changes it)."""
    registry = default_registry()
    chars: dict[str, set[int]] = defaultdict(set)
    fonts: dict[str, Font] = {}
    for lang, text in texts:
        wanted = {ord(ch) for ch in text if not ch.isspace()}
        for bold in (False, True):
            left = set(wanted)
            for font in registry.chain_for(lang, bold):  # the first font that has it draws it
                drawn = left & font.codepoints
                if drawn:
                    fonts[file_name(font)] = font
                    chars[file_name(font)] |= drawn
                    left -= drawn
    return {name: (fonts[name], frozenset(map(chr, chars[name]))) for name in sorted(chars)}


def _language_chars(lang: str) -> set[str]:
    return set(ALWAYS | exemplar_characters(get_language(lang).formatting_locale))


def site_font_files(shown: dict[str, list[str]], expected: dict[str, set[str]] | None = None) -> dict[str, bytes]:
    """WOFF2 subsets (file name -> bytes) for the characters each language's pages show
    (:func:`visible_chars` of each page), plus its letters (and the ``expected`` characters:
    see :class:`FontsAhead`)."""
    texts = {lang: _language_chars(lang).union(*pages, (expected or {}).get(lang, ()))
             for lang, pages in shown.items()}
    return {name: subset_woff2(font, "".join(sorted(chars))) for name, (font, chars) in _font_chars(texts).items()}


def expected_characters(lang: str, texts: Iterable[str], languages: Iterable[str]) -> set[str]:
    """What the pages of a language will show, as far as it is known before they are rendered:
    its texts, routegen's own words in it (translated or English), every language's name."""
    return set().union(*texts, *(get_language(code).own_name for code in languages), BIDI_MARKS,
                       _ui_chars(ui_text(lang)))


@lru_cache(maxsize=64)
def _ui_chars(ui: UiText) -> frozenset[str]:
    """Every character of routegen's own words in one language, English and translated."""
    chars: set[str] = set()
    for message in ui.catalog or ():
        for part in (message.id, message.string):
            chars.update(*part) if isinstance(part, (tuple, list)) else chars.update(part or "")
    return frozenset(chars)


class FontsAhead:
    """The site's fonts cut in other processes while this one renders the pages.

    Which characters the pages will show is known only once they are rendered, but nearly all
    of them are known before: the language's letters, the route's texts, routegen's own words
    in the language, every language's name (the language menu). The fonts are cut to those
    ``expected`` characters right away; the pages' characters are then added to them
    (:func:`site_font_files`), so the result does not depend on whether the guess was whole:
    a font whose guess missed a character is cut again, here.

    Used as a context manager: its processes are gone when the block is left, also when the
    route fails. A route's worker (routegen.pipeline) that ended with cuts still queued would
    otherwise hang as it exits: the queue that feeds its pool is closed at exit, so the cuts
    not yet handed over never arrive, and the worker waits for its pool forever.
    """

    def __init__(self, expected: dict[str, set[str]]) -> None:
        self.expected = expected
        self.jobs: list[Future[None]] = []
        wanted = _font_chars({lang: _language_chars(lang) | chars for lang, chars in expected.items()})
        todo = [job for job in (subset_job(font, chars) for font, chars in wanted.values())
                if not subset_is_cached(job)]
        self.pool = (forked_pool(min(len(todo), os.cpu_count() or 1))
                     if len(todo) > 1 and store.cache_root() else None)
        if self.pool is not None:  # else cut here: one font, no cache to hand them over in, or no fork (serve)
            self.jobs = [self.pool.submit(cut_into_cache, *job) for job in sorted(todo, key=lambda job: -len(job[2]))]

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *failed: object) -> None:
        if self.pool is not None:  # a failed route waits only for the cuts under way
            self.pool.shutdown(wait=True, cancel_futures=failed[0] is not None)

    def files(self, shown: dict[str, list[str]]) -> dict[str, bytes]:
        for job in self.jobs:
            job.result()  # each cut is in the cache now (or fails here, as it would have below)
        return site_font_files(shown, self.expected)


def _font_by_file() -> dict[str, Font]:
    return {file_name(font): font for font in default_registry().fonts()}


def font_css(files: dict[str, bytes], langs: list[str]) -> str:
    """@font-face rules for the subset files and a font stack per language."""
    known = _font_by_file()
    rules = []
    for name in sorted(files):
        font = known[name]
        rules.append(f"@font-face{{font-family:'{font.family}';font-weight:{font.weight};"
                     f"font-style:normal;font-display:swap;src:url(fonts/{name}) format('woff2')}}")
    for lang in langs:
        stack = ",".join(f"'{family}'" for family in default_registry().families_for(lang, False))
        rules.append(f':lang({lang}){{font-family:{stack},sans-serif}}')
    return "\n".join(rules)
