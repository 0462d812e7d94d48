"""`routegen serve`: a live preview for the person writing the route (livereload).

The site is built into a folder of its own and served on 127.0.0.1. When the system reports a
change in the folders of the route files, their translations, images or theme, a watcher polls
them every few milliseconds; a burst of changes (an editor saving several files, a git checkout)
is waited out and causes one rebuild, which reuses every page whose inputs did not change
(:mod:`routegen.cache`). Then the browser reloads, and the watcher goes back to sleep.

A broken edit never stops the server: the browser shows the error (file, line, field, hint; for
a template, its file and line) in place of the site, the last good build stays on disk, and the
next good save brings the site back. Only served pages get the live-reload script; `build`
never writes it.

"Serving ..." is printed only once the server listens. Ctrl-C, SIGTERM and SIGHUP (the terminal
closed) stop it the same way: the temporary folder is removed, "Stopped." is printed and the
exit code is 0. ROUTEGEN_SERVE_QUIET_MS sets how long a burst of saves is waited out.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import html
import logging
import mimetypes
import os
import re
import shutil
import signal
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop
from tornado.websocket import WebSocketClosedError

from .pipeline import build, warm_render_cache
from .cache import RenderCache
from .errors import RoutegenError, RouteFileError
from .languages import get_language
from .load import display_path, route_folder
from .render import CSP, theme_dir
from .ui import ui_catalog_dir
from .validate import check_route

POLL_SECONDS = 0.01  # while awake: a change is noticed within this
AWAKE_SECONDS = 2.0  # polling goes on this long after a change (a page reconnecting, a burst)
LATE_PAGE_SECONDS = 0.5
MIN_STEP_MS = 5  # how often the notifications' thread looks for changes at most (idle CPU)
AUTHOR_SCAN_SECONDS = 0.25  # how soon a file added to a route's folder is seen
OWN_SCAN_SECONDS = 1.0
QUIET_SECONDS = 0.01  # a burst of saves closer together than this is one change (an editor's save takes microseconds)
QUIET_VARIABLE = "ROUTEGEN_SERVE_QUIET_MS"
RECENT_NS = 2_000_000_000  # files changed this recently are compared by content too
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
# The site's own policy, loosened for livereload's script and its web socket (never written to disk).
SERVE_CSP = CSP + "; script-src 'self' 'unsafe-inline'; connect-src 'self' ws: wss:"
_CSP_META = re.compile(rb'(<meta http-equiv="Content-Security-Policy" content=")[^"]*(")')
GENERATION_COOKIE = "routegen-build"
ROUTE_HEADING = "The route has a mistake"
THEME_HEADING = "The theme has a mistake"
BUG_HEADING = "The site could not be built"

Responder = Callable[[str, list[tuple[str, str]]], Any]


def quiet_seconds() -> float:
    """How long a burst of saves is waited out; ROUTEGEN_SERVE_QUIET_MS overrides the default."""
    value = os.environ.get(QUIET_VARIABLE, "")
    if not value.strip():
        return QUIET_SECONDS
    try:
        milliseconds = float(value)
    except ValueError:
        milliseconds = -1
    if not 0 <= milliseconds <= 60_000:
        raise RoutegenError(f"{QUIET_VARIABLE} must be a number of milliseconds from 0 to 60000, "
                            f"not {value!r}.")
    return milliseconds / 1000


@dataclass
class PreviewState:
    """What the server shows: the last good build, or the error that stopped the next one."""

    out: Path
    error: str | None = None
    heading: str = ROUTE_HEADING
    last_ms: float = 0.0
    generation: int = 0  # counts builds, good or not; a page served earlier is out of date


def describe_build_error(error: Exception) -> tuple[str, str]:
    """A heading and a message for an error that is not a RoutegenError: a bug of routegen
    (a mistake in a template is a located RouteFileError of the render stage)."""
    return BUG_HEADING, f"{type(error).__name__}: {error}"


def heading_for(error: RoutegenError) -> str:
    """The error page's heading: the theme's mistake when every problem is in a theme file."""
    files = [problem.file for problem in error.errors] if isinstance(error, RouteFileError) else []
    if files and all("theme" in Path(file).parts for file in files):
        return THEME_HEADING
    return ROUTE_HEADING


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
        self.warming: threading.Thread | None = None

    def rebuild(self) -> None:
        if self.warming is not None:
            self.warming.join()  # the cache is filled before an edit uses it
            self.warming = None
        started = time.perf_counter()
        self.state.generation += 1
        try:
            result = build(self.routes, self.out, cache=self.cache, langs=self.langs,
                           persist=self.state.generation == 1)
        except RoutegenError as error:
            self.state.heading, self.state.error = heading_for(error), error.format()
            self.log(f"Error, the browser shows it:\n{self.state.error}")
        except Exception as error:  # even a bug of ours must not stop the preview
            self.state.heading, self.state.error = describe_build_error(error)
            self.log(f"Error while building, the browser shows it:\n{self.state.error}")
        else:
            self.state.error = None
            self.state.last_ms = (time.perf_counter() - started) * 1000
            written = len(result.report.written) + len(result.report.deleted)
            self.log(f"Rebuilt in {self.state.last_ms:.0f} ms ({written} files changed).")
            if self.state.generation == 1:  # beside the server: the next rebuild waits for it
                reused = [route.path for route in result.routes if route.site is None]
                self.warming = threading.Thread(target=self._settle, daemon=True, args=(reused,))
                self.warming.start()

    def _settle(self, reused: list[Path]) -> None:
        """After the first build: fill this process's render cache with the routes taken from
        the persistent cache, so the first edit is as quick as later ones; then put what lives
        as long as the preview (that cache, the modules) out of the garbage collector's full
        collections, which take tens of milliseconds of a rebuild otherwise."""
        warm_render_cache(self.routes, reused, self.cache, self.langs)
        gc.collect()  # nothing unreachable is frozen
        gc.freeze()

    def watched_author_files(self) -> list[Path]:
        """The route files and their folders (translations, theme, images)."""
        return [path for route in self.routes for path in (route, route_folder(route))]

    def watched_own_files(self) -> list[Path]:
        """routegen's own theme and catalogs (edited by its developers and translators)."""
        return [theme_dir(), ui_catalog_dir()]


