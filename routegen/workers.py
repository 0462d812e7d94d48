"""Pools of forked processes, for the work of a build that can run beside the rest (routes,
font cuts), and only where forking is safe."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

_PR_SET_PDEATHSIG = 1  # linux/prctl.h: the signal a process gets when its parent ends


def forked_pool(workers: int, initializer: Callable[..., object] | None = None,
                initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor | None:
    """A pool of ``workers`` forked processes, which start with what this one has imported; None
    where this process must not fork: another thread runs (`serve`, printing: a child would
    inherit locks that thread holds), or the system has no fork."""
    if threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_end_with_parent, initargs=(os.getpid(), initializer, *initargs))


def _end_with_parent(parent: int, initializer: Callable[..., object] | None, *initargs: Any) -> None:
    """Start a worker that ends when the process that forked it ends, however it ends.

    A build killed by `timeout`, a scheduler or kill -9 would otherwise leave its workers
    waiting for work for good: each holds the queue's writing end too, so none of them sees it
    close. Linux tells a process of its parent's end (prctl); elsewhere (macOS) a worker of a
    killed build may stay.
    """
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # it ended before we asked
            os._exit(1)
    if initializer is not None:
        initializer(*initargs)
