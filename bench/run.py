"""The benchmarks of issue 6: each prints a ratio measured side by side in this run, and its target.

    python bench/run.py            # all five, N = 1,000 / 10,000 / 100,000 (see bench/README.md)
    python bench/run.py --quick    # small worlds, one run each: checks the script, not the speed

Machines are noisy, so each figure is the median of several runs, and only ratios between two
things measured in the same run are compared with the targets. Each measured command runs in its
own wrapper process, which reports its wall time and peak memory (getrusage of its one child);
a command that passes the time limit is reported as "> limit", never left out.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
import generate  # noqa: E402

PYTHON = sys.executable
CLI = [PYTHON, "-c", "from treatyrules.cli import main; main()"]
#: the engine's own limit per solver call (--timeout), raised to the bench's limit in main():
#: a benchmark measures how long a question takes rather than stop where a user would
SOLVE_LIMIT = ["--timeout", "60"]
SCALE_STATE, SCALE_ARTICLE = "Synthland 1", "2"  # an Allied Power in every generated world
LONG = 60.0  # seconds: a command that takes longer is run once, not `runs` times

WRAPPER = r"""
import json, resource, subprocess, sys, time
cmd, timeout = json.loads(sys.argv[1]), float(sys.argv[2])
start = time.perf_counter()
try:
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout)
    rc, err = done.returncode, done.stderr.decode(errors="replace")[-400:]
except subprocess.TimeoutExpired:
    rc, err = None, "timeout"
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "rc": rc, "err": err,
                  "rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""

#: plain clingo: load the rules and the pre-serialised facts, ground, find one answer set
FLOOR = r"""
import sys, clingo
control = clingo.Control(["--warn=none"])
control.load(sys.argv[1])
control.load(sys.argv[2])
control.ground([("base", [])])
control.solve()
"""

#: the floor with the CLI's framework: the same work as a typer command (typer 0.29 and later
#: coerce every parameter through pydantic, so this imports pydantic too). What treatyrules
#: adds on top of its dependencies is the distance from this to the full command.
FLOOR_TYPER = r"""
import clingo, typer
app = typer.Typer()
@app.command()
def solve(rules: str, facts: str, state: str = typer.Option("Korea", "--state")) -> None:
    control = clingo.Control(["--warn=none"])
    control.load(rules)
    control.load(facts)
    control.ground([("base", [])])
    control.solve()
app()
"""


@dataclass
class Figure:
    """The median of a command's runs, or how long it ran before the limit stopped it."""

    seconds: float
    rss_mb: float = 0.0
    timed_out: bool = False
    error: str = ""

    def __str__(self) -> str:
        if self.error:
            return f"failed ({self.error})"
        if self.timed_out:
            return f"> {self.seconds:.0f} s"
        return f"{self.seconds:.3f} s, {self.rss_mb:.0f} MB"


def measure(cmd: list[str], runs: int, limit: float, env: dict | None = None) -> Figure:
    times, memory = [], []
    for _ in range(runs):
        out = subprocess.run([PYTHON, "-c", WRAPPER, json.dumps(cmd), str(limit)], capture_output=True,
                             text=True, env={**os.environ, **(env or {})}, check=True)
        result = json.loads(out.stdout)
        if result["rc"] is None:
            return Figure(limit, result["rss_mb"], timed_out=True)
        if result["rc"] != 0:
            return Figure(0, error=f"exit {result['rc']}: {result['err'].strip().splitlines()[-1:]}")
        times.append(result["seconds"])
        memory.append(result["rss_mb"])
        if result["seconds"] > LONG:  # a minute-long figure is not noise: one run says enough
            break
    return Figure(statistics.median(times), max(memory))


def ratio(a: Figure, b: Figure) -> str:
    """a / b, honest about time-outs: a lower bound when `a` timed out, an upper when `b` did."""
    if a.error or b.error or (a.timed_out and b.timed_out) or not b.seconds:
        return "n/a"
    sign = ">" if a.timed_out else "<" if b.timed_out else ""
    return f"{sign}{a.seconds / b.seconds:.2f}×".lstrip()


def verdict(value: str, op: str, target: float) -> str:
    match = re.match(r"([<>]?)([\d.]+)×", value)
    if not match:
        return "not measured"
    bound, x = match.group(1), float(match.group(2))
    if op == "<=":
        ok, sure = x <= target, bound != ">" or x > target
    else:
        ok, sure = x >= target, bound != "<" or x < target
    return ("met" if ok else "missed") if sure else "unknown (time-out)"


SUMMARY: list[tuple[str, str, str, str]] = []


def report(name: str, value: str, op: str, target: float) -> None:
    SUMMARY.append((name, value, f"{'≤' if op == '<=' else '≥'} {target:g}×", verdict(value, op, target)))
    print(f"   ratio {value}   target {'≤' if op == '<=' else '≥'} {target:g}×   {SUMMARY[-1][3]}", flush=True)