@dataclass(frozen=True)
class FileVersion:
    """What the watcher knows of one file; the digest only for recently changed files."""

    size: int
    mtime_ns: int
    digest: str | None

    def same(self, other: FileVersion) -> bool:
        """Equal size and time, and equal contents where both were read: two saves within one
        tick of the file system's clock keep the time, and may keep the size."""
        return (self.size, self.mtime_ns) == (other.size, other.mtime_ns) and (
            self.digest is None or other.digest is None or self.digest == other.digest)


def _snapshot(paths: Iterable[Path]) -> dict[str, FileVersion]:
    """Every watched file's version; a missing file is simply absent."""
    found: dict[str, FileVersion] = {}
    now_ns = time.time_ns()
    for path in paths:
        candidates = path.rglob("*") if path.is_dir() else [path]
        for candidate in candidates:
            try:
                stat = candidate.stat()
                if candidate.is_dir():
                    continue
                digest = None
                if now_ns - stat.st_mtime_ns < RECENT_NS:
                    digest = hashlib.blake2b(candidate.read_bytes(), digest_size=16).hexdigest()
            except OSError:
                continue
            found[str(candidate)] = FileVersion(stat.st_size, stat.st_mtime_ns, digest)
    return found


def _restat(known: dict[str, FileVersion]) -> dict[str, FileVersion]:
    """The known files' versions again, as :func:`_snapshot` gives them but at the cost of one
    stat per file while nothing changes (this runs every poll)."""
    found: dict[str, FileVersion] = {}
    now_ns = time.time_ns()
    for name, version in known.items():
        try:
            stat = os.stat(name)
        except OSError:
            continue  # removed: absent
        recent = now_ns - stat.st_mtime_ns < RECENT_NS
        if not recent and (stat.st_size, stat.st_mtime_ns) == (version.size, version.mtime_ns):
            found[name] = version
        else:
            found.update(_snapshot([Path(name)]))
    return found


def _changed(before: dict[str, FileVersion], after: dict[str, FileVersion]) -> list[str]:
    return sorted(name for name in set(before) | set(after)
                  if name not in before or name not in after or not before[name].same(after[name]))


