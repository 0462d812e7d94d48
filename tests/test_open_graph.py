"""Open Graph tags without print matter: a normal build never starts Chromium and makes no preview
image, yet a route with a site_url still tells messengers its title, description and locale."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from routegen.pipeline import build
from routegen.printing import chromium
from routegen.printing.preview import open_graph_locale

ROOT = Path(__file__).resolve().parents[1]
SMALLINGERLAND = ROOT / "routes" / "smallingerland.yaml"


@contextmanager
def _no_browser() -> Iterator[Any]:
    raise AssertionError("a build without print matter started Chromium")
    yield  # pragma: no cover


def test_build_without_print_needs_no_chromium_and_writes_no_preview(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chromium, "browser", _no_browser)
    monkeypatch.setenv(chromium.CHROMIUM_VARIABLE, str(tmp_path / "no-chromium-here"))
    out = tmp_path / "build"
    result = build([SMALLINGERLAND], out, langs=["nl", "ar"])
    assert not [name for name in result.files if name.endswith(".png")]
    assert not list(out.rglob("preview.png"))
    html = (out / "ar" / "index.html").read_text(encoding="utf-8")
    tags = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', html))
    assert tags["og:title"] and tags["og:description"] == tags["description"]
    assert tags["og:type"] == "website" and tags["og:locale"] == "ar_EG"
    assert "og:image" not in tags and "twitter:card" not in tags


@pytest.mark.parametrize(("lang", "locale"), [("nl", "nl_NL"), ("ar", "ar_EG"), ("ti", "ti_ET"), ("en-GB", "en_GB"),
                                              ("prs", "fa_AF"), ("uk", "uk_UA"), ("sr-Latn", "sr_RS")])
def test_og_locale_is_language_and_territory(lang: str, locale: str) -> None:
    """OGP wants language_TERRITORY; a language without one gets CLDR's most likely territory."""
    assert open_graph_locale(lang) == locale
