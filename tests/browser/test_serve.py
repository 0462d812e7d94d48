"""`routegen serve` end to end: a real server process, a real browser, real file edits.

Every wait is on an explicit condition with a deadline: a line the server prints (it says
"Serving" only once it listens, "Rebuilt" after each rebuild), an HTTP answer, a process exit.
No test sleeps and hopes.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT

START_SECONDS = 90  # the first build of the example, on a busy machine
CHANGE_SECONDS = 60  # one rebuild after an edit


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServeProcess:
    """`routegen serve` in a subprocess, with its messages collected line by line.

    Its temporary folder is made in ``temp`` (TMPDIR), so a test can see that it is removed.
    """

    def __init__(self, args: list[str], cwd: Path, temp: Path, env: dict[str, str] | None = None) -> None:
        temp.mkdir(parents=True, exist_ok=True)
        self.temp = temp
        self.process = subprocess.Popen(
            [sys.executable, "-m", "routegen.cli", "serve", *args], cwd=cwd, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "TMPDIR": str(temp), **(env or {})})
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.log: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(None)  # the end of the output

    def wait_for(self, text: str, timeout: float = CHANGE_SECONDS) -> str:
        """The next line that contains ``text``; every line read is kept in ``log``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            if line is None:
                self.lines.put(None)
                break
            self.log.append(line)
            if text in line:
                return line
        raise AssertionError(f"{text!r} not seen; output so far:\n{self.output()}")

    def output(self) -> str:
        return "".join(self.log)

    def finish(self, timeout: float = 30) -> int:
        """Wait for the process to exit and for all its output; its exit code."""
        code = self.process.wait(timeout=timeout)
        self.reader.join(timeout=timeout)
        while True:
            line = self.lines.get_nowait() if not self.lines.empty() else None
            if line is None:
                break
            self.log.append(line)
        return int(code)

    def stop(self, signum: int = signal.SIGINT) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signum)
        try:
            return self.finish()
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise

    def served_folder(self) -> Path:
        line = next(line for line in self.log if "The site is built in" in line)
        return Path(line.rsplit(" ", 1)[1].rstrip(".\n"))


