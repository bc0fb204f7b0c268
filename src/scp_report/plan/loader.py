"""Load a plan folder: read every file strictly, validate it, check ids across files.

`load_plan(root)` returns the plan and the warnings and notes found, or raises
`PlanError` carrying every error found in every file, each with its file, line and
column. Nothing outside the plan folder is read: symlinks that leave it are refused.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from ..cache import PlanCache
from ..collector import collector_paused
from ..errors import PlanError, Problem, Severity, UsageError
from ..model.models import PartnershipFile, Plan, ReadingsFile, Theme
from ..model.periods import quarter_from_slug, quarter_slug
from . import yaml_reader
from .abbreviations import check_abbreviations
from .brand import read_brand
from .checks import check_plan
from .messages import format_path, plain_errors

PARTNERSHIP_FILE = "partnership.yaml"
THEMES_DIR = "themes"
READINGS_DIR = "readings"


@dataclass
class LoadResult:
    plan: Plan
    problems: list[Problem] = field(default_factory=list)
    # Where a path in one of the plan's files is (file, line and column), for problems
    # found after loading: the model a file was read into, the path in it.
    locate: Callable[[BaseModel, tuple[str | int, ...], str, Severity], Problem] | None = field(
        default=None, repr=False, compare=False
    )

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.WARNING]

    @property
    def notes(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.NOTE]

    def add(self, found: Iterable[tuple[BaseModel, tuple[str | int, ...], str, Severity]]) -> None:
        """Warnings or notes found after loading, each located in the file its model (the
        first of each tuple) came from, at its path."""
        assert self.locate is not None, "only a loaded plan's result locates problems"
        self.problems += [self.locate(*each) for each in found]
        self.problems.sort(key=lambda p: p.sort_key)


# --- reading files ---------------------------------------------------------------------


class _Loader:
    """Reads each file strictly and keeps every problem, located in its file."""

    def __init__(
        self,
        root: Path,
        display_root: str,
        cache: PlanCache | None = None,
        overlay: dict[Path, bytes] | None = None,
    ):
        self.root = root
        # Files read from here instead of the disk: a file the tool is about to write,
        # checked with the whole plan before it is (quarter.writer.check_in_plan).
        self.overlay = overlay or {}
        self.real_root = root.resolve()
        self.display_root = display_root
        self.problems: list[Problem] = []
        self.docs: dict[str, yaml_reader.Document] = {}
        # What models are validated with: the month the plan's year starts in.
        self.context: dict[str, int] = {"year_start": 4}
        self.cache = cache
        # Files that came from the cache, by name: parsed again only if a message needs
        # a position in them, so that messages are the same with and without the cache.
        self.unparsed: dict[str, bytes] = {}

    def doc(self, file: str) -> yaml_reader.Document | None:
        """The parsed document of a file (for positions), parsing it now if it was cached."""
        doc = self.docs.get(file)
        if doc is None and file in self.unparsed:
            raw = self.unparsed.pop(file)
            try:
                doc = yaml_reader.read(raw)
            except yaml_reader.YamlProblem:  # pragma: no cover - it parsed when it was cached
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
        self.problems.append(self.located(file, path, message, severity, key=key))

    def located(
        self,
        file: str,
        path: tuple[str | int, ...],
        message: str,
        severity: Severity = Severity.ERROR,
        *,
        key: bool = False,
    ) -> Problem:
        """A problem at a path in a file, with the line and column of that path."""
        doc = self.doc(file)
        pos = doc.position(path, key=key) if doc else None
        line, col = pos if pos else (None, None)
        return Problem(file, line, col, format_path(path), message, severity)

    def read(self, path: Path, model: type[BaseModel]) -> tuple[str, BaseModel | None]:
        name = self.name(path)
        if path in self.overlay:
            return self._parse(name, self.overlay[path], model)
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
            if size > yaml_reader.MAX_FILE_BYTES:
                raise yaml_reader.YamlProblem(
                    f"file is {size:,} bytes; the limit is {yaml_reader.MAX_FILE_BYTES:,}"
                )
            raw = path.read_bytes()
        except yaml_reader.YamlProblem as e:
            self.problems.append(Problem(name, e.line, e.column, format_path(e.path), e.message))
            return name, None
        except OSError as e:
            self.problems.append(Problem(name, None, None, "", f"cannot be read: {e.strerror}"))
            return name, None
        return self._parse(name, raw, model)

    def _parse(self, name: str, raw: bytes, model: type[BaseModel]) -> tuple[str, BaseModel | None]:
        """A file's bytes read strictly and validated into `model` (or taken from the cache)."""
        try:
            if len(raw) > yaml_reader.MAX_FILE_BYTES:
                raise yaml_reader.YamlProblem(
                    f"file is {len(raw):,} bytes; the limit is {yaml_reader.MAX_FILE_BYTES:,}"
                )
            key = self.cache.key(raw, model) if self.cache else ""
            cached = self._cached(name, raw, key, model)
            if cached is not None:
                return name, cached
            doc = yaml_reader.read(raw)
            self.docs[name] = doc
            data = doc.data
        except yaml_reader.YamlProblem as e:
            self.problems.append(Problem(name, e.line, e.column, format_path(e.path), e.message))
            return name, None
        if data is None:
            self.problems.append(
                Problem(name, 1, 1, "", f"file is empty; expected a {model.__name__} mapping")
            )
            return name, None
        try:
            validated = model.model_validate(data, context=self.context)
        except ValidationError as exc:
            errors = exc.errors(include_url=False, include_context=False)
            for err, message in plain_errors(errors, model):
                loc = tuple(err["loc"])
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
            validated = model.model_validate(data, context=self.context)
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


