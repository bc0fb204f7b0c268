"""The words a partnership's documents use: one table, English by default, that a plan
overrides in `partnership.yaml` (`words:`) to publish in its own terms or language; and
the partnership's own word and colours for each status are in `statuses`.

A word may hold named blanks in braces, such as `{quarter}`: a plan's own word must hold
the same blanks (in any order), so that every document still says what it must; only
English's ordinal suffix (`{suffix}`, the 'th' of 4th) may be left out.
"""

from __future__ import annotations

import string
from typing import Any

from pydantic import Field, ModelWrapValidatorHandler, ValidationError, model_validator
from pydantic_core import InitErrorDetails

from .periods import FULL_MONTHS, MONTHS
from .values import Strict, Text


def blanks(text: str) -> set[str]:
    """The named blanks of a word: 'Page {page} of {pages}' -> {'page', 'pages'}."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def blank_problem(text: str) -> str | None:
    """What is wrong with a word's blanks, if anything: a blank is a name in braces and
    nothing else. A format after the name (`{n:>999999999}`, `{n!r}`), a number or an
    empty name (`{0}`, `{}`), or an attribute or an index (`{n.__class__}`, `{n[0]}`)
    could print anything, use any amount of memory or stop the build."""
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(text)]
    except ValueError:  # a lone { or }
        return "holds a { or } that is not part of a blank: write {{ or }} for a brace itself"
    for name, spec, conv in fields:
        if name is None:
            continue
        if not name.isidentifier():
            return (
                f"holds {{{name}}}, which is not a blank: a blank is a name in braces, such "
                "as {quarter}; write {{ or }} for a brace itself"
            )
        if spec or conv:
            written = f"{{{name}{'!' + conv if conv else ''}{':' + spec if spec else ''}}}"
            return f"holds {written}: write the blank as {{{name}}}, with nothing after its name"
    return None


# Blanks a plan's word may leave out: English's ordinal suffix (the 'th' of 4th), which
# another language writes in its own way or not at all.
OPTIONAL_BLANKS = {"ordinal": {"suffix"}}


def _w(default: str, where: str) -> Any:
    return Field(default, description=f"{where} (default: {default!r}).")


class Words(Strict):
    """Every generic word of the documents. Give only those to change."""

    # The document's frame.
    skip_link: Text = _w("Skip to main content", "The link that skips past the contents")
    performance_as_at: Text = _w("Performance as at {quarter}", "Under the cover's title")
    published_on: Text = _w("Published {date}", "On the cover, the document's date in full")
    contents: Text = _w("Contents", "Heading of the contents list")
    page_of: Text = _w("Page {page} of {pages}", "Page numbers of the PDF")
    indicator_trends: Text = _w("Indicator trends", "Heading of the trends appendix")
    abbreviations: Text = _w("Abbreviations", "Heading of the glossary")
    # A section.
    key_outcome: Text = _w("Key outcome", "Heading of a section's one key outcome")
    key_outcomes: Text = _w("Key outcomes", "Heading of a section's key outcomes")
    how_will_we_know: Text = _w(
        "How will we know we’ve made a difference?", "Heading before a performance table"
    )
    who_to_contact: Text = _w("Who to contact", "Heading of a section's contacts")
    notes: Text = _w("Notes", "What a list of footnotes is read out as")
    note_number: Text = _w("Note {number}", "What a footnote mark is read out as")
    table_note_number: Text = _w(
        "Table note {number}", "What the mark of a table's own note is read out as"
    )
    telephone_short: Text = _w("Tel:", "Before a contact's telephone number")
    telephone: Text = _w("Telephone:", "Before the back page's telephone number")
    email: Text = _w("Email:", "Before the back page's email address")
    website: Text = _w("Website:", "Before the back page's web address")
    # The projects table.
    projects_caption: Text = _w("Projects and activities: {section}", "Projects table caption")
    project_activity: Text = _w("Project/activity", "Projects table column")
    description: Text = _w("Description", "Projects table column")
    focus_for: Text = _w("Focus for {year}", "Projects table column")
    timescale: Text = _w("Timescale", "Projects table column")
    strategy_principle: Text = _w(
        "This comes under the strategy principle of {principle}.",
        "After a project's description, where it names its strategy principle",
    )
    # The performance table.
    measures_caption: Text = _w("Performance measures: {section}", "Performance table caption")
    performance_measure: Text = _w("Performance measure", "Performance table column")
    baseline: Text = _w("Baseline", "Performance table column, before the baseline period")
    latest_performance: Text = _w(
        "Latest performance", "Performance table column, before the latest period"
    )
    direction_of_travel: Text = _w("Direction of travel", "Performance table column")
    current_status: Text = _w("Current Status", "Performance table column")
    target: Text = _w("Target", "Performance table column, where the plan asks for targets")
    not_applicable: Text = _w("n/a", "Where there is no direction of travel")
    change: Text = _w(
        "Change",
        "Performance table column, where the plan asks for it: the change on the "
        "figure the direction was compared with",
    )
    percent_change: Text = _w(
        "% change", "Performance table column, where the plan asks for it: that change in per cent"
    )
    change_against: Text = _w(
        "on {figure} ({period})", "Under a change: the figure it is on, and its period"
    )
    up: Text = _w("up", "Beside ↑")
    no_change: Text = _w("no change", "Beside →")
    down: Text = _w("down", "Beside ↓")
    awaiting_data: Text = _w("Awaiting data", "Where a figure is still to come")
    figure_awaited: Text = _w(
        "The {period} figure is awaited.", "Under the latest figure, while a later one is due"
    )
    later_said: Text = _w(
        "{words} ({period}).",
        "Under the latest figure, a later reading's missing-data words and period",
    )
    not_updated: Text = _w(
        "not updated", "Under a status judged on an older figure, none newer published"
    )
    # The trends appendix and its charts.
    trends_intro: Text = _w(
        "The indicators with at least three figures for the same kind of period, up to "
        "{quarter}. Each chart shows those figures as a solid line with round markers, the "
        "target as a dashed line and, where the target allows a margin, the close-to-target "
        "band hatched; the table under it lists every figure reported.",
        "The paragraph opening the trends appendix",
    )
    chart: Text = _w("Chart: {measure}. {summary}", "What a chart is read out as")
    chart_title: Text = _w("Trend: {measure}", "The title of a chart")
    figures: Text = _w("Figures", "Caption of the table under a chart")
    period: Text = _w("Period", "Column of the table under a chart")
    figure: Text = _w("Figure", "Column of the table under a chart")
    baseline_mark: Text = _w("(baseline)", "After the baseline's period under a chart")
    legend_figures: Text = _w("reported figure", "Chart legend: the reported figures")
    legend_band: Text = _w(
        "close to target (within tolerance)", "Chart legend: the close-to-target band"
    )
    per_cent: Text = _w("per cent", "Chart axis of a percentage")
    chart_at_least: Text = _w("target: at least", "Chart legend, before the target")
    chart_at_most: Text = _w("target: at most", "Chart legend, before the target")
    chart_fewer_than: Text = _w("target: fewer than", "Chart legend, before the target")
    chart_range_from: Text = _w("range from", "Chart legend, before the range's low end")
    chart_range_to: Text = _w("range to", "Chart legend, before the range's high end")
    chart_comparator: Text = _w("{name}:", "Chart legend, before a comparator's figure")
    chart_no_increase: Text = _w("no increase on", "Chart legend, before the baseline")
    chart_any_reduction: Text = _w("a reduction on", "Chart legend, before the baseline")
    chart_reduction: Text = _w("{year} target", "Chart legend, before a dated target")
    trend_not_updated: Text = _w(
        "No new figure for {period}{said}; the last is {figure}.",
        "A trend's summary, first, where no newer figure was published ({said}: the "
        "partnership's words in brackets, or nothing)",
    )
    trend_direction: Text = _w(
        "Direction of travel: {direction}, {figure} against {previous}.",
        "A trend's summary, first: the comparison the arrow makes ({direction}: the word "
        "beside the arrow, judged)",
    )
    trend_direction_steady: Text = _w(
        "Direction of travel: {direction}, {figure} against {previous}, a change of "
        "{steady} or less.",
        "A trend's summary, first, where the figures differ by no more than the plan counts "
        "as no change ({steady}: that share)",
    )
    direction_judged: Text = _w(
        "{direction} ({judgement})", "A direction with whether it is better or worse"
    )
    better: Text = _w("better", "A direction that is an improvement")
    worse: Text = _w("worse", "A direction that is a deterioration")
    trend_since_baseline: Text = _w(
        "Since the baseline, {baseline}: {change}.",
        "A trend's summary, second: the change since the baseline, where the chart starts with it",
    )
    trend_since: Text = _w(
        "Since {figure}, the first figure in the chart: {change}.",
        "A trend's summary, second: the change since the first figure charted",
    )
    change_by: Text = _w("{direction} {amount}", "A change since the baseline: up 291")
    target_and_status: Text = _w(
        "Target: {target}. Status: {status}.", "A chart's summary, for a measure with a target"
    )
    # Words of trend summaries before the summaries stated the direction first: no longer
    # printed, accepted so that a plan that set them still validates.
    one_figure: Text = _w("One figure so far: {figure} ({period}).", "No longer printed")
    rose: Text = _w(
        "Rose from {first} ({first_period}) to {last} ({last_period}){across}.",
        "No longer printed",
    )
    fell: Text = _w(
        "Fell from {first} ({first_period}) to {last} ({last_period}){across}.",
        "No longer printed",
    )
    stayed: Text = _w(
        "Stayed at {figure} from {first_period} to {last_period}.", "No longer printed"
    )
    across: Text = _w(" across {count} figures", "No longer printed")
    no_figures: Text = _w("No figures yet.", "No longer printed")
    trend_direction_stated: Text = _w(
        "Direction of travel: {direction}, as published with the latest figure, {figure}; the "
        "previous comparable figure is not in the data.",
        "No longer printed",
    )
    trend_no_direction: Text = _w(
        "Direction of travel: {direction}; {figure} has no earlier comparable figure.",
        "No longer printed",
    )
    trend_no_baseline: Text = _w("Baseline: {baseline}.", "No longer printed")
    # The quarterly report.
    report_title: Text = _w(
        "{partnership}: quarterly performance report, {quarter}", "The quarterly report's title"
    )
    report_heading: Text = _w(
        "Quarterly performance report: {quarter}", "The quarterly report's heading"
    )
    report_file: Text = _w(
        "quarterly performance report",
        "The quarterly report's file name, between the partnership's name and the quarter "
        "(written in lower case with hyphens)",
    )
    report_description: Text = _w(
        "Indicators that need improving, status changes since {previous} and projects past "
        "their due date, as at {quarter}.",
        "The quarterly report's description in its metadata",
    )
    report_intro: Text = _w(
        "The indicators that need improving, the indicators whose status changed since\n"
        "  {previous}, and the projects past their due date, as at the end of\n  {quarter}.",
        "The quarterly report's first paragraph",
    )
    by_status: Text = _w("Indicators by status, {quarter}", "Caption of the report's counts")
    status: Text = _w("Status", "Column of the report's counts")
    indicators: Text = _w("Indicators", "Column of the report's counts")
    needs_improving: Text = _w("Indicators that need improving", "Heading in the report")
    needs_improving_caption: Text = _w(
        "Indicators that need improving ({count})", "Caption in the report"
    )
    indicator: Text = _w("Indicator", "Column in the report")
    latest: Text = _w("Latest", "Column in the report")
    why: Text = _w("Why", "Column in the report")
    none_need_improving: Text = _w("No indicator needs improving.", "In the report")
    status_changes: Text = _w("Status changes since {previous}", "Heading in the report")
    status_changes_caption: Text = _w(
        "Indicators whose status changed ({count})", "Caption in the report"
    )
    no_status_changes: Text = _w("No status changed since {previous}.", "In the report")
    overdue: Text = _w("Projects past their due date", "Heading in the report")
    overdue_caption: Text = _w(
        "Projects whose due date fell before the end of {quarter} ({count})",
        "Caption in the report",
    )
    project: Text = _w("Project", "Column in the report")
    due: Text = _w("Due", "Column in the report")
    none_overdue: Text = _w("No project is past its due date.", "In the report")
    date: Text = _w(
        "{day} {month} {year}", "A date in full, such as 31 March 2019 (and a figure as at a date)"
    )
    months: list[Text] = Field(
        list(FULL_MONTHS),
        min_length=12,
        max_length=12,
        description="The names of the months, January first, for dates in full.",
    )
    # How the tool prints a period (the report quarter, a column heading, a period in a
    # reason), with the month names of months_short; a period a plan writes in a form of
    # its own (Sept 2012, Q3-2017/18) prints as written. model/period_text.py fills them.
    period_quarter: Text = _w("Q{number} {year}", "A quarter: Q3 2017/18, Q3 2013")
    period_quarters: Text = _w(
        "Q{first}-{last} {year}", "Cumulative quarters: Q1-3 2017/18, Q1-2 2013"
    )
    period_month: Text = _w("{month} {year}", "A month: Nov 2017 (month from months_short)")
    period_months: Text = _w("{first}-{last}", "A span of months: Apr-Dec 2013, Oct 2012-Mar 2013")
    period_rolling: Text = _w("{n} months to {month}", "Rolling months: 12 months to Nov 2017")
    period_year_to_date: Text = _w("YTD {month}", "Year to date: YTD Sep 2013")
    period_survey: Text = _w("{year} Survey", "A survey: 2017 Survey")
    period_average: Text = _w(
        "{n} year average {years}", "A multi-year average: 3 year average 07/08-09/10"
    )

    # The engine's words: targets, and the reasons for statuses and directions (in the
    # quarterly report, scp status and the data).
    no_target: Text = _w("none (monitoring)", "A measure without a target")
    target_at_least: Text = _w("at least {value}", "A target")
    target_at_most: Text = _w("at most {value}", "A target")
    target_fewer_than: Text = _w("fewer than {value}", "A target")
    target_between: Text = _w("{low}-{high}", "A range target")
    target_in_line_with: Text = _w(
        "in line with {name} ({value}{when}) or better", "A comparator target"
    )
    target_comparator_when: Text = _w(", {period}", "The comparator's period, in its target")
    target_rank: Text = _w("top {n} of {group}", "A rank target")
    target_no_increase: Text = _w("no increase", "A no-increase target without a baseline")
    target_no_increase_on: Text = _w("no increase on {baseline}", "A no-increase target")
    target_any_reduction: Text = _w("a reduction on {baseline}", "An any-reduction target")
    target_reduction: Text = _w("{percent}% reduction to {value} by {by}", "A reduction target")
    the_baseline: Text = _w("the baseline", "A baseline without a figure, in a target")
    met: Text = _w("met", "A target met")
    within_range: Text = _w("within the range", "A range target met")
    in_line_or_better: Text = _w("in line or better", "A comparator target met")
    no_increase_met: Text = _w("no increase", "A no-increase target met")
    a_reduction: Text = _w("a reduction", "An any-reduction target met")
    no_reduction: Text = _w(
        "no reduction: the same as the baseline", "An any-reduction target, level"
    )
    on_track: Text = _w("on track", "A reduction target on its line")
    within_top: Text = _w("{rank} is within the top {n}", "A rank target met")
    shortfall_within: Text = _w(
        "{gap} {way}{share}, within {tolerance}", "A miss within the tolerance (close)"
    )
    shortfall_beyond: Text = _w("{gap} {way}{share}, beyond {tolerance}", "A miss beyond it")
    share_of_target: Text = _w(" ({share})", "A miss as a share of the target")
    way_short: Text = _w("short", "Below an at-least target")
    way_over: Text = _w("over", "Above an at-most or fewer-than target")
    way_below_range: Text = _w("below the range", "Below a range")
    way_above_range: Text = _w("above the range", "Above a range")
    way_worse: Text = _w("worse", "Worse than a comparator")
    way_higher: Text = _w("higher", "Above the baseline")
    way_behind: Text = _w("behind", "Behind a reduction's line")
    point: Text = _w("{n} point", "A difference of one percentage point")
    points: Text = _w("{n} points", "A difference in percentage points")
    place_short: Text = _w("{n} place short", "One place below a rank target")
    places_short: Text = _w("{n} places short", "Places below a rank target")
    place: Text = _w("{n} place", "The rank tolerance of one place")
    places: Text = _w("{n} places", "The rank tolerance")
    rank_within: Text = _w("{short}, within {limit}", "A rank close to its target")
    rank_beyond: Text = _w("{short}, beyond {limit}", "A rank missing its target")
    ordinal: Text = _w(
        "{n}{suffix}", "A rank: 4th ({suffix} is English's st, nd, rd or th; it may be left out)"
    )
    ranked: Text = _w("{figure} (ranked {rank})", "A figure with its rank")
    expected_by: Text = _w(
        "{expected} expected by {month}: {detail}", "Where a reduction's line is by now"
    )
    reason_against: Text = _w(
        "{figure} against {target}: {detail} → {status}", "The reason for a status"
    )
    reason_part: Text = _w("{target} ({how}: {part})", "A year's target for a part of the year")
    pro_rata: Text = _w("pro rata for {months} of 12 months", "A part of a year's target")
    by_profile: Text = _w(
        "by its profile, {share} of the year's by {month}", "A part of a year's target"
    )
    reason_no_target: Text = _w("{figure}; no target → {status}", "The reason for Monitoring")
    reason_without_figure: Text = _w(
        "{why}; target {target} → {status}", "The reason for a status without a figure"
    )
    no_reading: Text = _w("no reading as at {quarter}", "Why there is no figure")
    no_figure_yet: Text = _w("no figure yet for {period}", "Why there is no figure")
    no_rank_yet: Text = _w("no rank yet for {period}", "Why a rank target has no figure")
    overridden: Text = _w(
        "{reason}; overridden → {status}: {why}", "The reason for an overridden status"
    )
    later_awaited: Text = _w("the {period} figure is awaited", "A later figure still to come")
    later_awaited_said: Text = _w(
        "the {period} figure is awaited ({words})", "A later figure still to come"
    )
    later_not_published: Text = _w(
        "not updated: no new figure published for {period}{said}",
        "No newer figure published",
    )
    later_said_in_brackets: Text = _w(" ({words})", "A later reading's own words")
    direction_change: Text = _w(
        "{latest} ({period}) against {previous} ({previous_period}): change {change}{share} {how}",
        "The reason for a direction of travel",
    )
    steady_within: Text = _w("within {steady}", "A change small enough to be steady")
    steady_beyond: Text = _w("beyond {steady}", "A change bigger than steady")
    direction_stated: Text = _w(
        "no earlier comparable reading; direction as published", "A direction as published"
    )
    # Chance or change (status_rules direction_method: significance, close_by_interval).
    direction_tested: Text = _w(
        "{latest} ({period}) against {previous} ({previous_period}): {result} ({p}) → {direction}",
        "The reason for a direction tested for significance",
    )
    significant_rise: Text = _w("a significant rise", "A significant change up")
    significant_fall: Text = _w("a significant fall", "A significant change down")
    not_significant: Text = _w("not significant", "A change that may be chance")
    significant_unchanged: Text = _w(
        "a significant difference in the counts behind the same figure as written",
        "Counts that differ significantly behind figures that are equal as written",
    )
    no_significant_change: Text = _w(
        "no significant change", "Beside → where the change is not significant"
    )
    direction_untested: Text = _w(
        "{reason}; not tested for significance: {why}",
        "A direction decided by steady_percent where the counts are not given",
    )
    untested_percent: Text = _w("no numerator and denominator", "Why a percentage is not tested")
    untested_rate: Text = _w("no count and population", "Why a rate is not tested")
    untested_count: Text = _w("not a whole count", "Why a count is not tested")
    untested_score: Text = _w("a score has no counts", "Why a score is not tested")
    p_equals: Text = _w("p = {p}", "A p-value")
    p_below: Text = _w("p < {p}", "A p-value too small to give")
    interval: Text = _w("{low}–{high}", "A confidence interval after its figure: 46–52%")
    interval_includes: Text = _w(
        "{detail}, but its {confidence} interval {interval} includes the target",
        "A miss whose confidence interval includes the target (close_by_interval)",
    )
    interval_excludes: Text = _w(
        "{detail}; its {confidence} interval {interval} excludes the target",
        "A miss whose confidence interval excludes the target (close_by_interval)",
    )
    interval_missing: Text = _w(
        "{detail}; no interval to judge by: {why}",
        "A miss judged by close_percent where no interval can be found (close_by_interval)",
    )
    confidence_interval: Text = _w(
        "{confidence} confidence interval", "Heading or label of a confidence interval"
    )
    recent_trend: Text = _w("Recent trend", "Label of the recent trend")
    recent_trend_sentence: Text = _w(
        "Recent trend: {trend}.", "The recent trend in the trends appendix"
    )
    trend_increasing: Text = _w("increasing", "A significant rise, no polarity")
    trend_decreasing: Text = _w("decreasing", "A significant fall, no polarity")
    trend_increasing_better: Text = _w("increasing and getting better", "A recent trend")
    trend_increasing_worse: Text = _w("increasing and getting worse", "A recent trend")
    trend_decreasing_better: Text = _w("decreasing and getting better", "A recent trend")
    trend_decreasing_worse: Text = _w("decreasing and getting worse", "A recent trend")
    trend_no_change: Text = _w("no significant change", "A recent trend that may be chance")
    trend_too_few: Text = _w(
        "too few figures for a trend ({points} of {needed})",
        "Fewer comparable figures with counts than a trend needs",
    )
    trend_not_calculated: Text = _w(
        "could not be calculated", "A trend the test cannot fit (every count at one time)"
    )
    trend_test_counts: Text = _w("Poisson regression", "The trend test on counts and rates")
    trend_test_proportions: Text = _w("chi-squared test for trend", "The trend test on percentages")
    trend_reason: Text = _w(
        "{points} figures, {first} to {last}: {test}, {p} → {trend}",
        "The reason for a recent trend",
    )
    trend_reason_untested: Text = _w(
        "{points} figures, {first} to {last}: {test} → {trend}",
        "The reason for a trend that could not be calculated",
    )
    # Comparisons: any increase, a baseline worked out from a reduction target.
    target_any_increase: Text = _w("an increase on {baseline}", "An any-increase target")
    an_increase: Text = _w("an increase", "An any-increase target met")
    no_increase_level: Text = _w(
        "no increase: the same as the baseline", "An any-increase target, level"
    )
    way_lower: Text = _w("lower", "Below the baseline")
    chart_any_increase: Text = _w("an increase on", "Chart legend, before the baseline")
    target_reduction_from: Text = _w(
        "{percent}% reduction to {value} by {by}, from {baseline} worked out from the target",
        "A reduction target whose baseline is worked out from its end figure and percentage",
    )
    rank_of_n: Text = _w("{rank} of {n}", "A rank with its group's size: 13th of 15")
    rank_in_group: Text = _w(
        "{rank} in {group}", "A rank within a named group: 8th of 15 in family group"
    )
    position_above: Text = _w("above", "A figure above its group's control limits")
    position_in_line: Text = _w("in line with", "A figure inside its group's control limits")
    position_below: Text = _w("below", "A figure below its group's control limits")
    with_group: Text = _w("{figure} ({compared})", "A figure with its comparator group")
    group_compared: Text = _w(
        "{position} the {group}: {distance} on its average of {average}",
        "A figure's position in its group: in line with the most similar group: +14.6% on "
        "its average of 10.8",
    )
    group_unplaced: Text = _w(
        "{distance} on the {group} average of {average}",
        "A figure's distance from its group's average, where its counts are not given",
    )
    target_in_line_with_group: Text = _w(
        "in line with its comparator group or better", "A comparator group target"
    )
    group_within: Text = _w(
        "{position} the {group}'s {confidence} control limits ({low}–{high})",
        "A figure against its group's control limits, in a reason",
    )
    target_change: Text = _w(
        "more than {better} better than {against} (within {worse} worse is close)",
        "A target rated by change",
    )
    against_previous: Text = _w(
        "the previous comparable figure", "What a change is on: the previous figure"
    )
    against_year_earlier: Text = _w(
        "the same period a year earlier", "What a change is on: a year earlier"
    )
    target_reduction_on_last_year: Text = _w(
        "a reduction on the same period a year earlier", "A reduction on last year's figure"
    )
    change_better: Text = _w("more than {band} better", "A change rated met")
    change_worse: Text = _w("more than {band} worse", "A change rated missed")
    change_within: Text = _w("within {worse} worse and {better} better", "A change rated close")
    change_on: Text = _w(
        "{change}on {figure} ({period}): {detail}",
        "A figure judged on an earlier one: its change ({change}: +12.5% and a space, or "
        "nothing from 0), the earlier figure and period",
    )
    no_figure_before: Text = _w(
        "no earlier comparable figure to compare {period} with",
        "Why a target judged on change cannot be judged yet",
    )
    projection: Text = _w(
        "projected year end {value} ({how}){change}",
        "A count year to date carried to the year's end",
    )
    as_last_year: Text = _w(
        "as {period} was of {year}", "A projection by last year's pattern: as Q1-2 2003/04 was"
    )
    projection_change: Text = _w(
        ", {share} ({gap}) on {figure} ({period})",
        "A projection's change on last year's figure: , +2.4% (+28) on 1,182 (2012/13)",
    )
    projected_to_meet: Text = _w(
        "{detail}, but projected to meet the year's target",
        "A miss whose projected year end meets the target (close_by_projection)",
    )
    not_projected_to_meet: Text = _w(
        "{detail}, and not projected to meet the year's target",
        "A miss whose projected year end misses the target too (close_by_projection)",
    )
    met_by: Text = _w(
        "met: {gap} {way}{share}",
        "A limit met, with its margin (margin_when_met): met: 36 under (3%)",
    )
    way_under: Text = _w("under", "Below a limit met")
    # scp status at the terminal.
    terminal_summary_title: Text = _w("Status as at {quarter}", "scp status: the summary's title")
    terminal_theme: Text = _w("Theme", "scp status: the summary's first column")
    terminal_total: Text = _w("Total", "scp status: the summary's last column")
    terminal_all: Text = _w("all", "scp status: the summary's last row")
    terminal_title: Text = _w(
        "{title} ({id}): latest figures for {quarter}", "scp status THEME: a table's title"
    )
    terminal_report_quarter: Text = _w(
        "(report quarter {quarter}, {arrears})",
        "scp status THEME: after the title, where the theme's figures are in arrears",
    )
    terminal_arrears_one: Text = _w(
        "figures a quarter in arrears", "scp status THEME: figures one quarter behind"
    )
    terminal_arrears: Text = _w(
        "figures {n} quarters in arrears", "scp status THEME: figures {n} quarters behind"
    )
    terminal_measure: Text = _w("Measure and reason", "scp status THEME: the first column")
    terminal_figures: Text = _w(
        "Target, baseline{period}, latest",
        "scp status THEME: the second column ({period}: a space and the baseline's period, "
        "or nothing)",
    )
    terminal_direction: Text = _w("Dir.", "scp status THEME: the direction column")
    terminal_status: Text = _w("Status", "scp status THEME: the status column")
    terminal_target: Text = _w("target: {target}", "scp status THEME: the target")
    terminal_baseline: Text = _w("baseline: {figure}", "scp status THEME: the baseline")
    terminal_latest: Text = _w("latest: {figure}", "scp status THEME: the latest figure")
    terminal_change: Text = _w(
        "change: {change}, {percent} {against}",
        "scp status THEME: the change on the figure the direction was compared with, where "
        "the plan asks for the change columns",
    )
    terminal_note: Text = _w("Note: {note}", "scp status THEME: a reading's note")
    terminal_direction_reason: Text = _w(
        "Direction: {reason}", "scp status THEME: how the direction was found"
    )
    terminal_trend: Text = _w("Recent trend: {reason}", "scp status THEME: the recent trend")
    terminal_override: Text = _w("(override)", "scp status THEME: after an overridden status")
    terminal_not_significant: Text = _w(
        "n.s.", "scp status THEME: beside → for no significant change"
    )
    terminal_legend: Text = _w(
        "Dir.: direction of travel; * as published (no earlier comparable figure to compute "
        "it from)",
        "scp status THEME: the line under the tables",
    )
    terminal_legend_not_significant: Text = _w(
        "n.s.: no significant change", "scp status THEME: added to that line under a test"
    )
    terminal_no_measures: Text = _w(
        "{title} ({id}) has no performance measures.", "scp status THEME: a theme without any"
    )
    months_short: list[Text] = Field(
        list(MONTHS),
        min_length=12,
        max_length=12,
        description="The short names of the months, January first, as in 'expected by Mar 2018'.",
    )

    @model_validator(mode="wrap")
    @classmethod
    def _same_blanks(cls, data: Any, handler: ModelWrapValidatorHandler[Words]) -> Words:
        """Each word given holds the blanks of the English word it replaces. One check over
        the words given, rather than a validator on each of the table's hundreds of fields,
        which every command would build as it starts; its problems are reported at their
        words with every other problem of the table."""
        found: list[InitErrorDetails] = []
        if isinstance(data, dict):
            fields = cls.model_fields
            for name, value in data.items():
                field = fields.get(name) if isinstance(name, str) else None
                if field is not None and isinstance(value, str) and isinstance(field.default, str):
                    message = _blanks_problem(name, value, field.default)
                    if message is not None:
                        found.append(_value_error(name, value, message))
        if not found:
            return handler(data)
        try:
            handler(data)
        except ValidationError as e:
            # A word the table's own check refuses (not text, too long) is reported as that.
            refused = {err["loc"][0] for err in e.errors() if err["loc"]}
            found = [*_details(e), *(f for f in found if f["loc"][0] not in refused)]
        # In the table's order, as each field's own check would list them; unknown keys last.
        order = {name: i for i, name in enumerate(cls.model_fields)}
        found.sort(key=lambda f: order.get(str(f["loc"][0]) if f["loc"] else "", len(order)))
        raise ValidationError.from_exception_data(cls.__name__, found)

    def direction(self, name: str) -> str:
        """The word beside an arrow: up, no change (steady) or down."""
        return {"up": self.up, "steady": self.no_change, "down": self.down}[name]


def _blanks_problem(name: str, value: str, default: str) -> str | None:
    """What is wrong with a plan's word `value` for the word `name`, whose English is
    `default`: a brace that is not a blank, or other blanks than the English word's."""
    problem = blank_problem(value)
    if problem:
        return f"{value[:80]!r} {problem}"
    wanted = blanks(default)
    optional = OPTIONAL_BLANKS.get(name, set())
    try:
        given: set[str] | None = blanks(value)
    except ValueError:  # a lone { or }
        given = None
    if given is None or not wanted - optional <= given <= wanted:
        needs = ", ".join(f"{{{b}}}" for b in sorted(wanted - optional))
        holds = f"hold {needs}" if wanted else "hold no {...} blanks"
        may = ", ".join(f"{{{b}}}" for b in sorted(optional))
        holds += f" (and may hold {may})" if optional else ""
        return f"{value!r} must {holds}, as the English {default!r} does"
    return None


def _value_error(name: str, value: str, message: str) -> InitErrorDetails:
    """A problem with the word `name`, as a field's own check would raise it."""
    return InitErrorDetails(
        type="value_error", loc=(name,), input=value, ctx={"error": ValueError(message)}
    )


def _details(error: ValidationError) -> list[InitErrorDetails]:
    """The problems of a validation error, to raise again with others."""
    out = []
    for err in error.errors(include_url=False):
        details = InitErrorDetails(type=err["type"], loc=tuple(err["loc"]), input=err["input"])
        if "ctx" in err:
            details["ctx"] = err["ctx"]
        out.append(details)
    return out


DEFAULT_WORDS = Words()
