"""Checks across plan files: unique ids, footnote references, readings that fit their
indicators and quarters, and what each kind of target needs of its indicator.

Run once every file has loaded on its own; each problem goes to the loader's report,
located in its file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter
from typing import Any, Protocol

from pydantic import BaseModel

from ..errors import Severity
from ..model.models import (
    Indicator,
    PartnershipFile,
    Reading,
    ReadingsFile,
    Section,
    Theme,
    lag_of,
)
from ..model.periods import (
    Period,
    quarter,
    quarter_id,
    quarter_kind_of,
)
from ..model.rules import layered
from ..model.statuses import Statuses
from ..model.targets import Target
from ..model.values import rate_base
from .messages import suggest
from .reading_checks import Checks, Facts, InQuarter
from .value_rules import counts_problems, figure_problems, jump, jump_message

FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")
Path = tuple[str | int, ...]


class Report(Protocol):
    """Where problems go, located in their files (the loader)."""

    def problem(
        self,
        file: str,
        path: Path,
        message: str,
        severity: Severity = Severity.ERROR,
        *,
        key: bool = False,
    ) -> None: ...

    def where(self, file: str, path: Path) -> str: ...


# A section with the file it is in and its path in that file.
Placed = tuple[str, Path, Section]
# An indicator with its file, its path, and its section.
Found = tuple[str, Path, Indicator, Section]


def _refs(text: str | None) -> list[str]:
    return FOOTNOTE_REF.findall(text) if text else []


def footnote_refs(obj: Any) -> list[str]:
    """The footnote ids referenced ([^id]) anywhere in a model's text, in order."""
    return [ref for _, text in _texts(obj) for ref in _refs(text)]


def _texts(
    obj: Any, path: tuple[str | int, ...] = ()
) -> Iterable[tuple[tuple[str | int, ...], str]]:
    """Every string inside a model with its path, for footnote references."""
    if isinstance(obj, str):
        yield path, obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _texts(getattr(obj, name), (*path, name))
    elif isinstance(obj, list | tuple):
        for i, item in enumerate(obj):
            yield from _texts(item, (*path, i))


def check_plan(
    report: Report,
    pname: str,
    partnership: PartnershipFile,
    themes: list[tuple[str, Theme]],
    readings: list[tuple[str, ReadingsFile]],
) -> None:
    """Every check across files, in the order their messages read best."""
    sections: list[Placed] = []
    if partnership.headline is not None:
        sections.append((pname, ("headline",), partnership.headline))
    sections += [(name, (), theme) for name, theme in themes]
    indicators = _unique_ids(report, sections)
    _footnote_references(report, pname, partnership, sections)
    _statuses(report, pname, partnership.statuses)
    places = _Places(readings)
    series = _readings(report, indicators, readings, partnership, places)
    _jumps(report, indicators, series, places, partnership)


def _unique_ids(report: Report, sections: list[Placed]) -> dict[str, Found]:
    """Ids are unique across the plan (indicators, projects, footnotes); each indicator
    is checked on its own. Returns the indicators by id."""
    err = report.problem
    seen: dict[str, tuple[str, Path]] = {}

    def claim(kind: str, ident: str, file: str, path: Path) -> None:
        key = f"{kind}:{ident}"
        if key in seen:
            err(file, path, f"{kind} id {ident!r} is already used at {report.where(*seen[key])}")
        else:
            seen[key] = (file, path)

    indicators: dict[str, Found] = {}
    for file, base, section in sections:
        for i, ind in enumerate(section.indicators):
            path = (*base, "indicators", i)
            claim("indicator", ind.id, file, (*path, "id"))
            indicators.setdefault(ind.id, (file, path, ind, section))
            _check_indicator(report, file, path, ind)
        for i, fn in enumerate(section.footnotes):
            claim("footnote", fn.id, file, (*base, "footnotes", i, "id"))
        for i, proj in enumerate(getattr(section, "projects", ())):
            claim("project", proj.id, file, (*base, "projects", i, "id"))

    return indicators


def _footnote_references(
    report: Report, pname: str, partnership: PartnershipFile, sections: list[Placed]
) -> None:
    """Footnote references resolve within their own file, and every footnote is used."""
    err = report.problem
    for file, base, section in sections:
        own = {fn.id for fn in section.footnotes}
        used: set[str] = set()
        for tpath, text in _texts(section, base):
            for ref in _refs(text):
                used.add(ref)
                if ref not in own:
                    err(
                        file,
                        tpath,
                        f"footnote reference [^{ref}] has no footnote with id {ref!r} in this "
                        f"{'section' if base else 'theme'}" + suggest(ref, own),
                    )
        for i, fn in enumerate(section.footnotes):
            if fn.id not in used:
                err(
                    file,
                    (*base, "footnotes", i, "id"),
                    f"footnote {fn.id!r} is never referenced; put [^{fn.id}] where it belongs",
                    Severity.WARNING,
                )
    for tpath, text in _texts(partnership.introduction, ("introduction",)):
        for ref in _refs(text):
            err(
                pname,
                tpath,
                f"footnote reference [^{ref}]: the introduction has "
                "no footnotes; use the headline section",
            )


