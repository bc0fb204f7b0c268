"""The plan as data: pydantic models of the partnership, theme and readings files.

Every model forbids unknown keys and is immutable once loaded. Every field has a
description: it flows into the JSON Schema that `scp schema` writes for editors.
Rich text fields take a small Markdown subset (bold, italic, lists, links,
footnote references `[^id]`); raw HTML is never rendered. The scalar types are in
`values`; what a target says, and how it is judged, in `status.targets`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal, Protocol

from pydantic import ConfigDict, Field, StringConstraints, field_validator, model_validator

from . import languages
from .colours import Colour
from .periods import Period, Reporting
from .rules import DEFAULT_RULES
from .statuses import Statuses
from .statuses import StatusName as StatusName  # re-exported: the names models speak of
from .targets import Comparator, Reduction, Target, YearTarget
from .values import (
    Confidence,
    Count,
    DateField,
    DirectionName,
    Email,
    Factor,
    Id,
    Markdown,
    Number,
    PeriodField,
    Polarity,
    Positive,
    QuarterField,
    ReportingField,
    Share,
    Strict,
    Text,
    Unit,
)
from .words import Words

# --- status rules ---------------------------------------------------------------


class StatusRules(Strict):
    """Tolerances and direction settings. Set plan-wide, per theme or per indicator;
    the most specific setting wins, field by field."""

    close_percent: Share | None = Field(
        None,
        description="A miss by no more than this percentage of the target is Close to target "
        f"(default {DEFAULT_RULES.close_percent}).",
    )
    close_places: int | None = Field(
        None,
        ge=0,
        description="For rank targets: places short that still count as Close to target "
        f"(default {DEFAULT_RULES.close_places}).",
    )
    steady_percent: Share | None = Field(
        None,
        description="A change within this percentage of the earlier value is steady "
        f"(default {DEFAULT_RULES.steady_percent}).",
    )
    compare: Literal["previous", "year-earlier"] | None = Field(
        None,
        description="Direction compares the latest reading with the previous comparable reading "
        "('previous', default) or with the reading for the same period a year earlier "
        "('year-earlier').",
    )
    old_after_quarters: int | None = Field(
        None,
        ge=1,
        le=40,
        description="A latest figure whose period ended more than this many quarters before "
        f"the report quarter is old: validate warns (default {DEFAULT_RULES.old_after_quarters}).",
    )
    jump_factor: Factor | None = Field(
        None,
        description="A figure more than this many times the indicator's last one, or less "
        "than the last divided by it, is very likely a slip: validate and import warn "
        f"(default {DEFAULT_RULES.jump_factor}).",
    )
    direction_method: Literal["steady_percent", "significance"] | None = Field(
        None,
        description="How the arrow is decided: 'steady_percent' (default: a change beyond "
        "steady_percent of the earlier figure) or 'significance' (only a statistically "
        "significant change, tested on the counts behind the figures; also gives the recent "
        "trend).",
    )
    confidence: Confidence | None = Field(
        None,
        description="The confidence level of intervals and tests, in per cent (default "
        f"{DEFAULT_RULES.confidence}): a change is significant at 100 minus this.",
    )
    trend_points: int | None = Field(
        None,
        ge=5,
        le=40,
        description="How many of the latest comparable figures the recent trend is tested "
        f"over (default {DEFAULT_RULES.trend_points}; at least 5).",
    )
    close_by_interval: bool | None = Field(
        None,
        description="A measure that misses its target but whose confidence interval includes "
        "the target is Close to target, whatever close_percent says (default false).",
    )
    project: bool | None = Field(
        None,
        description="Give a count reported year to date its projected year end (pro rata, or "
        "by its profile) and its change on last year's figure, in the reason and the open "
        "data (default false).",
    )
    close_by_projection: bool | None = Field(
        None,
        description="A count year to date that misses its part of the year's target is Close "
        "to target when its projected year end meets the year's target, else Needs "
        "improving, whatever close_percent says (default false).",
    )
    margin_when_met: bool | None = Field(
        None,
        description="An at_least, at_most or fewer_than target met says by how much in the "
        "reason: 'met: 36 under (3%)' (default false: 'met').",
    )
    group_limits: list[Confidence] | None = Field(
        None,
        min_length=1,
        max_length=3,
        description="The control limits around a comparator group's average, as confidence "
        "levels in per cent (default [95, 99.8]); a figure's position (above, in line, "
        "below) is judged at the highest.",
    )


# --- measurements -----------------------------------------------------------------


NUMERATOR = (
    "The count behind the figure, for tests of significance: for a percentage, the number "
    "counted (412 of 841: 412); for a rate, the number of events."
)
DENOMINATOR = (
    "What the numerator is out of: for a percentage, the whole (412 of 841: 841); for a "
    "rate, the population (the indicator's per: says the rate's base)."
)


class Shown(Strict):
    """How the document prints a figure or its period, where the partnership writes it
    otherwise than scp-report would (the data keep the figure and period as they are)."""

    figure: Text | None = Field(
        None, description="The figure as printed in the performance table, such as '100'."
    )
    period: Text | None = Field(
        None,
        description="The period as printed under the figure, as given (no brackets added), "
        "such as 'Q1-3' or '12 months to Jun-17'.",
    )


class Baseline(Strict):
    """The figure progress is measured from."""

    value: Number | None = Field(None, description="The baseline figure, in the indicator's unit.")
    period: PeriodField | None = Field(
        None,
        description="The period the baseline figure covers (a value without one is accepted, "
        "with a warning).",
    )
    rank: int | None = Field(None, ge=1, description="The rank at baseline, for rank measures.")
    missing: Text | None = Field(
        None,
        description="Why there is no baseline, in the document's words, such as n/a or Not "
        "reported.",
    )
    numerator: Count | None = Field(None, description=NUMERATOR)
    denominator: Positive | None = Field(None, description=DENOMINATOR)
    shown: Shown | None = Field(
        None, description="The baseline's figure or period as the document prints them."
    )
    from_target: bool = Field(
        False,
        description="The baseline figure is not given but worked out from the reduction "
        "target's end figure and percentage ('by 6% to 9,704': 9,704 / 0.94 = 10,323); "
        "give its period.",
    )

    @model_validator(mode="after")
    def _value_or_missing(self) -> Baseline:
        _check_baseline_given(self)
        return self


# The validators' checks are plain functions: mutation testing (make mutate) skips
# decorated functions, and so would miss them.
def _check_baseline_given(b: Baseline) -> None:
    given = (b.value is not None) + (b.missing is not None) + b.from_target
    if given != 1:
        raise ValueError(
            "give either a value (with its period), missing: n/a / Not reported, or "
            "from_target: true (with its period) for a baseline worked out from a reduction "
            "target"
        )


MissingKind = Literal["awaited", "not published", "not applicable"]
# The words for a missing figure every plan knows, and what each means.
MISSING_WORDS: dict[str, MissingKind] = {
    "Awaiting data": "awaited",
    "Not reported": "not published",
    "n/a": "not applicable",
}


class Missing(Strict):
    """Why a reading has no figure, in the partnership's words, with what that means."""

    kind: MissingKind = Field(
        description="awaited (the figure is still to come), not published (no new figure "
        "was published: the last one stands) or not applicable."
    )
    text: Text = Field(description="The words shown, as written: 'No new data published'.")


