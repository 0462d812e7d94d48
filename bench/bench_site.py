#!/usr/bin/env python3
"""Benchmark `routegen build`: cold builds, warm rebuilds, and the weight of what is built.

    python bench/bench_site.py [--runs N] [--json] [--case smallingerland|examples]

Two cases:

  smallingerland   routes/smallingerland.yaml alone (8 languages)
  examples         every example route (routes/*.yaml) in one build, as `routegen build routes/*.yaml`

For each case:

  cold   N builds, each in a fresh Python process (subprocess) into a new temporary folder with
         an empty persistent cache (ROUTEGEN_CACHE_DIR), so nothing is warm: the wall time of the
         whole process (what a user waits for, imports included) and the time of build() alone;
         targets (issue 14): Smallingerland under 2 s;
  cached each cold build again in a fresh process, into a new output folder, with the cache it
         left: target for Smallingerland under 1 s;
  warm   one build in this process, then N rebuilds with no change into the same folder: every
         file must come out unchanged; and, when build() takes a RenderCache (routegen.cache),
         the same with one cache shared between the builds, as `routegen serve` does;
  files  how many files the build writes;
  size   per route: the Dutch overview page (<slug>/nl/index.html) plus its stylesheet, in KB
         (fonts excluded; the target is under 100 KB), and each WOFF2 font file in KB (target:
         each under 60 KB).

Prints median and min seconds in a compact table. Exit code 0 when the size targets hold, 1 when
one does not. Timings depend on the machine; compare medians on one machine between commits.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # measure the routegen of this checkout

KB = 1024
OVERVIEW_LIMIT_KB = 100.0
FONT_LIMIT_KB = 60.0

CHILD = r"""
import json, sys, time
started = time.perf_counter()
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from routegen.pipeline import build
imported = time.perf_counter()
result = build([Path(p) for p in json.loads(sys.argv[2])], Path(sys.argv[3]))
done = time.perf_counter()
print(json.dumps({"import": imported - started, "build": done - imported, "files": len(result.files)}))
"""


def cases() -> dict[str, list[Path]]:
    examples = sorted((REPO / "routes").glob("*.yaml"))
    return {"smallingerland": [REPO / "routes" / "smallingerland.yaml"], "examples": examples}


def cold_run(routes: list[Path], out: Path, cache: Path) -> dict[str, float]:
    """A fresh process building into ``out`` with routegen's persistent cache in ``cache``."""
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(REPO), json.dumps([str(r) for r in routes]), str(out)],
        capture_output=True, text=True, check=False, env={**os.environ, "ROUTEGEN_CACHE_DIR": str(cache)})
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"cold build failed:\n{proc.stderr}")
    figures: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    figures["wall"] = wall
    return figures


def sizes(out: Path, routes: list[Path]) -> list[dict[str, Any]]:
    """Per route: the Dutch (source language) overview + CSS, and each font, in KB."""
    import yaml  # routegen's own dependency

    rows = []
    for route in routes:
        data = yaml.safe_load(route.read_text(encoding="utf-8"))["route"]
        root = out / data["slug"] if len(routes) > 1 else out
        source = data.get("source_language", "nl")
        page = (root / source / "index.html").stat().st_size
        css = (root / "assets" / "style.css").stat().st_size
        fonts = {p.name: p.stat().st_size / KB for p in sorted((root / "assets" / "fonts").glob("*.woff2"))}
        rows.append({"route": data["slug"], "overview_kb": page / KB, "css_kb": css / KB,
                     "overview_css_kb": (page + css) / KB, "fonts_kb": fonts})
    return rows


def bench(name: str, routes: list[Path], runs: int) -> dict[str, Any]:
    from routegen.pipeline import build

    with tempfile.TemporaryDirectory(prefix="routegen-bench-") as tmp:
        os.environ["ROUTEGEN_CACHE_DIR"] = str(Path(tmp) / "cache-in-process")
        cold, reused = [], []
        for i in range(runs):  # an empty cache, then the cache it left with the output folder gone
            cold.append(cold_run(routes, Path(tmp) / f"cold-{i}", Path(tmp) / f"cache-{i}"))
            reused.append(cold_run(routes, Path(tmp) / f"cached-{i}", Path(tmp) / f"cache-{i}"))
        out = Path(tmp) / "warm"
        first = build(routes, out)
        warm = []
        for _ in range(runs):
            started = time.perf_counter()
            result = build(routes, out)
            warm.append(time.perf_counter() - started)
            if result.report.written or result.report.deleted:
                raise SystemExit(f"{name}: a rebuild without changes rewrote files: "
                                 f"{result.report.written[:5]} {result.report.deleted[:5]}")
        cached = _warm_with_cache(routes, Path(tmp) / "warm-cache", runs)
        return {
            "case": name,
            "warm_cache_s": cached,
            "routes": len(routes),
            "runs": runs,
            "cold_wall_s": [c["wall"] for c in cold],
            "cold_build_s": [c["build"] for c in cold],
            "cold_import_s": [c["import"] for c in cold],
            "cached_wall_s": [c["wall"] for c in reused],
            "warm_s": warm,
            "files": len(first.files),
            "sizes": sizes(out, routes),
        }


