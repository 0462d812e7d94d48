"""`routegen new`: a complete route in plain Dutch that passes `check` and explains itself."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import RoutegenError
from .schema import SCHEMA_FILE_NAME, route_schema_json

# Letters that Unicode does not decompose into a base letter and a mark, spelled the way Dutch
# and Frisian web addresses write them (Straße -> strasse, Ærø -> aero, IJsselstein -> ijsselstein).
_SPELLED_OUT = str.maketrans({
    "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "œ": "oe", "Œ": "oe",
    "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ı": "i", "þ": "th", "Þ": "th",
})

# Words a Dutch municipality's name keeps in lower case: Bergen op Zoom, 's-Hertogenbosch.
_LOWER_CASE_WORDS = frozenset({"aan", "de", "den", "der", "en", "in", "op", "van", "'s", "'t", "bij"})


def slugify(name: str) -> str:
    """The web-address form of a name: Súdwest-Fryslân -> sudwest-fryslan, not s-dwest-frysl-n.

    NFKD splits an accented letter into its base letter and a combining mark (and the Dutch
    ligature ĳ into i + j); the marks are dropped, so readers and servers see plain ASCII.
    """
    decomposed = unicodedata.normalize("NFKD", name.translate(_SPELLED_OUT))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "route"


def municipality_from_name(name: str) -> str:
    """A readable municipality name from the NAME typed after `routegen new`, accents kept.

    súdwest-fryslân -> Súdwest-Fryslân, "bergen op zoom" -> Bergen op Zoom: each word starts
    with a capital except the small words Dutch names keep in lower case. The author can
    change it in the file; `--municipality` sets it exactly.
    """
    def capital(word: str) -> str:
        if word.lower() in _LOWER_CASE_WORDS or not word[:1].isalpha():
            return word
        if word[:2].lower() == "ij":  # a Dutch capital IJ: IJsselstein, not Ijsselstein
            return "IJ" + word[2:]
        return word[:1].upper() + word[1:]

    words = re.split(r"([\s_-]+)", name.strip())
    named = "".join(capital(w) if i % 2 == 0 else w.replace("_", " ") for i, w in enumerate(words))
    return capital(named) if named[:1].islower() else named


def _needs_quotes(text: str) -> bool:
    """Whether a name must be quoted to stay text in YAML ('s-Hertogenbosch, names with ': ')."""
    return bool(re.search(r"^[\s'\"&*!|>%@`#,\[\]{}?:-]|: | #|\s$", text))


def new_route_text(municipality: str, slug: str, today: dt.date | None = None) -> str:
    template = (Path(__file__).parent / "scaffold" / "route.yaml").read_text(encoding="utf-8")
    values = {
        "municipality": json.dumps(municipality, ensure_ascii=False) if _needs_quotes(municipality) else municipality,
        "slug": slug,
        "date": (today or dt.date.today()).isoformat(),
    }
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], template)


@dataclass(frozen=True)
class NewRoute:
    """What `routegen new` wrote: the route file, and what became of the schema file beside it."""

    path: Path
    schema_path: Path
    schema: str  # "written", "unchanged" (already current) or "kept" (differs; --force refreshes it)


def write_new_route(target: Path, *, municipality: str | None = None, force: bool = False) -> NewRoute:
    """Write NAME.yaml and the JSON Schema beside it; refuse to overwrite by default.

    The file name is the slug (súdwest-fryslân -> sudwest-fryslan.yaml), the municipality keeps
    the name as typed. The schema file is what the route's first line points editors at: a
    relative path, because an editor loads a local file without a network and a web address
    would have to exist (and would pin every route to one schema version).
    """
    if not target.name or target.name in (".", ".."):
        raise RoutegenError("Give the new route a name, such as: routegen new mijngemeente")
    typed = target.stem if target.suffix in (".yaml", ".yml") else target.name
    suffix = target.suffix if target.suffix in (".yaml", ".yml") else ".yaml"
    slug = slugify(typed)
    path = target.with_name(slug + suffix)
    if path.exists() and not force:
        raise RoutegenError(f"{path} already exists. Choose another name, or add --force to overwrite it.")
    name = municipality or municipality_from_name(typed)
    schema_path = path.with_name(SCHEMA_FILE_NAME)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(new_route_text(name, slug), encoding="utf-8")
        schema = _write_schema(schema_path, force=force)
    except OSError as exc:
        raise RoutegenError(f"Cannot write {exc.filename or path}: {exc.strerror or exc}. "
                            "Choose another name or folder.") from exc
    return NewRoute(path=path, schema_path=schema_path, schema=schema)


def _write_schema(schema_path: Path, *, force: bool) -> str:
    """Write the schema unless the same text is there; keep a different one unless forced
    (it may be the author's own file, or shared by other routes in the folder)."""
    text = route_schema_json()
    try:
        current = schema_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        current = None
    except (OSError, UnicodeDecodeError):
        current = ""  # unreadable: different from ours
    if current == text:
        return "unchanged"
    if current is not None and not force:
        return "kept"
    schema_path.write_text(text, encoding="utf-8")
    return "written"
