"""The output folder is sacred: `routegen.write.write_site`, `routegen.pipeline.build` and `routegen build`.

Rules under test (DESIGN.md, "Quality bars"; routegen/write.py):

* a clearly wrong ``--out`` is refused before anything is written: ``/``, a home folder, the
  route's own folder (``routes/x/`` beside ``routes/x.yaml``) or a folder inside it, the route
  file, a folder that holds the route file, a file, a non-empty folder routegen did not create;
* a manifest lists exactly the files routegen wrote; a rebuild touches only what changed;
* a file the user put in the output folder survives; a file routegen wrote and no longer
  produces is removed, with the folders it leaves empty;
* a failed build (a mistake in the route, a failing render) keeps the previous site byte for
  byte and leaves no temporary folder behind;
* several routes in one build each get a ``<slug>/`` folder and a root index that links them.

The command line runs in process (click's CliRunner): exit code 1, a clear message, and never a
traceback.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import routegen.write
from routegen.pipeline import build
from routegen.cli import main
from routegen.errors import OutputFolderError, RoutegenError
from routegen.write import MANIFEST, check_output_folder, write_site
from tests.conftest import MINIMAL_ROUTE_TEXT

# --- helpers -----------------------------------------------------------------------------

SECOND_STEP = """\
  - id: wonen
    phase: azc
    title: Wonen
    summary: Je krijgt een huis.
    lead: gemeente
"""


def two_step_route(summary: str = "Je krijgt een huis.", *, slug: str = "proefstad",
                   languages: str = "[nl]", second_step: bool = True) -> str:
    """MINIMAL_ROUTE_TEXT with a second step (so that one can be removed) and other languages."""
    text = MINIMAL_ROUTE_TEXT.replace("languages: [nl]", f"languages: {languages}")
    text = text.replace("slug: proefstad", f"slug: {slug}")
    if second_step:
        step = SECOND_STEP.replace("Je krijgt een huis.", summary)
        text = text.replace("    lead: gemeente\npartners:", f"    lead: gemeente\n{step}partners:")
    return text


def files_in(folder: Path) -> dict[str, Path]:
    """Every file under ``folder`` by its relative POSIX path."""
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def hashes(folder: Path) -> dict[str, str]:
    return {name: hashlib.sha256(p.read_bytes()).hexdigest() for name, p in files_in(folder).items()}


def stats(folder: Path) -> dict[str, tuple[int, int]]:
    """(mtime in ns, inode) of every file: both change when a file is rewritten or replaced."""
    result = {}
    for name, p in files_in(folder).items():
        st = p.stat()
        result[name] = (st.st_mtime_ns, st.st_ino)
    return result


def folders_in(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_dir()}


def temporary_folders(parent: Path) -> list[str]:
    """Staging folders write_site leaves in the output folder's parent (it names them .<out>.routegen-*)."""
    return sorted(p.name for p in parent.iterdir() if ".routegen-" in p.name)


def no_traceback(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"a traceback reached the user: {result.exception!r}\n{result.output}"
    )
    assert "Traceback" not in result.output


def refused(result: Result, *fragments: str) -> None:
    """Exit code 1, a one-paragraph message on stderr that says why, no traceback, nothing on stdout."""
    no_traceback(result)
    assert result.exit_code == 1, result.output
    assert result.stdout == "", result.stdout
    message = result.stderr
    assert message.strip(), "no message"
    for fragment in fragments:
        assert fragment in message, message


@pytest.fixture
def routes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``tmp/routes/x.yaml``, a valid one-language route; the working folder is ``tmp``."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "routes"
    folder.mkdir()
    (folder / "x.yaml").write_text(two_step_route(), encoding="utf-8")
    return folder


@pytest.fixture
def route(routes: Path) -> Path:
    return routes / "x.yaml"


