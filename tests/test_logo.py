"""`theme.logo`: the municipality's logo in the site's header and beside the picture's title.

It is checked like the images in texts (a file in the route's own folder, also after links
resolve; PNG, JPEG or WebP, no SVG, which can hold scripts) and by size, at its line.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from routegen.cli import main
from routegen.layout.route_map import layout_picture
from routegen.pipeline import build, check
from tests.conftest import RICH_ROUTE_TEXT, write_route
from tests.test_pipeline import PNG

WITH_LOGO = RICH_ROUTE_TEXT.replace("languages: [nl, en, ar, ti, fa, uk]", "languages: [nl, ar]").replace(
    'theme:\n  primary: "#00607a"', 'theme:\n  logo: logo.png\n  primary: "#00607a"')


def route_with_logo(tmp_path: Path, logo: str = "logo.png", data: bytes = PNG) -> Path:
    folder = tmp_path / "route"
    folder.mkdir(exist_ok=True)
    (folder / "logo.png").write_bytes(data)
    return write_route(tmp_path, WITH_LOGO.replace("logo: logo.png", f"logo: {logo}"))


def test_the_logo_is_in_the_header_and_both_pictures(tmp_path: Path) -> None:
    route = route_with_logo(tmp_path)
    out = tmp_path / "site"
    build([route], out)
    published = sorted((out / "assets" / "images").glob("logo-*.png"))
    assert len(published) == 1 and published[0].read_bytes() == PNG
    name = published[0].name
    for lang in ("nl", "ar"):
        overview = (out / lang / "index.html").read_text(encoding="utf-8")
        assert f'<img class="rg-logo" src="../assets/images/{name}" alt="Proefstad">' in overview
        step = (out / lang / "welkom" / "index.html").read_text(encoding="utf-8")
        assert f'src="../../assets/images/{name}"' in step
        # the inline pictures point at the published file, from the language's folder
        assert overview.count(f'href="../assets/images/{name}"') == 2
        for svg in ("infographic.svg", "infographic-portrait.svg"):
            standalone = (out / lang / svg).read_text(encoding="utf-8")
            assert f'href="data:image/png;base64,{base64.b64encode(PNG).decode()}"' in standalone
            assert "assets/images" not in standalone  # a picture on its own loads nothing else


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_the_logo_stands_at_the_start_edge_and_no_text_covers_it(tmp_path: Path, orientation: str) -> None:
    site = check(route_with_logo(tmp_path))
    for lang, start_is_left in (("nl", True), ("ar", False)):
        picture = layout_picture(site.localized[lang], orientation, lambda s: s, logo="logo.png")
        assert picture.logo is not None
        box = picture.logo.box
        assert (box.x < picture.width / 2) is start_is_left
        for label in picture.all_labels():
            assert not label.box.overlaps(box), (lang, label.text)
        assert 0 <= box.x and box.right <= picture.width


@pytest.mark.parametrize("logo, data, message", [
    ("logo.svg", b"<svg/>", "is an SVG file"),
    ("kwijt.png", PNG, "was not found"),
    ("../buiten.png", PNG, "not a file in the route's own folder"),
    ("link.png", PNG, "outside the route's own folder"),
    ("logo.png", PNG + b"\0" * 200_001, "larger than 200 kB"),
])
def test_a_logo_the_site_cannot_publish_is_a_check_error_at_its_line(
    tmp_path: Path, logo: str, data: bytes, message: str
) -> None:
    route = route_with_logo(tmp_path, logo, data)
    (tmp_path / "route" / "logo.svg").write_bytes(b"<svg/>")
    (tmp_path / "buiten.png").write_bytes(PNG)
    (tmp_path / "route" / "link.png").symlink_to(tmp_path / "buiten.png")
    line = route.read_text(encoding="utf-8").splitlines().index(f"  logo: {logo}") + 1
    for command in ("check", "build"):
        result = CliRunner().invoke(main, [command, str(route), *(["--out", str(tmp_path / "site")]
                                                                  if command == "build" else [])])
        assert result.exit_code == 1, result.output
        assert re.search(rf"route\.yaml:{line}:\d+: error in theme\.logo", result.stderr), result.stderr
        assert message in result.stderr
    assert not (tmp_path / "site").exists()
