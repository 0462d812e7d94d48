#!/usr/bin/env python3
"""Benchmark `routegen check`'s core (load + validate) on large and oversized route files.

    python bench/bench_check.py [--runs N] [--json]

Three measurements, each against a target (see bench/README.md):

  a. a valid 200-step route (bodies, next links, partners, phases, tracks, handovers,
     programmes): `check_route` timed over N runs (default 7), median/min/max in ms, and the
     ratio to checking the small scaffold route (`routegen new`) in the same run;
  b. a 10 MB route file: how long refusing it takes and how much memory that costs;
  c. a 1.9 MB route (just under the 2 MB limit) with many steps: time and peak memory of
     loading and validating it.

Memory is measured in a fresh child process per case, so the parent's generated text does not
count: the peak of Python allocations (tracemalloc) and the growth of the process's maximum
resident set (getrusage ru_maxrss). Times are measured without tracemalloc, which slows Python.

Exit code 0 when every target holds, 1 when one does not (a crash counts as a miss).
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

# Measure the routegen of this checkout, also when an installed copy is elsewhere.
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

MB = 1024 * 1024

# Targets (bench/README.md).
TARGET_200_STEPS_MS = 1000.0  # a 200-step route checks well under a second
TARGET_REFUSE_MS = 50.0  # a 10 MB file is refused at once ...
TARGET_REFUSE_PEAK_BYTES = 1 * MB  # ... without reading it into memory

PARTNERS = [
    ("gemeente", "Gemeente Bench", "municipality"),
    ("coa", "COA", "coa"),
    ("vwn", "VluchtelingenWerk", "refugee-support"),
    ("welzijn", "Welzijn Bench", "welfare"),
    ("taalschool", "Taalschool Bench", "language"),
    ("isk", "ISK Bench", "school"),
    ("roc", "ROC Bench", "school"),
    ("werkgever", "Werkgeversservicepunt", "employer"),
    ("ggd", "GGD", "health"),
    ("vrijwilligers", "Vrijwilligers Bench", "volunteers"),
]
PHASES = [
    ("azc", "In het AZC", None),
    ("woning", "In je nieuwe huis", "within: 3 months"),
    ("eerste-jaar", "Het eerste jaar", "every: 3 months"),
    ("meedoen", "Werk, studie en meedoen", "lasts: 2 years"),
]
TRACKS = [
    ("jongeren", "ISK 18+", "Jongeren van 18 tot 27 jaar"),
    ("hoger-onderwijs", "Naar hoger onderwijs", "Wie in het eigen land studeerde"),
    ("gezinnen", "Gezinnen", "Gezinnen met kinderen"),
]

BODY = """\
    Je regisseur legt je uit wat er in deze stap gebeurt. **Samen** maak je een plan, en je
    krijgt een afspraak mee op papier.

    - Je neemt je verblijfsdocument mee.
    - Je vertelt wat je al kunt en wat je wilt leren.
    - Je krijgt antwoord op je vragen, in je eigen taal als dat nodig is.

    Lees meer op [de website van de gemeente](https://www.bench.example.nl/route/stap).
"""


def header(slug: str) -> str:
    lines = [
        "# yaml-language-server: $schema=../schema/route.schema.json",
        "route:",
        "  municipality: Bench",
        f"  slug: {slug}",
        "  title: De route naar een nieuw thuis",
        "  status: example",
        "  last_reviewed: 2026-01-15",
        "  source_language: nl",
        "  languages: [nl]",
        "regisseur:",
        "  role: Regisseur statushouders",
        "  partner: gemeente",
        "  contact:",
        "    email: regie@bench.example.nl",
        "    phone: 0512 000 000",
        "phases:",
    ]
    for pid, title, timing in PHASES:
        lines += [f"  - id: {pid}", f"    title: {title}"]
        if timing:
            lines += ["    timing:", f"      {timing}"]
    lines.append("tracks:")
    for tid, title, audience in TRACKS:
        lines += [f"  - id: {tid}", f"    title: {title}", f"    audience: {audience}"]
    return "\n".join(lines) + "\n"


def step(i: int, n: int, next_ids: list[str], body: str = BODY) -> str:
    phase = PHASES[min(len(PHASES) - 1, i * len(PHASES) // n)][0]
    lead = PARTNERS[i % len(PARTNERS)][0]
    helps = [PARTNERS[(i + 1) % len(PARTNERS)][0], PARTNERS[(i + 3) % len(PARTNERS)][0]]
    lines = [
        f"  - id: stap-{i}",
        f"    phase: {phase}",
        f"    title: Stap {i}",
        f"    summary: In stap {i} zet je samen met je regisseur een stap verder.",
        f"    lead: {lead}",
        f"    helps: [{', '.join(helps)}]",
    ]
    if i % 4 == 3:
        lines.append(f"    track: {TRACKS[(i // 4) % len(TRACKS)][0]}")
    if i % 25 == 0:
        lines += [
            "    kind: handover",
            "    handover:",
            "      from: coa",
            "      to: gemeente",
            "      when: Al in het AZC",
            "      statushouder_present: true",
            "      plan_together: true",
        ]
    elif i % 25 == 12:
        lines += [
            "    kind: programme",
            "    programme:",
            "      name: WELKOM",
            "      topics: [Sport, Gezondheid, Onderwijs, Werk]",
            "      outcome: Een persoonlijk actieplan",
        ]
    lines += [
        "    you_do:",
        "      - Je komt naar de afspraak.",
        "    you_get:",
        "      - Een plan op papier.",
        "    timing:",
        "      within: 6 weken",
        "    tags: [regie, goede-start]",
        "    body: |",
    ]
    text = (
        "\n".join(lines)
        + "\n"
        + "".join("  " + line + "\n" if line else "\n" for line in body.splitlines())
    )
    if next_ids:
        text += f"    next: [{', '.join(next_ids)}]\n"
    return text


def footer() -> str:
    lines = [
        "supports:",
        "  - id: begeleiding",
        "    partner: vwn",
        "    title: Begeleiding door VluchtelingenWerk",
        "    summary: Een vrijwilliger helpt je het eerste jaar.",
        "    from: woning",
        "    to: eerste-jaar",
        "budget:",
        "  title: Persoonlijk budget",
        "  amount: 1500",
        "  per: Per inburgeringsplichtige statushouder",
        "  managed_by: gemeente",
        "partners:",
    ]
    for pid, name, kind in PARTNERS:
        lines += [f"  - id: {pid}", f"    name: {name}", f"    kind: {kind}"]
    lines += [
        "sharing:",
        "  - id: taalniveau",
        "    what: Je taalniveau en je aanwezigheid bij de les",
        "    from: taalschool",
        "    to: [gemeente]",
        "    why: Zodat je regisseur weet hoe het gaat.",
        "    consent: asked",
    ]
    return "\n".join(lines) + "\n"


def next_links(i: int, n: int, chain_length: int | None) -> list[str]:
    """Each step leads to the next; every fifth also branches one further. With chain_length,
    the route is cut into independent chains of that many steps (short recursion depth)."""
    links = []
    last_of_chain = chain_length is not None and (i + 1) % chain_length == 0
    if i + 1 < n and not last_of_chain:
        links.append(f"stap-{i + 1}")
        if i % 5 == 0 and i + 2 < n and (chain_length is None or (i + 2) % chain_length != 0):
            links.append(f"stap-{i + 2}")
    return links


def route_with_steps(n: int, chain_length: int | None = None) -> str:
    steps = "".join(step(i, n, next_links(i, n, chain_length)) for i in range(n))
    return header("bench") + "steps:\n" + steps + footer()


def route_of_size(target_bytes: int, chain_length: int | None = None) -> tuple[str, int]:
    """A valid route just under ``target_bytes`` (UTF-8), and how many steps it holds."""
    one = len(step(1, 2, ["stap-2", "stap-3"]).encode())
    fixed = len((header("bench") + "steps:\n" + footer()).encode())
    n = max(1, (target_bytes - fixed) // one)
    while True:
        text = route_with_steps(n, chain_length)
        size = len(text.encode())
        if size <= target_bytes:
            return text, n
        n -= max(1, (size - target_bytes) // one + 1)


def oversized(target_bytes: int) -> str:
    """A file of at least ``target_bytes``: a valid route whose steps repeat until it is that big."""
    base = header("bench") + "steps:\n"
    block = "".join(step(i, 1000, []) for i in range(50))
    repeats = (target_bytes - len(base)) // len(block.encode()) + 1
    return base + block * repeats + footer()


def scaffold_route() -> str:
    """The route `routegen new` writes."""
    from routegen import scaffold

    return scaffold.new_route_text("Bench", "bench")


# --- measuring ---------------------------------------------------------------------------------


def check_once(path: Path) -> str:
    """Run check_route; return 'ok', 'refused: <first message>' or 'CRASH: <exception>'."""
    from routegen.errors import RouteFileError
    from routegen.validate import check_route

    try:
        check_route(path)
    except RouteFileError as error:
        return "refused: " + error.problems[0].message
    except Exception as error:  # noqa: BLE001 - a crash is a finding, reported as such
        return f"CRASH: {type(error).__name__}: {str(error)[:100]}"
    return "ok"


def timed(path: Path, runs: int, warm_up: bool = True) -> tuple[list[float], str]:
    outcome = check_once(path) if warm_up else ""  # imports, CLDR data, compiled regexes
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        outcome = check_once(path)
        times.append((time.perf_counter() - start) * 1000)
    return times, outcome


CHILD = """
import json, resource, sys, tracemalloc
sys.path[:0] = [{bench!r}, {repo!r}]
from pathlib import Path
from bench_check import check_once


def status(field):
    \"\"\"A figure in kB from /proc/self/status (Linux), or None.\"\"\"
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None


check_once(Path({small!r}))  # imports, CLDR data and regexes are not part of the cost
if {mode!r} == "tracemalloc":
    tracemalloc.start()
    outcome = check_once(Path({path!r}))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(json.dumps({{"outcome": outcome, "peak": peak}}))
else:
    # VmHWM is this process's own peak resident set; writing 5 to clear_refs resets it to
    # the current size (Linux). ru_maxrss is the fallback: it can carry the parent's peak.
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        before, source = status("VmRSS"), "VmHWM"
    except OSError:
        before, source = None, "ru_maxrss"
    if before is None:
        before, source = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "ru_maxrss"
    outcome = check_once(Path({path!r}))
    after = status("VmHWM") if source == "VmHWM" else None
    if after is None:
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({{"outcome": outcome, "rss_before_kb": before, "rss_peak_kb": after,
                      "rss_source": source}}))
