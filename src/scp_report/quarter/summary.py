"""What `scp import` did, or with `--check` would do, in words."""

from __future__ import annotations

from pathlib import Path

from .merge import ImportResult


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


KINDS = ("added", "replaced", "unchanged")
WORDS_KINDS = ("awaited", "no new figure")  # rows whose value cell held the plan's words


def _counts(result: ImportResult, *, every: bool) -> str:
    """'1 added, 1 replaced, 34 unchanged, 2 awaited': figures, then rows that held the
    plan's words instead; with `every`, the figures' three counts even where 0."""
    kinds = [c.kind for c in result.changes]
    return ", ".join(
        f"{kinds.count(k)} {k}"
        for k in (*KINDS, *WORDS_KINDS)
        if k in kinds or (every and k in KINDS)
    )


def import_text(result: ImportResult, file: Path, *, check: bool) -> str:
    """What an import did, or with `check` would do: one line per indicator (with
    `check`), the blank rows, and a last line with the counts. Both count the same way:
    figures added or replaced are imported; rows left unchanged and words are not."""
    lines = []
    if result.separated_by is not None:
        lines.append(f"{file}: columns separated by {result.separated_by}")
    if check:
        for c in result.changes:
            figures = f"{c.before} → {c.after}" if c.kind == "replaced" else c.after
            lines.append(f"{c.kind}: {c.indicator}: {figures}")
    if result.blank:
        blank = ", ".join(result.blank)
        lines.append(f"{_count(len(result.blank), 'indicator')} left blank: {blank}")
    if check:
        counts = _counts(result, every=True)
        lines.append(f"{result.path}: {counts} from {file} (--check: nothing written)")
    else:
        imported = _count(result.imported, "reading")
        line = f"{result.path}: {imported} imported from {file}"
        if any(c.kind != "added" for c in result.changes):
            line += f" ({_counts(result, every=False)})"
        lines.append(line)
    return "".join(f"{line}\n" for line in lines)
