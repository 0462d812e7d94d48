"""The persistent cache (routegen/store.py) and what a build reuses from it (routegen/pipeline.py).

Rules under test:

* a build whose inputs did not change makes nothing again (no route is prepared or rendered,
  no font is cut) and rewrites no file, also in a fresh process; its warnings are the same;
* with the output folder gone, a warm cache gives back the very same files;
* an edit of one route of several remakes that route only, and the index page;
* every input of a route is in its key: its file, a translation, a theme file, the options;
* the cache is an optimisation only: switched off, unwritable, or emptied during a build, the
  site is the same;
* the fonts hold the language's letters (CLDR exemplars), so a text with a new letter of the
  same alphabet does not change them; and they are the same whether they were cut ahead, in
  other processes, or here;
* a build of several routes over a pool of processes writes what a build in one process writes;
  a route that fails in a worker is reported as it failed, and no process is left behind.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import routegen.fontsubset
import routegen.pipeline
import routegen.sitefonts
import routegen.workers
from routegen import store
from routegen.errors import Problem, RouteFileError, RoutegenError
from routegen.exemplars import exemplar_characters, parse_unicode_set
from routegen.languages import UnknownLanguageError
from routegen.layout.text import MissingGlyphError
from routegen.pipeline import build
from tests.conftest import MINIMAL_ROUTE_TEXT, REPO

UNTRANSLATED_ROUTE = MINIMAL_ROUTE_TEXT.replace("languages: [nl]", "languages: [nl, ar]")


def site_bytes(folder: Path) -> dict[str, str]:
    """Every file of a built site but the manifest (which records change times), by digest."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".routegen-manifest.json"}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache of this test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("ROUTEGEN_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The routes a build makes (prepares and renders) rather than takes from the cache."""
    calls: list[Path] = []
    original = routegen.pipeline.make_route

    def spy(path: Path, *args: object, **kwargs: object) -> routegen.pipeline.BuiltRoute:
        calls.append(path)
        return original(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(routegen.pipeline, "make_route", spy)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)  # in this process, where the spy sees it
    return calls


@pytest.fixture
def cuts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The font subsets cut in this process."""
    calls: list[str] = []
    original = routegen.fontsubset._cut

    def spy(path: Path, index: int, codepoints: frozenset[int]) -> bytes:
        calls.append(path.name)
        return original(path, index, codepoints)

    monkeypatch.setattr(routegen.fontsubset, "_cut", spy)
    routegen.fontsubset._subset.cache_clear()  # this process's own memory of subsets
    return calls


def write_route(folder: Path, text: str, name: str = "proefstad.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_unchanged_route_is_not_made_again_and_no_file_is_rewritten(
        tmp_path: Path, cache: Path, made: list[Path], cuts: list[str]) -> None:
    route = write_route(tmp_path / "routes", UNTRANSLATED_ROUTE)
    first = build([route], tmp_path / "site")
    assert made == [route] and cuts  # made, and its fonts cut
    assert first.routes[0].warnings  # Arabic is not translated: warnings
    made.clear()
    cuts.clear()
    second = build([route], tmp_path / "site")
    assert made == [] and cuts == []
    assert second.report.written == [] and sorted(second.report.unchanged) == sorted(first.files)
    assert [w.format() for w in second.routes[0].warnings] == [w.format() for w in first.routes[0].warnings]


def test_a_fresh_process_reuses_the_cache(tmp_path: Path, cache: Path) -> None:
    """The same in a new Python process: what `routegen build` run twice does."""
    route = write_route(tmp_path / "routes", MINIMAL_ROUTE_TEXT)
    script = ("import sys; from pathlib import Path; import routegen.pipeline as p\n"
              "calls = []\noriginal = p.make_route\n"
              "p.make_route = lambda *a, **k: calls.append(1) or original(*a, **k)\n"
              "r = p.build([Path(sys.argv[1])], Path(sys.argv[2]))\n"
              "print(len(calls), len(r.report.written), len(r.report.unchanged))\n")
    env = {**os.environ, "ROUTEGEN_CACHE_DIR": str(cache), "PYTHONPATH": str(REPO)}

    def run() -> list[int]:
        done = subprocess.run([sys.executable, "-c", script, str(route), str(tmp_path / "site")],
                              capture_output=True, text=True, env=env, check=True)
        return [int(n) for n in done.stdout.split()]

    made, written, unchanged = run()
    assert made == 1 and written > 10 and unchanged == 0
    assert run() == [0, 0, written]


