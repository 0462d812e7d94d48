"""The characters a language is written with (CLDR exemplar characters), for stable font subsets.

The site's fonts are cut to the characters its pages show. Cut to exactly those, every edit
that brings in a new letter changes the fonts, and a portal's routes would each have their own.
Cut to the letters, digits and punctuation of the route's languages (plus whatever the texts
add), the fonts of most routes and most edits are the same files, cut once and cached.

Babel's CLDR data leaves the exemplar characters out, so routegen ships them, made from the
npm package ``cldr-misc-full`` (Unicode licence, in ``routegen/data/CLDR-LICENSE.txt``) by::

    npm pack cldr-misc-full && tar xzf cldr-misc-full-*.tgz
    python -m routegen.exemplars package   # writes routegen/data/exemplars.json
"""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "exemplars.json"

# The main letters, digits and number signs, punctuation. Not the auxiliary letters (loanwords,
# foreign names): Tigrinya's would take its font from 47 to 76 KB, and a text that uses one
# adds it to the subset anyway.
_KINDS = ("exemplarCharacters", "numbers", "punctuation")


def parse_unicode_set(text: str) -> set[str]:
    """The characters of a CLDR exemplar set such as ``[a á b {ij} c-e \\- \\:]``.

    Multi-character strings (``{ij}``) give their characters; ranges are expanded. Enough of
    UnicodeSet syntax for CLDR's exemplars, which use no properties or set operations.
    """
    body = text.strip()
    body = body[1:-1] if body.startswith("[") and body.endswith("]") else body
    chars: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            if body[i + 1] == "u" and i + 6 <= len(body):
                chars.append(chr(int(body[i + 2:i + 6], 16)))
                i += 6
            else:
                chars.append(body[i + 1])
                i += 2
        elif ch == "{":
            end = body.index("}", i)
            chars.extend(body[i + 1:end])
            i = end + 1
        elif ch == "-" and chars and i + 1 < len(body) and not body[i + 1].isspace():
            i += 1
            end_char = body[i + 1] if body[i] == "\\" else body[i]
            i += 2 if body[i] == "\\" else 1
            chars.extend(chr(c) for c in range(ord(chars[-1]) + 1, ord(end_char) + 1))
        else:
            if not ch.isspace():
                chars.append(ch)
            i += 1
    letters = set(chars)
    return letters | {c.upper() for c in letters if len(c.upper()) == 1}


@lru_cache(maxsize=None)
def _table() -> dict[str, str]:
    data: dict[str, str] = json.loads(DATA.read_text(encoding="utf-8"))
    return data


def exemplar_characters(locale_id: str) -> frozenset[str]:
    """The characters of a Babel locale id ("nl", "fa_AF", "sr_Latn"), falling back to its
    language; empty for a language CLDR has no exemplars for (then the texts alone count)."""
    table = _table()
    parts = locale_id.replace("_", "-").split("-")
    for n in range(len(parts), 0, -1):
        found = table.get("-".join(parts[:n]))
        if found is not None:
            return frozenset(found)
    return frozenset()


def generate(package: Path) -> dict[str, str]:
    """Every CLDR locale's characters, keeping a regional locale only where it differs from its
    language (so ``ar-SA`` is left out, ``fa-AF`` kept)."""
    found: dict[str, str] = {}
    for folder in sorted((package / "main").iterdir()):
        locale = folder.name
        data = json.loads((folder / "characters.json").read_text(encoding="utf-8"))
        characters = data["main"][locale]["characters"]
        chars: set[str] = set()
        for kind in _KINDS:
            if kind in characters:
                chars |= parse_unicode_set(characters[kind])
        found[locale] = "".join(sorted(chars))
    return {locale: chars for locale, chars in found.items()
            if "-" not in locale or found.get(locale.split("-")[0]) != chars}


if __name__ == "__main__":  # pragma: no cover - run by hand when CLDR is updated
    package = Path(sys.argv[1])
    DATA.write_text(json.dumps(generate(package), ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                    encoding="utf-8")
    (DATA.parent / "CLDR-LICENSE.txt").write_bytes((package / "LICENSE").read_bytes())
    print(f"wrote {DATA}")