def _warm_with_cache(routes: list[Path], out: Path, runs: int) -> list[float]:
    """Warm rebuilds that share a RenderCache (what `routegen serve` does), when build() takes one."""
    import inspect

    from routegen.pipeline import build

    if "cache" not in inspect.signature(build).parameters:
        return []
    from routegen.cache import RenderCache

    cache = RenderCache()
    build(routes, out, cache=cache)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        build(routes, out, cache=cache)
        times.append(time.perf_counter() - started)
    return times


def _ms(values: list[float]) -> str:
    if not values:
        return f"{'-':>6} {'-':>6}"
    return f"{statistics.median(values):6.2f} {min(values):6.2f}"


def report(results: list[dict[str, Any]]) -> list[str]:
    print(f"\n{'case':<15}{'runs':>5}  {'cold (process)':>14}  {'cold (build())':>14}  {'cached (process)':>16}  "
          f"{'warm rebuild':>14}  {'warm + cache':>14}  {'files':>6}")
    print(f"{'':<15}{'':>5}" + f"  {'median    min':>14}" * 2 + f"  {'median    min':>16}" + f"  {'median    min':>14}" * 2)
    for r in results:
        print(f"{r['case']:<15}{r['runs']:>5}  {_ms(r['cold_wall_s']):>14}  {_ms(r['cold_build_s']):>14}  "
              f"{_ms(r['cached_wall_s']):>16}  {_ms(r['warm_s']):>14}  {_ms(r['warm_cache_s']):>14}  {r['files']:>6}")
    print("(seconds; cold = a fresh Python process per run with an empty persistent cache, imports included in\n"
          " 'process'; cached = a fresh process with the cache that cold run left, into a new output folder;\n"
          " warm = build() again in the same process, no change; + cache = sharing a RenderCache, as serve does)")
    missed: list[str] = []
    seen: set[str] = set()
    print(f"\n{'route':<16}{'nl page':>8}{'css':>6}{'total':>7}  fonts (KB)")
    for r in results:
        for row in r["sizes"]:
            if row["route"] in seen:
                continue
            seen.add(row["route"])
            fonts = ", ".join(f"{n.removesuffix('.woff2')} {kb:.1f}" for n, kb in row["fonts_kb"].items())
            print(f"{row['route']:<16}{row['overview_kb']:>8.1f}{row['css_kb']:>6.1f}"
                  f"{row['overview_css_kb']:>7.1f}  {fonts}")
            if row["overview_css_kb"] >= OVERVIEW_LIMIT_KB:
                missed.append(f"{row['route']}: overview + CSS {row['overview_css_kb']:.1f} KB >= {OVERVIEW_LIMIT_KB} KB")
            for font, kb in row["fonts_kb"].items():
                if kb >= FONT_LIMIT_KB:
                    missed.append(f"{row['route']}: {font} {kb:.1f} KB >= {FONT_LIMIT_KB} KB")
    print(f"(KB of 1024 bytes; targets: page + CSS < {OVERVIEW_LIMIT_KB:.0f}, each font < {FONT_LIMIT_KB:.0f})")
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs per measurement (default 3)")
    parser.add_argument("--case", choices=sorted(cases()), action="append",
                        help="only this case (may be repeated)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()
    chosen = args.case or list(cases())
    results = []
    for name in chosen:
        print(f"{name}: {args.runs} cold builds and {args.runs} warm rebuilds ...", file=sys.stderr, flush=True)
        results.append(bench(name, cases()[name], max(1, args.runs)))
    missed = report(results)
    if args.json:
        print(json.dumps(results, indent=1))
    print("\nall size targets met" if not missed else "\nMISSED:\n  " + "\n  ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
