"""The `scp` command line (also installed as `scp-report`, and run by `python -m
scp_report`). Each command parses its arguments, calls the library's stages one after
another and prints. This is the only place that turns errors into messages and exit
codes (0 ok, 1 invalid plan or failed build, 2 wrong usage, 130 interrupted) and that
handles signals.

Heavy modules are imported inside the command that needs them, so `scp status` and
`scp validate` start fast and never import Jinja or WeasyPrint.
"""

from __future__ import annotations

import errno
import os
import signal
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from . import __version__
from .errors import PlanError, ScpError, UsageError

if TYPE_CHECKING:
    from .model.models import Plan
    from .model.periods import Period

DEBUG_ENV = "SCP_DEBUG"
PARTNERSHIP_FILE = "partnership.yaml"  # as plan.loader names it; completion loads no plan

COMPLETION_NAMES = ("scp-report", "scp")
SHELLS = ("bash", "zsh", "fish", "powershell")


app = typer.Typer(
    name="scp",
    help="Plan-as-code reporting for Community Safety Partnerships.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    # Completion is ours (see _install_completion): typer's would register it for the
    # name the command was run by, and `scp` is OpenSSH's too.
    add_completion=False,
)

# --- completion: what a shell offers after Tab (never an error, never slow) -------------


def _plan_folder(ctx: typer.Context) -> Path:
    return Path(ctx.params.get("plan") or "plan")


def _complete_plans(incomplete: str) -> list[str]:
    """Folders that hold a plan (partnership.yaml), beside the one being typed."""
    typed = Path(incomplete) if incomplete else Path()
    base = typed if incomplete.endswith("/") else typed.parent
    try:
        folders = sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError:
        return []
    found = [str(base) if str(base) != "." else "."] if (base / PARTNERSHIP_FILE).is_file() else []
    found += [
        str(p)
        for p in folders
        if (p / PARTNERSHIP_FILE).is_file() or (p / "plan" / PARTNERSHIP_FILE).is_file()
    ]
    return [f for f in found if f.startswith(incomplete)]


def _complete_themes(ctx: typer.Context, incomplete: str) -> list[str]:
    """The plan's theme ids, in its order (the headline section's too)."""
    import yaml

    try:
        data = yaml.safe_load((_plan_folder(ctx) / PARTNERSHIP_FILE).read_text("utf-8"))
        themes = [str(t) for t in data.get("themes") or []]
        ids = (["headline"] if data.get("headline") else []) + themes
    except (OSError, yaml.YAMLError, AttributeError, TypeError, UnicodeError):
        return []
    return [i for i in ids if i.startswith(incomplete)]


def _complete_quarters(ctx: typer.Context, incomplete: str) -> list[str]:
    """The quarters the plan has readings files for, and the one after the last."""
    from .model.periods import quarter_from_slug, quarter_id, shift_quarter

    try:
        names = [p.stem for p in (_plan_folder(ctx) / "readings").glob("*.yaml")]
    except OSError:
        return []
    quarters = sorted(q for q in map(quarter_from_slug, names) if q is not None)
    if quarters:
        quarters.append(shift_quarter(quarters[-1], 1))
    ids = [quarter_id(q) for q in quarters]
    return [i for i in ids if i.startswith(incomplete)]


PlanOption = Annotated[
    Path,
    typer.Option(
        "--plan",
        help="The plan folder.",
        show_default=True,
        autocompletion=_complete_plans,
    ),
]
QuarterOption = Annotated[
    str | None,
    typer.Option(
        "--quarter",
        "-Q",
        help="Report quarter, such as Q3-2017/18 (default: the latest quarter with readings).",
        autocompletion=_complete_quarters,
    ),
]


class YearStarts(StrEnum):
    april = "April"
    january = "January"


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


# --- errors, output and the stages every command shares --------------------------------