class Published(Strict):
    """What the published document printed, kept to check the engine against."""

    status: Text | None = Field(
        None,
        description="The status as printed: the engine's name (Successful...) or the "
        "plan's label for it (statuses:).",
    )
    direction: DirectionName | None = Field(
        None,
        description="The arrow as printed (n/a for none); used as the stated direction when the "
        "data holds no earlier comparable reading.",
    )


class Override(Strict):
    """A published status that the rules cannot reach, with the reason for it."""

    status: Text = Field(
        description="The status to show instead of the computed one: the engine's name "
        "(Successful...) or the plan's label for it (statuses:)."
    )
    reason: Text = Field(description="Why the computed status is overridden.")


class GroupRank(Strict):
    """A rank within a named group, with the group's size: 8th of 15 in the family group."""

    rank: int = Field(ge=1, description="The place: 1 is first.")
    of: int = Field(ge=1, description="How many are in the group ranked.")
    group: Text = Field(description="The group ranked, as printed: 'most similar group'.")

    @model_validator(mode="after")
    def _within(self) -> GroupRank:
        _check_rank_within(self.rank, self.of, "rank")
        return self


class GroupMember(Strict):
    """Another area of a comparator group, with its figure, or the counts behind it."""

    name: Text = Field(description="The area, as printed: 'Wellingborough'.")
    value: Number | None = Field(None, description="Its figure, in the indicator's unit.")
    numerator: Count | None = Field(None, description=NUMERATOR)
    denominator: Positive | None = Field(None, description=DENOMINATOR)

    @model_validator(mode="after")
    def _figure(self) -> GroupMember:
        _check_member(self)
        return self


