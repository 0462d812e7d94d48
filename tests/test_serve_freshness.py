"""`routegen serve` without a server: bursts of saves, caches keyed by contents, error messages.

A running preview must show every edit, even two saves of the same size within one tick of the
file system's clock (they keep size and change time): these tests make exactly that case with
os.utime and check every process-wide cache the preview relies on.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest

from routegen.store import files_stamp
from routegen.catalogs import read_catalog
from routegen.errors import Problem, RoutegenError, RouteFileError
from routegen.render import _environment_for, _template_files, render_template
from routegen.serve import (BUG_HEADING, GENERATION_COOKIE, QUIET_VARIABLE, ROUTE_HEADING, THEME_HEADING,
                            BurstWatcher, Preview, PreviewState, _changed, _snapshot, describe_build_error,
                            heading_for, make_app, quiet_seconds, resolve_langs)
from routegen.ui import UI_LOCALES_VARIABLE, ui_catalog_dir, ui_text

ROOT = Path(__file__).resolve().parents[1]


def rewrite_in_the_same_tick(path: Path, text: str) -> None:
    """Save ``text`` (of the same length) and give the file back its old change time."""
    before = path.stat()
    assert len(text.encode("utf-8")) == before.st_size
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)


class CountingPreview(Preview):
    def rebuild(self) -> None:
        self.rebuilds = getattr(self, "rebuilds", 0) + 1


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_of_saves_within_the_quiet_time_causes_one_rebuild(tmp_path: Path) -> None:
    route = tmp_path / "route.yaml"
    route.write_text("a", encoding="utf-8")
    preview = CountingPreview([route], tmp_path / "out")
    clock = FakeClock()
    watcher = BurstWatcher(preview, quiet=0.5, clock=clock)
    for index in range(5):  # saves 0.2 s apart: each one restarts the quiet time
        route.write_text("b" * (index + 2), encoding="utf-8")
        watcher.poll()
        clock.now += 0.2
        watcher.poll()
    assert getattr(preview, "rebuilds", 0) == 0
    clock.now += 0.3
    watcher.poll()
    assert preview.rebuilds == 1
    assert watcher.examine() == (str(route), None)  # livereload is told once, then reloads
    clock.now += 10
    watcher.poll()
    assert preview.rebuilds == 1 and watcher.examine() == (None, None)


async def _until(condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    """Run the event loop until ``condition`` holds (the watcher works in it), or fail."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.01)


def _watch(preview: Preview, scenario: Callable[[BurstWatcher], Coroutine[Any, Any, None]], *,
           awake: float, callback: Callable[[], None] = lambda: None,
           before_start: Callable[[BurstWatcher], None] = lambda watcher: None) -> None:
    """Start a watcher of ``preview`` and run ``scenario`` with it, on an event loop in a thread
    of its own, as `serve` runs it (the browser tests keep Playwright's loop running in this one)."""
    failures: list[BaseException] = []

    async def watching() -> None:
        watcher = BurstWatcher(preview, quiet=0.01, awake=awake)
        before_start(watcher)
        watcher.start(callback)
        try:
            await scenario(watcher)
        finally:
            watcher.stop()

    def run() -> None:
        try:
            asyncio.run(watching())
        except BaseException as failure:  # noqa: BLE001 - raised again in the test's thread
            failures.append(failure)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=120)
    assert not thread.is_alive(), "the scenario did not end"
    if failures:
        raise failures[0]


def _count_polls(watcher: BurstWatcher, polls: list[float]) -> None:
    """Note the time of each of the watcher's polls in ``polls``."""
    poll = watcher.poll

    def counted() -> None:
        polls.append(time.monotonic())
        poll()

    watcher.poll = counted  # type: ignore[method-assign]


def test_an_idle_watcher_polls_nothing_until_the_system_tells_of_a_change(tmp_path: Path) -> None:
    route = tmp_path / "route.yaml"
    route.write_text("a", encoding="utf-8")
    preview = CountingPreview([route], tmp_path / "out")

    told: list[str] = []
    polls: list[float] = []

    async def scenario(watcher: BurstWatcher) -> None:
        assert watcher.polling  # until the system's notifications are ready
        await _until(lambda: not watcher.polling, "the watcher to go to sleep")
        asleep = len(polls)
        assert asleep > 0
        await asyncio.sleep(0.3)  # nothing changes meanwhile: nothing may be polled
        assert len(polls) == asleep
        route.write_text("b", encoding="utf-8")
        await _until(lambda: told == ["reload"], "the rebuild the change causes")
        assert preview.rebuilds == 1 and watcher.examine() == (str(route), None)
        await _until(lambda: not watcher.polling, "the watcher to go to sleep again")

    _watch(preview, scenario, awake=0.1, callback=lambda: told.append("reload"),
           before_start=lambda watcher: _count_polls(watcher, polls))


