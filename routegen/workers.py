"""Pools of forked processes, for the work of a build that can run beside the rest (routes,
font cuts), and only where forking is safe."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any


def forked_pool(workers: int, initializer: Callable[..., object] | None = None,
                initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor | None:
    """A pool of ``workers`` forked processes, which start with what this one has imported; None
    where this process must not fork: another thread runs (`serve`, printing: a child would
    inherit locks that thread holds), or the system has no fork."""
    if threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=initializer, initargs=initargs)