class Notifications:
    """Calls ``wake`` from a thread of its own when the system has reported changes in
    ``folders`` (inotify on Linux, through watchfiles) and then none for ``quiet`` seconds, so
    that an idle preview polls nothing and a burst of saves is waited out before it wakes.

    Folders are watched one by one, not recursively: a route file's folder may be a large one
    (a home folder) of which only that file matters. ``ready`` is set once they are watched (a
    change before that is the watcher's polling to see); ``failed`` says the system could not
    watch them, and the watcher then polls all the time, as it would without notifications.
    """

    def __init__(self, folders: frozenset[str], wake: Callable[[], None], quiet: float) -> None:
        self.folders = folders
        self.wake = wake
        self.quiet = quiet
        self.failed = False
        self.ready = threading.Event()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._listen, name="routegen-notifications", daemon=True)
        self.thread.start()

    def _listen(self) -> None:
        import watchfiles

        # watchfiles yields once a step has passed without a new change; a burst is waited out
        # however long it lasts (debounce: a day). Stopping is looked at when it yields (at least
        # every half second), not by watchfiles at every step: that took the GIL 100 times a second.
        step = max(round(self.quiet * 1000), MIN_STEP_MS)
        try:
            for changes in watchfiles.watch(*sorted(self.folders), watch_filter=None, step=step,
                                            debounce=86_400_000, rust_timeout=500, yield_on_timeout=True,
                                            recursive=False, raise_interrupt=False, ignore_permission_denied=True):
                if self.stopping.is_set():
                    return
                self.ready.set()  # watching: the first quiet half second has passed
                if changes:
                    self.wake()
        except Exception:  # noqa: BLE001 - no notifications (a limit of the system): poll instead
            self.failed = True
            self.wake()

    def stop(self) -> None:
        self.stopping.set()


def watched_folders(paths: Iterable[Path]) -> frozenset[str]:
    """The folders whose entries change when a watched file does: a file's own folder (an
    editor may replace the file), a folder with every folder inside it."""
    folders: set[str] = set()
    for path in paths:
        if path.is_dir():
            folders.add(str(path.resolve()))
            folders.update(str(inner.resolve()) for inner in path.rglob("*") if inner.is_dir())
        else:
            folders.add(str(path.resolve().parent))
    return frozenset(folder for folder in folders if Path(folder).is_dir())


