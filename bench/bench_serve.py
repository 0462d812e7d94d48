"""Reload latency of `routegen serve`: from saving the route file to the reloaded page in Chromium.

Starts `routegen serve` on a copy of the Smallingerland route (eight languages) and measures:

- start-up: from the command to the first page's bytes, once with an empty persistent cache
  (``ROUTEGEN_CACHE_DIR``, a new folder) and three times with the cache that start left;
- edits: with the step's page open in headless Chromium, edits of one step's body (one page per
  language changes), the first edit after the start apart; then with the Dutch overview open,
  edits of its summary (the picture, the overview and several pages change in every language);
  each from the write to the moment the reloaded page shows the new text;
- idle CPU: the server's own CPU time over 10 s with nothing to do.

Prints median, min and max of each.

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
import urllib.request
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


def start_server(route: Path, port: int, cache: Path) -> tuple[subprocess.Popen[str], float]:
    """Start `routegen serve` and time from the command to the first page's bytes (HTTP 200)."""
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "routegen.cli", "serve", str(route), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env={**os.environ, "PYTHONUNBUFFERED": "1", "ROUTEGEN_CACHE_DIR": str(cache)})
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/nl/", timeout=5) as answer:
                if answer.status == 200:
                    answer.read()
                    return server, time.perf_counter() - started
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"routegen serve stopped:\n{server.stdout.read() if server.stdout else ''}")
            time.sleep(0.01)  # polling a port that is not open yet: nothing to wait on


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stop(server: subprocess.Popen[str]) -> None:
    server.terminate()
    server.wait(timeout=10)


def edit(text: str, step_id: str, kind: str, marker: str) -> str:
    if kind == "summary":
        return re.sub(r"(\n  - id: " + step_id + r"\n(?:    .*\n)*?    summary: ).*\n",
                      lambda m: m.group(1) + marker + "\n", text, count=1)
    return re.sub(r"(\n  - id: " + step_id + r"\n(?:    .*\n)*?    body: \|\n      )",
                  lambda m: m.group(1) + marker + " ", text, count=1)


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
    cache = work / "cache"
    step = re.search(r"\n  - id: ([a-z0-9-]+)\n", original.split("\nsteps:", 1)[1])
    assert step is not None
    step_id = step.group(1)
    results: dict[str, list[float]] = {}
    try:
        # start-up: with an empty persistent cache, then with the cache that run left
        for name in ("start, empty cache (s)", "start, warm cache (s)"):
            for _ in range(3 if "warm" in name else 1):
                server, seconds = start_server(route, free_port(), cache)
                stop(server)
                results.setdefault(name, []).append(seconds)
        port = free_port()
        server, _ = start_server(route, port, cache)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            text = original
            # one page open at a time, as an author has: the page being edited reloads alone
            for kind, path in (("body", f"nl/{step_id}/"), ("summary", "nl/")):
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{port}/{path}")
                page.wait_for_load_state("load")
                time.sleep(0.5)
                for run in range(args.runs + 1):
                    marker = f"Versie {run} van de {kind}."
                    text = edit(text, step_id, kind, marker)
                    time.sleep(0.3)  # let the page reconnect its live-reload socket after a reload
                    label = f"first {kind} edit after start (ms)" if kind == "body" and run == 0 else f"{kind} edit (ms)"
                    results.setdefault(label, []).append(reload_ms(page, route, text, marker))
                page.close()
            browser.close()
        time.sleep(2)  # settle, then measure the idle preview's own CPU use
        before = cpu_seconds(server.pid)
        time.sleep(10)
        results["idle CPU (% of a core)"] = [(cpu_seconds(server.pid) - before) / 10 * 100]
        stop(server)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"routegen serve, Smallingerland (8 languages), {args.runs} edits of each kind; "
          "edits in ms from save to the reloaded page's DOM")
    print(f"{'measure':40}{'median':>9}{'min':>9}{'max':>9}")
    for name, values in results.items():
        print(f"{name:40}{statistics.median(values):9.2f}{min(values):9.2f}{max(values):9.2f}")
    print("targets (issue 14): first page within 2 s of start; body edit under 150 ms, summary edit under "
          "300 ms; the first edit no slower than later ones; idle CPU near zero")


if __name__ == "__main__":
    main()
