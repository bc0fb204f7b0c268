"""The `scp` command line. Commands parse arguments, call one stage after another,
print, and map errors to exit codes: 0 ok, 1 invalid plan or failed build, 2 wrong usage.

Heavy modules are imported inside the command that needs them, so `scp status` and
`scp validate` start fast and never import Jinja or WeasyPrint.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .entry import fail as _fail
from .entry import guarded
from .errors import ScpError, UsageError

app = typer.Typer(
    name="scp",
    help="Plan-as-code reporting for Community Safety Partnerships.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

PlanOption = Annotated[Path, typer.Option("--plan", help="The plan folder.", show_default=True)]
QuarterOption = Annotated[
    str | None,
    typer.Option(
        "--quarter",
        "-Q",
        help="Report quarter, such as Q3-2017/18 (default: the latest quarter with readings).",
    ),
]


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


def _version(value: bool) -> None:
    if value:
        print(f"scp-report {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Plan-as-code reporting for Community Safety Partnerships."""


@app.command()
def validate(
    plan: PlanOption = Path("plan"),
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="text, json, or github (annotation lines).")
    ] = OutputFormat.text,
) -> None:
    """Check every plan file; list every problem with its file, line and column."""
    from . import entry

    entry.validate(str(plan), strict=strict, output=output.value)


@app.command()
def schema(
    out: Annotated[
        Path, typer.Option("--out", help="Folder to write the JSON Schema files into.")
    ] = Path("schema"),
) -> None:
    """Write JSON Schemas (draft 7) of the plan files, for editors."""
    from .schema import write_schemas

    try:
        for path in write_schemas(out):
            print(path)
    except ScpError as e:
        _fail(e)
    except OSError as e:  # the folder cannot be made: a file is in the way, no permission
        _fail(ScpError(f"cannot write {out}: {e.strerror}"))


@app.command()
def status(
    theme: Annotated[str | None, typer.Argument(help="A theme id, such as dasv.")] = None,
    quarter: QuarterOption = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="Every indicator of every theme.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="A JSON array, one object per indicator.")
    ] = False,
    plan: PlanOption = Path("plan"),
) -> None:
    """Indicators with their status, direction and reason, at the terminal."""
    from . import entry

    entry.status(str(plan), theme=theme, quarter=quarter, show_all=show_all, as_json=as_json)


@app.command("new-quarter")
def new_quarter(
    quarter: Annotated[str, typer.Argument(help="The quarter to start, such as Q4-2017/18.")],
    plan: PlanOption = Path("plan"),
) -> None:
    """Write the readings file for a quarter: every indicator, its period, values empty."""
    from .cycle import new_quarter as run_new_quarter
    from .periods import PeriodError, parse_quarter

    try:
        try:
            q = parse_quarter(quarter)
        except PeriodError as e:
            raise UsageError(str(e)) from None
        path, count = run_new_quarter(plan, q)
    except ScpError as e:
        _fail(e)
    print(f"{path}: {count} indicators awaiting figures for {q}")


@app.command("import")
def import_readings(
    file: Annotated[
        Path | None, typer.Argument(help="The CSV or XLSX file of figures to import.")
    ] = None,
    quarter: Annotated[
        str, typer.Option("--quarter", "-Q", help="The quarter the figures are reported in.")
    ] = "",
    plan: PlanOption = Path("plan"),
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace figures already entered for the quarter.")
    ] = False,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template",
            help="Write an empty sheet of the expected rows to this "
            "file (.csv or .xlsx) instead of importing.",
        ),
    ] = None,
) -> None:
    """Import a quarter's figures from a spreadsheet, checking every row first."""
    from .importing import run_import, write_template
    from .periods import PeriodError, parse_quarter

    try:
        if not quarter:
            raise UsageError("give --quarter, such as --quarter Q4-2017/18")
        try:
            q = parse_quarter(quarter)
        except PeriodError as e:
            raise UsageError(str(e)) from None
        if template is not None:
            if file is not None:
                raise UsageError("give either FILE to import or --template to write, not both")
            count = write_template(plan, template, q)
            print(f"{template}: {count} rows expected for {q}")
            return
        if file is None:
            raise UsageError("give the CSV or XLSX FILE to import (or --template OUT)")
        path, count = run_import(plan, file, q, replace=replace)
    except ScpError as e:
        _fail(e)
    print(f"{path}: {count} readings imported from {file}")