@pytest.fixture
def guard_write(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make sure a refused folder never reaches write_site, even if the early check regresses."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("build() reached write_site for a folder it should have refused")

    monkeypatch.setattr("routegen.pipeline.write_site", refuse)


@pytest.fixture
def fake_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """HOME and Path.home() point at tmp/users/me."""
    home = tmp_path / "users" / "me"
    home.mkdir(parents=True)
    (home / "notes.txt").write_text("mine", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: home))
    return home


def cli_build(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(main, ["build", *args])


# --- refused folders ---------------------------------------------------------------------


def test_root_of_the_disk_is_refused(runner: CliRunner, route: Path, guard_write: None) -> None:
    with pytest.raises(OutputFolderError, match="root of the disk"):
        check_output_folder(Path("/"), [route])
    refused(cli_build(runner, "routes/x.yaml", "--out", "/"), "root of the disk")


@pytest.mark.parametrize("out", ["users/me", "~", "users/me/", "users"])
def test_home_folder_and_its_parents_are_refused(
    runner: CliRunner, route: Path, fake_home: Path, guard_write: None, out: str
) -> None:
    before = hashes(fake_home.parent)
    refused(cli_build(runner, "routes/x.yaml", "--out", out), "home folder")
    assert hashes(fake_home.parent) == before
    with pytest.raises(OutputFolderError, match="home folder"):
        check_output_folder(Path(out), [route])


def test_a_link_to_the_home_folder_is_refused(
    runner: CliRunner, route: Path, fake_home: Path, tmp_path: Path, guard_write: None
) -> None:
    (tmp_path / "link").symlink_to(fake_home, target_is_directory=True)
    refused(cli_build(runner, "routes/x.yaml", "--out", "link"), "home folder")


def test_a_folder_inside_home_is_accepted(runner: CliRunner, route: Path, fake_home: Path) -> None:
    result = cli_build(runner, "routes/x.yaml", "--out", str(fake_home / "site"))
    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert (fake_home / "site" / "nl" / "index.html").is_file()
    assert (fake_home / "notes.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("out", ["routes/x", "routes/x/", "routes/x/site", "routes/x/locales",
                                 "routes/x/a/b"])
def test_the_routes_own_folder_and_folders_inside_it_are_refused(
    runner: CliRunner, routes: Path, guard_write: None, out: str
) -> None:
    """routes/x/ holds the translations and images of routes/x.yaml (here: it exists)."""
    (routes / "x" / "locales").mkdir(parents=True)
    (routes / "x" / "locales" / "messages.pot").write_text("", encoding="utf-8")
    before = hashes(routes)
    refused(cli_build(runner, "routes/x.yaml", "--out", out), "Refusing", "route file")
    assert hashes(routes) == before
    assert folders_in(routes) == {"x", "x/locales"}


@pytest.mark.parametrize("out", ["routes/x", "routes/x/site"])
def test_the_routes_own_folder_is_refused_before_it_exists(
    runner: CliRunner, routes: Path, out: str
) -> None:
    """Whether routes/x/ exists yet must not matter: a one-language route has no locales folder.

    BUG (routegen/write.py, check_output_folder, the `own.is_dir() and own in target.parents`
    test): `routegen build routes/x.yaml --out routes/x/site` is accepted while routes/x/ does
    not exist (and creates it), and refused on the next build once it does.
    """
    result = cli_build(runner, "routes/x.yaml", "--out", out)
    refused(result, "Refusing", "route file")
    assert not (routes / "x").exists()


@pytest.mark.parametrize("out", ["routes/x.yaml", "routes", ".", "routes/"])
def test_the_route_file_and_folders_that_hold_it_are_refused(
    runner: CliRunner, routes: Path, tmp_path: Path, guard_write: None, out: str
) -> None:
    # Even with a manifest there, so that it is this rule (not "not empty") that refuses.
    (routes / MANIFEST).write_text('{"files": {}}', encoding="utf-8")
    (tmp_path / MANIFEST).write_text('{"files": {}}', encoding="utf-8")
    before = hashes(tmp_path)
    refused(cli_build(runner, "routes/x.yaml", "--out", out), "route file")
    assert hashes(tmp_path) == before