def _statuses(report: Report, pname: str, statuses: Statuses) -> None:
    """The partnership's status words are distinct, and its colours readable."""
    for path, message in statuses.problems():
        report.problem(pname, ("statuses", *path), message)


def _readings(
    report: Report,
    indicators: dict[str, Found],
    readings: list[tuple[str, ReadingsFile]],
    partnership: PartnershipFile,
    places: _Places,
) -> dict[str, list[Reading]]:
    """Readings: a known indicator, one per indicator and period, each passing every check
    of a reading on its own (`reading_checks`). Returns each known indicator's readings
    with a figure, in the order the files give them, for `_jumps`."""
    err = report.problem
    state: dict[str, _Seen] = {}
    for ident, (_, _, ind, section) in indicators.items():
        fact = Facts.of(section, ind)
        state[ident] = _Seen(fact, Checks.of(fact))
    with_figures = [f.quarter for _, f in readings if any(r.has_figure for r in f.readings)]
    # The plan's own quarters (of the financial or of the calendar year) are the ones a
    # reporting lag speaks of.
    quarters = quarter_kind_of(partnership.year_start)
    for file, rfile in readings:
        if rfile.quarter.kind != quarters:
            example = quarter(2017, 3, partnership.year_start)
            err(
                file,
                ("quarter",),
                f"this plan's year starts in {partnership.year_starts} (year_starts in "
                f"partnership.yaml): its quarters are written as {quarter_id(example)}, "
                f"not {quarter_id(rfile.quarter)}",
            )
        in_quarter = InQuarter(rfile.quarter, partnership, quarters)
        for i, r in enumerate(rfile.readings):
            seen = state.get(r.indicator)
            if seen is None:
                err(
                    file,
                    ("readings", i, "indicator"),
                    f"unknown indicator {r.indicator!r}" + suggest(r.indicator, indicators),
                )
                continue
            period = r.period
            label = period.label
            first = seen.firsts.setdefault(label, r)
            if first is not r:
                first_file, j = places.of(first)
                where = report.where(first_file, ("readings", j, "period"))
                err(
                    file,
                    ("readings", i, "period"),
                    f"a second reading for {r.indicator} in {period}; the first is at {where}",
                )
            if r.value is not None:
                seen.figures.append(r)
                if seen.newest is None or period.last > seen.newest[0].last:
                    seen.newest = (period, file, i)
            for check in seen.checks.for_reading(r):
                found = check(r, seen.facts, in_quarter)
                if found:
                    for at, message, severity in found:
                        err(file, ("readings", i, *at), message, severity)
    newest = {ident: s.newest for ident, s in state.items() if s.newest is not None}
    if with_figures:
        _old_figures(report, indicators, newest, max(with_figures), partnership)
    for ident, (file, path, _, _) in indicators.items():
        if not state[ident].firsts:
            err(
                file,
                (*path, "id"),
                f"indicator {ident!r} has no reading in any quarter",
                Severity.WARNING,
            )
    return {ident: s.figures for ident, s in state.items()}


@dataclass(slots=True)
class _Seen:
    """What `_readings` keeps of one indicator as it goes through the plan's readings."""

    facts: Facts
    checks: Checks
    # The first reading of each period, by the period's label: equal periods have equal
    # labels, and a string hashes once, where a Period would hash on every look-up.
    firsts: dict[str, Reading] = field(default_factory=dict)
    figures: list[Reading] = field(default_factory=list)  # its readings with a figure
    newest: tuple[Period, str, int] | None = None  # its newest figure's period, and where


def _jumps(
    report: Report,
    indicators: dict[str, Found],
    series: dict[str, list[Reading]],
    places: _Places,
    partnership: PartnershipFile,
) -> None:
    """A figure more than the plan's jump_factor (default 10) times the indicator's last
    one, or less than the last divided by it, is very likely a slip: a warning naming
    both figures. The last figure is the one of the period just before (by its end, then
    its start), the baseline first. `series`: each indicator's readings with a figure, as
    its files give them (`_readings`)."""
    for ident, figures in series.items():
        _, _, ind, section = indicators[ident]
        factor = layered(partnership.status_rules, section.status_rules, ind.status_rules)
        jump_factor = factor.jump_factor
        b = ind.baseline
        last, last_period = (b.value, b.period) if b.period is not None else (None, None)
        figures.sort(key=_BY_SPAN)
        for r in figures:
            value = r.value
            assert value is not None  # only readings with a figure are in the series
            if last is not None and jump(value, last, jump_factor):
                file, i = places.of(r)
                message = jump_message(value, last, last_period, ind.unit)
                report.problem(
                    file, ("readings", i, "value"), f"{ident}: {message}", Severity.WARNING
                )
            last, last_period = value, r.period