def fail(error: ScpError) -> NoReturn:
    """Print a user-facing error and exit with its code (1, or 2 for wrong usage)."""
    from .model.control import printable
    from .views.problems import problem_line

    if isinstance(error, PlanError):
        for p in error.problems:
            print(problem_line(p), file=sys.stderr)
        if error.more:
            print(
                f"... and {error.more:,} more like these, not listed: put right the rows "
                "above, then run the command again to see what is left",
                file=sys.stderr,
            )
        n = len(error.errors) + error.more
        print(f"{n:,} error{'s' if n != 1 else ''}: {error.verdict}", file=sys.stderr)
    else:
        print(f"error: {printable(str(error))}", file=sys.stderr)
    raise typer.Exit(error.exit_code)


def _echo(text: str, *, as_json: bool = False, escaped: bool = False) -> None:
    """Text on standard output (no newline added), with any control character in it
    written as an escape, so that none acts on the terminal: JSON's own escapes for JSON
    (`as_json`); as it is where the view has escaped what came from the plan already
    (`escaped`: `scp status`, whose colours are escape sequences)."""
    from .model.control import printable, printable_json

    if as_json:
        text = printable_json(text)
    elif not escaped:
        text = printable(text)
    sys.stdout.write(text)


def _quarter(text: str) -> Period:
    """A quarter given on the command line; a malformed one is wrong usage."""
    from .model.periods import PeriodError, parse_quarter

    try:
        return parse_quarter(text)
    except PeriodError as e:
        raise UsageError(str(e)) from None


def _cache_usable(plan: Path, avoid: tuple[Path, ...] = ()) -> bool:
    """Whether the plan's cache may be used; says why not on standard error when its
    folder is there but is a link or not a folder (cache.refused)."""
    from . import cache as caches

    if caches.enabled() and plan.is_dir() and (why := caches.refused(plan)) is not None:
        print(f"note: {why}", file=sys.stderr)
        return False
    return caches.usable(plan, avoid=avoid)


def _load(plan: Path, *, cache: bool = True, avoid: tuple[Path, ...] = ()) -> Plan:
    """The plan, checked (with the parse cache unless it is off or would sit in `avoid`)."""
    from .plan.loader import load_plan

    return load_plan(plan, cache=cache and _cache_usable(plan, avoid)).plan


def _report_quarter(plan: Plan, text: str | None) -> Period:
    """The quarter asked for, or the latest with a figure. A quarter after the last
    readings file would show old figures as that quarter's: wrong usage."""
    from .model.periods import quarter_id, quarter_kind_of, quarter_of
    from .status.snapshot import quarters_with_figures, report_quarters

    files = report_quarters(plan)
    if text is not None:
        quarter = _quarter(text)
        if quarter.kind != quarter_kind_of(plan.partnership.year_start):
            starts = plan.partnership.year_starts
            raise UsageError(
                f"{text!r}: this plan's year starts in {starts}: give the quarter as "
                f"{quarter_id(quarter_of(quarter.first, plan.partnership.year_start))}"
            )
        if files and quarter > files[-1]:
            raise UsageError(
                f"no readings for {quarter}: the plan has readings for "
                f"{_quarter_list(files)}; start a quarter with scp new-quarter"
            )
        return quarter
    quarters = quarters_with_figures(plan) or files
    if not quarters:
        raise UsageError("the plan has no readings yet; give --quarter")
    return quarters[-1]


def _quarter_list(quarters: list[Period]) -> str:
    """'Q3 2017/18 and Q4 2017/18'; a long run as its first and last."""
    names = [str(q) for q in quarters]
    if len(names) > 4:
        return f"{len(names)} quarters, {names[0]} to {names[-1]}"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _version(value: bool) -> None:
    if value:
        print(f"scp-report {__version__}")
        raise typer.Exit(0)


def _completion_shell() -> str:
    """The shell to complete in: the one running scp-report, else the login shell."""
    from typer._completion_shared import _get_shell_name

    name = _get_shell_name() or Path(os.environ.get("SHELL", "")).name
    name = "powershell" if name == "pwsh" else name
    if name not in SHELLS:
        raise UsageError(
            f"cannot tell which shell to complete in (found {name or 'none'}): run scp-report "
            f"completion SHELL, with one of {', '.join(SHELLS)}"
        )
    return name


def _install_completion(value: bool) -> None:
    if value:
        try:
            _complete_for(_completion_shell(), "scp-report", show=False)
        except ScpError as e:
            fail(e)
        raise typer.Exit(0)


