"""Reload latency of `routegen serve`: from saving the route file to the reloaded page in Chromium.

Starts `routegen serve` on a copy of the Smallingerland route (eight languages), opens the Dutch
overview in headless Chromium, then repeatedly edits one step's text (alternately its summary,
shown in the picture and the overview, and its body, shown on its own page) and measures the time
from the write to the moment the page shows the new text. Prints the median, min and max.

    python bench/bench_serve.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def reload_ms(page: Any, route: Path, text: str, needle: str) -> float:
    """Save the route and time until the reloaded page's DOM is ready; check it shows the edit."""
    with page.expect_event("domcontentloaded", timeout=30000):
        started = time.perf_counter()
        route.write_text(text, encoding="utf-8")
    for _ in range(3):  # a reload still under way from the previous edit may land first
        elapsed = (time.perf_counter() - started) * 1000
        if needle in page.inner_text("body"):
            return elapsed
        page.wait_for_event("domcontentloaded", timeout=30000)
    raise SystemExit(f"the reloaded page does not show {needle!r}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="routegen-bench-serve-"))
    route = work / "smallingerland.yaml"
    shutil.copy(ROOT / "routes" / "smallingerland.yaml", route)
    shutil.copytree(ROOT / "routes" / "smallingerland", work / "smallingerland")
    original = route.read_text(encoding="utf-8")
    body_marker = "Bench-zin"
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "routegen.cli", "serve", str(route), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert server.stdout is not None
        for line in server.stdout:
            if "Serving" in line:
                break
        import threading

        rebuilt: list[tuple[float, str]] = []

        def read_log() -> None:
            for line in server.stdout:  # type: ignore[union-attr]
                if "Rebuilt" in line:
                    rebuilt.append((time.perf_counter(), line))

        threading.Thread(target=read_log, daemon=True).start()
        step = re.search(r"\n  - id: ([a-z0-9-]+)\n", original.split("\nsteps:", 1)[1])
        assert step is not None
        step_id = step.group(1)
        timings: dict[str, list[float]] = {"summary (overview + picture)": [], "body (one page)": []}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            text = original
            # one page open at a time, as an author has: the page being edited reloads alone
            for name, path in (("summary (overview + picture)", "nl/"), ("body (one page)", f"nl/{step_id}/")):
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{port}/{path}")
                time.sleep(1)
                for run in range(args.runs):
                    if name.startswith("summary"):
                        marker = f"Versie {run} van de samenvatting."
                        text = re.sub(r"(\n  - id: " + step_id + r"\n(?:    .*\n)*?    summary: ).*\n",
                                      lambda m: m.group(1) + marker + "\n", text, count=1)
                    else:
                        marker = f"{body_marker} {run}."
                        text = re.sub(r"(\n  - id: " + step_id + r"\n(?:    .*\n)*?    body: \|\n      )",
                                      lambda m: m.group(1) + marker + " ", text, count=1)
                    time.sleep(0.3)  # let the page reconnect its live-reload socket after a reload
                    started = time.perf_counter()
                    timings[name].append(reload_ms(page, route, text, marker))
                    if rebuilt:
                        timings.setdefault(f"  save to rebuilt ({name.split()[0]})", []).append(
                            (rebuilt[-1][0] - started) * 1000)
                page.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    print(f"routegen serve, Smallingerland (8 languages), {args.runs} edits each; ms from save to reloaded page")
    print(f"{'edit':32}{'median':>9}{'min':>9}{'max':>9}")
    for name, values in timings.items():
        print(f"{name:32}{statistics.median(values):9.0f}{min(values):9.0f}{max(values):9.0f}")
    print("target: median under 300 ms")


if __name__ == "__main__":
    main()
