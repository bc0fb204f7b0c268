"""Benchmarks: `make bench` runs this and writes BENCHMARKS.md.

Every figure is the median of several runs of a fresh process, measured in this run
beside its floor (the least any tool could do for the same job), so the ratios hold on
any machine. Peak memory is the process's maximum resident set size.

    python bench/run.py [--runs N] [--quick]

--quick skips the 2000 x 120 synthetic plan (minutes of work) for a fast check.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SCP = str(BIN / "scp")
PY = sys.executable
RESULTS = ROOT / "BENCHMARKS.md"
SIZES = [(40, 4), (500, 40), (2000, 120)]
FIGURES_START = "<!-- figures:"
FIGURES_END = "-->"


@dataclass
class Timing:
    seconds: float
    peak_mb: float


def run(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Timing:
    """Run a command once; its wall time and peak memory (from wait4's rusage)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    return Timing(elapsed, usage.ru_maxrss / 1024)


def median(cmd: list[str], runs: int, cwd: Path | None = None,
           before: list[str] | None = None) -> Timing:
    """Median time and peak memory over `runs` runs (`before` runs first, untimed, each time)."""
    timings = []
    for _ in range(runs):
        if before:
            subprocess.run(before, check=True, capture_output=True, cwd=cwd)
        timings.append(run(cmd, cwd))
    return Timing(statistics.median(t.seconds for t in timings),
                  max(t.peak_mb for t in timings))


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for pkg in ("pydantic", "PyYAML", "weasyprint", "typer", "Jinja2", "matplotlib", "rich"):
        try:
            from importlib.metadata import version

            versions[pkg] = version(pkg)
        except Exception:  # a package not installed is reported, not fatal
            versions[pkg] = "absent"
    import yaml

    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "libyaml": str(getattr(yaml, "__with_libyaml__", False)),
        "packages": ", ".join(f"{k} {v}" for k, v in versions.items()),
    }


FLOOR_IMPORT = [PY, "-c", "import yaml, pydantic"]
FLOOR_PARSE = ("import sys, pathlib, yaml\n"
               "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml')):\n"
               "    yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)\n")
WEASY_ALONE = ("import sys, weasyprint\n"
               "weasyprint.HTML(filename=sys.argv[1], base_url=sys.argv[3]).write_pdf(\n"
               "    sys.argv[2], pdf_variant='pdf/ua-1')\n")


def bundled(runs: int, work: Path) -> list[dict[str, object]]:
    plan = str(ROOT / "plan")
    rows: list[dict[str, object]] = []
    floor = median(FLOOR_IMPORT, runs)
    rows.append(_row("import floor: python -c 'import yaml, pydantic'", floor, None, None))
    clear = [SCP, "cache", "clear", "--plan", plan] if _has_cache_command() else None
    for name, cmd in (("scp validate (bundled plan)", [SCP, "validate", "--plan", plan]),
                      ("scp status dasv (bundled plan)", [SCP, "status", "dasv", "--plan", plan])):
        t = median(cmd, runs)
        rows.append(_row(name, t, floor, 1.5))
        if clear:
            t = median(cmd, runs, before=clear)
            rows.append(_row(name.replace("(", "(no cache, "), t, floor, None))
    out = work / "out"
    html = median([SCP, "build", "--plan", plan, "--out", str(out), "--format", "html", "-q"],
                  runs)
    rows.append(_row("scp build --format html (bundled plan)", html, None, None))
    pdf_cmd = [SCP, "build", "--plan", plan, "--out", str(out), "--format", "pdf", "-q"]
    force = ["--force"] if _build_has_force() else []
    pdf = median(pdf_cmd + force, runs)
    page = next(out.glob("*.html"))
    templates = (ROOT / "templates").as_uri() + "/"
    alone = median([PY, "-c", WEASY_ALONE, str(page), str(work / "alone.pdf"), templates], runs)
    rows.append(_row("WeasyPrint alone on the same HTML", alone, None, None))
    rows.append(_row("scp build --format pdf (bundled plan)", pdf, alone, 1.15))
    return rows


def _has_cache_command() -> bool:
    out = subprocess.run([SCP, "--help"], capture_output=True, text=True)
    return " cache " in out.stdout


def _build_has_force() -> bool:
    out = subprocess.run([SCP, "build", "--help"], capture_output=True, text=True)
    return "--force" in out.stdout


