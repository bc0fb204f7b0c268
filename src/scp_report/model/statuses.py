"""The engine's statuses, in one table (`STATUSES`): for each, its name, its key under
`statuses:` in partnership.yaml, its CSS class, its default colours, the judgement against
a target that gives it, and how `scp status` shows it at a terminal. The table's order is
the order statuses are counted and listed in.

Adding a status is a member of `StatusName`, a row of `STATUSES` and a field of
`Statuses` (the partnership's word and colours for it): this file and no other. The
stylesheet's default rules (`templates/style.css`) are written from the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import Field

from .colours import Colour, contrast_problem
from .values import Strict, Text


class StatusName(StrEnum):
    SUCCESSFUL = "Successful"
    CLOSE = "Close to target"
    NEEDS_IMPROVING = "Needs improving"
    MONITORING = "Monitoring"
    AWAITING = "Awaiting data"


class Outcome(StrEnum):
    """What judging a figure against its target gives (model/targets.py)."""

    MET = "met"
    CLOSE = "close"
    MISSED = "missed"


@dataclass(frozen=True)
class Status:
    name: StatusName
    key: str  # under `statuses:` in partnership.yaml
    css: str  # the CSS class is status-<css>
    colour: str  # default text colour; every pair passes 4.5:1 contrast
    background: str  # default background colour
    terminal: str  # the rich style `scp status` shows it in
    outcome: Outcome | None = None  # the judgement that gives it (None: set otherwise)


STATUSES: tuple[Status, ...] = (
    Status(
        StatusName.SUCCESSFUL, "successful", "successful", "#0b4019", "#d8efdd", "bold green",
        Outcome.MET,
    ),
    Status(
        StatusName.CLOSE, "close", "close", "#533d00", "#fff0c2", "bold yellow", Outcome.CLOSE
    ),
    Status(
        StatusName.NEEDS_IMPROVING, "needs_improving", "needs-improving", "#6e0b16", "#f9d8dc",
        "bold red", Outcome.MISSED,
    ),
    Status(StatusName.MONITORING, "monitoring", "monitoring", "#0c2f52", "#dde9f5", "cyan"),
    Status(StatusName.AWAITING, "awaiting", "awaiting", "#2b2b2b", "#ececec", "dim"),
)  # fmt: skip
STATUS: dict[StatusName, Status] = {s.name: s for s in STATUSES}
# The order statuses are counted in.
STATUS_ORDER = tuple(s.name for s in STATUSES)
# The status a judgement against a target gives.
STATUS_FOR: dict[Outcome, StatusName] = {s.outcome: s.name for s in STATUSES if s.outcome}


# --- the partnership's words and colours -----------------------------------------------


class StatusStyle(Strict):
    """How a partnership shows one of the engine's statuses."""

    label: Text | None = Field(None, description="The word printed for the status.")
    colour: Colour | None = Field(None, description="Text colour of the status.")
    background: Colour | None = Field(None, description="Background colour of the status.")


# Each status's field of `Statuses`, described for the schema an editor completes from.
# Written here, not by a function: the class is made once, when this module is imported.
_FIELD: dict[StatusName, Any] = {
    s.name: Field(
        None,
        description=f"How {s.name.value} is shown (default: the word {s.name.value!r}, "
        f"{s.colour} on {s.background}).",
    )
    for s in STATUSES
}


class Statuses(Strict):
    """The partnership's word and colours for each status, such as Red, Amber, Green."""

    # One field for each row of STATUSES, named by its key.
    successful: StatusStyle | None = _FIELD[StatusName.SUCCESSFUL]
    close: StatusStyle | None = _FIELD[StatusName.CLOSE]
    needs_improving: StatusStyle | None = _FIELD[StatusName.NEEDS_IMPROVING]
    monitoring: StatusStyle | None = _FIELD[StatusName.MONITORING]
    awaiting: StatusStyle | None = _FIELD[StatusName.AWAITING]

    def style(self, status: StatusName) -> StatusStyle | None:
        style: StatusStyle | None = getattr(self, STATUS[status].key)
        return style

    def label(self, status: StatusName) -> str:
        style = self.style(status)
        return style.label if style is not None and style.label else status.value

    def colours(self, status: StatusName) -> tuple[str, str]:
        """(text, background) of a status."""
        colour, background = STATUS[status].colour, STATUS[status].background
        style = self.style(status)
        if style is not None:
            colour, background = style.colour or colour, style.background or background
        return colour, background

    def named(self, text: str) -> StatusName | None:
        """The status a word names: the engine's own name, or the plan's label for it."""
        for status in StatusName:
            if text in (status.value, self.label(status)):
                return status
        return None

    def names(self) -> list[str]:
        """Every word that names a status: the plan's labels, then the engine's names."""
        out = [self.label(s) for s in StatusName]
        return out + [s.value for s in StatusName if s.value not in out]

    def problems(self) -> list[tuple[tuple[str, ...], str]]:
        """What is wrong with the partnership's statuses, each at its key: a label given
        twice, or colours too faint to read."""
        out: list[tuple[tuple[str, ...], str]] = []
        labels = [self.label(s) for s in StatusName]
        for status in StatusName:
            key = STATUS[status].key
            label = self.label(status)
            if labels.count(label) > 1:
                out.append(((key, "label"), f"the label {label!r} is given to two statuses"))
            colour, background = self.colours(status)
            problem = contrast_problem(colour, background, f"{key} ({label})")
            if problem:
                style = self.style(status)
                at = "colour" if style is not None and style.colour else "background"
                out.append(((key, at), problem))
        return out


DEFAULT_STATUSES = Statuses()
