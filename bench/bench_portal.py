#!/usr/bin/env python3
"""The portal benchmark of issue 14: `routegen build` of many routes against Hugo, side by side.

    python bench/bench_portal.py                      # 20 routes, 3 runs each: a quick look
    python bench/bench_portal.py --routes 342         # the national portal
    python bench/bench_portal.py --runs 5 --json      # more runs; the raw figures as JSON too
    python bench/bench_portal.py --corpus DIR         # keep the generated corpus in DIR
    python bench/bench_portal.py --no-fail            # report only: exit 0 when a goal is missed

The same content for both: N municipalities x 10 languages x 10 steps with Markdown bodies and a
picture per route and language (bench/corpus.py writes the route files and their translations,
bench/hugo_site.py the same content as a Hugo site). The corpus is made once and kept in the
temporary folder (``routegen-bench-portal/``), keyed by N, the seed and the generators' code.

Each run, alternately (Hugo, routegen, Hugo, routegen, ...), each command a fresh process:

  hugo cold           ``hugo --quiet -s SITE -d OUT`` into a new empty folder, with a new empty
                      ``--cacheDir``;
  routegen cold       ``routegen build ROUTES... -o OUT`` into a new empty folder, with
                      ``ROUTEGEN_CACHE_DIR`` (and ``XDG_CACHE_HOME`` below it, should a cache land
                      there) set to a new empty folder;
  routegen no change  the same command again, same folder, same cache folder, nothing changed;
                      counts the files rewritten;
  routegen one edit   one sentence added to one step's body in the middle route file, then the same
                      command again; counts the files rewritten and checks that all lie in that
                      route's folder (or are the portal's index.html, robots.txt or sitemap.xml).
                      The route file is restored afterwards.

What is measured, per command:

  wall      seconds from start to exit of the process, imports included (what a user waits for);
  cpu       user + system seconds of the process and all its children (``os.wait4``): above the
            wall time when it uses both cores;
  memory    in MB (10^6 bytes): ``tree`` is ``ru_maxrss`` from ``os.wait4``, the largest peak
            resident set of the process or any child it waited for (a pool's worker included);
            for routegen also ``main`` (its own process) and ``child`` (its largest child),
            from ``getrusage`` in the process itself as it exits; ``sum`` is the peak of the
            proportional set sizes (PSS, so shared pages count once) of the whole process tree,
            sampled every 50 ms from /proc: what several processes at once take from the machine.
            The memory goal holds the larger of ``tree`` and ``sum``;
  rewritten the files whose inode or modification time (ns) changed, found by listing the output
            folder before and after (the honest count: a file written again with the same bytes
            counts); routegen's own "N written" count is shown beside it. routegen's bookkeeping
            file ``.routegen-manifest.json`` is counted apart, not as a page.

Goals (issue 14), each printed with MET or MISSED; the exit code is 1 when one is missed (0 with
--no-fail), 2 when a build fails:

  cold        Hugo's median / routegen's median >= 1.67 (routegen at most 0.6x Hugo's time);
  memory      routegen's cold build under 1 GB (1000 MB), in every run;
  no change   routegen's median <= 0.05x Hugo's cold median, and 0 files rewritten in every run;
  one edit    only files of the edited route (plus the portal's root files) rewritten, and at least
              the edited step's page.

The machine matters (2 cores, shared): compare ratios between machines, medians on one machine.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

import corpus
import hugo_site

MB = 1_000_000
COLD_RATIO_GOAL = 1 / 0.6  # Hugo / routegen
NO_CHANGE_GOAL = 0.05  # routegen no change / Hugo cold
MEMORY_GOAL_MB = 1000.0
MANIFEST = ".routegen-manifest.json"
ROOT_FILES = {"index.html", "robots.txt", "sitemap.xml"}  # the portal's own files, beside the routes
EDIT_SENTENCE = "Vraag je regisseur gerust om uitleg."
SAMPLE_S = 0.05

# routegen's command line, run in a fresh process that reports its own peak memory and that of
# its largest child as it exits. Registered before routegen is imported, so it runs after every
# exit handler routegen or a process pool adds (atexit runs them last-in, first-out).
WRAPPER = r"""
import atexit, json, os, resource, sys
def _report():
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(os.environ["BENCH_RUSAGE_FILE"], "w") as handle:
        json.dump({"main_kb": own, "child_kb": children}, handle)