def facts_lp(root: Path, out: Path, as_of: dt.date) -> Path:
    """The fact base's input atoms as ASP facts, once, for the plain-clingo floor."""
    from treatyrules import facts

    base = facts.load(root)
    lines = [f"{atom}." for atom in base.translation.atoms]
    lines.append(f"as_of({facts.date_number(as_of)}).")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def cli(*args: str) -> list[str]:
    return [*CLI, *SOLVE_LIMIT, *args]


# -- (1) start-up ------------------------------------------------------------------------------

def startup(work: Path, runs: int, limit: float) -> None:
    print("\n(1) start-up: `treatyrules entitled --state Korea`, whole process, against plain clingo", flush=True)
    floor_lp = facts_lp(REPO / "facts", work / "facts.lp", dt.date.today())
    (work / "floor.py").write_text(FLOOR, encoding="utf-8")
    command = cli("entitled", "--state", "Korea")
    # an installed package has its bytecode compiled; a shell with PYTHONDONTWRITEBYTECODE set
    # would otherwise compile every module of a source checkout on every run
    subprocess.run([PYTHON, "-c", "import compileall, os, treatyrules.cli as c; "
                    "compileall.compile_dir(os.path.dirname(c.__file__), quiet=1)"], check=True)
    measure(command, 1, limit)  # fills the fact-base cache, as any earlier run would have
    ours = measure(command, runs, limit)
    floor = measure([PYTHON, str(work / "floor.py"), str(REPO / "rules" / "main.lp"), str(floor_lp)], runs, limit)
    (work / "floor_typer.py").write_text(FLOOR_TYPER, encoding="utf-8")
    framework = measure([PYTHON, str(work / "floor_typer.py"), str(REPO / "rules" / "main.lp"), str(floor_lp),
                         "--state", "Korea"], runs, limit)
    print(f"   treatyrules {ours}   floor (python + clingo: load, ground, solve) {floor}")
    from importlib.metadata import version

    print(f"   the floor's work as a typer {version('typer')} command {framework}: "
          f"{ratio(framework, floor)} the floor before any work of treatyrules'; "
          f"treatyrules adds {ratio(ours, framework)} to it")
    report("start-up", ratio(ours, floor), "<=", 1.8)
    # where the time goes: the imports, the rest is loading, grounding, solving and rendering
    probe = subprocess.run([PYTHON, "-X", "importtime", *CLI[1:], "entitled", "--state", "Korea"],
                           capture_output=True, text=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    top = []
    for line in probe.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)", line)
        if match and not match.group(3):  # imported by the program itself, not by another module
            top.append((int(match.group(2)), match.group(4)))
    total = sum(t for t, _ in top) / 1000
    print(f"   imports: {total:.0f} ms of the {ours.seconds * 1000:.0f} ms; the largest (cumulative):")
    for micros, name in sorted(top, reverse=True)[:8]:
        print(f"     {micros / 1000:7.1f} ms  {name}")


# -- (2) scale ---------------------------------------------------------------------------------

def world(work: Path, n: int) -> Path:
    return generate.generate(work / f"world_{n}", n)


def scale(work: Path, sizes: list[int], runs: int, limit: float) -> None:
    print(f"\n(2) scale: synthetic worlds of {', '.join(f'{n:,}' for n in sizes)} states (bench/generate.py)", flush=True)
    has_explain = "explain" in subprocess.run(cli("--help"), capture_output=True, text=True).stdout
    rows: dict[str, dict[int, Figure]] = {"entitled (one state)": {}, "states (all)": {}, "explain (one state)": {},
                                          "clingo (floor)": {}, "first read (check, no cache)": {}}
    (work / "floor.py").write_text(FLOOR, encoding="utf-8")
    for n in sizes:
        root = world(work, n)
        # the first read validates and fills the cache; every later command reads the cache
        rows["first read (check, no cache)"][n] = measure(cli("check", "--facts", str(root)), 1, limit)
        lp = facts_lp(root, work / f"facts_{n}.lp", dt.date.today())
        rows["clingo (floor)"][n] = measure([PYTHON, str(work / "floor.py"), str(REPO / "rules" / "main.lp"), str(lp)],
                                            runs, limit)
        rows["entitled (one state)"][n] = measure(cli("entitled", "--state", SCALE_STATE, "--facts", str(root)), runs, limit)
        rows["states (all)"][n] = measure(cli("states", "--facts", str(root)), runs, limit)
        if has_explain:
            rows["explain (one state)"][n] = measure(
                cli("explain", "--state", SCALE_STATE, "--article", SCALE_ARTICLE, "--facts", str(root)), runs, limit)
        for name, figures in rows.items():
            if n in figures:
                print(f"   N={n:>7,}  {name:<30} {figures[n]}", flush=True)
    if not has_explain:
        print("   pending: explain not built")
        rows.pop("explain (one state)")
    print("   growth per 10× N (10 is linear):")
    for name, figures in rows.items():
        steps = [f"{a:,}→{b:,}: {ratio(figures[b], figures[a])}" for a, b in zip(sizes, sizes[1:])]
        print(f"     {name:<30} " + "; ".join(steps))
    growth = [ratio(rows["entitled (one state)"][b], rows["entitled (one state)"][a]) for a, b in zip(sizes, sizes[1:])]
    print("   (target: near-linear growth, about 10× per 10× N)")
    SUMMARY.append(("scale: entitled growth per 10× N", ", ".join(growth), "≈ 10×", "see above"))
    middle = 10_000 if 10_000 in sizes else sizes[-1]
    if has_explain:
        print(f"   explaining one state in the {middle:,}-state world against plain clingo solving it:")
        report(f"scale: explain vs clingo, N={middle:,}", ratio(rows["explain (one state)"][middle],
                                                              rows["clingo (floor)"][middle]), "<=", 1.5)
    else:
        SUMMARY.append((f"scale: explain vs clingo, N={middle:,}", "pending: explain not built", "≤ 1.5×", "not measured"))


