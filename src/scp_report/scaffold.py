"""`scp init`: a new partnership's plan skeleton that validates and builds at once.

The skeleton lives in `skeleton/` beside this module: a partnership file, an example theme
with one indicator of each common kind of target, one quarter of fictional readings, the
JSON Schemas for editors, and a CI workflow that runs `scp validate --format github` on
every change and, on the default branch, publishes the document on GitHub Pages.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import json
import re
import string
from pathlib import Path

from . import __version__
from .errors import ScpError, UsageError
from .files import check_target, write_exclusive
from .model.periods import (
    Period,
    PeriodKind,
    quarter_id,
    quarter_kind_of,
    quarter_of,
    quarter_parts,
    quarter_slug,
)
from .plan.schema import SCHEMAS, schema_text

SKELETON = Path(str(importlib.resources.files("scp_report") / "skeleton"))


def current_quarter(today: dt.date, year_start: int = 4) -> Period:
    """The quarter `today` is in, of a year starting in the month `year_start`."""
    return quarter_of(today.year * 12 + today.month - 1, year_start)


# What CI may install scp-report from: a URL pip can fetch (a git repository, optionally
# at a tag or commit, or an archive), or a release on the package index.
# No spaces, quotes or shell characters: the requirement goes into a shell command line.
_URL = re.compile(r"^(git\+)?https://[A-Za-z0-9._~:/?#&=%+-]+(@[A-Za-z0-9._/+-]+)?$")
_RELEASE = re.compile(r"^scp-report\s*(==|>=|~=)\s*[0-9][0-9A-Za-z.+!-]*$")
PLACEHOLDER = "git+https://github.com/YOUR-ORGANISATION/scp-report"
WORKFLOW = ".github/workflows/scp-validate.yml"
INSTALL_HELP = (
    "a URL such as git+https://github.com/your-org/scp-report@v0.1.0 (a git repository, "
    "at a tag or commit) or https://example.org/scp_report-0.1.0-py3-none-any.whl, or a "
    "release on the package index such as scp-report==0.1.0"
)


def install_requirement(source: str) -> str:
    """The pip requirement CI installs: `scp-report @ URL`, or a release as given."""
    source = source.strip()
    if _URL.match(source):
        return f"scp-report @ {source}"
    if _RELEASE.match(source):
        return source
    raise UsageError(f"--install-from {source!r}: give {INSTALL_HELP}")


def installed_from() -> str | None:
    """Where this copy of scp-report came from, if CI could install it from there too: the
    git repository and commit, or an https archive, recorded at install (PEP 610); None
    for a local folder or file, or when nothing is recorded."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        text = distribution("scp-report").read_text("direct_url.json")
    except PackageNotFoundError:
        return None
    if not text:
        return None  # from the package index: scp-report==version only if it was released
    try:
        info = json.loads(text)
    except ValueError:
        return None
    url = str(info.get("url", ""))
    vcs = info.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and url.startswith("https://"):
        commit = vcs.get("commit_id")
        return f"git+{url}@{commit}" if commit else f"git+{url}"
    if "archive_info" in info and url.startswith("https://"):
        return url
    return None


def _files(name: str, q: Period, install: str) -> dict[str, str]:
    fy, _ = quarter_parts(q)
    calendar = q.kind == PeriodKind.CALENDAR_QUARTER

    def year(start: int) -> str:  # the plan's kind of year
        return str(start) if calendar else f"{start}/{(start + 1) % 100:02d}"

    values = {
        "name": name,  # in running text (folded scalars), where quotes would show
        "name_q": json.dumps(name, ensure_ascii=False),
        "subject_q": json.dumps(
            f"The delivery plan and performance framework of {name}", ensure_ascii=False
        ),
        "year": year(fy),
        "baseline_year": year(fy - 2),
        "year_starts": "January" if calendar else "April",
        "due_month": "12-31" if calendar else "03-31",
        "due_text": "31 December" if calendar else "31 March",
        "due_year": str(fy + 1),
        "target_year": str(fy + 5),
        "quarter": q.label,
        "quarter_id": quarter_id(q),
        "quarter_end": q.end_label,
        "version": __version__,
        "install": json.dumps(install),
    }
    out = {}
    for src in sorted(p for p in SKELETON.rglob("*") if p.is_file()):
        rel = src.relative_to(SKELETON).as_posix().replace("QUARTER", quarter_slug(q))
        out[rel] = string.Template(src.read_text(encoding="utf-8")).substitute(values)
    for file, model in SCHEMAS.items():
        out[f"schema/{file}"] = schema_text(model)
    return out


def init(
    target: Path,
    name: str,
    q: Period | None = None,
    install_from: str | None = None,
    year_start: int = 4,
) -> tuple[list[Path], bool]:
    """Write the skeleton under `target`, for a year starting in the month `year_start`
    (April or January); refuse if any of its files exists already. Returns the files
    written, and whether the CI workflow still says where to install scp-report from only
    as a placeholder (nothing given, nothing public detected)."""
    name = " ".join(name.split())
    if not name or any(not ch.isprintable() for ch in name):
        raise UsageError('give the partnership\'s name, such as --name "Safer Somewhere"')
    source = install_from or installed_from()
    requirement = install_requirement(source or PLACEHOLDER)
    q = q or current_quarter(dt.date.today(), year_start)
    if q.kind != quarter_kind_of(year_start):
        raise UsageError(
            f"--quarter {quarter_id(q)}: a plan whose year starts in "
            f"{'January' if year_start == 1 else 'April'} reports quarters such as "
            f"{quarter_id(quarter_of(q.first, year_start))}"
        )
    files = _files(name, q, requirement)
    paths = [target / rel for rel in files]
    for path in paths:  # a link inside `target` that leads out of it is refused
        check_target(path, target, f"the folder {target}")
    existing = [p for p in paths if p.exists()]
    if existing:
        raise ScpError(f"{existing[0]} already exists; scp init writes only into a new folder")
    written = []
    for path, text in zip(paths, files.values(), strict=True):
        write_exclusive(path, text.encode("utf-8"))
        written.append(path)
    return written, source is None
