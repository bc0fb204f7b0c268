"""Mutation testing of the status engine: `make mutate` runs this and writes MUTATION.md.

mutmut mutates the engine's modules ([tool.mutmut] in pyproject.toml: only_mutate) one
small change at a time and runs the engine's test files against each mutant; a mutant
the tests do not fail on has survived. Mutants that cannot change behaviour (equivalent
mutants) are listed, each with its reason, in mutation/equivalent.toml; a module's score
is the share of its other mutants killed.

    python mutation/run.py [--min 97] [--max-children N] [--keep]

--keep reuses the results of the last run for functions that did not change (mutmut's
own cache); by default every mutant is tested afresh. Exits 1 when a module scores
below --min, or when equivalent.toml claims a mutant the tests kill.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTMUT = str(Path(sys.executable).parent / "mutmut")
MUTANTS = ROOT / "mutants"
RESULTS = ROOT / "MUTATION.md"
EQUIVALENT = ROOT / "mutation" / "equivalent.toml"

# mutmut's exit codes for a mutant's test run (mutmut.stats.status_by_exit_code).
KILLED = {1: "killed", 3: "killed"}
TIMEOUT = {36, 24, -24, 152, 255}
SURVIVED = {0}
NO_TESTS = {5, 33}


@dataclass(frozen=True)
class Equivalent:
    module: str
    function: str
    before: str
    after: str
    reason: str


@dataclass
class Mutant:
    key: str
    module: str
    function: str
    outcome: str  # killed, timeout, survived, no tests, not checked, or another mutmut word
    before: str = ""
    after: str = ""
    equivalent: Equivalent | None = None


@dataclass
class Module:
    name: str
    mutants: list[Mutant] = field(default_factory=list)

    def count(self, *outcomes: str) -> int:
        return sum(1 for m in self.mutants if m.outcome in outcomes and m.equivalent is None)

    @property
    def equivalent(self) -> int:
        return sum(1 for m in self.mutants if m.equivalent is not None)

    @property
    def scored(self) -> int:
        return len(self.mutants) - self.equivalent

    @property
    def score(self) -> float:
        killed = self.count("killed", "timeout")
        return 100.0 * killed / self.scored if self.scored else 100.0


def outcome_of(code: int | None) -> str:
    if code in KILLED:
        return "killed"
    if code in TIMEOUT:
        return "timeout"
    if code in SURVIVED:
        return "survived"
    if code in NO_TESTS:
        return "no tests"
    return "not checked" if code is None else f"suspicious (exit {code})"


def function_of(key: str, module: str) -> str:
    """'Period.__hash__' for 'scp_report.model.periods.xǁPeriodǁ__hash____mutmut_1'."""
    name = key[len(module) + 1 :].rsplit("__mutmut_", 1)[0]
    if name.startswith("xǁ"):
        cls, method = name[2:].split("ǁ", 1)
        return f"{cls}.{method}"
    return name.removeprefix("x_")


def diff_of(key: str) -> tuple[str, str]:
    """The mutated line(s) as written and as mutated, each stripped and joined by spaces."""
    shown = subprocess.run(
        [MUTMUT, "show", key], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    lines = shown.splitlines()
    before = [ln[1:].strip() for ln in lines if ln.startswith("-") and not ln.startswith("---")]
    after = [ln[1:].strip() for ln in lines if ln.startswith("+") and not ln.startswith("+++")]
    return " ".join(before), " ".join(after)


def load_equivalents() -> list[Equivalent]:
    data = tomllib.loads(EQUIVALENT.read_text("utf-8"))
    return [
        Equivalent(e["module"], e["function"], e["from"], e["to"], " ".join(e["reason"].split()))
        for e in data.get("mutant", [])
    ]


def modules_mutated() -> list[tuple[str, Path]]:
    """(module name, source path) of each module [tool.mutmut] mutates."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["mutmut"]
    out = []
    for path in config["only_mutate"]:
        name = path.removeprefix("src/").removesuffix(".py").replace("/", ".")
        out.append((name, Path(path)))
    return out