def _check_member(m: GroupMember) -> None:
    counts = (m.numerator is not None) + (m.denominator is not None)
    if counts == 1:
        raise ValueError("give the member's numerator and denominator together")
    if m.value is None and counts == 0:
        raise ValueError("give the member's value, or its numerator and denominator")


class ComparatorGroup(Strict):
    """The group of areas a figure is compared with (the most similar group, the family
    group): its members' figures, or its average and size. The tool ranks the figure in
    it, gives its distance from the average and, from the reading's counts, its position
    against the group's control limits."""

    name: Text = Field(description="The group, as printed: 'most similar group'.")
    members: list[GroupMember] = Field(
        default_factory=list,
        description="The other areas of the group, each with its figure or the counts "
        "behind it; the group's average is then worked out (pooled from the counts where "
        "every area gives them, else the mean of the figures), and the rank.",
    )
    average: Number | None = Field(
        None, description="The group's average, where its members are not given."
    )
    size: int | None = Field(
        None, ge=2, description="How many areas are in the group (this one among them)."
    )

    @model_validator(mode="after")
    def _members_or_average(self) -> ComparatorGroup:
        _check_group(self)
        return self


def _check_group(g: ComparatorGroup) -> None:
    if g.members and (g.average is not None or g.size is not None):
        raise ValueError("give the group's members, or its average and size, not both")
    if not g.members and (g.average is None or g.size is None):
        raise ValueError("give the group's members, or its average and size")


def _check_rank_within(rank: int | None, of: int | None, name: str) -> None:
    if rank is not None and of is not None and rank > of:
        raise ValueError(f"{name} {rank} is beyond the group's size ({of})")


class Reading(Strict):
    """One indicator's figure as reported in one quarter."""

    indicator: Id = Field(description="The id of the indicator this reading is for.")
    period: PeriodField = Field(description="The period the figure covers.")
    value: Number | None = Field(None, description="The figure, in the indicator's unit.")
    rank: int | None = Field(
        None,
        ge=1,
        description="The rank: judged by a rank target, else shown beside the figure.",
    )
    rank_of: int | None = Field(
        None,
        ge=1,
        description="How many are in the group `rank` is within: printed '13th of 15'.",
    )
    ranks: list[GroupRank] = Field(
        default_factory=list,
        description="Further ranks of the figure, each within its named group: "
        "[{rank: 21, of: 32, group: London boroughs}].",
    )
    missing: Text | Missing | None = Field(
        None,
        description="Why there is no figure: Awaiting data, Not reported, n/a, a word listed "
        "under missing_words in partnership.yaml, or {kind, text}.",
    )
    comparator: Comparator | None = Field(
        None, description="An updated comparator figure, replacing the one in the target."
    )
    group: ComparatorGroup | None = Field(
        None,
        description="The comparator group the figure is compared with: ranked in it, its "
        "distance from the average, and (with the reading's numerator and denominator) its "
        "position against the group's control limits.",
    )
    numerator: Count | None = Field(None, description=NUMERATOR)
    denominator: Positive | None = Field(None, description=DENOMINATOR)
    note: Text | None = Field(None, description="A note about this reading.")
    published: Published | None = Field(None, description="Status and direction as printed.")
    override: Override | None = Field(None, description="A status override with its reason.")
    shown: Shown | None = Field(
        None, description="The figure or period as the document prints them, if not as usual."
    )

    @model_validator(mode="after")
    def _value_or_missing(self) -> Reading:
        if self.value is not None and self.missing is not None:
            raise ValueError("give a value or missing, not both")
        if self.rank_of is not None:  # nothing to check without it; most readings lack it
            _check_rank_of(self.rank, self.rank_of)
        return self

    @property
    def has_figure(self) -> bool:
        """A figure, or the reason there is none; not an empty placeholder (as `scp
        new-quarter` writes them) whose figure is still awaited."""
        return self.value is not None or self.missing is not None

    @property
    def checked_status(self) -> str | None:
        """The status recorded as published, as the rules are to give it: None where none
        is recorded, or where an override says why the status is another."""
        if self.published is None or self.override is not None:
            return None
        return self.published.status


def _check_rank_of(rank: int | None, rank_of: int | None) -> None:
    if rank_of is not None and rank is None:
        raise ValueError("rank_of is the size of the group the rank is within: give the rank")
    _check_rank_within(rank, rank_of, "rank")


class ReadingsFile(Strict):
    """plan/readings/<yyyy-yy>-q<n>.yaml: what was reported in one quarter."""

    quarter: QuarterField = Field(description="The report quarter, such as Q3-2017/18.")
    readings: list[Reading] = Field(default_factory=list, description="The figures reported.")