def test_a_file_is_refused(runner: CliRunner, route: Path, tmp_path: Path, guard_write: None) -> None:
    (tmp_path / "site").write_text("not a folder", encoding="utf-8")
    refused(cli_build(runner, "routes/x.yaml", "--out", "site"), "is a file")
    assert (tmp_path / "site").read_text(encoding="utf-8") == "not a folder"


def test_a_folder_below_a_file_gives_a_message_not_a_traceback(
    runner: CliRunner, route: Path, tmp_path: Path
) -> None:
    """BUG (routegen/write.py, write_site: `target.parent.mkdir(...)`): `--out afile/site`, where
    afile is a file, passes check_output_folder and then raises FileExistsError, which reaches
    the user as a traceback. Expected: exit 1 and a message such as "afile is a file"."""
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    result = cli_build(runner, "routes/x.yaml", "--out", "afile/site")
    refused(result, "afile")
    assert (tmp_path / "afile").read_text(encoding="utf-8") == "x"


def test_a_non_empty_folder_routegen_did_not_create_is_refused(
    runner: CliRunner, route: Path, tmp_path: Path, guard_write: None
) -> None:
    site = tmp_path / "site"
    (site / "sub").mkdir(parents=True)
    (site / "sub" / "thesis.docx").write_bytes(b"years of work")
    refused(cli_build(runner, "routes/x.yaml", "--out", "site"), "not empty")
    assert files_in(site) == {"sub/thesis.docx": site / "sub" / "thesis.docx"}
    assert temporary_folders(tmp_path) == []


def test_a_folder_with_only_a_hidden_file_is_not_empty(
    runner: CliRunner, route: Path, tmp_path: Path, guard_write: None
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / ".git").mkdir()
    refused(cli_build(runner, "routes/x.yaml", "--out", "site"), "not empty")


def test_an_empty_existing_folder_is_accepted(runner: CliRunner, route: Path, tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    result = cli_build(runner, "routes/x.yaml", "--out", "site")
    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "nl" / "index.html").is_file()
    assert (tmp_path / "site" / MANIFEST).is_file()


def test_a_new_folder_is_created_with_its_parents(runner: CliRunner, route: Path, tmp_path: Path) -> None:
    result = cli_build(runner, "routes/x.yaml", "--out", "out/deeper/site")
    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "deeper" / "site" / "nl" / "index.html").is_file()
    assert temporary_folders(tmp_path / "out" / "deeper") == []


def test_write_site_checks_the_folder_itself(tmp_path: Path) -> None:
    """write_site is a public function: it refuses on its own, without build() in front."""
    (tmp_path / "own").mkdir()
    (tmp_path / "own" / "a.txt").write_text("a", encoding="utf-8")
    with pytest.raises(OutputFolderError, match="not empty"):
        write_site({"index.html": b"x"}, tmp_path / "own", [])
    assert files_in(tmp_path / "own") == {"a.txt": tmp_path / "own" / "a.txt"}
    route = tmp_path / "r.yaml"
    route.write_text("", encoding="utf-8")
    with pytest.raises(OutputFolderError, match="route file"):
        write_site({"index.html": b"x"}, tmp_path, [route])


@pytest.mark.parametrize("name", ["../escape.html", "/etc/x", MANIFEST, ""])
def test_write_site_never_writes_outside_its_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError):
        write_site({name: b"x"}, tmp_path / "site", [])
    assert not (tmp_path / "escape.html").exists()
    assert temporary_folders(tmp_path) == []


# --- the manifest and incremental rebuilds -----------------------------------------------


