"""`routegen serve` end to end: a real server process, a real browser, real file edits."""

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
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServeProcess:
    """`routegen serve` in a subprocess, with its messages collected line by line."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "routegen.cli", "serve", *args], cwd=cwd, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for(self, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            self.log.append(line)
            if text in line:
                return line
        raise AssertionError(f"{text!r} not seen; output so far:\n{''.join(self.log)}")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                raise
        return int(self.process.returncode)


@pytest.fixture()
def route_copy(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "routes" / "smallingerland.yaml", tmp_path / "smallingerland.yaml")
    shutil.copytree(ROOT / "routes" / "smallingerland", tmp_path / "smallingerland")
    return tmp_path / "smallingerland.yaml"


@pytest.fixture()
def serving(route_copy: Path) -> Iterator[tuple[ServeProcess, str]]:
    port = free_port()
    server = ServeProcess([str(route_copy), "--port", str(port), "--lang", "ar"], cwd=route_copy.parent)
    server.wait_for("Serving")
    yield server, f"http://127.0.0.1:{port}/"
    assert server.stop() == 0
    assert "Stopped." in "".join(server.log) + "".join(iter_queue(server.lines))


def iter_queue(lines: queue.Queue[str]) -> Iterator[str]:
    while not lines.empty():
        yield lines.get_nowait()


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


def wait_until(page, expression: str, timeout: float = 20) -> None:
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


def test_edit_break_and_fix_the_route_while_the_browser_watches(browser, serving, route_copy: Path) -> None:
    server, base = serving
    port = int(base.rsplit(":", 1)[1].strip("/"))
    assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1 only
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
    wait_until(page, "document.body.innerText.includes('The route has a mistake')")
    body = page.inner_text("body")
    assert "smallingerland.yaml:" in body and "titel" in body and "Hint:" in body

    route_copy.write_text(text, encoding="utf-8")
    wait_until(page, "document.querySelector('h1') && "
                     "document.querySelector('h1').innerText.includes('Jouw route in Smallingerland')")
    page.close()


def test_a_burst_of_saves_causes_one_rebuild(serving, route_copy: Path) -> None:
    server, _base = serving
    text = route_copy.read_text(encoding="utf-8")
    po = route_copy.parent / "smallingerland" / "locales" / "ar.po"
    po_text = po.read_text(encoding="utf-8")
    for index in range(5):  # an editor saving the route and a translation, several times
        route_copy.write_text(text.replace("Jouw route in Smallingerland", f"Jouw route {index}", 1), encoding="utf-8")
        po.write_text(po_text + f"\n# saved {index}\n", encoding="utf-8")
    server.wait_for("Rebuilt")
    time.sleep(1.0)  # anything else the burst caused would show up by now
    later = "".join(iter_queue(server.lines))
    assert "Rebuilt" not in later and "Error" not in later


def test_built_pages_never_contain_the_live_reload_script(serving) -> None:
    server, _base = serving
    site = Path(next(line for line in server.log if "The site is built in" in line).rsplit(" ", 1)[1].rstrip(".\n"))
    pages = list(site.rglob("*.html"))
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