# --- plan structure ---------------------------------------------------------------------


class Indicator(Strict):
    """A performance measure."""

    id: Id
    measure: Markdown = Field(description="The measure as printed.")
    note: Markdown | None = Field(None, description="Explanatory note printed under the measure.")
    note_inline: bool = Field(
        False,
        description="Print the note on the measure's line after a semicolon, kept on one line "
        "with the measure's last two words: 'the national average; currently 39%'.",
    )
    unit: Unit = Field(description="percent (0-100), count, rate or score.")
    unit_label: Text | None = Field(
        None,
        description="How the unit is written beside a figure, such as incidents, offences "
        "or per 1,000 population (the unit above says what kind of number it is).",
    )
    per: int | None = Field(
        None,
        ge=1,
        description="For a rate: the population it is per, such as 1000 for 'per 1,000 "
        "population' (read from unit_label where that says so); needed to check a reading's "
        "numerator and denominator against its value.",
    )
    polarity: Polarity | None = Field(
        None,
        description="Whether a higher or lower value is better. Implied by most targets; "
        "required for comparator targets.",
    )
    target: Target | None = Field(
        None, description="The target; none for monitoring-only measures."
    )
    targets: list[YearTarget] = Field(
        default_factory=list,
        description="Targets that change year by year, each with the year it is in force "
        "for (a figure's period decides which); `target`, if given, applies to other years.",
    )
    profile: list[Share] | None = Field(
        None,
        min_length=4,
        max_length=12,
        description="For a count reported year to date: the share of the year's target "
        "expected by the end of each quarter (4 figures) or month (12 figures) of the plan's "
        "year, in per cent, such as [20, 45, 70, 100]; without it, a part of the year is "
        "judged pro rata.",
    )
    baseline: Baseline = Field(description="The baseline figure and its period.")
    reports: ReportingField | None = Field(
        None,
        description="The kind of period each figure covers, such as 'quarter' or 'rolling "
        "12 months' (theme default; with neither, the kind of the earlier readings).",
    )
    lag_quarters: int | None = Field(
        None,
        ge=0,
        le=8,
        description="Quarters in arrears the figures are reported (theme default).",
    )
    source: Text | None = Field(None, description="Where the figures come from.")
    status_rules: StatusRules | None = Field(None, description="Tolerances for this indicator.")

    @model_validator(mode="after")
    def _derived_baseline(self) -> Indicator:
        _derive_baseline(self)
        return self

    @property
    def all_targets(self) -> list[Target]:
        """The target and every year's own target."""
        return ([self.target] if self.target is not None else []) + list(self.targets)

    def target_for(self, period: Period | None) -> Target | None:
        """The target in force for a figure of this period: the year's own, where one of
        `targets` covers the period's last month, else `target`."""
        if period is not None:
            for yearly in self.targets:
                if yearly.year.first <= period.last <= yearly.year.last:
                    return yearly
        return self.target

    @property
    def ranked(self) -> bool:
        """Whether readings give a rank beside the value: a rank target."""
        return any(t.kind.ranked for t in self.all_targets)

    @property
    def implied_polarity(self) -> Polarity | None:
        """The polarity the target implies, if any."""
        targets = self.all_targets
        return targets[0].kind.implies if targets else None

    @property
    def effective_polarity(self) -> Polarity | None:
        """The declared polarity, else the one the target implies."""
        return self.polarity if self.polarity is not None else self.implied_polarity


def _derive_baseline(ind: Indicator) -> None:
    """A baseline worked out from the target (from_target): the value its first reduction
    target's end figure and percentage imply. Without one, the baseline stays without a
    value, and validate says what to give."""
    if not ind.baseline.from_target:
        return
    for t in ind.all_targets:
        if isinstance(t.spec, Reduction):
            derived = ind.baseline.model_copy(update={"value": t.spec.baseline()})
            # Set once, while validating: the model is frozen from then on.
            object.__setattr__(ind, "baseline", derived)
            return


class TimescaleLine(Strict):
    text: Text = Field(description="The timescale as printed.")
    due: DateField | None = Field(None, description="The due date the text gives, if any.")


class Project(Strict):
    """A project or activity row."""

    id: Id
    title: Text = Field(description="Project/activity title as printed.")
    title_note: Text | None = Field(None, description="Text printed under the title.")
    description: Markdown = Field(description="The description column.")
    strategy_principle: Text | None = Field(
        None, description="The strategy principle the project comes under, where named."
    )
    focus_intro: Markdown | None = Field(None, description="Text before the focus items.")
    focus: list[Markdown] = Field(default_factory=list, description="Focus for the plan year.")
    timescale: list[TimescaleLine] = Field(min_length=1, description="Timescale lines.")
    notes: list[Text] = Field(
        default_factory=list, description="Notes such as 'On hold in 2017/18'."
    )


