"""Load a plan folder: read every file strictly, validate it, check ids across files.

`load_plan(root)` returns the plan and the warnings and notes found, or raises
`PlanError` carrying every error found in every file, each with its file, line and
column. Nothing outside the plan folder is read: symlinks that leave it are refused.
"""

from __future__ import annotations

import os
import re
import types
import typing
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import yamlio
from .cache import PlanCache
from .errors import PlanError, Problem, Severity, UsageError
from .models import (
    Indicator,
    PartnershipFile,
    Plan,
    ReadingsFile,
    Theme,
    Unit,
)
from .periods import Period, PeriodKind, quarter_from_slug, quarter_slug, shift_quarter

PARTNERSHIP_FILE = "partnership.yaml"
THEMES_DIR = "themes"
READINGS_DIR = "readings"
FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")


def format_path(loc: Iterable[str | int]) -> str:
    """('indicators', 3, 'target') -> 'indicators[3].target'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass
class LoadResult:
    plan: Plan
    problems: list[Problem] = field(default_factory=list)

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.WARNING]

    @property
    def notes(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.NOTE]


# --- locating pydantic errors -------------------------------------------------------


def _unwrap(tp: Any) -> list[Any]:
    """The model classes an annotation may hold (through Optional, list, Annotated)."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType, list, tuple):
        out: list[Any] = []
        for arg in typing.get_args(tp):
            out.extend(_unwrap(arg))
        return out
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    return []


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        f = current.model_fields.get(part)
        if f is None:
            return None
        candidates = _unwrap(f.annotation)
        current = candidates[0] if candidates else None
    return current


def _message(err: Any, model: type[BaseModel]) -> str:
    kind = err["type"]
    loc = tuple(err["loc"])
    msg = str(err["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        allowed = ", ".join(parent.model_fields) if parent else ""
        return f"unknown key {loc[-1]!r}" + (f"; expected one of: {allowed}" if allowed else "")
    if kind == "missing":
        return f"missing required key {loc[-1]!r}"
    value = err.get("input")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        if value is None:
            return "expected a mapping of keys and values, got nothing"
        return f"expected a mapping of keys and values, got {_short(value)}"
    if kind == "list_type":
        return f"expected a list, got {_short(value)}"
    if isinstance(value, str | int | float) and repr(value) not in msg:
        msg += f", got {_short(value)}"
    return msg


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# --- reading files ---------------------------------------------------------------------


class _Loader:
    def __init__(self, root: Path, display_root: str, cache: PlanCache | None = None):
        self.root = root
        self.real_root = root.resolve()
        self.display_root = display_root
        self.problems: list[Problem] = []
        self.docs: dict[str, yamlio.Document] = {}
        self.cache = cache
        # Files that came from the cache, by name: parsed again only if a message needs
        # a position in them, so that messages are the same with and without the cache.
        self.unparsed: dict[str, bytes] = {}

    def doc(self, file: str) -> yamlio.Document | None:
        """The parsed document of a file (for positions), parsing it now if it was cached."""
        doc = self.docs.get(file)
        if doc is None and file in self.unparsed:
            raw = self.unparsed.pop(file)
            try:
                doc = yamlio.read(raw)
            except yamlio.YamlProblem:  # pragma: no cover - it parsed when it was cached
                return None
            self.docs[file] = doc
        return doc

    def name(self, path: Path) -> str:
        return os.path.join(self.display_root, path.relative_to(self.root).as_posix())

    def problem(
        self,
        file: str,
        path: tuple[str | int, ...],
        message: str,
        severity: Severity = Severity.ERROR,
        *,
        key: bool = False,
    ) -> None:
        doc = self.doc(file)
        pos = doc.position(path, key=key) if doc else None
        line, col = pos if pos else (None, None)
        self.problems.append(Problem(file, line, col, format_path(path), message, severity))

    def read(self, path: Path, model: type[BaseModel]) -> tuple[str, BaseModel | None]:
        name = self.name(path)
        # Resolve every file, not only links: themes/ or readings/ may be a link themselves.
        try:
            target = path.resolve()
        except (OSError, RuntimeError):  # a loop of links (RuntimeError before Python 3.13)
            self.problems.append(Problem(name, None, None, "", "is a link that loops; refused"))
            return name, None
        if not target.is_relative_to(self.real_root):
            where = "a link to a file" if path.is_symlink() else "in a linked folder"
            self.problems.append(
                Problem(name, None, None, "", f"is {where} outside the plan folder; refused")
            )
            return name, None
        if not path.is_file():
            what = (
                "a folder"
                if path.is_dir()
                else "a broken link"
                if path.is_symlink() and not path.exists()
                else "not a regular file"
            )
            self.problems.append(Problem(name, None, None, "", f"is {what}; expected a YAML file"))
            return name, None
        try:
            size = path.stat().st_size
            if size > yamlio.MAX_FILE_BYTES:
                raise yamlio.YamlProblem(
                    f"file is {size:,} bytes; the limit is {yamlio.MAX_FILE_BYTES:,}"
                )
            raw = path.read_bytes()
            key = self.cache.key(raw, model) if self.cache else ""
            cached = self._cached(name, raw, key, model)
            if cached is not None:
                return name, cached
            data = yamlio.read_fast(raw)
            if data is yamlio.SLOW:
                doc = yamlio.read(raw)
                self.docs[name] = doc
                data = doc.data
            else:  # parsed again, for positions, only if a message needs one
                self.unparsed[name] = raw
        except yamlio.YamlProblem as e:
            self.problems.append(Problem(name, e.line, e.column, format_path(e.path), e.message))
            return name, None
        except OSError as e:
            self.problems.append(Problem(name, None, None, "", f"cannot be read: {e.strerror}"))
            return name, None
        if data is None:
            self.problems.append(
                Problem(name, 1, 1, "", f"file is empty; expected a {model.__name__} mapping")
            )
            return name, None
        try:
            validated = model.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors(include_url=False, include_context=False):
                loc = tuple(err["loc"])
                message = _message(err, model)
                if err["type"] == "extra_forbidden":
                    self.problem(name, loc, message, key=True)
                else:
                    at = loc[:-1] if err["type"] == "missing" else loc
                    self._locate(name, at, loc, message)
            return name, None
        if self.cache is not None:
            self.cache.put(key, model, data)
        return name, validated

    def _cached(self, name: str, raw: bytes, key: str, model: type[BaseModel]) -> BaseModel | None:
        """The model of a file from the cache, validated again; None on a miss or an entry
        that is not sound (it is then rebuilt from the file)."""
        if self.cache is None:
            return None
        data = self.cache.get(key, model)
        if data is None:
            return None
        try:
            validated = model.model_validate(data)
        except (ValidationError, ValueError, TypeError, ArithmeticError):
            return None
        self.unparsed[name] = raw
        return validated

    def where(self, file: str, path: tuple[str | int, ...]) -> str:
        """'file:line' of a path, for messages that point at a second place."""
        doc = self.doc(file)
        pos = doc.position(path) if doc else None
        return f"{file}:{pos[0]}" if pos else file

    def _locate(
        self, name: str, at: tuple[str | int, ...], loc: tuple[str | int, ...], message: str
    ) -> None:
        doc = self.doc(name)
        pos = doc.position(at) if doc else None
        line, col = pos if pos else (None, None)
        self.problems.append(Problem(name, line, col, format_path(loc), message))


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))