def scale(runs: int, work: Path, quick: bool) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    previous: dict[str, float] = {}
    for indicators, quarters in SIZES[:2] if quick else SIZES:
        size = f"{indicators}x{quarters}"
        plan = work / f"plan-{size}"
        subprocess.run([PY, str(ROOT / "bench" / "synthetic_plan.py"), str(plan),
                        "--indicators", str(indicators), "--quarters", str(quarters)],
                       check=True)
        n = 3 if indicators * quarters > 20_000 else runs
        floor = median([PY, "-c", FLOOR_PARSE, str(plan)], n)
        rows.append(_row(f"{size}: parse floor (PyYAML C loader alone)", floor, None, None))
        clear = [SCP, "cache", "clear", "--plan", str(plan)] if _has_cache_command() else None
        cold = median([SCP, "validate", "--plan", str(plan)], n, before=clear)
        rows.append(_row(f"{size}: scp validate, cold", cold, floor, 1.3,
                         growth=_growth(previous, "validate", cold.seconds)))
        if clear:
            warm = median([SCP, "validate", "--plan", str(plan)], n)
            rows.append(_row(f"{size}: scp validate, repeated (nothing changed)", warm, None,
                             None, speedup=cold.seconds / warm.seconds))
            status_warm = median([SCP, "status", "--plan", str(plan)], n)
            status_cold = median([SCP, "status", "--plan", str(plan)], n, before=clear)
            rows.append(_row(f"{size}: scp status, cold", status_cold, floor, None))
            rows.append(_row(f"{size}: scp status, repeated", status_warm, None, None,
                             speedup=status_cold.seconds / status_warm.seconds))
        else:
            status = median([SCP, "status", "--plan", str(plan)], n)
            rows.append(_row(f"{size}: scp status", status, floor, None))
        html = median([SCP, "build", "--plan", str(plan), "--out", str(work / f"out-{size}"),
                       "--format", "html", "-q"], 1 if indicators >= 2000 else n)
        rows.append(_row(f"{size}: scp build --format html", html, floor, None,
                         growth=_growth(previous, "html", html.seconds)))
    return rows


def _growth(previous: dict[str, float], key: str, seconds: float) -> float | None:
    before = previous.get(key)
    previous[key] = seconds
    return seconds / before if before else None


def _row(name: str, t: Timing, floor: Timing | None, target: float | None,
         growth: float | None = None, speedup: float | None = None) -> dict[str, object]:
    ratio = t.seconds / floor.seconds if floor else None
    return {
        "name": name,
        "seconds": round(t.seconds, 3),
        "peak_mb": round(t.peak_mb, 1),
        "ratio": round(ratio, 2) if ratio is not None else None,
        "target": target,
        "met": (ratio <= target) if (ratio is not None and target) else None,
        "growth": round(growth, 2) if growth else None,
        "speedup": round(speedup, 1) if speedup else None,
    }


def previous_figures() -> dict[str, dict[str, object]]:
    if not RESULTS.exists():
        return {}
    m = re.search(re.escape(FIGURES_START) + r"(.*?)" + re.escape(FIGURES_END),
                  RESULTS.read_text(), re.S)
    if not m:
        return {}
    try:
        return {r["name"]: r for r in json.loads(m[1])["rows"]}
    except (ValueError, KeyError, TypeError):
        return {}


def report(rows: list[dict[str, object]], info: dict[str, str], when: str) -> str:
    before = previous_figures()
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`bench/run.py`); do not edit by hand. Each figure is the",
        "median of several runs of a fresh process; *ratio* is against the floor measured in",
        "the same run (the import of yaml and pydantic for the fast commands, WeasyPrint alone",
        "on the same HTML for the PDF, PyYAML's C loader parsing the same files for the",
        "synthetic plans). *Previous* is the last run's time; a change of more than 20% is",
        "marked **(!)**.",
        "",
        f"Run on {when}: {info['cpu']}, {info['cores']} cores, Python {info['python']}, "
        f"libyaml {info['libyaml']}.",
        f"Packages: {info['packages']}.",
        "",
        "| measurement | time (s) | previous (s) | peak MB | ratio | target | met | growth | "
        "repeat speed-up |",
        "|---|---:|---:|---:|---:|---:|:---:|---:|---:|",
    ]
    for r in rows:
        old = before.get(str(r["name"]))
        prev = ""
        if old:
            prev = f"{old['seconds']}"
            if old["seconds"] and abs(float(r["seconds"]) / float(old["seconds"]) - 1) > 0.2:  # type: ignore[arg-type]
                prev += " **(!)**"
        met = {True: "yes", False: "**no**", None: ""}[r["met"]]  # type: ignore[index]
        lines.append(
            f"| {r['name']} | {r['seconds']} | {prev} | {r['peak_mb']} | "
            f"{r['ratio'] if r['ratio'] is not None else ''} | "
            f"{'≤ ' + str(r['target']) + 'x' if r['target'] else ''} | {met} | "
            f"{r['growth'] if r['growth'] else ''} | "
            f"{str(r['speedup']) + 'x' if r['speedup'] else ''} |"
        )
    lines += [
        "",
        "Targets: `scp validate` and `scp status dasv` within 1.5x of the import floor; the PDF",
        "build within 1.15x of WeasyPrint alone; cold validate of a synthetic plan within 1.3x",
        "of the parse floor at every size, growing linearly (10x the readings, at most 12x the",
        "time); a repeated validate or status at least 10x faster than cold at 2000x120; peak",
        "memory under 500 MB at 2000x120.",
        "",
        FIGURES_START + json.dumps({"when": when, "rows": rows}) + FIGURES_END,
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description="Run the benchmarks, write BENCHMARKS.md.")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="skip the largest synthetic plan")
    args = parser.parse_args()
    if not shutil.which(SCP) and not Path(SCP).exists():
        raise SystemExit("scp is not installed in this Python's environment: run make build")
    work = Path(tempfile.mkdtemp(prefix="scp-bench-"))
    try:
        rows = bundled(args.runs, work) + scale(args.runs, work, args.quick)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = report(rows, machine(), when)
    RESULTS.write_text(text)
    width = max(len(str(r["name"])) for r in rows)
    for r in rows:
        ratio = f"  {r['ratio']}x" if r["ratio"] is not None else ""
        print(f"{str(r['name']).ljust(width)}  {r['seconds']:>8}s  {r['peak_mb']:>7} MB{ratio}")
    print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