atexit.register(_report)
sys.path.insert(0, os.environ["BENCH_REPO"])
sys.argv = ["routegen", *sys.argv[1:]]
from routegen.cli import main
main()
"""


@dataclass
class Measured:
    """One command: its times, memory and what it printed."""

    wall_s: float
    cpu_s: float
    tree_mb: float
    sum_mb: float
    main_mb: float | None = None
    child_mb: float | None = None
    returncode: int = 0
    stdout: str = ""
    stderr: str = ""

    @property
    def peak_mb(self) -> float:
        return max(self.tree_mb, self.sum_mb)


@dataclass
class Rewrites:
    """What a build changed in its output folder."""

    rewritten: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    manifest: bool = False  # .routegen-manifest.json rewritten
    reported_written: int | None = None  # routegen's own count ("N written")

    @property
    def changed(self) -> list[str]:
        return sorted(self.rewritten + self.added + self.removed)


# --- measuring a process -------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                found += [int(p) for p in handle.read().split()]
    except OSError:
        pass
    return found


def _pss_kb(pid: int) -> int:
    """Proportional set size of one process (kB); its resident set where smaps_rollup is missing."""
    for name, key in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(name, encoding="ascii") as handle:
                for line in handle:
                    if line.startswith(key):
                        return int(line.split()[1])
        except (OSError, ValueError):
            continue
    return 0


class TreeSampler(threading.Thread):
    """Samples the summed PSS of a process and its descendants until stopped; keeps the peak."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self._halt = threading.Event()  # not _stop: Thread has a method of that name

    def run(self) -> None:
        while not self._halt.is_set():
            pids, todo = [], [self.pid]
            while todo:
                pid = todo.pop()
                pids.append(pid)
                todo += _children(pid)
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(pid) for pid in pids))
            self._halt.wait(SAMPLE_S)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def measure(command: list[str], env: dict[str, str], rusage_file: Path | None = None) -> Measured:
    """Run a command in a fresh process; wall time, CPU time and memory of it and its children."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        sampler = TreeSampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        sampler.stop()
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        result = Measured(
            wall_s=wall, cpu_s=usage.ru_utime + usage.ru_stime, tree_mb=usage.ru_maxrss * 1024 / MB,
            sum_mb=sampler.peak_kb * 1024 / MB, returncode=process.returncode,
            stdout=out.read().decode("utf-8", "replace"), stderr=err.read().decode("utf-8", "replace"))
    if rusage_file is not None and rusage_file.exists():
        own = json.loads(rusage_file.read_text(encoding="utf-8"))
        result.main_mb, result.child_mb = own["main_kb"] * 1024 / MB, own["child_kb"] * 1024 / MB
        rusage_file.unlink()
    return result


# --- the output folder ---------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Every file below a folder: (inode, mtime in ns, size), by its path relative to the folder."""
    files = {}
    for root, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            st = os.stat(path)
            files[os.path.relpath(path, folder)] = (st.st_ino, st.st_mtime_ns, st.st_size)
    return files


def compare(before: dict[str, tuple[int, int, int]], after: dict[str, tuple[int, int, int]]) -> Rewrites:
    rewritten = sorted(name for name in before.keys() & after.keys() if before[name] != after[name])
    report = Rewrites(rewritten=[n for n in rewritten if n != MANIFEST],
                      added=sorted(after.keys() - before.keys()), removed=sorted(before.keys() - after.keys()))
    report.manifest = MANIFEST in rewritten
    return report