"""


def _child(path: Path, mode: str) -> dict[str, object]:
    code = CHILD.format(
        bench=str(Path(__file__).resolve().parent),
        repo=str(REPO),
        small=str(BENCH_SMALL),
        path=str(path),
        mode=mode,
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["?"])[-1]
        return {"outcome": f"CRASH in child: {last}"}
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def memory_in_child(path: Path) -> dict[str, object]:
    """Peak memory of one check of ``path``, each figure measured in a fresh interpreter:
    Python allocations with tracemalloc, and (without tracemalloc, which costs memory itself)
    the growth of the resident set."""
    traced = _child(path, "tracemalloc")
    rss = _child(path, "rss")
    before, peak = rss.get("rss_before_kb"), rss.get("rss_peak_kb")
    return {
        "outcome": str(traced.get("outcome", rss.get("outcome"))),
        "peak": float(traced.get("peak", 0)),  # type: ignore[arg-type]
        "rss_growth_kb": float(peak) - float(before)
        if peak is not None and before is not None
        else 0.0,  # type: ignore[arg-type]
        "rss_kb": float(peak or 0),  # type: ignore[arg-type]
        "rss_source": rss.get("rss_source", "?"),
    }


def fmt_ms(values: list[float]) -> str:
    return f"{statistics.median(values):9.1f} {min(values):9.1f} {max(values):9.1f}"


def fmt_mb(n: float) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{n / 1024:.0f} kB"


BENCH_SMALL = Path()


def main() -> int:
    global BENCH_SMALL
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per case (default 7)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON as well")
    args = parser.parse_args()
    misses: list[str] = []
    notes: list[str] = []
    figures: dict[str, object] = {}

    with tempfile.TemporaryDirectory(prefix="routegen-bench-") as tmp:
        folder = Path(tmp)
        small_text = scaffold_route()
        small = folder / "scaffold.yaml"
        small.write_text(small_text, encoding="utf-8")
        BENCH_SMALL = small
        big = folder / "steps-200.yaml"
        big.write_text(route_with_steps(200), encoding="utf-8")
        huge = folder / "ten-mb.yaml"
        huge.write_text(oversized(10 * MB), encoding="utf-8")
        near_text, near_steps = route_of_size(int(1.9 * MB))
        near = folder / "near-limit.yaml"
        near.write_text(near_text, encoding="utf-8")
        near_chains_text, near_chains_steps = route_of_size(int(1.9 * MB), chain_length=50)
        near_chains = folder / "near-limit-chains.yaml"
        near_chains.write_text(near_chains_text, encoding="utf-8")

        print(
            f"routegen check benchmark  (python {sys.version.split()[0]}, {args.runs} runs, "
            f"pid {os.getpid()})"
        )
        print()
        print(f"{'case':<34}{'size':>9}{'median ms':>11}{'min':>10}{'max':>10}  outcome")
        rows = [
            ("scaffold (routegen new)", small),
            ("a. 200 steps", big),
            ("b. 10 MB file", huge),
            (f"c. 1.9 MB, {near_steps} steps, one route", near),
            (f"c. 1.9 MB, {near_chains_steps} steps, chains of 50", near_chains),
        ]
        timings: dict[str, tuple[list[float], str]] = {}
        for name, path in rows:
            # Files of a megabyte or more take seconds each: three runs, no warm-up (the
            # scaffold's run already warmed up imports and data).
            large = path.stat().st_size >= MB and not path.stat().st_size > 2 * MB
            runs = min(args.runs, 3) if large else args.runs
            times, outcome = timed(path, runs, warm_up=not large)
            timings[name] = (times, outcome)
            print(f"{name:<34}{fmt_mb(path.stat().st_size):>9} {fmt_ms(times)}  {outcome[:60]}")
            figures[name] = {
                "bytes": path.stat().st_size,
                "runs_ms": [round(t, 2) for t in times],
                "outcome": outcome,
            }

        small_ms = statistics.median(timings["scaffold (routegen new)"][0])
        big_times, big_outcome = timings["a. 200 steps"]
        ratio = statistics.median(big_times) / small_ms
        print()
        print(
            f"a. 200 steps / scaffold: {ratio:.1f}x  (scaffold median {small_ms:.1f} ms, "
            f"{small.stat().st_size / 1024:.1f} kB; 200 steps {big.stat().st_size / 1024:.0f} kB)"
        )
        figures["ratio_200_steps_to_scaffold"] = round(ratio, 2)
        if big_outcome != "ok":
            misses.append(f"a. the 200-step route is not valid: {big_outcome}")
        if statistics.median(big_times) >= TARGET_200_STEPS_MS:
            misses.append(
                f"a. 200 steps took {statistics.median(big_times):.0f} ms (target < {TARGET_200_STEPS_MS:.0f} ms)"
            )

        print()
        print(
            f"{'memory (fresh process)':<34}{'peak python':>13}{'RSS growth':>12}{'peak RSS':>10}  outcome"
        )
        for name, path in rows[2:]:
            memory = memory_in_child(path)
            figures[name]["memory"] = memory  # type: ignore[index]
            print(
                f"{name:<34}{fmt_mb(float(memory['peak'])):>13}{fmt_mb(float(memory['rss_growth_kb']) * 1024):>12}"
                f"{fmt_mb(float(memory['rss_kb']) * 1024):>10}  {str(memory['outcome'])[:60]}"
            )

        huge_times, huge_outcome = timings["b. 10 MB file"]
        huge_memory = figures["b. 10 MB file"]["memory"]  # type: ignore[index]
        if not huge_outcome.startswith("refused"):
            misses.append(f"b. the 10 MB file was not refused: {huge_outcome}")
        if statistics.median(huge_times) >= TARGET_REFUSE_MS:
            misses.append(
                f"b. refusing 10 MB took {statistics.median(huge_times):.1f} ms (target < {TARGET_REFUSE_MS:.0f} ms)"
            )
        if float(huge_memory["peak"]) >= TARGET_REFUSE_PEAK_BYTES:
            misses.append(
                f"b. refusing 10 MB peaked at {fmt_mb(float(huge_memory['peak']))} (target < {fmt_mb(TARGET_REFUSE_PEAK_BYTES)})"
            )
        for name, _ in rows[3:]:
            outcome = timings[name][1]
            if outcome != "ok":
                misses.append(f"{name}: {outcome}")

    print()
    for note in notes:
        print(f"note: {note}")
    print(
        "targets: a. 200-step check median < 1 s; b. 10 MB refused < 50 ms with < 1 MB peak; "
        "c. a route under the 2 MB limit checks without crashing"
    )
    if misses:
        print("MISSED:")
        for miss in misses:
            print(f"  - {miss}")
    else:
        print("all targets met")
    if args.json:
        print(json.dumps(figures, indent=2))
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
