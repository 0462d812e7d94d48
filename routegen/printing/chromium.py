"""Headless Chromium through Playwright, started the same way for every print job.

Debian's ``chromium`` is used (never a downloaded browser); ``ROUTEGEN_CHROMIUM`` names another
binary. Nothing is fetched from the network: the flags keep Chromium's own services quiet.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from ..errors import RoutegenError

CHROMIUM_VARIABLE = "ROUTEGEN_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


class ChromiumMissing(RoutegenError):
    """Printing needs a Chromium (and Playwright to drive it) that this machine lacks."""


def chromium_path() -> Path:
    """The Chromium binary to print with; a clear error naming the package when there is none."""
    named = os.environ.get(CHROMIUM_VARIABLE)
    candidates = [named] if named else [DEFAULT_CHROMIUM, shutil.which("chromium") or "",
                                         shutil.which("chromium-browser") or ""]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    where = f"{CHROMIUM_VARIABLE}={named}" if named else DEFAULT_CHROMIUM
    raise ChromiumMissing(
        f"Printing needs Chromium, and there is none at {where}. "
        "Install it (on Debian or Ubuntu: apt-get install chromium), or set "
        f"{CHROMIUM_VARIABLE} to the path of a Chromium or Chrome binary. "
        "Building the site (routegen build without --print) does not need it.")


@contextmanager
def browser() -> Iterator[Any]:
    """A running headless Chromium (a Playwright Browser), closed afterwards."""
    binary = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise ChromiumMissing(
            "Printing needs the Python package playwright, which drives Chromium. "
            "Install routegen with it: pip install 'routegen[print]' (it does not download a "
            "browser; routegen uses the system's Chromium).") from exc
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(binary), headless=True, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


T = TypeVar("T")


def in_own_thread(job: Callable[[], T]) -> T:
    """Run a Chromium job on a thread of its own and return its result (or raise its error).

    Playwright's sync API refuses a thread whose asyncio loop is running: `serve`'s tornado loop,
    or a caller's own Playwright session (a test's browser).
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="routegen-chromium") as pool:
        return pool.submit(job).result()