class BurstWatcher(Watcher):  # type: ignore[misc]
    """Polls quickly and rebuilds once per burst of changes, then tells livereload to reload.

    Polling runs only while something happens: the system's notifications (:class:`Notifications`)
    wake it, and it stops ``awake`` seconds after the last change has been built.
    """

    def __init__(self, preview: Preview, quiet: float = QUIET_SECONDS,
                 clock: Callable[[], float] = time.monotonic, awake: float = AWAKE_SECONDS) -> None:
        super().__init__()
        self.preview = preview
        self.quiet = quiet
        self.clock = clock
        self.awake = awake
        self.author_paths = preview.watched_author_files()
        self.own_paths = preview.watched_own_files()
        self.author = _snapshot(self.author_paths)
        self.own = _snapshot(self.own_paths)
        self.seen = {**self.own, **self.author}
        self.next_author_scan = self.next_own_scan = clock()
        self.changed_at: float | None = None
        self.changed_path: str | None = None
        self.callback: Callable[[], None] | None = None
        self.known_pages: set[Any] = set()
        self.awake_until = 0.0
        self.settled = False  # the system said the last changes are quiet: no need to wait
        self.notifications: Notifications | None = None
        self.ticker: Any = None  # tornado's PeriodicCallback of poll, once started

    def start(self, callback: Callable[[], None]) -> bool:
        from tornado import ioloop

        self.callback = callback
        loop = ioloop.IOLoop.current()
        self.ticker = ioloop.PeriodicCallback(self.poll, POLL_SECONDS * 1000)
        # a page that connects late is looked at while idle too (see reload_late_pages)
        ioloop.PeriodicCallback(self.reload_late_pages, LATE_PAGE_SECONDS * 1000).start()
        self.notifications = Notifications(self.folders(), lambda: loop.add_callback(self.wake), self.quiet)
        self.wake(settled=False)  # poll until the notifications are ready
        return True  # livereload then relies on our callback instead of its own slow polling

    def stop(self) -> None:
        if self.notifications is not None:
            self.notifications.stop()

    def folders(self) -> frozenset[str]:
        return watched_folders([*self.author_paths, *self.own_paths])

    @property
    def polling(self) -> bool:
        return self.ticker is not None and self.ticker.is_running()

    def wake(self, settled: bool = True) -> None:
        """Things changed on disk and have been quiet since (``settled``): build them now, and
        poll a little longer. The poll searches the folders, since a change may be a new file."""
        self.awake_until = self.next_author_scan = self.next_own_scan = self.clock()
        self.awake_until += self.awake
        self.settled = settled
        if not self.polling:
            self.ticker.start()
        self.poll()

    def poll(self) -> None:
        self.reload_late_pages()
        now = self.look()
        changed = _changed(self.seen, now)
        self.seen = now
        settled, self.settled = self.settled, False
        if changed:
            self.changed_path = changed[0]
            self.changed_at = self.clock()
            self.awake_until = self.changed_at + self.awake
            if not settled:
                return
        if self.changed_at is not None and (settled or self.clock() - self.changed_at >= self.quiet):
            self.changed_at = None
            self.preview.rebuild()
            self.filepath = self.changed_path
            if self.callback is not None:
                self.callback()
        self._sleep_when_idle()

    def _sleep_when_idle(self) -> None:
        notifications = self.notifications
        if (notifications is None or notifications.failed or not notifications.ready.is_set()
                or not self.polling or self.changed_at is not None or self.clock() < self.awake_until):
            return  # without notifications (yet), polling goes on
        folders = self.folders()
        if folders != notifications.folders:  # a folder was added or removed: watch them as they are now
            notifications.stop()
            self.notifications = Notifications(folders, notifications.wake, self.quiet)
            self.awake_until = self.clock() + self.awake  # what changes while it starts is polled
        else:
            self.ticker.stop()

    def look(self) -> dict[str, FileVersion]:
        """The watched files as they are now, cheaply: every poll stats the author's files known
        so far; their folders are searched for new files a few times a second, and routegen's own
        theme and catalogs once a second. So an idle preview costs next to no CPU."""
        moment = self.clock()
        if moment >= self.next_author_scan:
            self.author = _snapshot(self.author_paths)
            self.next_author_scan = moment + AUTHOR_SCAN_SECONDS
        else:
            self.author = _restat(self.author)
        if moment >= self.next_own_scan:
            self.own = _snapshot(self.own_paths)
            self.next_own_scan = moment + OWN_SCAN_SECONDS
        return {**self.own, **self.author}

    def reload_late_pages(self) -> None:
        """Reload a page whose live-reload connection came after a rebuild it does not show.

        livereload tells only the pages connected at the moment of a rebuild; a page that was
        still loading then (its script connects a little later) would otherwise stay old. Each
        page carries the build it showed in a cookie, which its connection sends along.
        """
        waiters = set(LiveReloadHandler.waiters)
        for waiter in waiters - self.known_pages:
            if waiter.get_cookie(GENERATION_COOKIE) != str(self.preview.state.generation):
                try:
                    waiter.write_message({"command": "reload", "path": "*", "liveCSS": False, "liveImg": False})
                except WebSocketClosedError:  # the page is gone already
                    pass
        self.known_pages = waiters

    def examine(self) -> tuple[str | None, None]:
        path, self.filepath = self.filepath, None
        return path, None


def error_page(message: str, heading: str = ROUTE_HEADING) -> bytes:
    return (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>routegen: error</title>"
        "</head><body style=\"font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem\">"
        f"<h1>{html.escape(heading)}</h1><p>Fix it and save: this page reloads by itself. "
        "The last good version of the site is still on disk.</p>"
        f"<pre style=\"white-space:pre-wrap;background:#f4f4f4;padding:1rem;border-left:6px solid #b00\">"
        f"{html.escape(message)}</pre></body></html>"
    ).encode("utf-8")


def make_app(state: PreviewState) -> Callable[[dict[str, Any], Responder], list[bytes]]:
    """A WSGI app: the built files, or the error page while the route is broken."""

    def app(environ: dict[str, Any], start_response: Responder) -> list[bytes]:
        path = unquote(environ.get("PATH_INFO", "/"))
        page_headers = [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store"),
                        ("Set-Cookie", f"{GENERATION_COOKIE}={state.generation}; Path=/; SameSite=Strict")]
        if state.error is not None and (path.endswith("/") or path.endswith(".html")):
            start_response("500 Internal Server Error", page_headers)
            return [error_page(state.error, state.heading)]
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
        if kind != "text/html":  # fonts, styles, pictures: revalidated by content, not downloaded again
            data = target.read_bytes()
            tag = f'"{hashlib.blake2b(data, digest_size=16).hexdigest()}"'
            if environ.get("HTTP_IF_NONE_MATCH") == tag:
                start_response("304 Not Modified", [("ETag", tag)])
                return [b""]
            start_response(status, [("Content-Type", kind), ("Cache-Control", "no-cache"), ("ETag", tag)])
            return [data]
        # served pages only: allow the live-reload script that livereload adds
        body = _CSP_META.sub(lambda m: m.group(1) + SERVE_CSP.encode() + m.group(2), target.read_bytes())
        start_response(status, page_headers)
        return [body]

    return app


