"""Write a built site into its output folder, safely.

The output folder is sacred:
- a folder that is clearly wrong (`/`, a home folder, the route's own folder or file, a non-empty
  folder routegen did not create) is refused before anything is written;
- the whole site is first written into a temporary folder beside it, and only when that
  succeeded are its files moved in, one atomic rename each, so a failed build leaves the
  previous site as it was;
- a manifest lists the files routegen wrote; only those are ever deleted, so a file the user
  put there (a CNAME, a .htaccess) survives;
- a file whose content did not change is not touched, so an rsync deploy stays small; the
  manifest records each file's digest, size and change time, so a rebuild tells an unchanged
  file by one ``stat`` and reads only files that were touched since (by hand, or by a copy);
- folders and files get the user's usual permissions (umask), so a web server can read them;
- one build at a time writes into a folder: a second waits for the first (a lock on the folder's
  parent), so the folder always holds exactly one complete site and its manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import store
from .errors import OutputFolderError, RoutegenError
from .speech import tr

MANIFEST = ".routegen-manifest.json"
LOCK_TIMEOUT_S = 300.0  # a build of the largest portal takes minutes; a stuck one is not waited for forever


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class CacheLost(RoutegenError):
    """A file the cache held when the build began is gone (the cache folder was cleared)."""

    def __init__(self, name: str) -> None:
        super().__init__(tr("routegen's cache lost a file while building ({name}). Build again; "
                            "if it happens again, delete the cache folder.", name=name))


class SiteFiles(Mapping[str, bytes]):
    """A site's files by path, each known by its digest and size; the bytes are held only for
    files made in this process, the others are read from the persistent cache (routegen.store)
    when somebody asks for them. So a rebuild that reuses 40,000 cached files holds none of
    them in memory, and the write stage, which compares digests, reads none of them."""

    BLOBS = "blobs"

    def __init__(self, files: Mapping[str, bytes] | None = None) -> None:
        self.entries: dict[str, tuple[str, int]] = {}  # path -> (sha256, size)
        self._data: dict[str, bytes] = {}
        for name, data in (files or {}).items():
            self[name] = data

    def __setitem__(self, name: str, data: bytes) -> None:
        self._data[name] = data
        self.entries[name] = (_digest(data), len(data))

    def add_cached(self, name: str, digest: str, size: int) -> None:
        """A file the cache holds under its digest (see :meth:`keep`)."""
        self._data.pop(name, None)
        self.entries[name] = (digest, size)

    def update(self, other: Mapping[str, bytes]) -> None:
        if isinstance(other, SiteFiles):  # its digests are known: not computed again
            self.entries.update(other.entries)
            for name in other.entries:
                if name in other._data:
                    self._data[name] = other._data[name]
                else:
                    self._data.pop(name, None)
        else:
            for name, data in other.items():
                self[name] = data

    def keep(self) -> bool:
        """Put the bytes held here into the cache and stop holding them; whether the cache took
        every file (it may be off, or full)."""
        for name, data in list(self._data.items()):
            digest = self.entries[name][0]
            if store.has(self.BLOBS, digest) or store.save(self.BLOBS, digest, data):
                del self._data[name]
        return not self._data

    def copy_to(self, name: str, path: Path) -> None:
        data = self._data.get(name)
        if data is not None:
            path.write_bytes(data)
            return
        source = store.location(self.BLOBS, self.entries[name][0])
        try:
            if source is None:
                raise OSError("no cache")
            shutil.copyfile(source, path)
        except OSError as error:
            raise CacheLost(name) from error

    def __getitem__(self, name: str) -> bytes:
        data = self._data.get(name)
        if data is not None:
            return data
        digest = self.entries[name][0]  # KeyError for a file the site does not have
        cached = store.load(self.BLOBS, digest)
        if cached is None:
            raise CacheLost(name)
        return cached

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, name: object) -> bool:
        return name in self.entries


def check_output_folder(out: Path, protected: list[Path]) -> None:
    """Refuse an output folder that would damage something the user owns."""
    target = out.expanduser().resolve()
    home = Path.home().resolve()
    if target == Path(target.anchor):
        raise OutputFolderError(tr("Refusing to write the site into {target}: that is the root of the disk. "
                                   "Choose a folder of its own, such as build/.", target=target))
    if target == home or target in home.parents:
        raise OutputFolderError(tr("Refusing to write the site into {target}: that is a home folder. "
                                   "Choose a folder of its own, such as build/.", target=target))
    for path in protected:
        own = path.resolve()
        if target == own or target in own.parents or own in target.parents:
            raise OutputFolderError(tr(
                "Refusing to write the site into {target}: it holds the route file or its "
                "translations ({path}). Choose another folder, such as build/.", target=target, path=path))
    for folder in (target, *target.parents):
        if folder.exists() and not folder.is_dir():
            raise OutputFolderError(tr("Refusing to write the site into {target}: {folder} is a file, not a folder.",
                                       target=target, folder=folder))
    if target.is_dir() and any(target.iterdir()) and not (target / MANIFEST).is_file():
        raise OutputFolderError(tr(
            "Refusing to write the site into {target}: the folder is not empty and routegen did not "
            "create it. Choose an empty or new folder, or empty this one yourself.", target=target))


def _safe_relative(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts or name == MANIFEST:
        raise ValueError(f"unsafe output path {name!r}")  # a bug: pages name their own files
    return path


@dataclass
class Manifest:
    """What the last build wrote: each file's digest, and the size and change time it had then."""

    digests: dict[str, str] = field(default_factory=dict)
    stats: dict[str, tuple[int, int]] = field(default_factory=dict)
    written_ns: int = 0  # the manifest's own change time: it was written after every file