class Footnote(Strict):
    id: Id = Field(description="Referenced from text as [^id].")
    text: Markdown = Field(description="The footnote text.")


class Abbreviation(Strict):
    term: Text = Field(description="The abbreviation: MARAC.")
    expansion: Text = Field(description="What it stands for.")
    description: Text | None = Field(None, description="A short explanation, where printed.")
    mark: Text | None = Field(
        None,
        description="A mark ('*') printed after the abbreviation where the theme's performance "
        "table first uses it, and before it in the note under the table: MARAC* ... *MARAC – "
        "Multi-Agency Risk Assessment Conference.",
    )


class TableHeadings(Strict):
    """A performance table's column headings, where a section's table words them otherwise
    than the plan's word table (one theme's 'Current direction of travel' where the others
    say 'Direction of travel')."""

    performance_measure: Text | None = Field(None, description="The measure column.")
    direction_of_travel: Text | None = Field(None, description="The direction column.")
    current_status: Text | None = Field(None, description="The status column.")


class Contact(Strict):
    name: Text = Field(description="The person's name.")
    role: Text = Field(description="Role, team and organisation as printed.")
    email: Email | None = Field(None, description="Email address.")
    phone: Text | None = Field(None, description="Telephone number as printed.")


class Theme(Strict):
    """plan/themes/<id>.yaml: one section of the document."""

    id: Id
    title: Text = Field(description="Section title.")
    group: Text | None = Field(None, description="Heading this section sits under, if any.")
    intro: Markdown | None = Field(None, description="Text before the first table.")
    key_outcomes: list[Markdown] = Field(default_factory=list, description="The key outcome(s).")
    projects: list[Project] = Field(default_factory=list, description="Project/activity rows.")
    monitoring: Markdown | None = Field(
        None, description="Text under 'How will we know we've made a difference?'."
    )
    how_will_we_know: bool | None = Field(
        None,
        description="Print the 'How will we know...' heading before this theme's performance "
        "table (default: as the document says).",
    )
    indicators: list[Indicator] = Field(default_factory=list, description="Performance measures.")
    table_note: Markdown | None = Field(
        None, description="Note printed under the performance table."
    )
    baseline_heading: PeriodField | None = Field(
        None, description="Period in the Baseline column heading (default: the most common)."
    )
    headings: TableHeadings | None = Field(
        None,
        description="Column headings of this theme's performance table, where they differ "
        "from the word table's.",
    )
    reports: ReportingField | None = Field(
        None,
        description="The kind of period this theme's figures cover, unless an indicator "
        "says otherwise.",
    )
    lag_quarters: int = Field(
        0, ge=0, le=8, description="Quarters in arrears this theme's figures are reported."
    )
    status_rules: StatusRules | None = Field(None, description="Tolerances for this theme.")
    footnotes: list[Footnote] = Field(default_factory=list, description="Footnotes.")
    abbreviations: list[Abbreviation] = Field(default_factory=list, description="Abbreviations.")
    contacts: list[Contact] = Field(default_factory=list, description="Who to contact.")


class PartnershipInfo(Strict):
    name: Text = Field(description="The partnership's name.")
    local_name: Text | None = Field(None, description="Its name in a local language.")
    local_name_lang: str | None = Field(None, description="BCP 47 tag of that language (kw).")


class Page(Strict):
    """The printed page of the documents (the PDF)."""

    size: Literal["A4", "A3", "letter"] = Field(
        "A4", description="Paper size: A4, A3 or letter (default A4)."
    )
    orientation: Literal["landscape", "portrait"] = Field(
        "landscape",
        description="landscape (the default, as the reference document) or portrait.",
    )


# A performance table's columns after the measure; the order a plan lists them in is the
# order they are printed in.
Column = Literal["target", "baseline", "latest", "change", "percent_change", "direction", "status"]
DEFAULT_COLUMNS: tuple[Column, ...] = ("baseline", "latest", "direction", "status")