def test_a_folder_added_to_the_route_folder_is_watched_too(tmp_path: Path) -> None:
    route = tmp_path / "route.yaml"
    route.write_text("a", encoding="utf-8")
    (tmp_path / "route").mkdir()
    preview = CountingPreview([route], tmp_path / "out")

    async def scenario(watcher: BurstWatcher) -> None:
        await _until(lambda: not watcher.polling, "the watcher to go to sleep")
        images = tmp_path / "route" / "images"
        images.mkdir()
        await _until(lambda: watcher.notifications is not None
                     and str(images.resolve()) in watcher.notifications.folders and not watcher.polling,
                     "the new folder to be watched")
        assert getattr(preview, "rebuilds", 0) == 0  # an empty folder changes no file
        (images / "map.png").write_bytes(b"png")
        await _until(lambda: getattr(preview, "rebuilds", 0) == 1, "the rebuild the new image causes")

    _watch(preview, scenario, awake=0.1)


def test_without_the_systems_notifications_the_watcher_keeps_polling(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import watchfiles

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(watchfiles, "watch", refuse)
    route = tmp_path / "route.yaml"
    route.write_text("a", encoding="utf-8")
    preview = CountingPreview([route], tmp_path / "out")

    async def scenario(watcher: BurstWatcher) -> None:
        await _until(lambda: watcher.notifications is not None and watcher.notifications.failed,
                     "the notifications to fail")
        await asyncio.sleep(0.2)  # well past the awake time
        assert watcher.polling
        route.write_text("b", encoding="utf-8")
        await _until(lambda: getattr(preview, "rebuilds", 0) == 1, "the rebuild polling finds")

    _watch(preview, scenario, awake=0.05)


def test_the_watcher_sees_a_same_size_save_within_one_clock_tick(tmp_path: Path) -> None:
    route = tmp_path / "route.yaml"
    route.write_text("title: aaaa", encoding="utf-8")
    before = _snapshot([route])
    rewrite_in_the_same_tick(route, "title: bbbb")
    assert _changed(before, _snapshot([route])) == [str(route)]
    assert _changed(before, before) == []


def test_files_stamp_follows_contents(tmp_path: Path) -> None:
    (tmp_path / "extra.css").write_text("a{color:red}", encoding="utf-8")
    before = files_stamp(tmp_path)
    rewrite_in_the_same_tick(tmp_path / "extra.css", "a{color:tan}")
    assert files_stamp(tmp_path) != before


def test_templates_follow_contents_and_the_override_wins(tmp_path: Path) -> None:
    override, default = tmp_path / "override", tmp_path / "default"
    override.mkdir()
    default.mkdir()
    (default / "page.html").write_text("default {{ name }}", encoding="utf-8")

    def render() -> str:
        return _environment_for(_template_files([override, default])).get_template("page.html").render(name="x")

    assert render() == "default x"
    (override / "page.html").write_text("mine {{ name }}", encoding="utf-8")
    assert render() == "mine x"
    rewrite_in_the_same_tick(override / "page.html", "MINE {{ name }}")
    assert render() == "MINE x"


def test_ui_text_follows_the_catalog_contents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locales = tmp_path / "locales"
    shutil.copytree(ROOT / "routegen" / "locales", locales)
    monkeypatch.setenv(UI_LOCALES_VARIABLE, str(locales))
    assert ui_catalog_dir() == locales
    assert ui_text("nl")("Who does what") == "Wie doet wat"
    po = locales / "nl.po"
    edited = po.read_text(encoding="utf-8").replace('msgstr "Wie doet wat"', 'msgstr "WIE DOET WAT"', 1)
    rewrite_in_the_same_tick(po, edited)
    assert ui_text("nl")("Who does what") == "WIE DOET WAT"


def test_route_catalogs_follow_contents(tmp_path: Path) -> None:
    po = tmp_path / "en.po"
    entry = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
             'msgctxt "route.title"\nmsgid "Titel"\nmsgstr "{}"\n')
    po.write_text(entry.format("Title"), encoding="utf-8")
    assert read_catalog(po).get("Titel", context="route.title").string == "Title"
    rewrite_in_the_same_tick(po, entry.format("TITLE"))
    assert read_catalog(po).get("Titel", context="route.title").string == "TITLE"