def test_the_manifest_lists_exactly_the_files_written(route: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = build([route], out)
    on_disk = hashes(out)
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    del on_disk[MANIFEST]
    assert manifest["files"] == on_disk
    assert set(manifest["files"]) == set(result.files)
    assert result.report.written == sorted(result.files)
    assert result.report.unchanged == [] and result.report.deleted == []
    for name, data in result.files.items():
        assert (out / name).read_bytes() == data


def test_a_rebuild_without_changes_rewrites_nothing(runner: CliRunner, route: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    first = build([route], out)
    before_hashes, before_stats = hashes(out), stats(out)
    second = build([route], out)
    assert second.report.written == [] and second.report.deleted == []
    assert second.report.unchanged == sorted(first.files)
    assert hashes(out) == before_hashes
    assert stats(out) == before_stats  # the manifest too: an rsync deploy sends nothing
    result = cli_build(runner, "routes/x.yaml", "--out", "site")
    no_traceback(result)
    assert result.exit_code == 0
    assert f": 0 written, {len(first.files)} unchanged, 0 removed." in result.stdout
    assert hashes(out) == before_hashes
    assert temporary_folders(tmp_path) == []


def test_a_change_rewrites_only_the_files_that_changed(route: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build([route], out)
    before_hashes, before_stats = hashes(out), stats(out)
    route.write_text(two_step_route("Je krijgt een huis van de gemeente."), encoding="utf-8")
    result = build([route], out)
    after_hashes, after_stats = hashes(out), stats(out)
    changed = sorted(n for n in after_hashes if n != MANIFEST and after_hashes[n] != before_hashes.get(n))
    assert result.report.written == changed
    assert "nl/wonen/index.html" in changed  # the step's own page shows the summary
    assert "nl/partners/index.html" not in changed  # the partners page does not
    assert result.report.deleted == []
    assert set(result.report.unchanged) == set(result.files) - set(changed)
    for name in result.report.unchanged:
        assert after_stats[name] == before_stats[name], f"{name} was touched"
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"]
    assert manifest == {k: v for k, v in after_hashes.items() if k != MANIFEST}


def test_a_routegen_file_changed_or_deleted_by_hand_is_restored(route: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build([route], out)
    before = hashes(out)
    (out / "nl" / "index.html").write_text("edited by hand", encoding="utf-8")
    (out / "nl" / "wonen" / "index.html").unlink()
    result = build([route], out)
    assert result.report.written == ["nl/index.html", "nl/wonen/index.html"]
    after = hashes(out)  # the manifest differs: it records the restored files' new change times
    assert after.pop(MANIFEST) != before.pop(MANIFEST)
    assert after == before


def test_a_file_edited_by_hand_to_the_same_size_is_restored(route: Path, tmp_path: Path) -> None:
    """The manifest's size and change time tell an untouched file by one stat; an edit that keeps
    the size changes the time, and the file is read and restored."""
    out = tmp_path / "site"
    build([route], out)
    page = out / "nl" / "index.html"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"<html", b"<HTML", 1))
    assert page.stat().st_size == len(original)
    result = build([route], out)
    assert result.report.written == ["nl/index.html"]
    assert page.read_bytes() == original


# --- files of the user and files routegen no longer makes -------------------------------


def test_files_of_the_user_survive_rebuilds(route: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build([route], out)
    user_files = {"CNAME": b"route.example.nl\n", ".htaccess": b"ErrorDocument 404 /404.html\n",
                  "nl/wonen/foto.jpg": b"\xff\xd8 a photo", "extra/readme.txt": b"mine"}
    for name, data in user_files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    route.write_text(two_step_route("Een andere samenvatting."), encoding="utf-8")
    build([route], out)
    build([route], out)
    for name, data in user_files.items():
        assert (out / name).read_bytes() == data, name
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"]
    assert not set(user_files) & set(manifest)


def test_a_removed_step_page_is_deleted_with_its_empty_folder(route: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build([route], out)
    assert (out / "nl" / "wonen" / "index.html").is_file()
    route.write_text(two_step_route(second_step=False), encoding="utf-8")
    result = build([route], out)
    assert result.report.deleted == ["nl/wonen/index.html"]
    assert not (out / "nl" / "wonen").exists()
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"]
    assert "nl/wonen/index.html" not in manifest
    assert set(files_in(out)) == set(result.files) | {MANIFEST}


def test_a_removed_steps_folder_with_a_user_file_keeps_the_user_file(route: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build([route], out)
    (out / "nl" / "wonen" / "foto.jpg").write_bytes(b"photo")
    route.write_text(two_step_route(second_step=False), encoding="utf-8")
    build([route], out)
    assert not (out / "nl" / "wonen" / "index.html").exists()
    assert (out / "nl" / "wonen" / "foto.jpg").read_bytes() == b"photo"


def test_a_removed_language_is_deleted_with_its_fonts_and_empty_folders(route: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    route.write_text(two_step_route(languages="[nl, ar]"), encoding="utf-8")
    first = build([route], out)
    arabic_fonts = sorted(n for n in first.files if n.startswith("assets/fonts/NotoSansArabic"))
    assert arabic_fonts, sorted(first.files)
    assert (out / "ar" / "wonen" / "index.html").is_file()
    (out / "CNAME").write_text("route.example.nl", encoding="utf-8")
    route.write_text(two_step_route(languages="[nl]"), encoding="utf-8")
    second = build([route], out)
    assert not (out / "ar").exists()
    for name in arabic_fonts:
        assert not (out / name).exists()
        assert name in second.report.deleted
    assert all(n.startswith("ar/") or n in arabic_fonts for n in second.report.deleted)
    assert set(files_in(out)) == set(second.files) | {MANIFEST, "CNAME"}
    assert folders_in(out) == {str(Path(n).parent.as_posix()) for n in second.files if "/" in n} | {
        "assets"}


# --- failed builds keep the previous site ------------------------------------------------


@pytest.fixture
def built(route: Path, tmp_path: Path) -> Iterator[Path]:
    """A site built from routes/x.yaml into tmp/site, with a CNAME of the user's."""
    out = tmp_path / "site"
    build([route], out)
    (out / "CNAME").write_text("route.example.nl", encoding="utf-8")
    yield out


def assert_kept(out: Path, before: dict[str, str], before_stats: dict[str, tuple[int, int]]) -> None:
    assert hashes(out) == before
    assert stats(out) == before_stats
    assert temporary_folders(out.parent) == []


def test_a_route_with_a_mistake_keeps_the_previous_site(
    runner: CliRunner, route: Path, built: Path
) -> None:
    before, before_stats = hashes(built), stats(built)
    route.write_text(two_step_route("Iets nieuws.").replace("    lead: gemeente\npartners:",
                                                          "    lead: gemeentee\npartners:"),
                     encoding="utf-8")
    result = cli_build(runner, "routes/x.yaml", "--out", "site")
    no_traceback(result)
    assert result.exit_code == 1
    assert "routes/x.yaml:" in result.stderr and "gemeentee" in result.stderr, result.stderr
    assert result.stdout == ""
    assert_kept(built, before, before_stats)


def test_a_route_that_is_not_yaml_keeps_the_previous_site(
    runner: CliRunner, route: Path, built: Path
) -> None:
    before, before_stats = hashes(built), stats(built)
    route.write_text("route: [unclosed\n", encoding="utf-8")
    result = cli_build(runner, "routes/x.yaml", "--out", "site")
    no_traceback(result)
    assert result.exit_code == 1 and "routes/x.yaml" in result.stderr
    assert_kept(built, before, before_stats)


def test_a_failing_render_keeps_the_previous_site(runner: CliRunner, route: Path, built: Path) -> None:
    """The Markdown names an image that is not in the route's folder: `check` passes, the render fails."""
    before, before_stats = hashes(built), stats(built)
    text = two_step_route("Iets nieuws.").replace("    title: Wonen\n", "    title: Wonen\n    body: |\n      Zo ziet het eruit:\n\n"
                                               "      ![De wijk](wijk.png)\n")
    route.write_text(text, encoding="utf-8")
    result = cli_build(runner, "routes/x.yaml", "--out", "site")
    no_traceback(result)
    assert result.exit_code == 1, result.output
    assert "wijk.png" in result.stderr
    assert_kept(built, before, before_stats)


def test_a_failure_while_writing_leaves_no_temporary_folder(
    route: Path, built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure after the staging folder was filled: the first move into the site fails."""
    before, before_stats = hashes(built), stats(built)
    route.write_text(two_step_route("Iets nieuws."), encoding="utf-8")
    staged: list[Path] = []

    def broken(source: object, destination: object) -> None:
        staged.append(Path(str(source)))
        raise OSError("disk full")

    monkeypatch.setattr(routegen.write.os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        build([route], built)
    # the staging folder existed and was filled (the cache's own renames failed too, silently)
    assert any(".site.routegen-" in str(path) for path in staged)
    assert_kept(built, before, before_stats)


def test_a_user_file_where_a_new_page_goes_keeps_the_previous_site(
    runner: CliRunner, route: Path, built: Path
) -> None:
    """The user keeps a file nl/zorg; a new step `zorg` needs the folder nl/zorg/.

    routegen may not delete the user's file, so it must refuse; today (routegen/write.py,
    write_site, `final.parent.mkdir(...)` in the loop that moves files in one by one) the files
    sorted before nl/zorg/index.html (nl/index.html, the SVGs...) are already replaced when
    FileExistsError is raised, so the site is left half old, half new, and the user sees a
    traceback. Expected: exit 1 with a message naming nl/zorg, and the previous site intact.
    """
    (built / "nl" / "zorg").write_text("notes of the user", encoding="utf-8")
    before, before_stats = hashes(built), stats(built)
    step = SECOND_STEP.replace("wonen", "zorg").replace("Wonen", "Zorg")
    route.write_text(two_step_route().replace("partners:\n", step + "partners:\n", 1), encoding="utf-8")
    result = cli_build(runner, "routes/x.yaml", "--out", "site")
    no_traceback(result)
    assert result.exit_code == 1, result.output
    assert "zorg" in result.stderr
    assert_kept(built, before, before_stats)


# --- several routes in one build ---------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.extend(v for k, v in attrs if k == "href" and v is not None)


def test_several_routes_each_get_a_folder_and_a_root_index(
    runner: CliRunner, routes: Path, tmp_path: Path
) -> None:
    (routes / "y.yaml").write_text(
        two_step_route(slug="tweestad").replace("municipality: Proefstad", "municipality: Tweestad"),
        encoding="utf-8")
    result = cli_build(runner, "routes/x.yaml", "routes/y.yaml", "--out", "site")
    no_traceback(result)
    assert result.exit_code == 0, result.output
    out = tmp_path / "site"
    names = set(files_in(out))
    top = {n.split("/")[0] for n in names}
    assert top == {"index.html", "robots.txt", "proefstad", "tweestad", MANIFEST}
    for slug in ("proefstad", "tweestad"):
        for page in ("index.html", "nl/index.html", "nl/wonen/index.html", "nl/kennismaken/index.html",
                     "assets/style.css", "nl/infographic.svg"):
            assert f"{slug}/{page}" in names, (slug, page)
    parser = _Links()
    parser.feed((out / "index.html").read_text(encoding="utf-8"))
    assert sorted(parser.hrefs) == ["proefstad/", "tweestad/"]
    for href in parser.hrefs:
        assert (out / href / "index.html").is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Proefstad" in index and "Tweestad" in index
    # a rebuild of one route alone in the same folder removes the other route's files
    second = build([routes / "x.yaml"], out)
    assert not (out / "tweestad").exists() and not (out / "proefstad").exists()
    assert set(files_in(out)) == set(second.files) | {MANIFEST}


def test_two_routes_with_the_same_slug_are_refused(
    runner: CliRunner, routes: Path, tmp_path: Path
) -> None:
    """BUG (the build stage once did `files.update(route_files(route, prefix))`): two route
    files with the same slug are built into the same `<slug>/` folder, the second silently
    overwriting the first, and the root index links the same folder twice. Expected: exit 1 and
    a message that names both files and the slug."""
    other = routes / "other"
    other.mkdir()
    (other / "y.yaml").write_text(two_step_route().replace("Proefstad", "Anderstad"), encoding="utf-8")
    result = cli_build(runner, "routes/x.yaml", "routes/other/y.yaml", "--out", "site")
    no_traceback(result)
    assert result.exit_code == 1, result.output
    assert "proefstad" in result.stderr
    assert not (tmp_path / "site").exists()


def test_build_raises_routegen_errors_only(route: Path, tmp_path: Path) -> None:
    """The library's own refusals are RoutegenErrors, which the CLI turns into messages."""
    with pytest.raises(RoutegenError):
        build([route], tmp_path)  # the folder that holds routes/x.yaml
    assert sorted(os.listdir(tmp_path)) == ["routes"]



# --- permissions and one build at a time -------------------------------------------------


def modes(folder: Path) -> set[tuple[str, int]]:
    """(kind, permission bits) of the folder itself and everything in it."""
    found = {("dir", folder.stat().st_mode & 0o777)}
    for path in folder.rglob("*"):
        found.add(("dir" if path.is_dir() else "file", path.stat().st_mode & 0o777))
    return found


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_the_site_gets_the_users_umask_on_a_first_and_a_second_build(
    route: Path, tmp_path: Path, umask: int
) -> None:
    """A web server or an rsync -a deploy must be able to read the site: a private temporary
    folder renamed into place gave drwx------ on the output folder."""
    old = os.umask(umask)
    try:
        out = tmp_path / "site"
        build([route], out)
        expected = {("dir", 0o777 & ~umask), ("file", 0o666 & ~umask)}
        assert modes(out) == expected
        route.write_text(two_step_route("Je krijgt een ander huis."), encoding="utf-8")
        build([route], out)  # the second build moves single files in from a staging folder
        assert modes(out) == expected
    finally:
        os.umask(old)


def test_a_second_build_waits_for_the_first_and_the_folder_holds_one_whole_site(
    route: Path, tmp_path: Path
) -> None:
    """Two builds into one folder at once left pages outside the manifest; now the second
    waits for the lock the first holds, and the result is exactly the second site."""
    import threading

    from routegen.write import output_lock

    out = tmp_path / "site"
    build([route], out)
    route.write_text(two_step_route(second_step=False), encoding="utf-8")  # fewer pages
    done = threading.Event()
    results: list[object] = []

    def second_build() -> None:
        results.append(build([route], out))
        done.set()

    with output_lock(out.resolve()):
        worker = threading.Thread(target=second_build)
        worker.start()
        assert not done.wait(1.0), "the build wrote while another held the folder's lock"
    worker.join(timeout=60)
    assert done.is_set()
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"]
    on_disk = hashes(out)
    del on_disk[MANIFEST]
    assert on_disk == manifest
    assert "nl/wonen/index.html" not in manifest


def test_a_build_that_cannot_get_the_lock_in_time_says_so(route: Path, tmp_path: Path) -> None:
    from routegen.write import output_lock

    out = tmp_path / "site"
    with output_lock(out.resolve()):
        with pytest.raises(OutputFolderError, match="Another routegen build"):
            with output_lock(out.resolve(), timeout=0.2):
                pass
    assert not out.exists()


def test_site_files_take_another_set_without_hashing_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """A build gathers each route's files into one set: the digests are taken over (hashing a
    site's files twice cost a serve rebuild 2 ms), the bytes held stay held, and a file that
    comes from the cache this time no longer holds the bytes of before."""
    from routegen.write import SiteFiles

    route = SiteFiles({"a.html": b"<p>a</p>", "b.html": b"<p>b</p>"})
    route.add_cached("b.html", "d" * 64, 8)
    site = SiteFiles({"b.html": b"old"})
    hashed: list[bytes] = []
    monkeypatch.setattr(routegen.write, "_digest", lambda data: hashed.append(data) or "x")
    site.update(route)
    assert hashed == []
    assert site.entries == {"a.html": (hashlib.sha256(b"<p>a</p>").hexdigest(), 8), "b.html": ("d" * 64, 8)}
    assert site["a.html"] == b"<p>a</p>"
    assert "b.html" not in site._data  # noqa: SLF001 - the old bytes must not be written for it
