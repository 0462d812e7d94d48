"""A mistake in a theme template is an error of the theme, with its file and line, found by
`check` as by `build` (render stage: routegen.render.render_template)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from routegen.cli import main
from tests.conftest import MINIMAL_ROUTE_TEXT, write_route

BROKEN = {
    "syntax": ("step.html", "{% extends \"base.html\" %}\n{% block main %}\n{% if %}\n{% endblock %}\n", 3),
    "undefined": ("step.html", "{% extends \"base.html\" %}\n{% block main %}\n\n{{ nonsense.title }}\n{% endblock %}\n", 4),
    "not-utf8": ("partners.html", "{% extends \"base.html\" %}\n\n{% block main %}\xe9{% endblock %}\n", 3),
    "routes-index": ("routes.html", "<p>\n{{ routes | nonsense_filter }}\n", 2),
    "print": ("print/handout.html", "{% extends \"print/_base.html\" %}\n{% block body %}\n{{ nonsense.x }}\n{% endblock %}\n", 3),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_broken_template_override_is_located_by_check_and_build(tmp_path: Path, case: str, command: str) -> None:
    name, text, line = BROKEN[case]
    route = write_route(tmp_path, MINIMAL_ROUTE_TEXT)
    templates = tmp_path / "route" / "theme" / "templates"
    (templates / name).parent.mkdir(parents=True)
    (templates / name).write_bytes(text.encode("latin-1" if case == "not-utf8" else "utf-8"))
    args = [command, str(route)] + (["--out", str(tmp_path / "site")] if command == "build" else [])
    if case == "print":  # the print templates are filled by --print, before Chromium starts
        args.append("--print")
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code == 1, result.output
    assert re.search(rf"theme/templates/{re.escape(name)}:{line}: error", result.stderr), result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "site").exists()
