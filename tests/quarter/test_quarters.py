"""The quarter a command reports on, and what a quarter just started shows: the default
is the latest quarter with a figure, a quarter after the last readings file is refused,
an empty placeholder never hides the last figure, a generated file never fails, and an
indicator's declared kind of period is the one asked for."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ..builders import overlay
from ..helpers import PLAN
from ..helpers import run_cli as run


@pytest.fixture
def bundled(in_tmp: Path) -> Path:
    """A copy of the bundled plan, Q4 2017/18 started with `scp new-quarter`."""
    shutil.copytree(PLAN, in_tmp / "plan")
    code, out, _ = run("new-quarter", "Q4-2017/18")
    assert (code, out) == (
        0,
        "plan/readings/2017-18-q4.yaml: 38 indicators awaiting figures for Q4 2017/18\n",
    )
    return in_tmp / "plan"


def _row(rows: list[dict[str, object]], ident: str) -> dict[str, object]:
    return next(r for r in rows if r["id"] == ident)


def test_a_quarter_just_started_is_not_the_default(bundled: Path) -> None:
    code, out, _ = run("status")
    assert code == 0 and out.splitlines()[0] == "Status as at Q3 2017/18"
    code, out, _ = run("build", "--format", "data", "--out", "out")
    assert code == 0 and out.splitlines()[0].endswith("-2017-18-q3.csv")


def test_an_empty_placeholder_never_hides_the_last_figure(bundled: Path) -> None:
    code, out, _ = run("status", "alcohol", "--json", "--quarter", "Q4-2017/18")
    row = _row(json.loads(out), "alcohol-hospital-admissions")
    assert (row["latest_text"], row["latest_period"], row["status"]) == (
        "738",
        "2016/17",
        "Needs improving",
    )
    assert row["awaited_period"] == "2017/18"
    assert str(row["reason"]).endswith("; the 2017/18 figure is awaited")
    code, _, err = run("build", "--quarter", "Q4-2017/18", "--format", "html", "--out", "out")
    assert code == 0, err
    html = next(Path("out").glob("*.html")).read_text()
    start = html.index('id="measure-alcohol-hospital-admissions"')
    cell = html[start : html.index("</tr>", start)]
    assert '738 <span class="period">(2016/17)</span>' in cell
    assert '<span class="awaited">The 2017/18 figure is awaited.</span>' in cell


def test_readings_counts_leave_out_empty_placeholders(bundled: Path) -> None:
    code, out, _ = run("validate", "--strict")
    assert (code, out.splitlines()[-1]) == (
        0,
        "plan/: 12 themes, 38 projects, 39 indicators, 39 readings (38 awaited): OK",
    )


@pytest.mark.parametrize("command", ["build", "status"])
def test_a_quarter_after_the_last_readings_file_is_refused(in_tmp: Path, command: str) -> None:
    shutil.copytree(PLAN, in_tmp / "plan")
    code, out, err = run(command, "--quarter", "Q1-2030/31")
    assert (code, out) == (2, "")
    assert err == (
        "error: no readings for Q1 2030/31: the plan has readings for Q3 2017/18; "
        "start a quarter with scp new-quarter\n"
    )
    assert not (in_tmp / "out").exists()


def test_an_earlier_quarter_can_be_started_and_validates(in_tmp: Path) -> None:
    # The bundled plan's survey baseline (2017 Survey) ends after Q2 2017/18: the survey
    # measure owes nothing in Q2, and the file new-quarter writes never fails.
    shutil.copytree(PLAN, in_tmp / "plan")
    code, _, err = run("new-quarter", "Q2-2017/18")
    assert code == 0, err
    text = (in_tmp / "plan/readings/2017-18-q2.yaml").read_text()
    assert "alcohol-hospital-admissions" not in text  # its 2016/17 figure is in Q3's file
    assert "12 months to Sep 2017" in text  # rolling measures keep their kind
    assert run("validate", "--strict")[0] == 0


def _declare(root: Path, indicator: str, reports: str) -> None:
    theme = root / "themes" / "example.yaml"
    text = theme.read_text()
    at = text.index(f"  - id: {indicator}\n")
    line_end = text.index("\n", at) + 1
    theme.write_text(text[:line_end] + f"    reports: {reports}\n" + text[line_end:])


def test_a_declared_kind_of_period_is_the_one_asked_for(in_tmp: Path) -> None:
    root = overlay("minimal", in_tmp / "plan")
    for f in (root / "readings").iterdir():
        f.unlink()  # a new plan: no earlier reading to infer the kind from
    _declare(root, "example-count", "rolling 12 months")
    _declare(root, "example-first-time", "financial year")
    code, _, err = run("new-quarter", "Q3-2017/18")
    assert code == 0, err
    text = (root / "readings" / "2017-18-q3.yaml").read_text()
    assert (
        'indicator: example-count  # Number of referrals\n    period: "12 months to Dec 2017"'
        in text
    )
    assert (
        "indicator: example-first-time  # 50% of incidents are first time reports\n"
        '    period: "2016/17"' in text
    )
    assert run("import", "--template", "q3.csv", "--quarter", "Q3-2017/18")[0] == 0
    rows = {line.split(",")[0]: line for line in Path("q3.csv").read_text().splitlines()}
    assert ",12 months to Dec 2017," in rows["example-count"]
    # A sheet giving a figure of the declared kind is taken at once.
    Path("in.csv").write_text("indicator,value,period\nexample-count,12,12 months to Dec 2017\n")
    code, _, err = run("import", "in.csv", "--quarter", "Q3-2017/18")
    assert code == 0, err


def test_a_reading_of_another_kind_than_declared_is_a_warning(in_tmp: Path) -> None:
    root = overlay("minimal", in_tmp / "plan")
    _declare(root, "example-count", "rolling 12 months")
    code, out, _ = run("validate")
    assert code == 0
    assert (
        "plan/readings/2017-18-q3.yaml:12:13: warning: readings[2].period: example-count "
        "reports rolling 12 months figures (its reports: setting), so a reading should "
        "cover such a period, not Q3 2017/18"
    ) in out.splitlines()
    assert run("validate", "--strict")[0] == 1


def test_an_unknown_kind_of_period_is_refused_with_the_kinds(in_tmp: Path) -> None:
    root = overlay("minimal", in_tmp / "plan")
    _declare(root, "example-count", "monthly")
    code, out, _ = run("validate")
    assert code == 1
    assert (
        "indicators[1].reports: 'monthly' is not a kind of period; expected one of: quarter, "
        "financial year, calendar year, month, rolling N months (such as rolling 12 "
        "months), cumulative quarters, year to date, as at (a date), survey or multi-year "
        "average"
    ) in out


def test_new_quarter_counts_one_indicator_in_the_singular(in_tmp: Path) -> None:
    root = overlay("minimal", in_tmp / "plan")
    partnership = root / "partnership.yaml"
    text = partnership.read_text()
    partnership.write_text(text[: text.index("headline:")] + text[text.index("themes:") :])
    theme = root / "themes" / "example.yaml"
    text = theme.read_text()
    start, end = text.index("  - id: example-count"), text.index("footnotes:")
    theme.write_text(text[:start] + text[end:])
    readings = root / "readings" / "2017-18-q3.yaml"
    readings.write_text(
        'quarter: Q3-2017/18\nreadings:\n  - {indicator: example-first-time, period: "Q3 2017/18", '
        "value: 49}\n"
    )
    code, out, err = run("new-quarter", "Q4-2017/18")
    assert (code, out) == (
        0,
        "plan/readings/2017-18-q4.yaml: 1 indicator awaiting figures for Q4 2017/18\n",
    ), err