@app.command("diff")
def diff_quarters(
    quarter_from: Annotated[str, typer.Argument(help="The earlier quarter, such as Q3-2017/18.")],
    quarter_to: Annotated[str, typer.Argument(help="The later quarter, such as Q4-2017/18.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
    plan: PlanOption = Path("plan"),
) -> None:
    """What changed between two quarters: statuses, directions, new and missing readings."""
    import json

    from .diff import diff, diff_text
    from .loading import load_plan
    from .periods import PeriodError, parse_quarter

    try:
        try:
            q_from, q_to = parse_quarter(quarter_from), parse_quarter(quarter_to)
        except PeriodError as e:
            raise UsageError(str(e)) from None
        if not q_from < q_to:
            raise UsageError(f"{quarter_from} is not before {quarter_to}")
        d = diff(load_plan(plan).plan, q_from, q_to)
    except ScpError as e:
        _fail(e)
    if as_json:
        print(json.dumps(d.as_json(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(diff_text(d))


@app.command("init")
def init_plan(
    folder: Annotated[Path, typer.Argument(help="Folder for the new partnership's files.")],
    name: Annotated[
        str, typer.Option("--name", help='The partnership\'s name, such as "Safer Somewhere".')
    ],
    quarter: Annotated[
        str | None,
        typer.Option(
            "--quarter",
            "-Q",
            help="Quarter of the example readings (default: the current quarter).",
        ),
    ] = None,
) -> None:
    """Start a new partnership's plan: a skeleton that validates and builds at once."""
    from .init import init
    from .periods import PeriodError, parse_quarter

    try:
        try:
            q = parse_quarter(quarter) if quarter else None
        except PeriodError as e:
            raise UsageError(str(e)) from None
        written = init(folder, name, q)
    except ScpError as e:
        _fail(e)
    for path in written:
        print(path)
    print(f"Next: cd {folder} && scp validate && scp build", file=sys.stderr)


class Report(StrEnum):
    plan = "plan"
    quarterly = "quarterly"


class BuildFormat(StrEnum):
    html = "html"
    pdf = "pdf"
    data = "data"
    all = "all"


@app.command()
def build(
    quarter: QuarterOption = None,
    plan: PlanOption = Path("plan"),
    out: Annotated[Path, typer.Option("--out", help="Folder to write the outputs into.")] = Path(
        "out"
    ),
    output: Annotated[
        BuildFormat,
        typer.Option("--format", help="html, pdf, data (CSV and JSON), or all of them."),
    ] = BuildFormat.all,
    report: Annotated[
        Report,
        typer.Option(
            "--report",
            help="plan (the delivery plan and performance framework) or "
            "quarterly (a short exception report for the board).",
        ),
    ] = Report.plan,
    templates: Annotated[
        Path | None,
        typer.Option("--templates", help="Templates folder (default: the bundled templates)."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress lines.")] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="Render the PDF even if the cache holds it (HTML unchanged)."),
    ] = False,
) -> None:
    """Render the plan document as at a quarter: self-contained HTML and tagged PDF."""
    from .render.pdf import PdfWorker

    if report == Report.quarterly and output == BuildFormat.data:
        _fail(UsageError("the quarterly report is a document: use --format html, pdf or all"))
    # First of all, so that WeasyPrint loads in a child while this process loads the plan.
    worker = PdfWorker() if output in (BuildFormat.pdf, BuildFormat.all) else None
    try:
        from .build import Progress
        from .build import build as run_build

        result = run_build(
            plan,
            quarter=quarter,
            out=out,
            fmt=output.value,
            report=report.value,
            templates=templates,
            force=force,
            progress=Progress(enabled=not quiet and sys.stderr.isatty()),
            pdf_worker=worker,
        )
    except ScpError as e:
        _fail(e)
    finally:
        if worker is not None:
            worker.close()
    for path in result.written:
        print(path)


cache_app = typer.Typer(
    name="cache",
    help="The plan's cache of parsed files and rendered PDFs (.scp-cache/ beside the plan).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(cache_app)


@cache_app.command("clear")
def cache_clear(plan: PlanOption = Path("plan")) -> None:
    """Remove the plan's cache folder (.scp-cache/ beside the plan folder)."""
    from .cache import clear

    try:
        if not plan.is_dir():
            raise UsageError(f"plan folder not found: {str(plan).rstrip('/') or '.'}")
        folder = clear(plan)
    except OSError as e:
        _fail(ScpError(f"cannot remove the cache: {e.strerror}"))
    except ScpError as e:
        _fail(e)
    print(f"cleared {folder}")


def main() -> None:
    """The full command line as a console entry point (`scp` itself starts in
    `entry.main`, which answers the inner loop's commands before loading this)."""
    guarded(app)