def test_the_output_folder_gone_a_warm_cache_gives_the_same_files(
        tmp_path: Path, cache: Path, made: list[Path]) -> None:
    route = write_route(tmp_path / "routes", UNTRANSLATED_ROUTE)
    build([route], tmp_path / "one")
    made.clear()
    build([route], tmp_path / "two")
    assert made == []
    assert site_bytes(tmp_path / "two") == site_bytes(tmp_path / "one")


def test_one_route_edited_of_several_only_it_is_made_again(
        tmp_path: Path, cache: Path, made: list[Path]) -> None:
    routes = tmp_path / "routes"
    first = write_route(routes, MINIMAL_ROUTE_TEXT)
    second = write_route(routes, MINIMAL_ROUTE_TEXT.replace("slug: proefstad", "slug: tweestad")
                         .replace("municipality: Proefstad", "municipality: Tweestad"), "tweestad.yaml")
    build([first, second], tmp_path / "site")
    made.clear()
    second.write_text(second.read_text(encoding="utf-8").replace(
        "title: De route naar een nieuw thuis", "title: Jouw route in Tweestad"), encoding="utf-8")
    result = build([first, second], tmp_path / "site")
    assert made == [second]
    assert result.report.written and all(name.startswith("tweestad/") or name == "index.html"
                                         for name in result.report.written)
    assert "index.html" in result.report.written  # it names every route's title
    assert "Jouw route in Tweestad" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("change", ["translation", "theme", "route file"])
def test_every_input_of_a_route_is_in_its_key(
        tmp_path: Path, cache: Path, made: list[Path], change: str) -> None:
    route = write_route(tmp_path / "routes", UNTRANSLATED_ROUTE)
    build([route], tmp_path / "site")
    made.clear()
    if change == "translation":
        routegen_cli_catalog = tmp_path / "routes" / "proefstad" / "locales" / "ar.po"
        routegen_cli_catalog.parent.mkdir(parents=True)
        routegen_cli_catalog.write_text('msgid ""\nmsgstr ""\n"Language: ar\\n"\n', encoding="utf-8")
    elif change == "theme":
        extra = tmp_path / "routes" / "proefstad" / "theme" / "extra.css"
        extra.parent.mkdir(parents=True)
        extra.write_text("h1 { letter-spacing: 0.01em; }\n", encoding="utf-8")
    else:
        route.write_text(route.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    build([route], tmp_path / "site")
    assert made == [route]


def test_strict_and_languages_are_in_the_key(tmp_path: Path, cache: Path, made: list[Path]) -> None:
    route = write_route(tmp_path / "routes", UNTRANSLATED_ROUTE)
    build([route], tmp_path / "site")
    made.clear()
    build([route], tmp_path / "site", langs=["nl"])
    assert made == [route]
    with pytest.raises(RouteFileError):  # untranslated Arabic is an error now
        build([route], tmp_path / "site", strict=True)


def test_the_cache_switched_off_or_unwritable_changes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, made: list[Path]) -> None:
    route = write_route(tmp_path / "routes", UNTRANSLATED_ROUTE)
    monkeypatch.setenv("ROUTEGEN_CACHE_DIR", str(tmp_path / "cache"))
    build([route], tmp_path / "cached")
    monkeypatch.setenv("ROUTEGEN_CACHE_DIR", "off")
    made.clear()
    build([route], tmp_path / "off")
    build([route], tmp_path / "off")
    assert made == [route, route]  # nothing kept
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("ROUTEGEN_CACHE_DIR", str(blocked))  # cannot be created
    build([route], tmp_path / "blocked")
    assert site_bytes(tmp_path / "off") == site_bytes(tmp_path / "cached") == site_bytes(tmp_path / "blocked")