class _Places:
    """Where each reading is, its file and its index there, for a message about it; worked
    out at the first asked for: most plans need none, and a large plan holds hundreds of
    thousands of readings."""

    def __init__(self, readings: list[tuple[str, ReadingsFile]]):
        self._readings = readings
        self._at: dict[int, tuple[str, int]] = {}

    def of(self, r: Reading) -> tuple[str, int]:
        if not self._at:
            self._at = {
                id(each): (file, i)
                for file, rfile in self._readings
                for i, each in enumerate(rfile.readings)
            }
        return self._at[id(r)]


# A reading's place in its indicator's series: by its period's end, then its start.
_BY_SPAN = attrgetter("period.last", "period.first")


def _old_figures(
    report: Report,
    indicators: dict[str, Found],
    newest: dict[str, tuple[Period, str, int]],
    quarter: Period,
    partnership: PartnershipFile,
) -> None:
    """A latest figure much older than the report quarter (beyond its reporting lag) would
    look current under its heading: say so, so that a newer one is asked for or the period
    checked."""
    for ident, (period, file, i) in newest.items():
        _, _, ind, section = indicators[ident]
        rules = layered(partnership.status_rules, section.status_rules, ind.status_rules)
        limit, lag = rules.old_after_quarters, lag_of(section, ind)
        if period.last < quarter.last - 3 * (lag + limit):
            beyond = f" beyond its reporting lag of {lag}" if lag else ""
            report.problem(
                file,
                ("readings", i, "period"),
                f"{ident}: its latest figure is for {period}, more than {limit} quarters{beyond} "
                f"before {quarter}: is a newer figure due? (old_after_quarters in "
                "status_rules sets how old is old)",
                Severity.WARNING,
            )


def _check_indicator(report: Report, file: str, path: Path, ind: Indicator) -> None:
    """An indicator on its own: percentages between 0 and 100, and what its kinds of
    target need (a polarity that agrees, a baseline value); years' own targets each for a
    whole year, no two for the same months."""
    err = report.problem
    if ind.baseline.value is not None and ind.baseline.period is None:
        err(
            file,
            (*path, "baseline", "value"),
            "the baseline value has no period: give the period it covers (period: 2016/17), "
            "so that it can be compared with the readings",
            Severity.WARNING,
        )
    _figure_problems(report, file, (*path, "baseline", "value"), ind.baseline.value, ind)
    b = ind.baseline
    if b.from_target and b.value is None:
        err(
            file,
            (*path, "baseline", "from_target"),
            "from_target works the baseline out from a reduction target's end figure and "
            "percentage, and this indicator has no reduction target: give the baseline's value",
        )
    per = rate_base(ind.per, ind.unit_label)
    for fp in counts_problems(b.value, b.numerator, b.denominator, ind.unit, per):
        err(file, (*path, "baseline", fp.field), fp.message)
    placed: list[tuple[Path, Target]] = []
    if ind.target is not None:
        placed.append((("target",), ind.target))
    placed += [(("targets", i), t) for i, t in enumerate(ind.targets)]
    for at, t in placed:
        for sub, value in t.kind.values(t.spec):
            _figure_problems(report, file, (*path, *at, t.key, *sub), value, ind)
        _target_needs(report, file, path, at, ind, t)
    covered: dict[int, int] = {}  # month number -> the index of the year's target
    for i, yearly in enumerate(ind.targets):
        year = yearly.year
        if year.months != 12:
            err(
                file,
                (*path, "targets", i, "year"),
                f"{year} is not a year: a year's target is for a financial year (2013/14) "
                "or a calendar year (2013)",
            )
        elif year.first in covered:
            err(
                file,
                (*path, "targets", i, "year"),
                f"a second target for {year}: the first is targets[{covered[year.first]}]",
            )
        else:
            covered.update(dict.fromkeys(range(year.first, year.last + 1), i))


def _figure_problems(
    report: Report, file: str, path: Path, value: Decimal | None, ind: Indicator
) -> None:
    for fp in figure_problems(value, ind.unit) if value is not None else ():
        report.problem(file, path, fp.message, Severity.ERROR if fp.certain else Severity.WARNING)


def _target_needs(
    report: Report, file: str, path: Path, at: Path, ind: Indicator, t: Target
) -> None:
    """What a kind of target needs of its indicator: a polarity, one that agrees, a
    baseline value and its period."""
    err = report.problem
    kind, implied = t.kind, t.kind.implies
    if kind.needs_polarity and ind.polarity is None:
        err(
            file,
            (*path, "polarity"),
            f"a {kind.needs_polarity} target needs polarity: "
            "'higher is better' or 'lower is better'",
        )
    elif (
        kind.polarity_checked
        and implied is not None
        and ind.polarity is not None
        and implied != ind.polarity
    ):
        err(
            file,
            (*path, "polarity"),
            f"the {t.key.replace('_', ' ')} target means "
            f"{implied.value}, but polarity says {ind.polarity.value}",
        )
    if kind.needs_baseline and ind.baseline.value is None:
        err(file, (*path, "baseline"), f"the {kind.needs_baseline} target needs a baseline value")
    elif kind.needs_baseline_period and ind.baseline.period is None:
        err(
            file,
            (*path, "baseline"),
            f"the {kind.needs_baseline} target needs the period of its baseline value: the "
            "line to the target starts there",
        )