class DocumentInfo(Strict):
    series: Text = Field(description="The plan series: 'Partnership Plan 2016-19'.")
    part: Text | None = Field(None, description="Which part of the series: 'Year 3'.")
    title: Text = Field(description="Document title.")
    year: PeriodField = Field(description="The financial year the document covers.")
    language: str = Field(
        "en-GB",
        description="BCP 47 language tag of the document (its HTML lang and the PDF's "
        "language): the language pack's by default (en-GB, cy).",
    )
    author: Text = Field(description="Author for the document metadata.")
    subject: Text = Field(description="Subject for the document metadata.")
    keywords: list[Text] = Field(default_factory=list, description="Keywords for the metadata.")
    how_will_we_know: bool = Field(
        True,
        description="Print the 'How will we know we've made a difference?' heading (and the "
        "theme's monitoring text) before each performance table; a theme may say otherwise.",
    )
    target_column: bool = Field(False, description="Give the performance tables a Target column.")
    columns: list[Column] | None = Field(
        None,
        description="The performance tables' columns after the measure, in the order "
        "printed, each at most once: target, baseline, latest, change and percent_change "
        "(the latest figure's change on the figure its direction was compared with), "
        "direction, status. Default: baseline, latest, direction, status (target first, "
        "with target_column). The quarterly report adds the change columns listed here.",
    )
    show_intervals: bool = Field(
        False,
        description="Show each figure's confidence interval where its counts are given: in "
        "the performance tables (49% (46-52%)), as a band in the trend charts, and in the open "
        "data (ci_low, ci_high).",
    )
    publication_date: DateField | None = Field(
        None,
        description="The day the document is published, as YYYY-MM-DD: on its cover, in its "
        "metadata and the open data (default: the last day of the report quarter).",
    )
    page: Page = Field(
        default_factory=Page,
        description="Paper size and orientation of the PDF (default: A4 landscape).",
    )

    @field_validator("columns")
    @classmethod
    def _columns_once(cls, columns: list[Column] | None) -> list[Column] | None:
        _check_columns_once(columns)
        return columns

    @model_validator(mode="after")
    def _target_column_listed(self) -> DocumentInfo:
        _check_target_column(self)
        return self

    @property
    def shown_columns(self) -> tuple[Column, ...]:
        """The performance tables' columns after the measure: as listed, else today's."""
        if self.columns is not None:
            return tuple(self.columns)
        return (*(("target",) if self.target_column else ()), *DEFAULT_COLUMNS)


def _check_columns_once(columns: list[Column] | None) -> None:
    twice = sorted({c for c in columns if columns.count(c) > 1}) if columns else []
    if twice:
        are = "is" if len(twice) == 1 else "are"
        raise ValueError(f"{' and '.join(twice)} {are} listed twice: list each column once")


def _check_target_column(d: DocumentInfo) -> None:
    if d.columns is not None and d.target_column and "target" not in d.columns:
        raise ValueError(
            "target_column: true asks for a Target column that columns leaves out: add "
            "target to columns, or remove target_column"
        )


# A file in the plan folder, by its path from there: 'brand/logo.svg'.
PlanFileName = Annotated[
    str,
    StringConstraints(min_length=1, max_length=255, pattern=r"^[^/\\\x00][^\\\x00]*$"),
]


class Logo(Strict):
    """The partnership's logo, on the cover and the back page."""

    file: PlanFileName = Field(
        description="An SVG or PNG file in the plan folder, by its path from there "
        "(brand/logo.svg); at most 1 MB. An SVG may hold no script, event attribute or "
        "reference to anything outside itself."
    )
    alt: Text = Field(description="The logo's text alternative, read out in its place.")


class BrandColours(Strict):
    """The partnership's colours, each readable on what it is printed on (4.5:1)."""

    accent: Colour | None = Field(
        None,
        description="Headings, rules, the cover's and back page's name and the charts' "
        "figures, on the white page (default #0b4f6c).",
    )
    table_heading: Colour | None = Field(
        None, description="The background of table headings (default #0b4f6c)."
    )
    table_heading_text: Colour | None = Field(
        None, description="The text of table headings (default #ffffff)."
    )


class BrandFont(Strict):
    """The partnership's typeface, for the cover, the back page and the headings."""

    file: PlanFileName = Field(
        description="A TrueType, OpenType, WOFF or WOFF2 file in the plan folder, by its "
        "path from there (brand/font.woff2); at most 2 MB."
    )
    licence: Text = Field(
        description="The licence the font is used under, such as SIL Open Font License 1.1."
    )


class Brand(Strict):
    """The partnership's look: its logo, colours and font."""

    logo: Logo | None = Field(None, description="The logo and its text alternative.")
    colours: BrandColours | None = Field(None, description="The brand colours.")
    font: BrandFont | None = Field(None, description="The brand font and its licence.")