WRITTEN_RE = re.compile(r"(\d+) written, (\d+) unchanged, (\d+) removed")
WARNING_RE = re.compile(r": warning( in |$)", re.MULTILINE)


# --- the corpus ----------------------------------------------------------------------------------


def _key(n: int, seed: int) -> str:
    """Changes when the generators or routegen's catalogs change: then the corpus is made again."""
    digest = hashlib.sha256(f"{n}:{seed}".encode())
    for path in (REPO / "bench" / "corpus.py", REPO / "bench" / "hugo_site.py",
                 REPO / "routegen" / "messages.py", REPO / "routegen" / "catalogs.py"):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def prepare(n: int, seed: int, folder: Path | None) -> tuple[list[Path], Path]:
    """The route files and the Hugo site, made again only when their key changed."""
    key = _key(n, seed)
    base = folder or Path(tempfile.gettempdir()) / "routegen-bench-portal" / f"n{n}-s{seed}"
    routes_dir, hugo_dir, marker = base / "routes", base / "hugo", base / "corpus.key"
    if marker.is_file() and marker.read_text(encoding="utf-8") == key:
        return sorted(routes_dir.glob("*.yaml")), hugo_dir
    if base.exists() and any(base.iterdir()) and not marker.is_file():
        raise SystemExit(f"{base} is not empty and holds no corpus of this script; choose another folder")
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    marker.write_text("incomplete", encoding="utf-8")  # ours, though unfinished: made again next time
    started = time.perf_counter()
    print(f"making the corpus: {n} routes x {len(corpus.LANGUAGES)} languages in {base} ...",
          file=sys.stderr, flush=True)
    routes = corpus.write_corpus(n, routes_dir, seed)
    hugo_site.write_site(routes_dir, hugo_dir)
    marker.write_text(key, encoding="utf-8")
    print(f"  done in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return routes, hugo_dir


def edit_route(path: Path) -> tuple[bytes, str]:
    """Add a sentence to the body of the middle step of a route file, as an author would (one line
    of the file changes); returns the file's original bytes and the step's id."""
    original = path.read_bytes()
    data = yaml.safe_load(original)
    steps = [s for s in data["steps"] if s.get("body")]
    step = steps[len(steps) // 2]
    line = step["body"].splitlines()[0]
    text = original.decode("utf-8")
    edited = text.replace(line, f"{line} {EDIT_SENTENCE}", 1)
    changed = yaml.safe_load(edited)
    expected = {**step, "body": step["body"].replace(line, f"{line} {EDIT_SENTENCE}", 1)}
    if [s for s in changed["steps"] if s["id"] == step["id"]] != [expected]:
        raise SystemExit(f"could not edit the body of step {step['id']} in {path} alone")
    path.write_text(edited, encoding="utf-8")
    return original, str(step["id"])


# --- one run -------------------------------------------------------------------------------------


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(extra)
    return env


def _built(name: str, result: Measured) -> Measured:
    if result.returncode != 0:
        print(f"\n{name} failed (exit code {result.returncode}):\n{result.stderr[-4000:]}", file=sys.stderr)
        raise SystemExit(2)
    return result


def output_size(folder: Path) -> dict[str, float]:
    """How many files a build wrote and their MB (routegen's manifest left out: it is no page)."""
    files = {name: st for name, st in snapshot(folder).items() if name != MANIFEST}
    return {"files": len(files), "mb": sum(st[2] for st in files.values()) / MB}


def hugo_cold(hugo: str, site: Path, work: Path) -> tuple[Measured, dict[str, float]]:
    out, cache = work / "hugo-out", work / "hugo-cache"
    cache.mkdir()
    result = _built("hugo", measure([hugo, "--quiet", "-s", str(site), "-d", str(out), "--cacheDir", str(cache)],
                                    _env()))
    size = output_size(out)
    shutil.rmtree(out)
    shutil.rmtree(cache)
    return result, size


def routegen_runs(routes: list[Path], work: Path) -> dict[str, Any]:
    """Cold, no change and one edit, each a fresh `routegen build` process, one cache folder."""
    out, cache = work / "routegen-out", work / "routegen-cache"
    cache.mkdir()
    rusage_file = work / "rusage.json"
    env = _env(ROUTEGEN_CACHE_DIR=str(cache), XDG_CACHE_HOME=str(cache / "xdg"), ROUTEGEN_MESSAGES="en",
               BENCH_REPO=str(REPO), BENCH_RUSAGE_FILE=str(rusage_file), PYTHONPATH=str(REPO))
    command = [sys.executable, "-c", WRAPPER, "build", *map(str, routes), "-o", str(out)]

    def build(name: str) -> tuple[Measured, Rewrites]:
        before = snapshot(out) if out.exists() else {}
        result = _built(f"routegen build ({name})", measure(command, env, rusage_file))
        rewrites = compare(before, snapshot(out))
        found = WRITTEN_RE.search(result.stdout)
        rewrites.reported_written = int(found.group(1)) if found else None
        return result, rewrites

    cold, cold_files = build("cold")
    warnings = len(WARNING_RE.findall(cold.stderr))
    size = output_size(out)
    warm, warm_files = build("no change")
    route = routes[len(routes) // 2]
    original, step = edit_route(route)
    try:
        edit, edit_files = build("one edit")
    finally:
        route.write_bytes(original)
    shutil.rmtree(out)
    shutil.rmtree(cache)
    slug = str(yaml.safe_load(original)["route"]["slug"])
    return {"cold": cold, "warm": warm, "edit": edit, "output": size, "warnings": warnings,
            "cold_files": cold_files, "warm_files": warm_files, "edit_files": edit_files,
            "edited": {"slug": slug, "step": step}}


# --- the report ----------------------------------------------------------------------------------


def _stats(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


def _mb(value: float | None) -> str:
    return f"{value:6.0f}" if value is not None else f"{'-':>6}"


def _summary(names: list[str], most: int = 6) -> str:
    """Changed files in short, one pattern per page with the language folder as *:
    "voorbeeld-002/*/taal/index.html (10)"."""
    if not names:
        return "nothing"
    counts: dict[str, int] = {}
    for name in names:
        parts = name.split("/")
        if len(parts) > 2:
            parts[1] = "*"
        pattern = "/".join(parts)
        counts[pattern] = counts.get(pattern, 0) + 1
    shown = [f"{pattern} ({count})" if count > 1 else pattern for pattern, count in sorted(counts.items())]
    return ", ".join(shown[:most]) + (f" and {len(shown) - most} more" if len(shown) > most else "")


def _outside(rewrites: Rewrites, slug: str) -> list[str]:
    """Changed files that belong neither to the edited route nor to the portal's root."""
    return [name for name in rewrites.changed if not name.startswith(f"{slug}/") and name not in ROOT_FILES]


def report(hugo: list[tuple[Measured, dict[str, float]]], rg: list[dict[str, Any]], n: int) -> list[tuple[str, bool, str]]:
    """Print the table and the goals; return (goal, met, line) per goal."""
    rows = [("hugo cold", [h for h, _ in hugo]), ("routegen cold", [r["cold"] for r in rg]),
            ("routegen no change", [r["warm"] for r in rg]), ("routegen one edit", [r["edit"] for r in rg])]
    print(f"\n{n} routes x {len(corpus.LANGUAGES)} languages, {len(hugo)} runs each "
          f"(hugo: {hugo[0][1]['files']:.0f} files, {hugo[0][1]['mb']:.0f} MB; "
          f"routegen: {rg[0]['output']['files']:.0f} files, {rg[0]['output']['mb']:.0f} MB)")
    print(f"{'':<20}{'wall s':^22}{'cpu s':>8}  {'peak memory MB':^27}  {'rewritten':>10}")
    print(f"{'':<20}{'median':>8}{'min':>7}{'max':>7}{'median':>8}  {'tree':>6} {'main':>6} {'child':>6} {'sum':>6}"
          f"  {'per run':>10}")
    for name, runs in rows:
        med, low, high = _stats([r.wall_s for r in runs])
        cpu = statistics.median(r.cpu_s for r in runs)
        mains = [r.main_mb for r in runs if r.main_mb is not None]
        childs = [r.child_mb for r in runs if r.child_mb is not None]
        memory = (f"{_mb(max(r.tree_mb for r in runs))} {_mb(max(mains) if mains else None)} "
                  f"{_mb(max(childs) if childs else None)} {_mb(max(r.sum_mb for r in runs))}")
        key = {"routegen no change": "warm_files", "routegen one edit": "edit_files"}.get(name)
        rewritten = ",".join(str(len(r[key].changed)) for r in rg) if key else ""
        print(f"{name:<20}{med:8.2f}{low:7.2f}{high:7.2f}{cpu:8.2f}  {memory}  {rewritten:>10}")
    print("(memory: the largest over the runs; tree = the largest process, main = routegen's own, child = its "
          "largest child, sum = all its processes at once)")
    for r in rg:
        for key in ("warm_files", "edit_files"):
            files: Rewrites = r[key]
            if files.reported_written is not None and files.reported_written != len(files.rewritten + files.added):
                print(f"  note: routegen reported {files.reported_written} written, the folder shows "
                      f"{len(files.rewritten + files.added)} ({key.split('_')[0]})")
    print(f"  one edit rewrote: {_summary(rg[0]['edit_files'].changed)}")
    if any(r["warm_files"].changed for r in rg):
        print(f"  no change rewrote: {_summary(next(r['warm_files'].changed for r in rg if r['warm_files'].changed))}")
    if any(r["warm_files"].manifest for r in rg):
        print(f"  note: {MANIFEST} was rewritten by a build with nothing changed (not counted above)")
    warnings = [r["warnings"] for r in rg]
    if any(warnings):
        print(f"  note: the cold builds printed {max(warnings)} warnings: the corpus is not as clean as "
              "`routegen check --strict` should find it")

    hugo_cold_s = statistics.median(h.wall_s for h, _ in hugo)
    rg_cold_s = statistics.median(r["cold"].wall_s for r in rg)
    rg_warm_s = statistics.median(r["warm"].wall_s for r in rg)
    cold_ratio = hugo_cold_s / rg_cold_s
    warm_ratio = rg_warm_s / hugo_cold_s
    peak = max(r["cold"].peak_mb for r in rg)
    warm_rewritten = [len(r["warm_files"].changed) for r in rg]
    slug, step = rg[0]["edited"]["slug"], rg[0]["edited"]["step"]
    outside = sorted({name for r in rg for name in _outside(r["edit_files"], slug)})
    step_hit = all(any(name.startswith(f"{slug}/") and f"/{step}/" in name for name in r["edit_files"].changed)
                   for r in rg)
    edit_counts = ",".join(str(len(r["edit_files"].changed)) for r in rg)
    goals = [
        ("cold", cold_ratio >= COLD_RATIO_GOAL,
         (f"cold build: Hugo / routegen = {hugo_cold_s:.2f} s / {rg_cold_s:.2f} s = {cold_ratio:.2f} "
          f"(goal >= {COLD_RATIO_GOAL:.2f}: routegen at most 0.6x Hugo's time)")),
        ("memory", peak < MEMORY_GOAL_MB,
         f"cold build peak memory: {peak:.0f} MB (goal < {MEMORY_GOAL_MB:.0f} MB)"),
        ("no change time", warm_ratio <= NO_CHANGE_GOAL,
         (f"no change: routegen / Hugo cold = {rg_warm_s:.2f} s / {hugo_cold_s:.2f} s = {warm_ratio:.3f} "
          f"(goal <= {NO_CHANGE_GOAL})")),
        ("no change files", not any(warm_rewritten),
         f"no change: files rewritten per run {','.join(map(str, warm_rewritten))} (goal 0)"),
        ("one edit", not outside and step_hit,
         f"one edit (step {step} of {slug}): files rewritten per run {edit_counts}, "
         + (f"{len(outside)} outside {slug}/, such as {', '.join(outside[:3])}" if outside
            else f"all in {slug}/ or the portal's root" if step_hit else f"but not the pages of step {step}")
         + " (goal: only that route's files)"),
    ]
    print()
    for _, met, line in goals:
        print(f"{'MET   ' if met else 'MISSED'}  {line}")
    return goals


def _as_json(hugo: list[tuple[Measured, dict[str, float]]], rg: list[dict[str, Any]], goals: list[tuple[str, bool, str]],
             n: int) -> dict[str, Any]:
    def measured(m: Measured) -> dict[str, Any]:
        data = asdict(m)
        data.pop("stdout")
        data["stderr"] = m.stderr[-2000:]
        return data

    return {
        "routes": n, "languages": corpus.LANGUAGES, "runs": len(hugo),
        "hugo_cold": [measured(h) | {"output": size} for h, size in hugo],
        "routegen": [{"cold": measured(r["cold"]), "no_change": measured(r["warm"]), "one_edit": measured(r["edit"]),
                      "output": r["output"], "warnings": r["warnings"], "edited": r["edited"],
                      "no_change_files": asdict(r["warm_files"]), "one_edit_files": asdict(r["edit_files"])}
                     for r in rg],
        "goals": {name: {"met": met, "line": line} for name, met, line in goals},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--routes", type=int, default=20, help="municipalities in the portal (default 20; 342 nationally)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each build (default 3)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the corpus's texts (default 0)")
    parser.add_argument("--corpus", type=Path, help="folder for the corpus and the Hugo site (default: a temporary folder)")
    parser.add_argument("--hugo", default=shutil.which("hugo") or "/usr/bin/hugo", help="the hugo program")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even when a goal is missed")
    args = parser.parse_args()
    if args.routes < 2:
        parser.error("--routes must be at least 2: a portal of one route has no route folders to tell apart")
    if not Path(args.hugo).is_file():
        parser.error(f"no hugo at {args.hugo}: apt-get install hugo, or give --hugo PATH")
    routes, hugo_dir = prepare(args.routes, args.seed, args.corpus)
    hugo: list[tuple[Measured, dict[str, float]]] = []
    rg: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="routegen-bench-portal-run-") as tmp:
        for run in range(max(1, args.runs)):
            work = Path(tmp) / f"run-{run}"
            work.mkdir()
            print(f"run {run + 1}/{args.runs}: hugo cold ...", end="", file=sys.stderr, flush=True)
            hugo.append(hugo_cold(args.hugo, hugo_dir, work))
            print(f" {hugo[-1][0].wall_s:.1f} s; routegen cold, no change, one edit ...", end="",
                  file=sys.stderr, flush=True)
            rg.append(routegen_runs(routes, work))
            print(" " + ", ".join(f"{rg[-1][k].wall_s:.1f} s" for k in ("cold", "warm", "edit")),
                  file=sys.stderr, flush=True)
    goals = report(hugo, rg, args.routes)
    if args.json:
        print(json.dumps(_as_json(hugo, rg, goals, args.routes), indent=1))
    missed = [name for name, met, _ in goals if not met]
    print(f"\n{'all goals met' if not missed else 'MISSED: ' + ', '.join(missed)}")
    return 1 if missed and not args.no_fail else 0


if __name__ == "__main__":
    raise SystemExit(main())
