"""Write a valid plan of fictional data, for benchmarks at scale.

    python bench/synthetic_plan.py OUTDIR --indicators N --quarters Q [--counts]
        [--significance] [--groups]

OUTDIR receives partnership.yaml, themes/ (40 indicators a theme, every target kind in
turn) and one readings file per quarter, ending with Q4 2017/18 and going back Q quarters,
each with one quarterly figure for every indicator. --counts gives each percentage and
rate its numerator and denominator (counts are their own); --significance sets the plan's
direction method to significance (and implies --counts); --groups gives each reading of
a percentage or a rate its comparator group (and implies --counts): the group's average
and size, and in the last quarter its members with their counts, as the family group
of a published framework (docs/rules.md, Comparator groups). Same arguments, same files.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

PER_THEME = 40

PARTNERSHIP = """\
# yaml-language-server: $schema=../schema/partnership.schema.json
partnership:
  name: Synthetic Partnership
document:
  series: Synthetic Plan
  title: Delivery Plan and Performance Framework 2017/18
  year: "2017/18"
  author: Synthetic Partnership
  subject: A fictional plan for benchmarks
introduction:
  title: Introduction
  opening: A fictional plan, written by bench/synthetic_plan.py.
  collective_commitment: None of these figures is real.
  outcomes_intro: "Outcomes:"
  headline_outcomes:
    - Fewer victims
headline:
  title: Headline performance indicators