class Licence(Strict):
    """The licence the open data are published under, as a Data Package names it."""

    name: Annotated[str, StringConstraints(pattern=r"^[-a-zA-Z0-9._]+$", max_length=100)] = Field(
        description="The licence's Open Definition id, such as OGL-UK-3.0 or CC-BY-4.0."
    )
    title: Text = Field(description="Its title, such as Open Government Licence v3.0.")
    path: Annotated[str, StringConstraints(pattern=r"^https://\S+$", max_length=2000)] = Field(
        description="The https address of its text."
    )


class OpenData(Strict):
    """What the open data (CSV, JSON and their data package) say of themselves."""

    licence: Licence | None = Field(
        None, description="The licence the open data are published under."
    )


class BuildingBlocks(Strict):
    items: list[Markdown] = Field(default_factory=list, description="The building blocks.")
    source_note: Text | None = Field(None, description="A note on where the content came from.")


class Introduction(Strict):
    title: Text = Field(description="Heading of the introduction.")
    opening: Markdown = Field(description="Paragraphs before the collective commitment.")
    collective_commitment: Markdown | None = Field(
        None, description="The partnership's collective commitment, if it has one."
    )
    outcomes_intro: Markdown | None = Field(
        None, description="Text introducing the headline outcomes."
    )
    headline_outcomes: list[Markdown] = Field(
        default_factory=list, description="The headline outcomes, if the plan has them."
    )
    after_outcomes: Markdown | None = Field(None, description="Text after the outcomes.")
    building_blocks: BuildingBlocks | None = Field(None, description="The building blocks.")
    closing: Markdown | None = Field(None, description="Closing paragraphs.")


class Headline(Strict):
    id: Id = Field("headline", description="Id used for this section in status output.")
    title: Text = Field(description="Heading of the headline indicators section.")
    text: Markdown | None = Field(None, description="Text before the table.")
    indicators: list[Indicator] = Field(default_factory=list, description="Headline indicators.")
    baseline_heading: PeriodField | None = Field(
        None, description="Baseline column heading period."
    )
    headings: TableHeadings | None = Field(
        None,
        description="Column headings of the headline performance table, where they differ "
        "from the word table's.",
    )
    reports: ReportingField | None = Field(
        None, description="The kind of period these figures cover, unless an indicator says."
    )
    lag_quarters: int = Field(0, ge=0, le=8, description="Quarters in arrears.")
    status_rules: StatusRules | None = Field(None, description="Tolerances for this section.")
    footnotes: list[Footnote] = Field(default_factory=list, description="Footnotes.")


class BackPage(Strict):
    title: Text | None = Field(None, description="Heading of the closing page.")
    text: Markdown = Field(description="Text before the address.")
    address: list[Text] = Field(default_factory=list, description="Address lines.")
    telephone: Text | None = Field(None, description="Telephone number as printed.")
    email: Email | None = Field(None, description="Email address for requests.")
    website: Text | None = Field(None, description="Web address as printed.")


