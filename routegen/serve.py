"""`routegen serve`: a live preview for the person writing the route (livereload).

The site is built into a folder of its own and served on 127.0.0.1. A watcher polls the route
files, their translations, images and theme every few milliseconds; a burst of changes (an
editor saving several files, a git checkout) is waited out and causes one rebuild, which reuses
every page whose inputs did not change (:mod:`routegen.cache`). Then the browser reloads.

A broken edit never stops the server: the browser shows the error (file, line, field, hint) in
place of the site, the last good build stays on disk, and the next good save brings the site
back. Only served pages get the live-reload script; `build` never writes it.
"""

from __future__ import annotations

import html
import logging
import mimetypes
import re
import shutil
import socket
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from email.utils import formatdate
from urllib.parse import unquote

from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher

from .build import build
from .cache import RenderCache
from .catalogs import route_folder
from .errors import RoutegenError
from .render import theme_dir
from .ui import ui_catalog_dir

POLL_SECONDS = 0.01
QUIET_SECONDS = 0.03  # a burst of saves closer together than this is one change
SERVE_CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; "
             "script-src 'self' 'unsafe-inline'; connect-src 'self' ws: wss:; base-uri 'none'")
_CSP_META = re.compile(rb'(<meta http-equiv="Content-Security-Policy" content=")[^"]*(")')

Responder = Callable[[str, list[tuple[str, str]]], Any]


@dataclass
class PreviewState:
    """What the server shows: the last good build, or the error that stopped the next one."""

    out: Path
    error: str | None = None
    last_ms: float = 0.0


@dataclass
class Preview:
    """Builds on change and keeps the state the web app serves."""

    routes: list[Path]
    out: Path
    langs: list[str] | None = None
    log: Callable[[str], None] = print
    cache: RenderCache = field(default_factory=RenderCache)

    def __post_init__(self) -> None:
        self.state = PreviewState(self.out)

    def rebuild(self) -> None:
        started = time.perf_counter()
        try:
            result = build(self.routes, self.out, cache=self.cache, langs=self.langs)
        except RoutegenError as error:
            self.state.error = error.format()
            self.log(f"Error, the browser shows it:\n{self.state.error}")
        except Exception as error:  # a theme or template mistake must not stop the preview
            self.state.error = f"{type(error).__name__}: {error}"
            self.log(f"Error while building, the browser shows it: {self.state.error}")
        else:
            self.state.error = None
            self.state.last_ms = (time.perf_counter() - started) * 1000
            written = len(result.report.written) + len(result.report.deleted)
            self.log(f"Rebuilt in {self.state.last_ms:.0f} ms ({written} files changed).")

    def watched(self) -> list[Path]:
        paths = [theme_dir(), ui_catalog_dir()]
        for route in self.routes:
            paths += [route, route_folder(route)]
        return paths


def _snapshot(paths: Iterable[Path]) -> dict[str, tuple[int, int]]:
    """Size and change time of every watched file; a missing file is simply absent."""
    found: dict[str, tuple[int, int]] = {}
    for path in paths:
        candidates = path.rglob("*") if path.is_dir() else [path]
        for candidate in candidates:
            try:
                stat = candidate.stat()
            except OSError:
                continue
            if not candidate.is_dir():
                found[str(candidate)] = (stat.st_size, stat.st_mtime_ns)
    return found


class BurstWatcher(Watcher):  # type: ignore[misc]
    """Polls quickly and rebuilds once per burst of changes, then tells livereload to reload."""

    def __init__(self, preview: Preview) -> None:
        super().__init__()
        self.preview = preview
        self.paths = preview.watched()
        self.seen = _snapshot(self.paths)
        self.changed_at: float | None = None
        self.changed_path: str | None = None
        self.callback: Callable[[], None] | None = None

    def start(self, callback: Callable[[], None]) -> bool:
        from tornado import ioloop

        self.callback = callback
        ioloop.PeriodicCallback(self.poll, POLL_SECONDS * 1000).start()
        return True  # livereload then relies on our callback instead of its own slow polling

    def poll(self) -> None:
        now = _snapshot(self.paths)
        if now != self.seen:
            changed = {k for k in set(now) | set(self.seen) if now.get(k) != self.seen.get(k)}
            self.changed_path = sorted(changed)[0]
            self.seen = now
            self.changed_at = time.monotonic()
            return
        if self.changed_at is not None and time.monotonic() - self.changed_at >= QUIET_SECONDS:
            self.changed_at = None
            self.preview.rebuild()
            self.filepath = self.changed_path
            if self.callback is not None:
                self.callback()

    def examine(self) -> tuple[str | None, None]:
        path, self.filepath = self.filepath, None
        return path, None