def _show_completion(value: bool) -> None:
    if value:
        try:
            _complete_for(_completion_shell(), "scp-report", show=True)
        except ScpError as e:
            fail(e)
        raise typer.Exit(0)


def _complete_for(shell: str, name: str, *, show: bool) -> None:
    """Install (or print) the completion script of `shell` for the command `name`."""
    from typer._completion_shared import get_completion_script, install

    var = "_{}_COMPLETE".format(name.replace("-", "_").upper())
    if show:
        _echo(get_completion_script(prog_name=name, complete_var=var, shell=shell) + "\n")
        return
    if name == "scp":
        print(
            "warning: completion for scp replaces OpenSSH's scp completion (hosts and "
            "remote files) in this shell; to undo it, remove the line that sources it from "
            "your shell's start-up file",
            file=sys.stderr,
        )
    _, path = install(shell=shell, prog_name=name, complete_var=var)
    _echo(f"{shell} completion for {name} installed in {path}; open a new terminal to use it\n")


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    install_completion: Annotated[
        bool,
        typer.Option(
            "--install-completion",
            callback=_install_completion,
            is_eager=True,
            expose_value=False,
            help="Install completion of commands, theme ids, quarters and plan folders for "
            "scp-report in the current shell (for scp too: scp-report completion --name scp).",
        ),
    ] = False,
    show_completion: Annotated[
        bool,
        typer.Option(
            "--show-completion",
            callback=_show_completion,
            is_eager=True,
            expose_value=False,
            help="Print the completion script for scp-report in the current shell, to "
            "install it yourself.",
        ),
    ] = False,
) -> None:
    """Plan-as-code reporting for Community Safety Partnerships."""


# --- the commands ---------------------------------------------------------------------


@app.command()
def validate(
    plan: PlanOption = Path("plan"),
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="text, json, or github (annotation lines).")
    ] = OutputFormat.text,
) -> None:
    """Check every plan file; list every problem with its file, line and column."""
    from .published import load_checked
    from .views.problems import verdict

    try:
        result = load_checked(plan, cache=_cache_usable(plan))
    except PlanError as e:
        problems, loaded = e.problems, None
    except ScpError as e:
        fail(e)
    else:
        problems, loaded = result.problems, result.plan
    root = str(plan).rstrip("/") + "/"
    report = verdict(root, loaded, problems, strict=strict, output=output.value)
    _echo(report.out, escaped=True)  # escaped by the view: a JSON report stays JSON
    print(report.err, end="", file=sys.stderr)
    raise typer.Exit(1 if report.failed else 0)


@app.command()
def schema(
    out: Annotated[
        Path, typer.Option("--out", help="Folder to write the JSON Schema files into.")
    ] = Path("schema"),
) -> None:
    """Write JSON Schemas (draft 7) of the plan files, for editors."""
    from .plan.schema import write_schemas

    try:
        written = write_schemas(out)
    except ScpError as e:
        fail(e)
    except OSError as e:  # the folder cannot be made: a file is in the way, no permission
        fail(ScpError(f"cannot write {out}: {e.strerror}"))
    _echo("".join(f"{path}\n" for path in written))