def _read_manifest(target: Path) -> Manifest:
    try:
        written_ns = (target / MANIFEST).stat().st_mtime_ns
        data = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
        files, stats = data.get("files", {}), data.get("stat", {})
        manifest = Manifest({str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {},
                            written_ns=written_ns)
        if isinstance(stats, dict):
            manifest.stats = {str(k): (int(v[0]), int(v[1])) for k, v in stats.items()
                              if isinstance(v, list) and len(v) == 2}
        return manifest
    except (OSError, ValueError, TypeError):
        return Manifest()


def current_umask() -> int:
    """The process's umask; read by setting it, since POSIX has no plain getter."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def output_lock(target: Path, timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold the build lock of an output folder; a second build waits until the first is done.

    The lock is taken on the folder's parent, which exists before the site does and is not
    replaced by the final rename, so no lock file is left behind. Where the system has no
    ``flock`` (Windows), builds are not serialised.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    handle = os.open(target.parent, os.O_RDONLY)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise OutputFolderError(tr(
                        "Another routegen build has been writing into {target} for more than "
                        "{seconds} seconds. Stop it, or wait until it is done, and build again.",
                        target=target, seconds=f"{timeout:.0f}")) from None
                time.sleep(0.05)  # polling a lock: the other build releases it when it is done
        yield
    finally:
        os.close(handle)  # closing releases the lock


def write_site(files: Mapping[str, bytes], out: Path, protected: list[Path], *, prune: bool = True) -> WriteReport:
    """Put exactly ``files`` (relative path -> bytes) into ``out``, keeping what is not ours.

    ``prune=False`` adds and replaces only (`routegen print` of one language keeps the PDFs an
    earlier run made of another)."""
    check_output_folder(out, protected)
    target = out.expanduser().resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with output_lock(target):
        check_output_folder(out, protected)  # another build may have changed it meanwhile
        return _write_locked(files if isinstance(files, SiteFiles) else SiteFiles(files), target, prune)


def _write_locked(files: SiteFiles, target: Path, prune: bool) -> WriteReport:
    previous = _read_manifest(target) if target.is_dir() else Manifest()
    report = WriteReport()
    digests = {name: digest for name, (digest, _) in files.entries.items()}
    if not prune:
        kept = {name: digest for name, digest in previous.digests.items() if (target / _safe_relative(name)).is_file()}
        digests = {**kept, **digests}
    changed = sorted(name for name, (digest, size) in files.entries.items()
                     if not (previous.digests.get(name) == digest and _unchanged(target, name, digest, size, previous)))
    report.unchanged = sorted(set(files) - set(changed))
    _check_no_collisions(target, changed)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.routegen-", dir=target.parent))
    staging.chmod(0o777 & ~current_umask())  # mkdtemp makes it private; it may become the site itself
    try:
        made_folders: set[Path] = set()
        for name in changed:  # only what changed is written at all: unchanged files keep their times
            path = staging / _safe_relative(name)
            if path.parent not in made_folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                made_folders.add(path.parent)
            files.copy_to(name, path)
        stats = {name: stat for name, stat in previous.stats.items() if name in digests}
        stats.update({name: _stat(target / name) for name in report.unchanged if name not in previous.stats})
        stats.update({name: _stat(staging / name) for name in changed})  # a rename keeps both
        manifest = {"generator": "routegen", "files": dict(sorted(digests.items())),
                    "stat": {name: list(stats[name]) for name in sorted(stats)}}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        if not target.exists():
            os.replace(staging, target)
            report.written = changed
            return report
        for name in changed:
            final = target / name
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, final)
            report.written.append(name)
        for name in sorted(set(previous.digests) - set(digests)):
            stale = target / _safe_relative(name)
            if stale.is_file():
                stale.unlink()
                report.deleted.append(name)
                _remove_empty_parents(stale.parent, target)
        if report.written or report.deleted or _changed_manifest(staging / MANIFEST, target / MANIFEST):
            os.replace(staging / MANIFEST, target / MANIFEST)  # else kept: a deploy sends nothing
        return report
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _changed_manifest(new: Path, old: Path) -> bool:
    try:
        return new.read_bytes() != old.read_bytes()
    except OSError:
        return True


def _check_no_collisions(target: Path, names: list[str]) -> None:
    """Refuse before moving anything in when a page would land on or under a file that is not ours."""
    for name in names:
        final = target / _safe_relative(name)
        if final.is_dir():
            raise OutputFolderError(tr("Cannot write {final}: a folder of that name is in the way. "
                                       "Move it out of the output folder and build again.", final=final))
        for folder in final.parents:
            if folder == target:
                break
            if folder.exists() and not folder.is_dir():
                raise OutputFolderError(tr("Cannot write {final}: {folder} is a file, not a folder. "
                                           "Move it out of the output folder and build again.",
                                           final=final, folder=folder))


def _stat(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_size, info.st_mtime_ns


def _unchanged(target: Path, name: str, digest: str, size: int, previous: Manifest) -> bool:
    """Whether the file in the folder is still the one the manifest says we wrote: the same size
    and change time as then (one stat), or else the same contents (read and hashed).

    A time is trusted only when it is older than the manifest's: an edit within the same tick of
    the file system's clock as our write could keep size and time (git's "racy clean" rule)."""
    path = target / name
    try:
        now = _stat(path)
        if now[0] != size:
            return False
        if previous.stats.get(name) == now and now[1] < previous.written_ns:
            return True
        return _digest(path.read_bytes()) == digest
    except OSError:
        return False


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