class PartnershipFile(Strict):
    """plan/partnership.yaml: the partnership, the document and plan-wide settings."""

    partnership: PartnershipInfo
    document: DocumentInfo
    introduction: Introduction
    headline: Headline | None = Field(
        None, description="The headline indicators section, if the plan has one."
    )
    themes: list[Id] = Field(min_length=1, description="Theme ids in document order.")
    status_rules: StatusRules | None = Field(None, description="Plan-wide tolerances.")
    back_page: BackPage | None = Field(None, description="The closing contact page.")
    year_starts: Literal["April", "January"] = Field(
        "April",
        description="The month the partnership's year starts in: April (the financial "
        "year, quarters such as Q3-2017/18) or January (the calendar year, quarters such "
        "as Q3-2013).",
    )
    language: str = Field(
        languages.DEFAULT_LANGUAGE,
        description="The language of the documents: the language pack whose words, quarter "
        "labels and month names they print (en, English, by default; cy, Welsh). Words under "
        "`words:` override the pack's.",
    )
    missing_words: dict[Text, MissingKind] = Field(
        default_factory=dict,
        description="The partnership's own words for a missing figure, each with what it "
        "means (awaited, not published, not applicable), such as NYA: awaited. Awaiting "
        "data, Not reported and n/a are known already.",
    )
    statuses: Statuses = Field(
        default_factory=Statuses,
        description="The partnership's word and colours for each status (such as Red, "
        "Amber, Green); the engine's names and the bundled colours by default.",
    )
    words: Words = Field(
        default_factory=Words,
        description="The generic words of the documents the partnership changes, on top of "
        "its language pack's (`language:`): give only those that differ.",
    )
    brand: Brand | None = Field(
        None, description="The partnership's logo, colours and font (files in the plan folder)."
    )
    open_data: OpenData = Field(
        default_factory=OpenData,
        description="What the open data say of themselves: their licence (the data "
        "package's licenses).",
    )
    not_abbreviations: list[Text] = Field(
        default_factory=list,
        description="Words in capitals in the plan's text that are names, not abbreviations "
        "(such as a programme called REACH): validate does not ask for their expansion.",
    )

    @model_validator(mode="before")
    @classmethod
    def _language_pack(cls, data: Any) -> Any:
        """The words of the plan's language pack, under those the plan gives itself; the
        document's language tag the pack's, unless the plan gives its own. An unknown
        language is left to the field's check, which names the packs there are."""
        if not isinstance(data, dict):
            return data
        code = data.get("language", languages.DEFAULT_LANGUAGE)
        # The word table's defaults are the English pack's words and DocumentInfo's the
        # English pack's tag (tests/model/test_languages.py): English reads no file.
        if code == languages.DEFAULT_LANGUAGE or not isinstance(code, str):
            return data
        if code not in languages.available():
            return data
        pack = languages.pack(code)
        data = dict(data)
        own = data.get("words")
        if own is None or isinstance(own, dict):
            data["words"] = {**pack.words, **(own or {})}
        document = data.get("document")
        if isinstance(document, dict) and "language" not in document:
            data["document"] = {**document, "language": pack.tag}
        return data

    @field_validator("language")
    @classmethod
    def _known_language(cls, code: str) -> str:
        known = languages.available()
        if code not in known:
            close = languages.meant(code)
            hint = f"; did you mean {close!r}?" if close else "."
            raise ValueError(
                f"no language pack {code!r} (the packs are: {', '.join(known)}){hint} Give one "
                "of those, or leave language out for English; write any word you want "
                "otherwise under words:"
            )
        return code

    @property
    def year_start(self) -> int:
        """The month number the plan's year starts in: 4 (April) or 1 (January)."""
        return 1 if self.year_starts == "January" else 4

    def awaits(self, reading: Reading) -> bool:
        """Whether a reading's figure is still to come: empty, or missing with words that
        mean awaited; such a reading is filled in, never replaced."""
        if reading.value is not None:
            return False
        meant = self.missing(reading.missing) if reading.missing is not None else None
        return reading.missing is None or (meant is not None and meant[0] == "awaited")

    def missing(self, given: str | Missing) -> tuple[MissingKind, str] | None:
        """What a reading's `missing` means and the words it shows; None for a word the
        plan does not know."""
        if isinstance(given, Missing):
            return given.kind, given.text
        kind = self.missing_words.get(given) or MISSING_WORDS.get(given)
        return (kind, given) if kind is not None else None


class Plan(Strict):
    """The whole plan, loaded and cross-checked."""

    root: str = Field(description="The plan folder.")
    partnership: PartnershipFile
    themes: tuple[Theme, ...]
    readings: tuple[ReadingsFile, ...]
    # The brand files the partnership file names, read and checked by the loader (a
    # plan.brand.BrandFile each), by the name the plan gives them.
    files: dict[str, Any] = Field(default_factory=dict)

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    @property
    def sections(self) -> list[Section]:
        """The headline section (if the plan has one), then every theme, in document order."""
        headline = self.partnership.headline
        return [headline, *self.themes] if headline is not None else [*self.themes]

    def indicators(self) -> Iterator[tuple[Section, Indicator]]:
        """Every indicator with its section, in document order."""
        for section in self.sections:
            for ind in section.indicators:
                yield section, ind


class Section(Protocol):
    """The headline section and each theme: what the engine needs of them."""

    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def indicators(self) -> list[Indicator]: ...

    @property
    def lag_quarters(self) -> int: ...

    @property
    def reports(self) -> Reporting | None: ...

    @property
    def status_rules(self) -> StatusRules | None: ...

    @property
    def baseline_heading(self) -> Period | None: ...

    @property
    def footnotes(self) -> list[Footnote]: ...


def lag_of(section: Section, ind: Indicator) -> int:
    """Quarters in arrears an indicator's figures are reported: its own, else its section's."""
    return ind.lag_quarters if ind.lag_quarters is not None else section.lag_quarters


def reporting_of(section: Section, ind: Indicator) -> Reporting | None:
    """The kind of period an indicator's figures cover, as declared: its own, else its
    section's; None where the plan declares nothing (the earlier readings tell)."""
    return ind.reports if ind.reports is not None else section.reports
