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

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_text(page: object, path_js: str, needle: str, timeout: float = 30) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if needle in page.evaluate(path_js):  # type: ignore[attr-defined]
                return time.perf_counter()
        except Exception:
            pass  # the page is reloading
        time.sleep(0.002)
    raise SystemExit(f"the page never showed {needle!r}")


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
        step = re.search(r"\n  - id: ([a-z0-9-]+)\n", original.split("\nsteps:", 1)[1])
        assert step is not None
        step_id = step.group(1)
        timings: dict[str, list[float]] = {"summary (overview + picture)": [], "body (one page)": []}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            overview = browser.new_page()
            overview.goto(f"http://127.0.0.1:{port}/nl/")
            step_page = browser.new_page()
            step_page.goto(f"http://127.0.0.1:{port}/nl/{step_id}/")
            time.sleep(1)
            text = original
            for run in range(args.runs):
                # summary of the first step: picture, overview list and several pages change
                marker = f"Versie {run} van de samenvatting."
                text = re.sub(r"(\n  - id: " + step_id + r"\n(?:    .*\n)*?    summary: ).*\n",
                              lambda m: m.group(1) + marker + "\n", text, count=1)
                time.sleep(0.3)  # let both pages reconnect their live-reload socket after a reload
                started = time.perf_counter()
                route.write_text(text, encoding="utf-8")
                timings["summary (overview + picture)"].append(
                    (wait_text(overview, "document.body.innerText", marker) - started) * 1000)
                # body of the same step: only its own page changes in each language
                marker = f"{body_marker} {run}."
                text = re.sub(r"(\n  - id: " + step_id + r"\n(?:    .*\n)*?    body: \|\n      )",
                              lambda m: m.group(1) + marker + " ", text, count=1)
                time.sleep(0.3)
                started = time.perf_counter()
                route.write_text(text, encoding="utf-8")
                timings["body (one page)"].append(
                    (wait_text(step_page, "document.body.innerText", marker) - started) * 1000)
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