# -- (3) xclingo -------------------------------------------------------------------------------

def annotated_program(out: Path, state: str) -> Path:
    """The rule base as one xclingo-annotated file: each `%@ en:` template becomes a trace_rule."""
    def expand(path: Path) -> list[str]:
        lines = []
        for line in path.read_text(encoding="utf-8").splitlines():
            include = re.match(r'\s*#include\s+"([^"]+)"\s*\.', line)
            if include:
                lines += expand(path.parent / include.group(1))
            elif line.startswith("%@ en:"):
                text = line[len("%@ en:"):].strip().replace('"', "'").replace("%", "percent")
                variables = re.findall(r"\{([A-Z]\w*)\}", text)
                text = re.sub(r"\{[A-Z]\w*\}", "%", re.sub(r"\{\d+\}", "_", text))
                lines.append("%!trace_rule {" + ", ".join([json.dumps(text), *variables]) + "}.")
            else:
                lines.append(line)
        return lines

    body = expand(REPO / "rules" / "main.lp")
    body.append(f"%!show_trace {{entitled({state},A,B)}}.")
    out.write_text("\n".join(body) + "\n", encoding="utf-8")
    return out


def xclingo(work: Path, n: int, runs: int, limit: float) -> None:
    print(f"\n(3) explanations: xclingo on the {n:,}-state world against `treatyrules entitled --explain`", flush=True)
    xclingo_bin = Path(PYTHON).parent / "xclingo"
    root = work / f"world_{n}"
    if not root.exists():
        world(work, n)
    ident = "syn_000001"
    ours = measure(cli("entitled", "--state", SCALE_STATE, "--explain", "--facts", str(root)), runs, limit)
    print(f"   treatyrules entitled --explain: {ours}")
    if not xclingo_bin.exists():
        print("   xclingo is not installed: `pip install -e '.[bench]'` (make bench does)")
        SUMMARY.append(("xclingo vs our explain", "not installed", "≥ 30×", "not measured"))
        return
    program = annotated_program(work / "xclingo_rules.lp", ident)
    lp = work / f"facts_{n}.lp"
    if not lp.exists():
        facts_lp(root, lp, dt.date.today())
    theirs = measure([str(xclingo_bin), "-n", "1", "1", str(program), str(lp)], 1 if ours.timed_out else runs, limit)
    print(f"   xclingo -n 1 1 (one answer set, one explanation): {theirs}")
    report(f"xclingo vs our explain, N={n:,}", ratio(theirs, ours), ">=", 30)


# -- (4) readings ------------------------------------------------------------------------------

def readings(runs: int, limit: float) -> None:
    print("\n(4) readings: `entitled --state France` across all readings against every reading fixed", flush=True)
    listed = json.loads(subprocess.run(cli("readings", "--format", "json"), capture_output=True, text=True,
                                       check=True).stdout)
    fixed = [f"--reading={r['name']}={r['options'][0]['option']}" for r in listed["readings"]]
    across = measure(cli("entitled", "--state", "France"), runs, limit)
    one = measure(cli("entitled", "--state", "France", *fixed), runs, limit)
    print(f"   across all readings {across}   {len(fixed)} readings and disputes fixed {one}")
    report("readings: all vs one", ratio(across, one), "<=", 3)


# -- (5) what-if sweeps ------------------------------------------------------------------------