def load_plan(root: str | Path = "plan", *, cache: bool = False) -> LoadResult:
    """Load and check the plan folder; raise PlanError listing every error.

    With `cache`, files that parsed and validated before (same bytes) are taken from the
    plan's cache folder (`scp_report.cache`), skipping YAML parsing; every message is the
    same as without it.
    """
    root_path = Path(root)
    display = str(root).rstrip("/") or "."
    if not root_path.is_dir():
        raise UsageError(f"plan folder not found: {display}")
    loader = _Loader(root_path, display, PlanCache.for_plan(root_path) if cache else None)

    partnership_path = root_path / PARTNERSHIP_FILE
    partnership: PartnershipFile | None = None
    if partnership_path.exists() or partnership_path.is_symlink():
        pname, pmodel = loader.read(partnership_path, PartnershipFile)
        partnership = pmodel if isinstance(pmodel, PartnershipFile) else None
    else:
        pname = loader.name(partnership_path)
        loader.problems.append(
            Problem(pname, None, None, "", "missing: every plan needs this file")
        )

    themes: dict[str, tuple[str, Theme]] = {}
    for path in _yaml_files(root_path / THEMES_DIR):
        name, model = loader.read(path, Theme)
        if isinstance(model, Theme):
            if model.id != path.stem:
                loader.problem(
                    name,
                    ("id",),
                    f"theme id {model.id!r} does not match the file name "
                    f"{path.name!r}; name the file {model.id}.yaml",
                )
            themes[model.id] = (name, model)

    readings: list[tuple[str, ReadingsFile]] = []
    for path in _yaml_files(root_path / READINGS_DIR):
        name, model = loader.read(path, ReadingsFile)
        if isinstance(model, ReadingsFile):
            expected = quarter_from_slug(path.stem)
            if expected is None or expected != model.quarter:
                loader.problem(
                    name,
                    ("quarter",),
                    f"readings for {model.quarter} belong in {quarter_slug(model.quarter)}.yaml",
                )
            readings.append((name, model))

    ordered: list[Theme] = []
    if partnership is not None:
        listed = Counter(partnership.themes)
        for i, tid in enumerate(partnership.themes):
            if listed[tid] > 1 and partnership.themes.index(tid) != i:
                loader.problem(pname, ("themes", i), f"theme {tid!r} is listed twice")
            elif tid in themes:
                ordered.append(themes[tid][1])
            elif not (root_path / THEMES_DIR / f"{tid}.yaml").exists():
                loader.problem(
                    pname, ("themes", i), f"no file {THEMES_DIR}/{tid}.yaml for theme {tid!r}"
                )
        for tid, (name, _) in themes.items():
            if tid not in listed:
                loader.problem(
                    name,
                    ("id",),
                    f"theme {tid!r} is not listed in {PARTNERSHIP_FILE} "
                    "themes, so it would not be printed",
                )

    if partnership is not None and not any(p.severity == Severity.ERROR for p in loader.problems):
        _cross_check(loader, pname, partnership, [(themes[t.id][0], t) for t in ordered], readings)

    errors = [p for p in loader.problems if p.severity == Severity.ERROR]
    if errors or partnership is None:
        raise PlanError(loader.problems)
    plan = Plan(
        root=display,
        partnership=partnership,
        themes=tuple(ordered),
        readings=tuple(sorted((r for _, r in readings), key=lambda r: r.quarter)),
    )
    others = sorted(
        (p for p in loader.problems if p.severity != Severity.ERROR), key=lambda p: p.sort_key
    )
    return LoadResult(plan, others)