def error_page(message: str) -> bytes:
    return (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>routegen: error</title>"
        "</head><body style=\"font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem\">"
        "<h1>The route has a mistake</h1><p>Fix it and save: this page reloads by itself. "
        "The last good version of the site is still on disk.</p>"
        f"<pre style=\"white-space:pre-wrap;background:#f4f4f4;padding:1rem;border-left:6px solid #b00\">"
        f"{html.escape(message)}</pre></body></html>"
    ).encode("utf-8")


def make_app(state: PreviewState) -> Callable[[dict[str, Any], Responder], list[bytes]]:
    """A WSGI app: the built files, or the error page while the route is broken."""

    def app(environ: dict[str, Any], start_response: Responder) -> list[bytes]:
        path = unquote(environ.get("PATH_INFO", "/"))
        if state.error is not None and (path.endswith("/") or path.endswith(".html")):
            body = error_page(state.error)
            start_response("500 Internal Server Error", [("Content-Type", "text/html; charset=utf-8")])
            return [body]
        root = state.out.resolve()
        target = (root / path.lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if root not in target.parents or not target.is_file():
            target = root / "404.html"
            status = "404 Not Found"
        else:
            status = "200 OK"
        if not target.is_file():
            start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"Not found"]
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind != "text/html":  # fonts, styles, pictures: revalidated, not downloaded again
            modified = formatdate(target.stat().st_mtime, usegmt=True)
            if environ.get("HTTP_IF_MODIFIED_SINCE") == modified:
                start_response("304 Not Modified", [("Last-Modified", modified)])
                return [b""]
            start_response(status, [("Content-Type", kind), ("Cache-Control", "no-cache"),
                                    ("Last-Modified", modified)])
            return [target.read_bytes()]
        # served pages only: allow the live-reload script that livereload adds
        body = _CSP_META.sub(lambda m: m.group(1) + SERVE_CSP.encode() + m.group(2), target.read_bytes())
        start_response(status, [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")])
        return [body]

    return app


def check_port_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise RoutegenError(
                f"Port {port} on {host} is already in use ({exc.strerror}). "
                f"Stop the other program, or choose another port: routegen serve ... --port {port + 1}"
            ) from exc


def serve(routes: list[Path], *, host: str = "127.0.0.1", port: int = 5500, langs: list[str] | None = None,
          open_browser: bool = False, log: Callable[[str], None] = print) -> None:
    """Build, serve and rebuild on change until Ctrl-C."""
    check_port_free(host, port)
    out = Path(tempfile.mkdtemp(prefix="routegen-serve-")) / "site"
    preview = Preview(routes, out, langs, log)
    preview.rebuild()
    logging.getLogger("livereload").setLevel(logging.WARNING)
    logging.getLogger("tornado.access").setLevel(logging.WARNING)
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0  # our watcher already waits out bursts
    server = Server(app=make_app(preview.state), watcher=BurstWatcher(preview))
    url = f"http://{host}:{port}/"
    if len(routes) == 1 and langs:
        url += f"{langs[0]}/"
    log(f"Serving {url} (Ctrl-C to stop). The site is built in {out}.")
    try:
        server.serve(port=port, host=host, debug=False, restart_delay=0,
                     open_url_delay=0.5 if open_browser else None)
    finally:
        shutil.rmtree(out.parent, ignore_errors=True)
        log("Stopped.")

