"""What `scp import` did, or with `--check` would do, in words."""

from __future__ import annotations

from pathlib import Path

from .merge import ImportResult


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def import_text(result: ImportResult, file: Path, *, check: bool) -> str:
    """What an import did, or with `check` would do: one line per indicator (with
    `check`), the blank rows, and a last line with the counts."""
    lines = []
    if check:
        for c in result.changes:
            figures = f"{c.before} → {c.after}" if c.kind == "replaced" else c.after
            lines.append(f"{c.kind}: {c.indicator}: {figures}")
    if result.blank:
        blank = ", ".join(result.blank)
        lines.append(f"{_count(len(result.blank), 'indicator')} left blank: {blank}")
    if check:
        kinds = [c.kind for c in result.changes]
        counts = ", ".join(f"{kinds.count(k)} {k}" for k in ("added", "replaced", "unchanged"))
        lines.append(f"{result.path}: {counts} from {file} (--check: nothing written)")
    else:
        imported = _count(result.imported, "reading")
        lines.append(f"{result.path}: {imported} imported from {file}")
    return "".join(f"{line}\n" for line in lines)