def start(route: Path, tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> tuple[ServeProcess, str]:
    """A server for ``route`` that has said it listens; and its address."""
    port = free_port()
    server = ServeProcess([str(route), "--port", str(port), *args], cwd=route.parent, temp=tmp_path / "tmp", env=env)
    server.wait_for("Serving http://", timeout=START_SECONDS)
    return server, f"http://127.0.0.1:{port}/"


def fetch(url: str) -> tuple[int, str]:
    """Status and text of a page; an error page is an answer too."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return int(error.code), error.read().decode("utf-8")


def poll(url: str, condition: Callable[[int, str], bool], timeout: float = CHANGE_SECONDS) -> str:
    """Fetch ``url`` until ``condition(status, text)`` holds; the text."""
    deadline = time.monotonic() + timeout
    status, text = fetch(url)
    while not condition(status, text):
        if time.monotonic() > deadline:
            raise AssertionError(f"{url} did not change as expected within {timeout} s: {status}\n{text[:2000]}")
        time.sleep(0.05)
        status, text = fetch(url)
    return text


@pytest.fixture()
def route_copy(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "routes" / "smallingerland.yaml", tmp_path / "smallingerland.yaml")
    shutil.copytree(ROOT / "routes" / "smallingerland", tmp_path / "smallingerland")
    return tmp_path / "smallingerland.yaml"


@pytest.fixture()
def serving(route_copy: Path, tmp_path: Path) -> Iterator[tuple[ServeProcess, str]]:
    server, base = start(route_copy, tmp_path, "--lang", "ar")
    try:
        yield server, base
    finally:
        code = server.stop()
    assert code == 0, server.output()
    assert "Stopped." in server.output()
    assert not any(server.temp.iterdir()), "the temporary folder was left behind"


def _listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on ``port``, from /proc/net/tcp{,6}."""
    found = set()
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(name).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            address, port_hex = fields[1].rsplit(":", 1)
            if int(port_hex, 16) == port and fields[3] == "0A":  # 0A = LISTEN
                found.add(address)
    return found


def wait_until(page: Any, expression: str, timeout: float = CHANGE_SECONDS) -> None:
    """Poll the page from Python (wait_for_function would need 'unsafe-eval' in the page's CSP)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if page.evaluate(expression):
                return
        except Exception:  # the page is reloading: its old context is gone
            pass
        time.sleep(0.02)
    raise AssertionError(f"not true within {timeout} s: {expression}")


def test_serving_message_only_once_listening(serving) -> None:
    server, base = serving
    port = int(base.rsplit(":", 1)[1].strip("/"))
    with socket.create_connection(("127.0.0.1", port), timeout=5):
        pass  # no retry: "Serving" promised a listener
    assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1 only
    assert base + "ar/" in server.output()  # the address opens on the language asked for
    status, text = fetch(base + "ar/")
    assert status == 200 and 'lang="ar"' in text


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT],
                         ids=["sigterm", "sighup", "sigint"])
def test_a_stop_signal_removes_the_temp_folder(route_copy: Path, tmp_path: Path, signum: int) -> None:
    server, _base = start(route_copy, tmp_path, "--lang", "nl")
    site = server.served_folder()
    assert site.is_dir() and server.temp in site.parents
    assert server.stop(signum) == 0, server.output()
    assert server.output().rstrip().endswith("Stopped.")
    assert not site.exists() and not any(server.temp.iterdir())
    assert "Traceback" not in server.output()


def test_a_stop_signal_while_starting_up_still_cleans_up(route_copy: Path, tmp_path: Path) -> None:
    port = free_port()
    server = ServeProcess([str(route_copy), "--port", str(port), "--lang", "nl"], cwd=route_copy.parent,
                          temp=tmp_path / "tmp")
    server.wait_for("Rebuilt", timeout=START_SECONDS)  # the first build is done; the server starts now
    assert server.stop(signal.SIGTERM) == 0, server.output()
    assert server.output().rstrip().endswith("Stopped.")
    assert not any(server.temp.iterdir()) and "Traceback" not in server.output()


def test_unknown_lang_refused(route_copy: Path, tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "routegen.cli", "serve", str(route_copy), "--port", str(free_port()), "--lang", "xx"],
        capture_output=True, text=True, timeout=60, cwd=route_copy.parent, env={**os.environ, "TMPDIR": str(temp)})
    assert result.returncode == 1
    assert "xx is not one of the route's languages (nl, en, ar, fa, ti, uk, tr, so)" in result.stderr
    assert "Traceback" not in result.stderr and "Serving" not in result.stderr
    assert not any(temp.iterdir())


def test_template_error_shows_file_and_line(serving, route_copy: Path) -> None:
    server, base = serving
    override = route_copy.parent / "smallingerland" / "theme" / "templates"
    override.mkdir(parents=True)
    (override / "partners.html").write_text("{% extends 'base.html' %}\n{% block content %}\n{{ oops( }}\n"
                                            "{% endblock %}\n", encoding="utf-8")
    place = "smallingerland/theme/templates/partners.html:3"
    server.wait_for(place)  # in the terminal (the build may report it as a located route error)
    text = poll(base + "nl/", lambda status, text: status == 500 and place in text)
    assert "The theme has a mistake" in text and "{{ oops( }}" in text

    shutil.rmtree(override.parent)
    server.wait_for("Rebuilt")
    assert "Jouw route in Smallingerland" in poll(base + "nl/", lambda status, text: status == 200)


def test_ui_catalog_edit_shows_in_preview(route_copy: Path, tmp_path: Path) -> None:
    locales = tmp_path / "ui-locales"
    shutil.copytree(ROOT / "routegen" / "locales", locales)
    server, base = start(route_copy, tmp_path, "--lang", "nl", env={"ROUTEGEN_UI_LOCALES": str(locales)})
    try:
        assert "Wie doet wat" in fetch(base + "nl/partners/")[1]
        po = locales / "nl.po"
        po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Wie doet wat"', 'msgstr "Wie doet hier wat"', 1),
                      encoding="utf-8")
        server.wait_for("Rebuilt")
        poll(base + "nl/partners/", lambda status, text: "Wie doet hier wat" in text)  # a save is not atomic
    finally:
        assert server.stop() == 0, server.output()


def test_edit_break_and_fix_the_route_while_the_browser_watches(browser, serving, route_copy: Path) -> None:
    _server, base = serving
    page = browser.new_page()
    page.goto(base + "nl/")
    assert "Jouw route in Smallingerland" in page.inner_text("h1")
    assert page.evaluate("typeof window.LiveReload") == "object"  # the served page has the script

    text = route_copy.read_text(encoding="utf-8")
    route_copy.write_text(text.replace("title: Jouw route in Smallingerland", "title: Jouw nieuwe route", 1),
                          encoding="utf-8")
    wait_until(page, "document.querySelector('h1').innerText.includes('Jouw nieuwe route')")

    route_copy.write_text(text.replace("  slug: smallingerland", "  slug: smallingerland\n  titel: fout", 1),
                          encoding="utf-8")
    # a save is not atomic: a half-written file may show another mistake first
    wait_until(page, "document.body.innerText.includes('The route has a mistake') && "
                     "document.body.innerText.includes('titel')")
    body = page.inner_text("body")
    assert "smallingerland.yaml:" in body and "Hint:" in body

    route_copy.write_text(text, encoding="utf-8")
    wait_until(page, "document.querySelector('h1') && "
                     "document.querySelector('h1').innerText.includes('Jouw route in Smallingerland')")
    page.close()


def test_a_page_still_loading_during_a_rebuild_is_reloaded_when_it_connects(browser, serving,
                                                                           route_copy: Path) -> None:
    server, base = serving
    page = browser.new_page()
    held: list[Any] = []
    hold = lambda route: held.append(route)  # noqa: E731 - Playwright needs a Python function
    page.route("**/livereload.js*", hold)  # the page's live-reload connection waits
    page.goto(base + "nl/", wait_until="domcontentloaded")
    deadline = time.monotonic() + CHANGE_SECONDS
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(20)  # lets Playwright deliver the held request
    assert held, "the page never asked for livereload.js"
    assert "Jouw route in Smallingerland" in page.inner_text("h1")

    text = route_copy.read_text(encoding="utf-8")
    route_copy.write_text(text.replace("title: Jouw route in Smallingerland", "title: Jouw late route", 1),
                          encoding="utf-8")
    server.wait_for("Rebuilt")  # nobody was connected to be told
    held[0].continue_()
    page.unroute("**/livereload.js*")
    wait_until(page, "document.querySelector('h1') && "
                     "document.querySelector('h1').innerText.includes('Jouw late route')")
    page.close()


def test_a_burst_of_saves_causes_one_rebuild(route_copy: Path, tmp_path: Path) -> None:
    # A burst is saves closer together than the quiet time; one second keeps a busy test machine
    # from splitting the burst (the unit tests check the timing itself with a fake clock).
    server, base = start(route_copy, tmp_path, "--lang", "ar", env={"ROUTEGEN_SERVE_QUIET_MS": "1000"})
    try:
        text = route_copy.read_text(encoding="utf-8")
        po = route_copy.parent / "smallingerland" / "locales" / "ar.po"
        po_text = po.read_text(encoding="utf-8")
        for index in range(5):  # an editor saving the route and a translation, several times
            route_copy.write_text(text.replace("Jouw route in Smallingerland", f"Jouw route {index}", 1),
                                  encoding="utf-8")
            po.write_text(po_text + f"\n# saved {index}\n", encoding="utf-8")
        server.wait_for("Rebuilt")
        assert "Jouw route 4" in fetch(base + "nl/")[1]  # the one rebuild saw the whole burst

        route_copy.write_text(text.replace("Jouw route in Smallingerland", "Jouw route erna", 1), encoding="utf-8")
        server.wait_for("Rebuilt")
        assert "Jouw route erna" in fetch(base + "nl/")[1]  # so no rebuild came in between
        after_start = server.output().split("Serving http://", 1)[1]
        assert after_start.count("Rebuilt") == 2 and "Error" not in after_start
    finally:
        assert server.stop() == 0, server.output()


def test_built_pages_never_contain_the_live_reload_script(serving) -> None:
    server, _base = serving
    pages = list(server.served_folder().rglob("*.html"))
    assert pages
    assert not any(b"livereload" in page.read_bytes() for page in pages)


def test_a_port_in_use_gives_a_clear_message(route_copy: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "routegen.cli", "serve", str(route_copy), "--port", str(port)],
            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"Port {port} on 127.0.0.1 is already in use" in result.stderr
    assert f"--port {port + 1}" in result.stderr
    assert "Traceback" not in result.stderr