def _port_in_use(host: str, port: int) -> RoutegenError:
    return RoutegenError(f"Port {port} on {host} is already in use. "
                         f"Stop the other program, or choose another port: routegen serve ... --port {port + 1}")


def check_port_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise _port_in_use(host, port) from exc


def resolve_langs(routes: list[Path], langs: list[str] | None) -> list[str] | None:
    """The --lang codes as the routes spell them; refuse one no route has, since the preview
    would open on a page that does not exist.

    A route that does not load yet is not checked: the preview starts and shows its mistakes.
    """
    if not langs:
        return langs
    listed: dict[Path, list[str]] = {}
    for route in routes:
        try:
            listed[route] = [str(lang) for lang in check_route(route).route.route.languages]
        except RoutegenError:
            return langs
    known = {lang.lower(): lang for languages in listed.values() for lang in languages}
    resolved = []
    for lang in langs:
        if lang.lower() in known:
            resolved.append(known[lang.lower()])
        elif len(routes) == 1:
            raise RoutegenError(f"--lang {lang}: {lang} is not one of the route's languages "
                                f"({', '.join(listed[routes[0]])}). Choose one of those, or add "
                                f"{lang} to route.languages in {display_path(routes[0])} first.")
        else:
            each = "; ".join(f"{display_path(route)}: {', '.join(languages)}"
                             for route, languages in listed.items())
            raise RoutegenError(f"--lang {lang}: {lang} is not a language of any of these routes ({each}).")
    return resolved


def _only_warnings(record: logging.LogRecord) -> bool:
    """livereload logs "Serving on ..." before it listens; our own message says it once it does."""
    return record.levelno >= logging.WARNING


def serve(routes: list[Path], *, host: str = "127.0.0.1", port: int = 5500, langs: list[str] | None = None,
          open_browser: bool = False, log: Callable[[str], None] = print) -> None:
    """Build, serve and rebuild on change until Ctrl-C, SIGTERM or SIGHUP; then clean up."""
    langs = resolve_langs(routes, langs)
    quiet = quiet_seconds()
    check_port_free(host, port)
    originals = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    tornado_loop = IOLoop.current()
    stopping = False

    def request_stop() -> None:
        nonlocal stopping
        stopping = True
        tornado_loop.stop()

    for signum in STOP_SIGNALS:  # handled in the loop: no KeyboardInterrupt at a random place
        loop.add_signal_handler(signum, request_stop)
    out = Path(tempfile.mkdtemp(prefix="routegen-serve-")) / "site"
    url = f"http://{host}:{port}/"
    if len(routes) == 1 and langs:
        url += f"{get_language(langs[0]).folder}/"

    def announce() -> None:  # runs in the loop, so after livereload's listen()
        if not stopping:
            log(f"Serving {url} (Ctrl-C to stop). The site is built in {out}.")

    watcher: BurstWatcher | None = None
    try:
        preview = Preview(routes, out, langs, log)
        preview.rebuild()
        livereload_log = logging.getLogger("livereload")
        livereload_log.addFilter(_only_warnings)
        logging.getLogger("tornado.access").setLevel(logging.CRITICAL)  # our log says what went wrong
        LiveReloadHandler.DEFAULT_RELOAD_TIME = 0  # our watcher already waits out bursts
        watcher = BurstWatcher(preview, quiet)
        server = Server(app=make_app(preview.state), watcher=watcher)
        tornado_loop.add_callback(announce)
        try:
            server.serve(port=port, host=host, debug=False, restart_delay=0,
                         open_url_delay=0.5 if open_browser else None)
        except OSError as exc:  # the port was taken after we checked it
            raise _port_in_use(host, port) from exc
    finally:
        if watcher is not None:
            watcher.stop()
        if not loop.is_closed():
            for signum in STOP_SIGNALS:
                loop.remove_signal_handler(signum)
        for signum in STOP_SIGNALS:  # a second signal must not cut the cleaning up short
            signal.signal(signum, signal.SIG_IGN)
        if not loop.is_closed():
            tornado_loop.close(all_fds=True)
        asyncio.set_event_loop(None)
        shutil.rmtree(out.parent, ignore_errors=True)
        for signum, handler in originals.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        try:
            log("Stopped.")
        except OSError:  # the terminal is gone (SIGHUP): nobody is left to read it
            pass
