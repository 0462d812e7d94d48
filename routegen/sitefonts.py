"""The site's own fonts: served from the site itself, cut to the characters its pages use.

No web font comes from another host (a Dutch municipality may not leak its visitors). Each
character is given to the font that draws it for the language it appears in, as the browser will
pick it from the language's font stack, and each font is subset to those characters as WOFF2.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from functools import lru_cache

from .fontsubset import subset_woff2
from .layout.fonts import Font, default_registry

_TAG = re.compile(r"<[^>]*>")
ALWAYS = frozenset("0123456789…–·:;,.()/-+€ ")


@lru_cache(maxsize=4096)
def _visible_chars(markup: str) -> frozenset[str]:
    """The characters a page shows; cached per page, since most pages repeat between rebuilds."""
    return frozenset(html.unescape(_TAG.sub(" ", markup)))


def file_name(font: Font) -> str:
    return f"{font.family.replace(' ', '')}-{font.weight}.woff2"


def site_font_files(shown: dict[str, list[str]]) -> dict[str, bytes]:
    """WOFF2 subsets (file name -> bytes) for the text each language's pages show."""
    registry = default_registry()
    chars: dict[str, set[str]] = defaultdict(set)
    fonts: dict[str, Font] = {}
    for lang, pages in shown.items():
        text = set(ALWAYS).union(*(_visible_chars(page) for page in pages))
        for bold in (False, True):
            chain = registry.chain_for(lang, bold)
            for ch in text:
                if ch.isspace():
                    continue
                font = next((f for f in chain if f.covers(ord(ch))), None)
                if font is not None:
                    fonts[file_name(font)] = font
                    chars[file_name(font)].add(ch)
    return {name: subset_woff2(fonts[name], "".join(sorted(chars[name]))) for name in sorted(chars)}


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