# --- checks across files ------------------------------------------------------------


def _refs(text: str | None) -> list[str]:
    return FOOTNOTE_REF.findall(text) if text else []


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


def _cross_check(
    loader: _Loader,
    pname: str,
    partnership: PartnershipFile,
    themes: list[tuple[str, Theme]],
    readings: list[tuple[str, ReadingsFile]],
) -> None:
    err = loader.problem
    # Ids must be unique across the plan: indicators, projects, footnotes.
    seen: dict[str, tuple[str, tuple[str | int, ...]]] = {}

    def claim(kind: str, ident: str, file: str, path: tuple[str | int, ...]) -> None:
        key = f"{kind}:{ident}"
        if key in seen:
            err(file, path, f"{kind} id {ident!r} is already used at {loader.where(*seen[key])}")
        else:
            seen[key] = (file, path)

    sections: list[tuple[str, tuple[str | int, ...], Any]] = [
        (pname, ("headline",), partnership.headline)
    ]
    sections += [(name, (), theme) for name, theme in themes]
    indicators: dict[str, tuple[str, tuple[str | int, ...], Indicator, Any]] = {}
    for file, base, section in sections:
        for i, ind in enumerate(section.indicators):
            path = (*base, "indicators", i)
            claim("indicator", ind.id, file, (*path, "id"))
            indicators.setdefault(ind.id, (file, path, ind, section))
            _check_indicator(loader, file, path, ind)
        for i, fn in enumerate(section.footnotes):
            claim("footnote", fn.id, file, (*base, "footnotes", i, "id"))
        for i, proj in enumerate(getattr(section, "projects", ())):
            claim("project", proj.id, file, (*base, "projects", i, "id"))

    # Footnote references resolve within their own file, and every footnote is used.
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
                        f"{'section' if base else 'theme'}" + _suggest(ref, own),
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

    # Readings: known indicator, one per indicator and period, fitting their quarter.
    # What each reading is checked against, per indicator, worked out once: a plan may
    # hold hundreds of thousands of readings.
    facts: dict[str, tuple[bool, bool, bool, Period | None, int]] = {}
    for ident, (_, _, ind, section) in indicators.items():
        t = ind.target
        facts[ident] = (
            ind.unit == Unit.PERCENT,
            t is not None and t.rank is not None,
            t is not None and t.in_line_with is not None,
            ind.baseline.period,
            ind.lag_quarters if ind.lag_quarters is not None else section.lag_quarters,
        )
    by_key: dict[tuple[str, Period], tuple[str, tuple[str | int, ...]]] = {}
    has_reading: set[str] = set()
    quarter_kind = PeriodKind.QUARTER
    for file, rfile in readings:
        expected_by_lag: dict[int, Period] = {}  # the quarter a reading should cover, by lag
        report_end = rfile.quarter.last
        for i, r in enumerate(rfile.readings):
            rpath: tuple[str | int, ...] = ("readings", i)
            fact = facts.get(r.indicator)
            if fact is None:
                err(
                    file,
                    (*rpath, "indicator"),
                    f"unknown indicator {r.indicator!r}" + _suggest(r.indicator, indicators),
                )
                continue
            percent, ranked, compared, bp, lag = fact
            has_reading.add(r.indicator)
            period = r.period
            key = (r.indicator, period)
            if key in by_key:
                err(
                    file,
                    (*rpath, "period"),
                    f"a second reading for {r.indicator} in {period}; "
                    f"the first is at {loader.where(*by_key[key])}",
                )
            else:
                by_key[key] = (file, (*rpath, "period"))
            value = r.value
            if percent and value is not None and not 0 <= value <= 100:
                err(file, (*rpath, "value"), f"{value} is not a percentage between 0 and 100")
            if r.rank is not None and not ranked:
                err(file, (*rpath, "rank"), f"{r.indicator} has no rank target; remove rank")
            if ranked and value is not None and r.rank is None:
                err(file, (*rpath, "rank"), f"{r.indicator} is ranked: give the reading's rank")
            if r.comparator is not None and not compared:
                err(file, (*rpath, "comparator"), f"{r.indicator} has no comparator target")
            if bp is not None and bp.last > period.last:
                err(
                    file,
                    (*rpath, "period"),
                    f"period {period} ends before the baseline period "
                    f"{bp}; a baseline cannot come after its readings",
                )
            if period.last > report_end:
                err(
                    file,
                    (*rpath, "period"),
                    f"period {period} ends after the report quarter {rfile.quarter}",
                    Severity.WARNING,
                )
            if period.kind == quarter_kind:
                expected = expected_by_lag.get(lag)  # thousands of readings share one
                if expected is None:
                    expected = expected_by_lag[lag] = shift_quarter(rfile.quarter, -lag)
                if period != expected:
                    behind = _quarters_between(period, rfile.quarter)
                    hint = (
                        f"; set lag_quarters: {behind} if it is reported that far in arrears"
                        if 0 <= behind <= 8
                        else ""
                    )
                    err(
                        file,
                        (*rpath, "period"),
                        f"{r.indicator} has a reporting lag of {lag} "
                        f"quarter(s), so its {rfile.quarter} reading should cover {expected}, "
                        f"not {period}{hint}",
                        Severity.WARNING,
                    )
            if r.override is not None:
                err(
                    file,
                    (*rpath, "override"),
                    f"{r.indicator}: status set to "
                    f"{r.override.status.value} by override: {r.override.reason}",
                    Severity.NOTE,
                )
    for ident, (file, path, _, _) in indicators.items():
        if ident not in has_reading:
            err(
                file,
                (*path, "id"),
                f"indicator {ident!r} has no reading in any quarter",
                Severity.WARNING,
            )