@app.command()
def status(
    theme: Annotated[
        str | None,
        typer.Argument(help="A theme id, such as dasv.", autocompletion=_complete_themes),
    ] = None,
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
    from .status.snapshot import snapshot
    from .views.opendata import has_groups, has_projections, has_ranks_of
    from .views.terminal import status_json, status_text

    try:
        loaded = _load(plan)
        snap = snapshot(loaded, _report_quarter(loaded, quarter))
        ids = [s.id for s in snap.sections]
        if theme is not None and theme not in ids:
            raise UsageError(f"unknown theme {theme!r}; valid ids: {', '.join(ids)}")
    except ScpError as e:
        fail(e)
    if as_json:
        views = [snap.section(theme)] if theme else list(snap.sections)
        rows = snap.rows
        extras = has_ranks_of(rows), has_groups(rows), has_projections(rows), snap.changes
        _echo(status_json(views, snap.statistics, snap.words, *extras), as_json=True)
    else:
        _echo(status_text(snap, theme, show_all=show_all), escaped=True)


@app.command("new-quarter")
def new_quarter(
    quarter: Annotated[
        str,
        typer.Argument(
            help="The quarter to start, such as Q4-2017/18.", autocompletion=_complete_quarters
        ),
    ],
    plan: PlanOption = Path("plan"),
) -> None:
    """Write the readings file for a quarter: every indicator, its period, values empty."""
    from .quarter.writer import new_quarter as start_quarter

    try:
        q = _quarter(quarter)
        path, count = start_quarter(_load(plan, cache=False), plan, q)
    except ScpError as e:
        fail(e)
    _echo(f"{path}: {count} indicator{'' if count == 1 else 's'} awaiting figures for {q}\n")


@app.command("import")
def import_readings(
    quarter: Annotated[
        str,
        typer.Option(
            "--quarter",
            "-Q",
            help="The quarter the figures are reported in.",
            autocompletion=_complete_quarters,
        ),
    ],
    file: Annotated[
        Path | None, typer.Argument(help="The CSV or XLSX file of figures to import.")
    ] = None,
    plan: PlanOption = Path("plan"),
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace figures already entered for the quarter.")
    ] = False,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Check every row and show what would be added, replaced or unchanged; "
            "write nothing.",
        ),
    ] = False,
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet",
            help="The sheet of an XLSX workbook that holds the figures (default: the first).",
        ),
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template",
            help="Write an empty sheet of the expected rows to this new "
            "file (.csv or .xlsx) instead of importing.",
        ),
    ] = None,
) -> None:
    """Import a quarter's figures from a spreadsheet, checking every row first."""
    from .quarter.merge import run_import
    from .quarter.summary import import_text
    from .quarter.template import write_template

    try:
        q = _quarter(quarter)
        if template is not None:
            if file is not None:
                raise UsageError("give either FILE to import or --template to write, not both")
            used = [name for name, given in (("--check", check), ("--sheet", sheet)) if given]
            if used:
                raise UsageError(f"{' and '.join(used)}: for importing FILE, not with --template")
            count = write_template(_load(plan, cache=False), template, q)
            _echo(f"{template}: {count} rows expected for {q}\n")
            return
        if file is None:
            raise UsageError("give the CSV or XLSX FILE to import (or --template OUT)")
        result = run_import(
            _load(plan, cache=False), plan, file, q, replace=replace, sheet=sheet, check=check
        )
    except ScpError as e:
        fail(e)
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    _echo(import_text(result, file, check=check))


