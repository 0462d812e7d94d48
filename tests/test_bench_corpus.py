"""The portal benchmark's corpus (bench/corpus.py): deterministic, complete and clean.

The benchmark compares routegen with Hugo on this corpus; a corpus that changed between runs, or
whose routes carry warnings (untranslated texts shown in Dutch, texts too long for the picture),
would measure something else than a portal of finished routes. Two routes keep the test fast.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from routegen.catalogs import status
from routegen.cli import main
from routegen.validate import check_route

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import bench_portal
import corpus
import hugo_site


@pytest.fixture(scope="module")
def two_routes(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return corpus.write_corpus(2, tmp_path_factory.mktemp("corpus"))


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_same_corpus_every_time(two_routes: list[Path], tmp_path: Path) -> None:
    again = corpus.write_corpus(2, tmp_path)
    assert [p.name for p in again] == ["voorbeeld-001.yaml", "voorbeeld-002.yaml"]
    assert _files(tmp_path) == _files(two_routes[0].parent)


def test_routes_differ(two_routes: list[Path]) -> None:
    first, second = (p.read_text(encoding="utf-8") for p in two_routes)
    assert first.replace("001", "002") != second  # more than the municipality's name


def test_every_route_passes_check_strict(two_routes: list[Path]) -> None:
    result = CliRunner().invoke(main, ["--messages", "en", "check", "--strict", *map(str, two_routes)])
    assert result.exit_code == 0, result.output + result.stderr
    assert "warning" not in result.stderr
    for path in two_routes:
        route = check_route(path).route
        assert len(route.route.languages) == 10 and len(route.steps) == 10
        assert all(counts.percent == 100.0 for counts in status(route, path).values())


@pytest.mark.skipif(shutil.which("hugo") is None, reason="Hugo is not installed")
def test_hugo_builds_the_converted_site(two_routes: list[Path], tmp_path: Path) -> None:
    hugo_site.write_site(two_routes[0].parent, tmp_path / "site")
    subprocess.run(["hugo", "--quiet", "-s", str(tmp_path / "site"), "-d", str(tmp_path / "out")], check=True)
    page = (tmp_path / "out" / "ar" / "voorbeeld-001" / "index.html").read_text(encoding="utf-8")
    assert 'dir="rtl"' in page and "<svg" in page
    steps = list((tmp_path / "out" / "ti" / "voorbeeld-002").glob("*/index.html"))
    assert len(steps) == 11  # ten steps and the partners page


def test_the_edit_changes_one_step_body(two_routes: list[Path], tmp_path: Path) -> None:
    route = tmp_path / two_routes[0].name
    shutil.copy(two_routes[0], route)
    before = yaml.safe_load(route.read_text(encoding="utf-8"))
    original, step = bench_portal.edit_route(route)
    after = yaml.safe_load(route.read_text(encoding="utf-8"))
    assert original == two_routes[0].read_bytes()
    changed = [s["id"] for s, t in zip(before["steps"], after["steps"]) if s != t]
    assert changed == [step] and bench_portal.EDIT_SENTENCE in next(
        s["body"] for s in after["steps"] if s["id"] == step)
    assert {k: v for k, v in before.items() if k != "steps"} == {k: v for k, v in after.items() if k != "steps"}


def test_a_file_written_again_counts_as_rewritten(tmp_path: Path) -> None:
    for name in ("same.html", "again.html", "gone.html"):
        (tmp_path / name).write_text(name, encoding="utf-8")
    before = bench_portal.snapshot(tmp_path)
    (tmp_path / "new.html").write_text("new", encoding="utf-8")
    (tmp_path / "again.tmp").write_text("again.html", encoding="utf-8")
    (tmp_path / "again.tmp").replace(tmp_path / "again.html")  # the same bytes, as an atomic write does
    (tmp_path / "gone.html").unlink()
    found = bench_portal.compare(before, bench_portal.snapshot(tmp_path))
    assert (found.rewritten, found.added, found.removed) == (["again.html"], ["new.html"], ["gone.html"])