def test_a_template_syntax_error_names_its_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "theme" / "templates"
    folder.mkdir(parents=True)
    (folder / "page.html").write_text("<h1>\n{{ title }}\n{{ oops( }}\n", encoding="utf-8")
    with pytest.raises(RouteFileError) as caught:
        render_template(_environment_for(_template_files([folder])), "page.html", {})
    assert heading_for(caught.value) == THEME_HEADING
    assert f"{folder / 'page.html'}:3: error" in caught.value.format()
    assert "  3 | {{ oops( }}" in caught.value.format()


def test_a_template_runtime_error_names_its_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "theme" / "templates"
    folder.mkdir(parents=True)
    (folder / "base.html").write_text("<main>\n{% block content %}{% endblock %}\n</main>\n", encoding="utf-8")
    (folder / "page.html").write_text("{% extends 'base.html' %}\n{% block content %}\n"
                                      "{{ missing.name }}\n{% endblock %}\n", encoding="utf-8")
    with pytest.raises(RouteFileError) as caught:
        render_template(_environment_for(_template_files([folder])), "page.html", {})
    assert heading_for(caught.value) == THEME_HEADING
    assert f"{folder / 'page.html'}:3: error" in caught.value.format()
    assert "UndefinedError" in caught.value.format()


def test_an_error_outside_templates_is_shown_as_it_is() -> None:
    heading, message = describe_build_error(ValueError("something"))
    assert (heading, message) == (BUG_HEADING, "ValueError: something")


def test_a_lang_the_route_lacks_is_refused_with_its_languages() -> None:
    route = ROOT / "routes" / "smallingerland.yaml"
    with pytest.raises(RoutegenError) as caught:
        resolve_langs([route], ["xx"])
    assert "xx is not one of the route's languages (nl, en, ar, fa, ti, uk, tr, so)" in str(caught.value)
    assert resolve_langs([route], ["AR", "nl"]) == ["ar", "nl"]  # spelled as the route spells them
    assert resolve_langs([route], None) is None


def test_a_lang_no_route_has_is_refused_naming_each_route(tmp_path: Path) -> None:
    routes = sorted((ROOT / "routes").glob("*.yaml"))[:2]
    with pytest.raises(RoutegenError) as caught:
        resolve_langs(routes, ["xx"])
    assert all(route.name in str(caught.value) for route in routes)


def test_quiet_time_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(QUIET_VARIABLE, "250")
    assert quiet_seconds() == 0.25
    monkeypatch.setenv(QUIET_VARIABLE, "soon")
    with pytest.raises(RoutegenError):
        quiet_seconds()


def _get(app: Any, path: str, **headers: str) -> tuple[str, dict[str, str], bytes]:
    answer: dict[str, Any] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]]) -> None:
        answer.update(status=status, headers=dict(response_headers))

    body = b"".join(app({"PATH_INFO": path, **headers}, start_response))
    return answer["status"], answer["headers"], body


def test_assets_are_revalidated_by_content(tmp_path: Path) -> None:
    css = tmp_path / "style.css"
    css.write_text("a{color:red}", encoding="utf-8")
    app = make_app(PreviewState(tmp_path))
    status, headers, _ = _get(app, "/style.css")
    assert status.startswith("200")
    assert _get(app, "/style.css", HTTP_IF_NONE_MATCH=headers["ETag"])[0].startswith("304")
    rewrite_in_the_same_tick(css, "a{color:tan}")  # same second, same size: a date would say 304
    status, _headers, body = _get(app, "/style.css", HTTP_IF_NONE_MATCH=headers["ETag"])
    assert status.startswith("200") and body == b"a{color:tan}"


def test_pages_carry_the_build_they_show(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<html><head></head><body>hi</body></html>", encoding="utf-8")
    state = PreviewState(tmp_path, generation=7)
    assert _get(make_app(state), "/")[1]["Set-Cookie"].startswith(f"{GENERATION_COOKIE}=7;")
    state.error = "route.yaml:3: error"
    status, headers, body = _get(make_app(state), "/")
    assert status.startswith("500") and headers["Set-Cookie"].startswith(f"{GENERATION_COOKIE}=7;")
    assert b"route.yaml:3: error" in body


def test_the_error_page_names_the_theme_when_only_theme_files_are_wrong() -> None:
    theme = Problem("This template stopped the build.", file="route/theme/templates/step.html", line=3)
    route = Problem("Unknown key.", file="route.yaml", line=4)
    assert heading_for(RouteFileError([theme])) == THEME_HEADING
    assert heading_for(RouteFileError([theme, route])) == ROUTE_HEADING
    assert heading_for(RoutegenError("Port 5500 is in use.")) == ROUTE_HEADING