def _check_indicator(
    loader: _Loader, file: str, path: tuple[str | int, ...], ind: Indicator
) -> None:
    err = loader.problem
    t = ind.target
    if ind.unit == Unit.PERCENT:
        checks: list[tuple[tuple[str | int, ...], Any]] = [
            (("baseline", "value"), ind.baseline.value)
        ]
        if t is not None:
            checks += [
                (("target", k), getattr(t, k)) for k in ("at_least", "at_most", "fewer_than")
            ]
            if t.between is not None:
                checks += [
                    (("target", "between", "low"), t.between.low),
                    (("target", "between", "high"), t.between.high),
                ]
            if t.in_line_with is not None:
                checks.append((("target", "in_line_with", "value"), t.in_line_with.value))
        for sub, value in checks:
            if value is not None and not 0 <= value <= 100:
                err(file, (*path, *sub), f"{value} is not a percentage between 0 and 100")
    if t is None:
        return
    implied = Indicator.model_construct(**{**dict(ind), "polarity": None}).effective_polarity
    if t.in_line_with is not None and ind.polarity is None:
        err(
            file,
            (*path, "polarity"),
            "a comparator target needs polarity: 'higher is better' or 'lower is better'",
        )
    elif (
        implied is not None
        and ind.polarity is not None
        and implied != ind.polarity
        and t.rank is None
    ):
        err(
            file,
            (*path, "polarity"),
            f"the {t.kind.replace('_', ' ')} target means "
            f"{implied.value}, but polarity says {ind.polarity.value}",
        )
    if t.no_increase and ind.baseline.value is None:
        err(file, (*path, "baseline"), "a no-increase target needs a baseline value")
    if t.reduction is not None and ind.baseline.value is None:
        err(file, (*path, "baseline"), "a reduction target needs a baseline value")


def _quarters_between(earlier: Period, later: Period) -> int:
    return (later.first - earlier.first) // 3


def _suggest(name: str, known: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""