def whatifs(n: int) -> tuple[object, list]:
    """`n` single-fact what-ifs on the shipped fact base: signed, deposited on a date, at war, in the UN Declaration."""
    from treatyrules import facts
    from treatyrules.schema import Claim

    base = facts.load(REPO / "facts")
    states = sorted(base.states)
    kinds = ["signed", "ratified", "at_war", "un_declaration"]
    out = []
    for i in range(n):
        state, kind = states[i % len(states)], kinds[(i // len(states)) % len(kinds)]
        day = {"signed": dt.date(1951, 9, 8), "ratified": dt.date(1952, 1, 1) + dt.timedelta(days=7 * i),
               "at_war": dt.date(1942, 1, 1), "un_declaration": dt.date(1943, 1, 1)}[kind]
        claim = Claim(value=True, date=day, sources=["S1"], tag="analysis")
        out.append(list(facts._state_atoms(state, kind, claim)))
    return base, out


def sweeps(n: int, runs: int) -> None:
    print(f"\n(5) what-if sweeps: {n:,} single-fact what-ifs on the shipped fact base, over shared groundings against one each",
          flush=True)
    from treatyrules.engine import World
    from treatyrules.sweep import sweep

    base, cases = whatifs(n)
    day = dt.date(1960, 1, 1)
    each = []
    fresh = []
    for case in cases:
        start = time.perf_counter()
        fresh.append(World(base, day, extra=case).solution())
        each.append(time.perf_counter() - start)
    recorded = set(base.translation.atoms)
    changing = [i for i, case in enumerate(cases) if not recorded.issuperset(case)]
    for label, chosen in ((f"all {n:,}", list(range(n))),
                          (f"the {len(changing):,} that change the record (the rest restate it)", changing)):
        totals, answers = [], []
        for _ in range(runs):
            start = time.perf_counter()
            answers = list(sweep(base, day, [cases[i] for i in chosen]))
            totals.append(time.perf_counter() - start)
        # the same answers, or the ratio means nothing
        assert answers == [fresh[i] for i in chosen], "a what-if differs between the sweep and a fresh grounding"
        sweep_total = statistics.median(totals)
        reground_total = statistics.median([each[i] for i in chosen]) * len(chosen)
        print(f"   {label}: swept {sweep_total:.2f} s ({sweep_total / len(chosen) * 1000:.1f} ms a what-if); "
              f"re-grounding each {reground_total:.2f} s (median {reground_total / len(chosen) * 1000:.1f} ms a what-if); "
              "every answer checked the same")
        report(f"sweeps: {len(chosen):,} what-ifs" + ("" if len(chosen) == n else " that change something"),
               ratio(Figure(reground_total), Figure(sweep_total)), ">=", 10)


def main() -> None:
    parser = argparse.ArgumentParser(description="treatyrules benchmarks (issue 6)")
    parser.add_argument("--quick", action="store_true", help="small worlds, one run each (the smoke test)")
    parser.add_argument("--runs", type=int, default=None, help="runs per figure (median); default 5, quick 1; a figure over a minute is run once")
    parser.add_argument("--limit", type=float, default=None, help="seconds before a command is stopped; default 300, quick 60")
    parser.add_argument("--only", nargs="*", default=["startup", "scale", "xclingo", "readings", "sweeps"])
    parser.add_argument("--sizes", type=int, nargs="*", default=None, help="the Ns of (2); default 1000 10000 100000")
    parser.add_argument("--keep", type=Path, default=None, help="write the worlds here and keep them")
    args = parser.parse_args()
    runs = args.runs or (1 if args.quick else 5)
    limit = args.limit or (60.0 if args.quick else 300.0)
    sizes = args.sizes or ([10, 100] if args.quick else [1_000, 10_000, 100_000])
    SOLVE_LIMIT[1] = str(limit)
    middle = 100 if args.quick else 10_000
    work = args.keep or Path(tempfile.mkdtemp(prefix="treatyrules-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    # a private cache: the first-read figures must not find a warm one from an earlier run
    os.environ["XDG_CACHE_HOME"] = str(work / "cache")
    print(f"treatyrules benchmarks{' (quick)' if args.quick else ''}: median of {runs} run(s), "
          f"limit {limit:.0f} s a command, {os.cpu_count()} cores; worlds in {work}")
    try:
        if "startup" in args.only:
            startup(work, runs, limit)
        if "scale" in args.only:
            scale(work, sizes, runs, limit)
        if "xclingo" in args.only:
            xclingo(work, middle, runs, limit)
        if "readings" in args.only:
            readings(runs, limit)
        if "sweeps" in args.only:
            sweeps(20 if args.quick else 1000, runs if args.quick else 3)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print("\nsummary")
    for name, value, target, result in SUMMARY:
        print(f"  {name:<40} {value:<28} target {target:<8} {result}")


if __name__ == "__main__":
    main()
