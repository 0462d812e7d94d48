"""The persistent cache: what an earlier process made, kept by the digest of what it was made of.

A fresh `routegen build` of a route nobody touched should not cut fonts, lay out pictures or
render pages again. Everything here is content-addressed (the key is a digest of every input,
including routegen's and its libraries' versions), so an entry is never stale, only unused; the
folder is safe to delete at any time, and a cache that cannot be read or written (a read-only
home, a full disk) makes routegen slower, never wrong.

Where: ``ROUTEGEN_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/routegen``, else
``~/.cache/routegen``. ``ROUTEGEN_CACHE_DIR=off`` turns the cache off. Once a day a build trims
the cache to ``ROUTEGEN_CACHE_MAX_MB`` (default 4096), the entries used longest ago first: a
route whose entry went is made again; one whose files went is made again when they are needed.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from .errors import RoutegenError
from .speech import tr

try:
    import fcntl
except ImportError:  # not POSIX (Windows): no file locks, so claims wait for nobody
    fcntl = None  # type: ignore[assignment]

OFF = "off"
LIMIT_VARIABLE = "ROUTEGEN_CACHE_MAX_MB"
DEFAULT_LIMIT_MB = 4096
TRIM_EVERY_SECONDS = 24 * 3600
TRIMMED = ".trimmed"
PACKAGE = Path(__file__).resolve().parent
# The libraries whose versions can change what routegen makes of the same input.
LIBRARIES = ("fonttools", "uharfbuzz", "brotli", "jinja2", "markdown-it-py", "babel", "svgwrite",
             "pydantic", "pyyaml", "segno")


def cache_root() -> Path | None:
    """The cache folder, or None when the cache is off."""
    chosen = os.environ.get("ROUTEGEN_CACHE_DIR", "").strip()
    if chosen.lower() == OFF:
        return None
    if chosen:
        return Path(chosen).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base).expanduser() if base else Path.home() / ".cache") / "routegen"


@lru_cache(maxsize=1)
def code_stamp() -> str:
    """A digest of routegen itself (its code, templates, catalogs and fonts) and of its libraries'
    versions: an entry made by other code is never used, even within one version number."""
    from importlib import metadata

    h = hashlib.blake2b(digest_size=20)
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(PACKAGE)).encode("utf-8"))
            h.update(path.read_bytes())
    for library in LIBRARIES:
        try:
            h.update(f"{library}={metadata.version(library)}".encode("utf-8"))
        except metadata.PackageNotFoundError:
            h.update(f"{library}=-".encode("utf-8"))
    return h.hexdigest()


def digest(*parts: bytes | str) -> str:
    """A key from its inputs and :func:`code_stamp`."""
    h = hashlib.blake2b(digest_size=20)
    for part in (code_stamp(), *parts):
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


@lru_cache(maxsize=64)
def file_digest(path: Path) -> str:
    """A file's content digest, once per process (for the shipped fonts, which do not change)."""
    return hashlib.blake2b(path.read_bytes(), digest_size=20).hexdigest()


def folder_files(folder: Path) -> Iterator[tuple[Path, bytes]]:
    """Every file below a folder with its contents, in a stable order; none if it is missing."""
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            try:
                data = path.read_bytes() if path.is_file() else None
            except OSError:  # removed while we looked: the next change rebuilds again
                data = None
            if data is not None:
                yield path, data


def files_stamp(*folders: Path) -> tuple[tuple[str, str], ...]:
    """Names and content digests of the files in some folders: changes when any file does.

    Contents, not sizes and change times: two saves within one tick of the file system's clock
    can leave both unchanged, and a running `serve` would then keep showing the old page.
    """
    return tuple((str(path), hashlib.blake2b(data, digest_size=16).hexdigest())
                 for folder in folders for path, data in folder_files(folder))


def _path(kind: str, key: str) -> Path | None:
    root = cache_root()
    return None if root is None else root / kind / key[:2] / key


def location(kind: str, key: str) -> Path | None:
    """Where an entry lies (whether or not it is there); None when the cache is off."""
    return _path(kind, key)


def has(kind: str, key: str) -> bool:
    path = _path(kind, key)
    return path is not None and path.is_file()


def load(kind: str, key: str, *, touch: bool = False) -> bytes | None:
    """An entry's bytes; ``touch`` marks it used now, so trimming keeps it longest."""
    path = _path(kind, key)
    if path is None:
        return None
    try:
        data = path.read_bytes()
        if touch:
            os.utime(path)
        return data
    except OSError:
        return None


def limit_bytes() -> int:
    """The size the cache is trimmed to: ROUTEGEN_CACHE_MAX_MB megabytes."""
    value = os.environ.get(LIMIT_VARIABLE, "").strip()
    if not value:
        return DEFAULT_LIMIT_MB * 1_000_000
    try:
        megabytes = int(value)
    except ValueError:
        megabytes = -1
    if megabytes < 0:
        raise RoutegenError(tr("{variable} must be a whole number of megabytes, such as 4096, not {value}.",
                               variable=LIMIT_VARIABLE, value=repr(value)))
    return megabytes * 1_000_000


def trim_if_due(now: float | None = None) -> None:
    """Once a day, remove the files used longest ago until the cache fits its limit."""
    root = cache_root()
    if root is None or not root.is_dir():
        return
    limit = limit_bytes()
    moment = time.time() if now is None else now
    marker = root / TRIMMED
    try:
        if moment - marker.stat().st_mtime < TRIM_EVERY_SECONDS:
            return
    except OSError:
        pass
    try:
        found = []
        for path in root.rglob("*"):
            if path.name != TRIMMED and path.is_file():
                info = path.stat()
                found.append((info.st_mtime, info.st_size, path))
        total = sum(size for _, size, _ in found)
        for _, size, path in sorted(found):
            if total <= limit:
                break
            path.unlink(missing_ok=True)
            total -= size
        marker.touch()
        os.utime(marker, (moment, moment))
    except OSError:
        pass  # another build trims at the same time, or the cache is read-only: next time


LOCKS = "locks"


@contextmanager
def claim(kind: str, key: str) -> Iterator[None]:
    """The right to make one entry: another process (or thread) that claims it meanwhile waits
    until this one is done, and then finds the entry made (two workers of a build cut each font
    once, not twice). Without the cache, or where the system has no file locks, nobody waits."""
    handle = _lock_file(kind, key)
    try:
        if handle is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        if handle is not None:
            os.close(handle)  # lets the lock go


def _lock_file(kind: str, key: str) -> int | None:
    path = _path(LOCKS, f"{key}.{kind}") if fcntl is not None else None
    if path is None:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return None


def save(kind: str, key: str, data: bytes) -> bool:
    """Keep ``data`` under ``key``: written beside and renamed in, so a reader never sees half
    a file and two processes writing the same entry both succeed. False when it could not be."""
    path = _path(kind, key)
    if path is None:
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return False  # a cache we cannot write only makes the next build slower
    return True