def test_a_cache_emptied_during_a_build_is_made_again(
        tmp_path: Path, cache: Path, made: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """The entries are read, then the files they name are gone before writing: the build notices
    and makes the routes (and the portal's index) again, once."""
    route = write_route(tmp_path / "routes", MINIMAL_ROUTE_TEXT)
    other = write_route(tmp_path / "routes", MINIMAL_ROUTE_TEXT.replace("slug: proefstad", "slug: tweestad"),
                        "tweestad.yaml")
    build([route, other], tmp_path / "one")
    made.clear()
    write_site = routegen.pipeline.write_site
    emptied: list[Path] = []

    def empty_then_write(*args: object, **kwargs: object) -> object:
        if not emptied:  # the first time only: the second attempt finds the cache as it left it
            for blob in (cache / "blobs").rglob("*"):
                if blob.is_file():
                    blob.unlink()
                    emptied.append(blob)
        return write_site(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(routegen.pipeline, "write_site", empty_then_write)
    build([route, other], tmp_path / "two")
    assert emptied and made == [route, other]
    assert site_bytes(tmp_path / "two") == site_bytes(tmp_path / "one")


def test_cache_entries_are_files_named_by_their_digest(tmp_path: Path, cache: Path) -> None:
    route = write_route(tmp_path / "routes", MINIMAL_ROUTE_TEXT)
    result = build([route], tmp_path / "site")
    for name, data in result.files.items():
        digest = hashlib.sha256(data).hexdigest()
        assert (cache / "blobs" / digest[:2] / digest).read_bytes() == data, name
    assert not [p for p in cache.rglob(".tmp-*")]  # no half-written entry left


# --- fonts -----------------------------------------------------------------------------------


def test_unicode_sets_of_cldr_are_read() -> None:
    assert parse_unicode_set(r"[a b {ij} d-f \- \: ʼ]") == set("abijdef-:ʼ") | set("ABIJDEF")
    assert parse_unicode_set(r"[\u0628 \u062A]") == {"ب", "ت"}


def test_exemplars_hold_a_languages_letters() -> None:
    assert set("abcxyzABCXYZ0123456789") <= exemplar_characters("nl")
    assert {"ب", "ت", "؟", "،"} <= exemplar_characters("ar")
    assert {"پ", "چ", "ژ", "گ"} <= exemplar_characters("fa_AF")  # Dari falls back to fa's letters
    assert {"ሀ", "ሰ", "ቐ"} <= exemplar_characters("ti")
    assert {"ї", "Ґ"} <= exemplar_characters("uk")
    assert exemplar_characters("xx") == frozenset()


def test_a_new_letter_of_the_same_alphabet_keeps_the_fonts(tmp_path: Path, cache: Path, cuts: list[str]) -> None:
    """"Zuid" is spelled with letters the first build did not show, all Dutch: the fonts are the
    same files, and none is cut again."""
    text = MINIMAL_ROUTE_TEXT.replace("municipality: Proefstad", "municipality: Pqrstad")
    route = write_route(tmp_path / "routes", text)
    build([route], tmp_path / "site")
    fonts = {p.name: p.read_bytes() for p in (tmp_path / "site" / "assets" / "fonts").iterdir()}
    cuts.clear()
    route.write_text(text.replace("Pqrstad", "Zuidwijkstad"), encoding="utf-8")
    build([route], tmp_path / "site")
    assert cuts == []
    assert {p.name: p.read_bytes() for p in (tmp_path / "site" / "assets" / "fonts").iterdir()} == fonts


def test_fonts_cut_ahead_in_other_processes_are_the_fonts_cut_here(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cuts: list[str]) -> None:
    """A fresh `routegen build` cuts the fonts in forked processes while it renders the pages
    (the cache shows they were cut); a process with other threads (serve) cuts them itself.
    The fonts are the same files."""
    route = REPO / "routes" / "smallingerland.yaml"
    env = {**os.environ, "ROUTEGEN_CACHE_DIR": str(tmp_path / "cache-ahead"), "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-m", "routegen.cli", "build", str(route), "--out", str(tmp_path / "ahead")],
                   env=env, check=True, capture_output=True)
    assert len(list((tmp_path / "cache-ahead" / "fonts").rglob("*"))) > 6  # 6 fonts in their folders
    monkeypatch.setenv("ROUTEGEN_CACHE_DIR", str(tmp_path / "cache-here"))
    monkeypatch.setattr(routegen.workers.threading, "active_count", lambda: 2)  # as in serve: no fork
    build([route], tmp_path / "here")
    assert len(cuts) == 6  # regular and bold of Latin, Arabic and Ethiopic, here
    fonts = tmp_path / "ahead" / "assets" / "fonts"
    assert site_bytes(tmp_path / "here") == site_bytes(tmp_path / "ahead")
    assert sorted(p.name for p in fonts.iterdir()) == sorted(
        f"{family}-{weight}.woff2" for family in ("NotoSans", "NotoSansArabic", "NotoSansEthiopic")
        for weight in (400, 700))


def test_a_pool_of_processes_builds_what_one_process_builds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    routes = [REPO / "routes" / name for name in ("tholen.yaml", "dalfsen.yaml", "haarlem.yaml")]
    monkeypatch.setenv("ROUTEGEN_CACHE_DIR", str(tmp_path / "pool-cache"))
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    pooled = build(routes, tmp_path / "pooled")
    monkeypatch.setenv("ROUTEGEN_CACHE_DIR", "off")
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    alone = build(routes, tmp_path / "alone")
    assert site_bytes(tmp_path / "pooled") == site_bytes(tmp_path / "alone")
    assert [[w.format() for w in r.warnings] for r in pooled.routes] == \
        [[w.format() for w in r.warnings] for r in alone.routes]


def test_the_cache_is_trimmed_once_a_day_oldest_first(tmp_path: Path, cache: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROUTEGEN_CACHE_MAX_MB", "1")
    files = []
    for age, name in enumerate(["newest", "middle", "oldest"]):
        path = cache / "blobs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * 600_000)
        os.utime(path, (1_000_000 - age * 10, 1_000_000 - age * 10))
        files.append(path)
    store.trim_if_due(now=2_000_000)
    assert [p.exists() for p in files] == [True, False, False]  # 1.8 MB -> 0.6 MB, oldest first
    files[1].write_bytes(b"x" * 600_000)
    files[2].write_bytes(b"x" * 600_000)
    store.trim_if_due(now=2_000_000 + 3600)  # within a day of the last trim: nothing
    assert all(p.exists() for p in files)
    store.trim_if_due(now=2_000_000 + 25 * 3600)
    assert sum(p.exists() for p in files) == 1


def test_a_build_after_its_cache_was_trimmed_away_is_whole(tmp_path: Path, cache: Path, made: list[Path],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    route = write_route(tmp_path / "routes", MINIMAL_ROUTE_TEXT)
    build([route], tmp_path / "site")
    monkeypatch.setenv("ROUTEGEN_CACHE_MAX_MB", "0")
    (cache / store.TRIMMED).unlink(missing_ok=True)
    build([route], tmp_path / "site")  # a hit, then the trim empties the cache
    assert not [p for p in cache.rglob("*") if p.is_file() and p.name != store.TRIMMED]
    made.clear()
    build([route], tmp_path / "other")
    assert made == [route] and site_bytes(tmp_path / "other") == site_bytes(tmp_path / "site")


def test_a_wrong_cache_limit_is_told_before_building(tmp_path: Path, cache: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    route = write_route(tmp_path / "routes", MINIMAL_ROUTE_TEXT)
    monkeypatch.setenv("ROUTEGEN_CACHE_MAX_MB", "veel")
    with pytest.raises(RoutegenError, match="ROUTEGEN_CACHE_MAX_MB must be a whole number"):
        build([route], tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_store_keys_hold_routegens_own_code() -> None:
    """An entry made by other code (another version, or an edited checkout) is never used."""
    assert store.digest("a") == store.digest("a") != store.digest("b")
    assert len(store.code_stamp()) == 40


def test_the_cldr_letters_and_their_licence_ship_in_the_wheel(tmp_path: Path) -> None:
    """`pip install .` must carry the exemplar table the fonts are cut by, and its licence."""
    import zipfile

    wheel_builder = pytest.importorskip("hatchling.builders.wheel")
    built = list(wheel_builder.WheelBuilder(str(REPO)).build(directory=str(tmp_path), versions=["standard"]))
    with zipfile.ZipFile(built[0]) as wheel:
        names = set(wheel.namelist())
    assert {"routegen/data/exemplars.json", "routegen/data/CLDR-LICENSE.txt"} <= names


def _compiled_templates(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The templates jinja2 compiles from their source from now on."""
    from jinja2 import Environment

    compiled: list[str] = []
    compile_source = Environment.compile

    def counted(self: Environment, source: str, name: str | None = None, *args: object, **kwargs: object) -> object:
        compiled.append(str(name))
        return compile_source(self, source, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Environment, "compile", counted)
    return compiled


def _load_templates_in_a_new_environment() -> list[str]:
    """Load every template of routegen's theme as a new process would; their names."""
    from routegen.render import _environment_for, _template_files, theme_dir

    _environment_for.cache_clear()
    env = _environment_for(_template_files([theme_dir() / "templates"]))
    names = env.list_templates()
    for name in names:
        env.get_template(name)
    return names


def test_a_new_process_takes_the_compiled_templates_from_the_cache(cache: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    compiled = _compiled_templates(monkeypatch)
    names = _load_templates_in_a_new_environment()
    assert sorted(compiled) == sorted(names) and "step.html" in names
    compiled.clear()
    _load_templates_in_a_new_environment()
    assert compiled == []


def test_a_damaged_compiled_template_is_compiled_again(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    names = _load_templates_in_a_new_environment()
    entries = [path for path in (cache / "templates").rglob("*") if path.is_file()]
    assert len(entries) == len(names)
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:20])  # cut short after jinja2's own mark
    compiled = _compiled_templates(monkeypatch)
    _load_templates_in_a_new_environment()
    assert sorted(compiled) == sorted(names)


def test_two_processes_wanting_one_font_subset_cut_it_once(cache: Path, tmp_path: Path) -> None:
    """A build's workers start on their first routes together and want the same subsets: the
    one that claims a subset first cuts it, the other waits for it and takes it from the cache."""
    record = tmp_path / "cuts.txt"
    font = REPO / "routegen" / "fonts" / "NotoSans-Regular.ttf"
    context = multiprocessing.get_context("fork")
    start = context.Barrier(2)

    def want() -> None:
        original = routegen.fontsubset._cut

        def recorded(path: Path, index: int, codepoints: frozenset[int]) -> bytes:
            with record.open("a", encoding="utf-8") as out:
                out.write(f"{os.getpid()}\n")
            return original(path, index, codepoints)

        routegen.fontsubset._cut = recorded  # type: ignore[assignment]
        routegen.fontsubset._subset.cache_clear()
        start.wait(timeout=60)
        routegen.fontsubset._subset(font, 0, frozenset(map(ord, "Proefstad, de route.")))

    workers = [context.Process(target=want) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [worker.exitcode for worker in workers] == [0, 0]
    assert len(record.read_text(encoding="utf-8").split()) == 1
    assert len([path for path in (cache / "fonts").rglob("*") if path.is_file()]) == 1


BRACES = Problem("This template stopped the build: {{ nonsense.title }} is undefined",
                 file="route/theme/templates/step.html", line=4, source_line="{{ nonsense.title }}")


@pytest.mark.parametrize("error", [
    RouteFileError([BRACES]),
    MissingGlyphError("Welkom {naam} \U0001F600", "\U0001F600", "nl", ["Noto Sans"]),
    UnknownLanguageError("xx", "nl"),
], ids=["route-file", "missing-glyph", "unknown-language"])
def test_a_route_error_comes_back_from_a_worker_as_it_was_raised(error: Exception) -> None:
    """A route's error crosses from its worker process pickled: it is made again from what it
    was made of, whatever its message holds (a template's braces once broke the whole pool)."""
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error) and str(again) == str(error)
    assert vars(again) == vars(error)


def test_a_route_that_fails_while_its_fonts_are_cut_leaves_no_process_behind(tmp_path: Path) -> None:
    """Two routes in 8 languages with a theme template that fails on the first page, built in a
    fresh process with an empty cache: each route's worker is cutting 6 fonts in processes of
    its own when its route fails. The build reports the template's mistake and ends, and every
    process it started ends with it (a worker once waited forever for cuts it had given up)."""
    for name in ("smallingerland", "haarlem"):
        shutil.copy(REPO / "routes" / f"{name}.yaml", tmp_path / f"{name}.yaml")
        shutil.copytree(REPO / "routes" / name, tmp_path / name)
        templates = tmp_path / name / "theme" / "templates"
        templates.mkdir(parents=True)
        (templates / "base.html").write_text(
            (REPO / "routegen" / "themes" / "default" / "templates" / "base.html").read_text(encoding="utf-8")
            .replace("<body>", "<body>{{ nonsense.title }}", 1), encoding="utf-8")
    env = {**os.environ, "ROUTEGEN_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(REPO)}
    build_process = subprocess.Popen(
        [sys.executable, "-m", "routegen.cli", "build", str(tmp_path / "smallingerland.yaml"),
         str(tmp_path / "haarlem.yaml"), "--out", str(tmp_path / "site")],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        _, stderr = build_process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(build_process.pid, signal.SIGKILL)
        build_process.communicate()
        pytest.fail("the build did not end")
    assert build_process.returncode == 1, stderr
    assert "theme/templates/base.html" in stderr and "Traceback" not in stderr
    assert not _running_in_group(build_process.pid), "a process of the build is left"


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: a build has no workers")
def test_a_killed_build_takes_its_workers_with_it(tmp_path: Path) -> None:
    """A build of two routes with an empty cache, killed (kill -9, as a scheduler or `timeout`
    may) while its route workers and their font workers run: they all end with it, instead of
    waiting for work for good."""
    routes = [str(REPO / "routes" / f"{name}.yaml") for name in ("smallingerland", "haarlem")]
    env = {**os.environ, "ROUTEGEN_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(REPO)}
    build_process = subprocess.Popen([sys.executable, "-m", "routegen.cli", "build", *routes,
                                      "--out", str(tmp_path / "site")],
                                     env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
    try:
        # the build, its 2 route workers and their font workers (2 each) all run
        assert _until(lambda: len(_running_in_group(build_process.pid)) >= 7, seconds=60), "the workers did not start"
        build_process.kill()
        build_process.wait()
        assert _until(lambda: not _running_in_group(build_process.pid), seconds=30), "a worker outlived the build"
    finally:
        for pid in _running_in_group(build_process.pid):
            os.kill(pid, signal.SIGKILL)


def _until(condition: Callable[[], bool], seconds: float) -> bool:
    """Whether ``condition`` comes true within ``seconds``, looked at every 10 ms."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def _running_in_group(group: int) -> list[int]:
    """The processes of a process group that still run (a zombie has ended: only its exit
    status is left, for a parent that may never ask)."""
    running = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):  # not a process, or gone meanwhile
            continue
        if fields[0] != "Z" and int(fields[2]) == group:
            running.append(int(entry.name))
    return running