@app.command("diff")
def diff_quarters(
    quarter_from: Annotated[
        str,
        typer.Argument(
            help="The earlier quarter, such as Q3-2017/18.", autocompletion=_complete_quarters
        ),
    ],
    quarter_to: Annotated[
        str,
        typer.Argument(
            help="The later quarter, such as Q4-2017/18.", autocompletion=_complete_quarters
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
    plan: PlanOption = Path("plan"),
) -> None:
    """What changed between two quarters: statuses, directions, new and missing readings."""
    import json

    from .quarter.diff import diff, diff_text

    try:
        q_from, q_to = _quarter(quarter_from), _quarter(quarter_to)
        if not q_from < q_to:
            raise UsageError(f"{quarter_from} is not before {quarter_to}")
        d = diff(_load(plan, cache=False), q_from, q_to)
    except ScpError as e:
        fail(e)
    if as_json:
        _echo(json.dumps(d.as_json(), indent=2, ensure_ascii=False) + "\n", as_json=True)
    else:
        _echo(diff_text(d))


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
    year_starts: Annotated[
        YearStarts,
        typer.Option(
            "--year-starts",
            help="The month the partnership's year starts in: April (financial quarters "
            "such as Q3-2026/27) or January (calendar quarters such as Q3-2026).",
        ),
    ] = YearStarts.april,
    install_from: Annotated[
        str | None,
        typer.Option(
            "--install-from",
            help="Where the CI workflow installs scp-report from: a URL such as "
            "git+https://github.com/your-org/scp-report@v0.1.0, or scp-report==0.1.0 "
            "(default: where this scp-report came from, if CI can reach it).",
        ),
    ] = None,
) -> None:
    """Start a new partnership's plan: a skeleton, ready to validate and build."""
    from .scaffold import WORKFLOW, init

    try:
        year_start = 1 if year_starts == YearStarts.january else 4
        written, placeholder = init(
            folder, name, _quarter(quarter) if quarter else None, install_from, year_start
        )
    except ScpError as e:
        fail(e)
    _echo("".join(f"{path}\n" for path in written))
    if placeholder:
        print(
            f"Note: edit the marked line of {folder / WORKFLOW} to say where your CI "
            "installs scp-report from (or run scp init again with --install-from).",
            file=sys.stderr,
        )
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
        fail(UsageError("the quarterly report is a document: use --format html, pdf or all"))
    if templates is not None and not templates.is_dir():
        fail(UsageError(f"templates folder not found: {templates}"))
    from .build import Progress

    # First of all, so that WeasyPrint loads in a child while this process loads the plan.
    worker = PdfWorker() if output in (BuildFormat.pdf, BuildFormat.all) else None
    progress = Progress(enabled=not quiet and sys.stderr.isatty())
    try:
        from .build import build as run_build

        loaded = _load(plan, avoid=(out,))
        progress(f"loaded {plan}")
        result = run_build(
            loaded,
            _report_quarter(loaded, quarter),
            out=out,
            fmt=output.value,
            report=report.value,
            templates=templates,
            force=force,
            progress=progress,
            pdf_worker=worker,
        )
    except ScpError as e:
        fail(e)
    finally:
        progress.close()
        if worker is not None:
            worker.close()
    # On a terminal the progress lines have named each file written: once is enough.
    if not (progress.enabled and sys.stdout.isatty()):
        _echo("".join(f"{path}\n" for path in result.written))


class Shell(StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"


class CompletionName(StrEnum):
    scp_report = "scp-report"
    scp = "scp"


@app.command()
def completion(
    shell: Annotated[
        Shell | None,
        typer.Argument(help="bash, zsh, fish or powershell (default: the current shell)."),
    ] = None,
    name: Annotated[
        CompletionName,
        typer.Option(
            "--name",
            help="The command to complete: scp-report, or scp (which replaces OpenSSH's "
            "scp completion in that shell).",
        ),
    ] = CompletionName.scp_report,
    show: Annotated[
        bool, typer.Option("--show", help="Print the script instead of installing it.")
    ] = False,
) -> None:
    """Install shell completion of commands, theme ids, quarters and plan folders."""
    try:
        _complete_for(shell.value if shell else _completion_shell(), name.value, show=show)
    except ScpError as e:
        fail(e)


@app.command()
def serve(
    quarter: QuarterOption = None,
    plan: PlanOption = Path("plan"),
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Folder to build the HTML into (default: a temporary folder, removed "
            "when scp serve stops).",
        ),
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option("--templates", help="Templates folder (default: the bundled templates)."),
    ] = None,
    port: Annotated[
        int,
        typer.Option("--port", min=0, max=65535, help="Port on 127.0.0.1 (default: a free one)."),
    ] = 0,
) -> None:
    """Preview the document in a browser: rebuilt and reloaded each time a file is saved."""
    from .collector import freeze_after_pauses
    from .serve import serve as run_serve

    freeze_after_pauses(False)  # it runs on, loading plan after plan: each stays collectable

    def say(line: str) -> None:
        print(line, flush=True)

    def warn(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    try:
        if quarter is not None:
            _quarter(quarter)  # malformed: wrong usage now, not a page of problems later
        if not plan.is_dir():
            raise UsageError(f"plan folder not found: {str(plan).rstrip('/') or '.'}")
        if templates is not None and not templates.is_dir():
            raise UsageError(f"templates folder not found: {templates}")
        run_serve(
            plan,
            lambda loaded: _report_quarter(loaded, quarter),
            templates=templates,
            out=out,
            port=port,
            say=say,
            warn=warn,
        )
    except ScpError as e:
        fail(e)


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
            from .plan.loader import plan_not_found

            raise UsageError(plan_not_found(plan, str(plan).rstrip("/") or "."))
        folder = clear(plan)
    except OSError as e:
        fail(ScpError(f"cannot remove the cache: {e.strerror}"))
    except ScpError as e:
        fail(e)
    _echo(f"cleared {folder}\n")


def _whole_summaries(typer_app: typer.Typer) -> None:
    """`scp --help` lists each command with the whole first paragraph of its help (the
    terminal wraps it), where click would cut it at about 45 characters with "..."."""
    for info in typer_app.registered_commands:
        if info.short_help is None and info.callback is not None and info.callback.__doc__:
            info.short_help = " ".join(info.callback.__doc__.split("\n\n")[0].split())
    for group in typer_app.registered_groups:
        sub = group.typer_instance
        if sub is not None:
            # Unset values are typer's placeholders, not None.
            help_text = group.help if isinstance(group.help, str) else sub.info.help
            if not isinstance(group.short_help, str) and isinstance(help_text, str):
                group.short_help = " ".join(help_text.split())
            _whole_summaries(sub)


_whole_summaries(app)


# --- the entry point --------------------------------------------------------------------


def _terminate(signum: int, frame: object) -> None:
    # Turn SIGINT and SIGTERM into an exception, so that temporary files are removed on
    # the way out; and note them, so that nothing is written even when Python drops the
    # exception (see files.py).
    from .files import note_interrupt

    note_interrupt()
    raise KeyboardInterrupt


def _unraisable(info: sys.UnraisableHookArgs) -> None:
    # An interrupt dropped in a weakref callback: already noted, and no traceback.
    if not isinstance(info.exc_value, KeyboardInterrupt):
        sys.__unraisablehook__(info)


def _quiet_stdout() -> None:
    """Standard output is a closed pipe: send what is left of it nowhere, so that Python
    does not complain when it flushes on the way out."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def main(argv: list[str] | None = None, prog_name: str | None = None) -> None:
    """Console entry point: exit codes for interrupts (130) and a closed pipe (1, quietly);
    for a bug, two plain lines (a traceback with SCP_DEBUG=1) and exit code 1."""
    from .collector import freeze_after_pauses
    from .files import interrupted

    # The process ends with the command (but `scp serve`, which says so): what a pause of
    # the cycle collector built is frozen, never walked again (scp_report.collector).
    freeze_after_pauses(True)
    signal.signal(signal.SIGINT, _terminate)
    signal.signal(signal.SIGTERM, _terminate)
    sys.unraisablehook = _unraisable
    # Started with standard output or error closed (`scp validate >&-`): Python sets them
    # to None; what would have been printed there goes nowhere, and the command runs.
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - open until the process ends
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115
    if any(key.endswith("_COMPLETE") for key in os.environ):  # a shell asks for completions
        from typer._completion_classes import completion_init

        completion_init()
    code: int | str | None = 0
    try:
        app(args=argv, prog_name=prog_name)
    except SystemExit as e:
        code = e.code
        if interrupted() and not code:  # the interrupt was dropped; the command went on
            code = 130
    except KeyboardInterrupt:
        code = 130
    except OSError as e:
        if e.errno not in (errno.EPIPE, errno.EBADF):
            _bug(e)
        code = 1  # standard output was closed before everything was written
    except Exception as e:
        _bug(e)
        code = 1
    if code == 130:
        print("interrupted", file=sys.stderr)
    try:
        sys.stdout.flush()
    except OSError:
        _quiet_stdout()
        code = code or 1
    sys.exit(code)


def _bug(error: Exception) -> None:
    """A bug: said plainly; the traceback only when asked for, for a bug report."""
    from .model.control import printable

    if os.environ.get(DEBUG_ENV, "").strip() not in ("", "0"):
        import traceback

        traceback.print_exception(error, file=sys.stderr)
    print(f"internal error: {type(error).__name__}: {printable(str(error))}", file=sys.stderr)
    print(
        "This is a bug in scp-report; please report it with the command you ran "
        f"(run it again with {DEBUG_ENV}=1 to see the traceback).",
        file=sys.stderr,
    )