def _yaml_files(folder: Path, overlay: dict[Path, bytes]) -> list[Path]:
    found = {p for p in overlay if p.parent == folder}
    if folder.is_dir():
        found.update(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    return sorted(found)


def load_plan(
    root: str | Path = "plan", *, cache: bool = False, overlay: dict[Path, bytes] | None = None
) -> LoadResult:
    """Load and check the plan folder; raise PlanError listing every error.

    With `cache`, files that parsed and validated before (same bytes) are taken from the
    plan's cache folder (`scp_report.cache`), skipping YAML parsing; every message is the
    same as without it. `overlay` gives files (by their path under `root`) whose bytes are
    taken as given instead of read from the disk, as if they were there: a file about to
    be written, checked with the whole plan first.
    """
    with collector_paused():
        return _load_plan(root, cache, overlay or {})


def plan_not_found(root: Path, display: str) -> str:
    """The message for a plan folder that is not there, with what to do: run inside the
    plan folder itself, the command is one folder too deep."""
    message = f"plan folder not found: {display}"
    if (Path.cwd() / PARTNERSHIP_FILE).is_file():
        return (
            f"{message}; this folder is a plan folder itself (it holds {PARTNERSHIP_FILE}): "
            "run the command from the folder above it (cd ..), or give --plan ."
        )
    return f"{message}; give --plan with the folder that holds {PARTNERSHIP_FILE}"


def _load_plan(root: str | Path, cache: bool, overlay: dict[Path, bytes]) -> LoadResult:
    root_path = Path(root)
    display = str(root).rstrip("/") or "."
    if not root_path.is_dir():
        raise UsageError(plan_not_found(root_path, display))
    loader = _Loader(root_path, display, PlanCache.for_plan(root_path) if cache else None, overlay)

    partnership_path = root_path / PARTNERSHIP_FILE
    partnership: PartnershipFile | None = None
    if partnership_path in overlay or partnership_path.exists() or partnership_path.is_symlink():
        pname, pmodel = loader.read(partnership_path, PartnershipFile)
        partnership = pmodel if isinstance(pmodel, PartnershipFile) else None
        if partnership is not None:  # the other files' periods count the plan's year
            loader.context = {"year_start": partnership.year_start}
    else:
        pname = loader.name(partnership_path)
        loader.problems.append(
            Problem(pname, None, None, "", "missing: every plan needs this file")
        )

    themes: dict[str, tuple[str, Theme]] = {}
    for path in _yaml_files(root_path / THEMES_DIR, overlay):
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
    for path in _yaml_files(root_path / READINGS_DIR, overlay):
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
        check_plan(loader, pname, partnership, [(themes[t.id][0], t) for t in ordered], readings)
        check_abbreviations(loader, pname, partnership, [(themes[t.id][0], t) for t in ordered])
    files = read_brand(loader, root_path, pname, partnership) if partnership is not None else {}

    errors = [p for p in loader.problems if p.severity == Severity.ERROR]
    if errors or partnership is None:
        raise PlanError(loader.problems)
    plan = Plan(
        root=display,
        partnership=partnership,
        themes=tuple(ordered),
        readings=tuple(sorted((r for _, r in readings), key=lambda r: r.quarter)),
        files=files,
    )
    others = sorted(
        (p for p in loader.problems if p.severity != Severity.ERROR), key=lambda p: p.sort_key
    )
    names = {id(model): name for name, model in readings}

    def locate(
        model: BaseModel, path: tuple[str | int, ...], message: str, severity: Severity
    ) -> Problem:
        return loader.located(names[id(model)], path, message, severity)

    return LoadResult(plan, others, locate)