def run_mutmut(max_children: int, keep: bool) -> float:
    """Run mutmut over the engine; its output goes to mutants/mutmut.log. Seconds taken."""
    if not keep and MUTANTS.exists():
        shutil.rmtree(MUTANTS)
    MUTANTS.mkdir(exist_ok=True)
    env = dict(os.environ)
    # Hypothesis draws the same examples for every mutant (tests/conftest.py), and no
    # plan cache carries results from one mutant's run into another's.
    env.update(SCP_HYPOTHESIS="mutate", SCP_CACHE="off")
    log = MUTANTS / "mutmut.log"
    start = time.monotonic()
    with log.open("w") as out:
        done = subprocess.run(
            [MUTMUT, "run", "--max-children", str(max_children)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    took = time.monotonic() - start
    if done.returncode != 0:
        sys.stderr.write(log.read_text("utf-8", "replace")[-4000:])
        sys.exit(f"mutmut run failed (exit {done.returncode}); see {log}")
    return took


def collect(equivalents: list[Equivalent]) -> tuple[list[Module], list[str]]:
    """Every module's mutants, and the equivalent entries that matched no survivor."""
    modules: list[Module] = []
    used: set[Equivalent] = set()
    problems: list[str] = []
    for name, path in modules_mutated():
        meta = MUTANTS / (str(path) + ".meta")
        codes = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
        module = Module(name)
        for key, code in sorted(codes.items(), key=lambda kc: _natural(kc[0])):
            mutant = Mutant(key, name, function_of(key, name), outcome_of(code))
            if mutant.outcome not in ("killed", "timeout"):
                mutant.before, mutant.after = diff_of(key)
                for e in equivalents:
                    if (e.module, e.function, e.before, e.after) == (
                        name,
                        mutant.function,
                        mutant.before,
                        mutant.after,
                    ):
                        mutant.equivalent = e
                        used.add(e)
            module.mutants.append(mutant)
        modules.append(module)
    for e in equivalents:
        if e not in used:
            # Stale (the code changed), or the tests kill the mutant: never equivalent.
            problems.append(
                f"{e.module} {e.function}: `{e.before}` -> `{e.after}` matched no survivor"
            )
    return modules, problems


def _natural(key: str) -> tuple[str, int]:
    name, _, n = key.rpartition("__mutmut_")
    return name, int(n) if n.isdigit() else 0


def write_results(
    modules: list[Module], problems: list[str], took: float, minimum: float, children: int
) -> None:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Mutation testing of the status engine",
        "",
        "Written by `make mutate` (`mutation/run.py`); do not edit by hand. mutmut makes",
        "one small change (a mutant) at a time to the engine's modules and runs the engine's",
        "test files against it ([tool.mutmut] in pyproject.toml); the tests kill a mutant by",
        "failing. Mutants that cannot change behaviour are listed, each with its reason, in",
        "`mutation/equivalent.toml` and left out of the score: *score* is killed (and timed",
        f"out) over mutants less equivalent ones. Target: at least {minimum:g}% per module.",
        "",
        f"Run on {now}: {os.cpu_count()} cores, {children} mutants at a time; "
        f"{took / 60:.1f} minutes.",
        f"Python {platform.python_version()}, mutmut {version('mutmut')}, "
        f"hypothesis {version('hypothesis')}.",
        "",
        "| module | mutants | killed | timed out | survived | no tests | equivalent | score |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in modules:
        # Survived counts every mutant neither killed nor untested (suspicious ones too).
        survived = m.scored - m.count("killed", "timeout", "no tests")
        lines.append(
            f"| `{m.name}` | {len(m.mutants)} | {m.count('killed')} | {m.count('timeout')} "
            f"| {survived} | {m.count('no tests')} | {m.equivalent} | {m.score:.1f}% |"
        )
    total = sum(len(m.mutants) for m in modules)
    killed = sum(m.count("killed", "timeout") for m in modules)
    scored = sum(m.scored for m in modules)
    lines += ["", f"All modules: {killed} of {scored} killed ({100 * killed / scored:.1f}%).", ""]
    survivors = [mu for m in modules for mu in m.mutants if mu.outcome not in ("killed", "timeout")]
    alive = [mu for mu in survivors if mu.equivalent is None]
    lines += ["## Surviving mutants", ""]
    if alive:
        lines += ["| mutant | as written | as mutated | outcome |", "|---|---|---|---|"]
        lines += [
            f"| `{mu.key}` | `{_cell(mu.before)}` | `{_cell(mu.after)}` | {mu.outcome} |"
            for mu in alive
        ]
    else:
        lines.append("None: every mutant that can change behaviour is killed.")
    lines += ["", "## Equivalent mutants", ""]
    equivalent = [mu for mu in survivors if mu.equivalent is not None]
    lines += ["| mutant | as written | as mutated | why it cannot change behaviour |"]
    lines += ["|---|---|---|---|"]
    for mu in equivalent:
        assert mu.equivalent is not None
        lines.append(
            f"| `{mu.module}` `{mu.function}` | `{_cell(mu.before)}` | `{_cell(mu.after)}` "
            f"| {_cell(mu.equivalent.reason)} |"
        )
    if problems:
        lines += ["", "## Problems", ""] + [f"- {p}" for p in problems]
    lines.append("")
    RESULTS.write_text("\n".join(lines), "utf-8")
    print(f"{total} mutants; {killed} of {scored} killed; wrote {RESULTS.name}")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min", type=float, default=97.0, help="least score per module, %%")
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--keep", action="store_true", help="reuse unchanged results")
    args = parser.parse_args()

    took = run_mutmut(args.max_children, args.keep)
    modules, problems = collect(load_equivalents())
    write_results(modules, problems, took, args.min, args.max_children)
    low = [m for m in modules if m.score < args.min]
    for m in modules:
        print(f"  {m.name}: {m.score:.1f}% of {m.scored} ({m.equivalent} equivalent)")
    for p in problems:
        print(f"problem: {p}", file=sys.stderr)
    if low or problems:
        sys.exit(1)


if __name__ == "__main__":
    main()
