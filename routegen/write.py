"""Write a built site into its output folder, safely.

The output folder is sacred:
- a folder that is clearly wrong (`/`, a home folder, the route's own folder or file, a non-empty
  folder routegen did not create) is refused before anything is written;
- the whole site is first written into a temporary folder beside it, and only when that
  succeeded are its files moved in, one atomic rename each, so a failed build leaves the
  previous site as it was;
- a manifest lists the files routegen wrote; only those are ever deleted, so a file the user
  put there (a CNAME, a .htaccess) survives;
- a file whose content did not change is not touched, so an rsync deploy stays small;
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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .errors import OutputFolderError
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


def _read_manifest(target: Path) -> dict[str, str]:
    try:
        data = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
        files = data.get("files", {})
        return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}
    except (OSError, ValueError):
        return {}


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


def write_site(files: dict[str, bytes], out: Path, protected: list[Path], *, prune: bool = True) -> WriteReport:
    """Put exactly ``files`` (relative path -> bytes) into ``out``, keeping what is not ours.

    ``prune=False`` adds and replaces only (`routegen print` of one language keeps the PDFs an
    earlier run made of another)."""
    check_output_folder(out, protected)
    target = out.expanduser().resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with output_lock(target):
        check_output_folder(out, protected)  # another build may have changed it meanwhile
        return _write_locked(files, target, prune)


def _write_locked(files: dict[str, bytes], target: Path, prune: bool) -> WriteReport:
    previous = _read_manifest(target) if target.is_dir() else {}
    report = WriteReport()
    digests = {name: _digest(data) for name, data in files.items()}
    if not prune:
        digests = {**{name: digest for name, digest in previous.items() if (target / _safe_relative(name)).is_file()}, **digests}
    changed = sorted(
        name for name, data in files.items()
        if not (previous.get(name) == digests[name] and _same(target / name, data))
    )
    report.unchanged = sorted(set(files) - set(changed))
    _check_no_collisions(target, changed)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.routegen-", dir=target.parent))
    staging.chmod(0o777 & ~current_umask())  # mkdtemp makes it private; it may become the site itself
    try:
        for name in changed:  # only what changed is written at all: unchanged files keep their times
            path = staging / _safe_relative(name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(files[name])
        manifest = {"generator": "routegen", "files": dict(sorted(digests.items()))}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        if not target.exists():
            os.replace(staging, target)
            report.written = changed
            return report
        for name in changed:
            final = target / name
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, final)
            report.written.append(name)
        for name in sorted(set(previous) - set(digests)):
            stale = target / _safe_relative(name)
            if stale.is_file():
                stale.unlink()
                report.deleted.append(name)
                _remove_empty_parents(stale.parent, target)
        os.replace(staging / MANIFEST, target / MANIFEST)
        return report
    finally:
        shutil.rmtree(staging, ignore_errors=True)


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


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