themes:
"""


def _target(i: int) -> tuple[str, str]:
    """(target YAML lines, unit) for the i-th indicator: every kind in turn."""
    kind = i % 6
    if kind == 0:
        return "    target: {at_least: 50}\n", "percent"
    if kind == 1:
        return "    target: {fewer_than: 60}\n", "percent"
    if kind == 2:
        return "    target:\n      between: {low: 28, high: 40}\n", "percent"
    if kind == 3:
        return (
            "    polarity: higher is better\n    target:\n"
            "      in_line_with: {name: national average, value: 39}\n"
        ), "percent"
    if kind == 4:
        return (
            "    unit_label: per 1,000 population\n    target: {no_increase: true}\n",
            "rate",
        )
    return "", "count"  # monitoring only


def theme_text(t: int, first: int, count: int, baseline_fy: int) -> str:
    lines = [
        "# yaml-language-server: $schema=../../schema/theme.schema.json",
        f"id: theme-{t:03d}",
        f"title: Synthetic theme {t}",
        "projects:",
        f"  - id: theme-{t:03d}-project",
        f"    title: Project {t}",
        "    description: A fictional project.",
        "    timescale:",
        "      - text: By 31 March 2019",
        "        due: 2019-03-31",
        "indicators:",
    ]
    out = "\n".join(lines) + "\n"
    year = f"{baseline_fy}/{(baseline_fy + 1) % 100:02d}"
    for i in range(first, first + count):
        target, unit = _target(i)
        # A quarter's rate is judged against a quarter's (validate refuses a year's): the
        # baseline year's last quarter, which ends with the year.
        period = f"Q4 {year}" if "no_increase" in target else year
        out += (
            f"  - id: ind-{i:05d}\n"
            f"    measure: Synthetic measure {i}\n"
            f"    unit: {unit}\n"
            f"{target}"
            f'    baseline: {{value: 40, period: "{period}"}}\n'
        )
    return out


def quarters(n: int) -> list[tuple[int, int]]:
    """n (financial year, quarter) pairs ending with Q4 2017/18, oldest first."""
    out = []
    index = 2017 * 4 + 3
    for k in range(n):
        j = index - (n - 1 - k)
        out.append((j // 4, j % 4 + 1))
    return out


def _counts(i: int, value: int) -> str:
    """The counts behind the i-th indicator's figure: of 1,000 for a percentage, in a
    population of 10,000 for a rate per 1,000; none for a count."""
    unit = _target(i)[1]
    if unit == "count":
        return ""
    denominator = 1000 if unit == "percent" else 10000
    return f"\n    numerator: {value * denominator // {'percent': 100, 'rate': 1000}[unit]}" + (
        f"\n    denominator: {denominator}"
    )


MEMBERS = 5  # areas beside this one where the members are given (files hold at most 100,000 values)


def _group(i: int, value: int, rng: random.Random, members: bool) -> str:
    """The i-th indicator's comparator group (none for a count): its average and size, or
    its members with their counts (as _counts gives this area's)."""
    unit = _target(i)[1]
    if unit == "count":
        return ""
    if not members:
        average = value + rng.randint(-5, 5)
        return f"\n    group: {{name: most similar group, average: {average}, size: 15}}"
    per = {"percent": 100, "rate": 1000}[unit]
    denominator = 1000 if unit == "percent" else 10000
    rows = "".join(
        f"\n        - {{name: Area {k}, numerator: "
        f"{rng.randint(20, 80) * denominator // per}, denominator: {denominator}}}"
        for k in range(MEMBERS)
    )
    return f"\n    group:\n      name: family group\n      members:{rows}"


def readings_text(
    fy: int,
    q: int,
    indicators: int,
    rng: random.Random,
    counts: bool = False,
    groups: random.Random | None = None,
    members: bool = False,
) -> str:
    """One quarter's readings; with `groups` (the generator the groups draw from), each
    with its group (`members`: the members themselves)."""
    label = f"Q{q} {fy}/{(fy + 1) % 100:02d}"
    parts = [
        "# yaml-language-server: $schema=../../schema/readings.schema.json",
        f"quarter: Q{q}-{fy}/{(fy + 1) % 100:02d}",
        "readings:",
    ]
    for i in range(indicators):
        value = rng.randint(20, 80)
        parts.append(
            f'  - indicator: ind-{i:05d}\n    period: "{label}"\n    value: {value}'
            + (_counts(i, value) if counts or groups else "")
            + (_group(i, value, groups, members) if groups else "")
        )
    return "\n".join(parts) + "\n"


def write_plan(
    out: Path,
    indicators: int,
    n_quarters: int,
    counts: bool = False,
    significance: bool = False,
    groups: bool = False,
) -> None:
    rng = random.Random(20171231)
    # The groups draw from their own generator: the figures are the same with or without.
    group_rng = random.Random(20050331)
    (out / "themes").mkdir(parents=True, exist_ok=True)
    (out / "readings").mkdir(parents=True, exist_ok=True)
    themes = (indicators + PER_THEME - 1) // PER_THEME
    text = PARTNERSHIP + "".join(f"  - theme-{t:03d}\n" for t in range(themes))
    if significance:
        text += "status_rules:\n  direction_method: significance\n"
    (out / "partnership.yaml").write_text(text)
    span = quarters(n_quarters)
    baseline_fy = span[0][0] - 1  # the year before the first reading
    for t in range(themes):
        first = t * PER_THEME
        count = min(PER_THEME, indicators - first)
        text = theme_text(t, first, count, baseline_fy)
        (out / "themes" / f"theme-{t:03d}.yaml").write_text(text)
    for k, (fy, q) in enumerate(span):
        name = f"{fy}-{(fy + 1) % 100:02d}-q{q}.yaml"
        last = k == len(span) - 1
        text = readings_text(
            fy, q, indicators, rng, counts or significance, group_rng if groups else None, last
        )
        (out / "readings" / name).write_text(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--indicators", type=int, required=True)
    parser.add_argument("--quarters", type=int, required=True)
    parser.add_argument("--counts", action="store_true", help="numerators and denominators")
    parser.add_argument(
        "--significance", action="store_true", help="direction_method: significance"
    )
    parser.add_argument(
        "--groups", action="store_true", help="comparator groups (implies --counts)"
    )
    args = parser.parse_args(argv)
    if args.indicators < 1 or args.quarters < 1:
        parser.error("--indicators and --quarters must be at least 1")
    if args.outdir.exists() and any(args.outdir.iterdir()):
        parser.error(f"{args.outdir} is not empty")
    write_plan(
        args.outdir, args.indicators, args.quarters, args.counts, args.significance, args.groups
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
