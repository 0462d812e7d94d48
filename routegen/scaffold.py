"""`routegen new`: a complete route in plain Dutch that passes `check` and explains itself."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from .errors import RoutegenError


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "route"


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


def write_new_route(target: Path, *, municipality: str | None = None, force: bool = False) -> Path:
    """Write NAME.yaml (or NAME as given when it ends in .yaml); refuse to overwrite by default."""
    if not target.name or target.name in (".", ".."):
        raise RoutegenError("Give the new route a name, such as: routegen new mijngemeente")
    path = target if target.suffix in (".yaml", ".yml") else target.with_name(target.name + ".yaml")
    slug = slugify(path.stem)
    if path.exists() and not force:
        raise RoutegenError(f"{path} already exists. Choose another name, or add --force to overwrite it.")
    name = municipality or path.stem.replace("-", " ").title()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(new_route_text(name, slug), encoding="utf-8")
    except OSError as exc:
        raise RoutegenError(f"Cannot write {path}: {exc.strerror or exc}. Choose another name or folder.") from exc
    return path
