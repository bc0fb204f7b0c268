"""The `scp` console entry point, and the two commands of the inner loop.

`scp validate` and `scp status` in their documented forms are parsed here, without
typer, and answered from the cache of answers (`answers`) when nothing they depend on
has changed: such a run imports neither typer, pydantic nor rich. Any other command
line, and any form this module does not recognise (help, a mistake), goes to the full
command line in `cli`, which gives the usual help and usage errors.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # typing's names only: this module is on every command's start-up path
    from collections.abc import Callable
    from typing import NoReturn

# Set by the SIGINT and SIGTERM handler, which also raises KeyboardInterrupt. Python drops
# an exception raised while a weakref callback or __del__ runs (WeasyPrint runs many while
# it renders), so that KeyboardInterrupt can be lost; this flag is not: once it is set,
# nothing more is written (see output.py).
_interrupted = False


def mark_interrupted() -> None:
    global _interrupted
    _interrupted = True


def interrupted() -> bool:
    return _interrupted


def fail(error: Exception) -> NoReturn:
    """Print a user-facing error and exit with its code (1, or 2 for wrong usage)."""
    from .errors import PlanError, ScpError

    if isinstance(error, PlanError):
        for p in error.problems:
            print(p, file=sys.stderr)
        n = len(error.errors)
        print(f"{n} error{'s' if n != 1 else ''}: {error.verdict}", file=sys.stderr)
    else:
        print(f"error: {error}", file=sys.stderr)
    raise SystemExit(error.exit_code if isinstance(error, ScpError) else 1)


def validate(plan: str, *, strict: bool, output: str) -> NoReturn:
    """`scp validate`: exit 0 when the plan is valid, 1 when not."""
    from pathlib import Path

    from .errors import UsageError
    from .validate import run_validate

    try:
        code = run_validate(Path(plan), strict=strict, output=output)
    except UsageError as e:
        fail(e)
    raise SystemExit(code)


def status(
    plan: str, *, theme: str | None, quarter: str | None, show_all: bool, as_json: bool
) -> NoReturn:
    """`scp status`: the indicators with their status, at the terminal."""
    from pathlib import Path

    from .errors import ScpError
    from .status_view import run_status

    try:
        run_status(Path(plan), theme=theme, quarter=quarter, show_all=show_all, as_json=as_json)
    except ScpError as e:
        fail(e)
    raise SystemExit(0)


# --- the inner loop's command lines -----------------------------------------------------


class Request:
    """A recognised `scp validate` or `scp status` command line."""

    __slots__ = ("argv", "plan", "run")

    def __init__(self, argv: tuple[str, ...], plan: str, run: Callable[[], NoReturn]):
        self.argv = argv
        self.plan = plan
        self.run = run


_FORMATS = ("text", "json", "github")


def _options(
    args: list[str], valued: dict[str, str], flags: dict[str, str], positional: int
) -> tuple[dict[str, str | bool], list[str]] | None:
    """Options by name and the positional arguments; None for anything unusual (a
    repeated or unknown option, a value that looks like an option, `--`, help)."""
    found: dict[str, str | bool] = {}
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        name, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name in valued:
            if not eq:
                if i >= len(args):
                    return None
                value = args[i]
                i += 1
            if not value or value.startswith("-") or valued[name] in found:
                return None
            found[valued[name]] = value
        elif arg in flags and flags[arg] not in found:
            found[flags[arg]] = True
        elif arg.startswith("-") or len(rest) >= positional:
            return None
        else:
            rest.append(arg)
    return found, rest


def parse(argv: list[str]) -> Request | None:
    """The request for a plain `scp validate` or `scp status` command line, else None."""
    if not argv:
        return None
    command, args = argv[0], argv[1:]
    if command == "validate":
        parsed = _options(args, {"--plan": "plan", "--format": "format"}, {"--strict": "strict"}, 0)
        if parsed is None:
            return None
        opts, _ = parsed
        output = str(opts.get("format", "text"))
        if output not in _FORMATS:
            return None
        plan = str(opts.get("plan", "plan"))
        strict = bool(opts.get("strict", False))
        return Request(tuple(argv), plan, lambda: validate(plan, strict=strict, output=output))
    if command == "status":
        parsed = _options(
            args,
            {"--plan": "plan", "--quarter": "quarter", "-Q": "quarter"},
            {"--all": "all", "--json": "json"},
            1,
        )
        if parsed is None:
            return None
        opts, rest = parsed
        plan = str(opts.get("plan", "plan"))
        theme = rest[0] if rest else None
        quarter = opts.get("quarter")
        show_all, as_json = bool(opts.get("all", False)), bool(opts.get("json", False))
        return Request(
            tuple(argv),
            plan,
            lambda: status(
                plan,
                theme=theme,
                quarter=str(quarter) if quarter is not None else None,
                show_all=show_all,
                as_json=as_json,
            ),
        )
    return None


def answer(request: Request) -> NoReturn:
    """Answer from the cache when nothing changed; otherwise run, and keep the answer."""
    from . import answers, store

    argv = list(request.argv)
    key = answers.key(argv, request.plan) if store.enabled() else None
    if key is not None:
        hit = answers.get(request.plan, key)
        if hit is not None:
            answers.replay(hit[1])
            raise SystemExit(hit[0])
    recording = answers.Recording()
    try:
        with recording as chunks:
            request.run()
    except SystemExit as e:
        if (
            key is not None
            and e.code in (None, 0, 1)
            and not interrupted()
            and answers.key(argv, request.plan) == key  # nothing changed while it ran
        ):
            answers.put(request.plan, key, int(e.code or 0), chunks)
        raise


# --- the entry point ----------------------------------------------------------------------


def _terminate(signum: int, frame: object) -> None:
    # Turn SIGINT and SIGTERM into an exception, so that temporary files are removed on
    # the way out; and remember them, so that nothing is written even when Python drops
    # the exception (see above).
    mark_interrupted()
    raise KeyboardInterrupt


def _unraisable(info: sys.UnraisableHookArgs) -> None:
    # An interrupt dropped in a weakref callback: already remembered, and no traceback.
    if not isinstance(info.exc_value, KeyboardInterrupt):
        sys.__unraisablehook__(info)


def guarded(command: Callable[[], object]) -> None:
    """Run a command as the console entry point: exit codes for interrupts (130) and,
    for a bug, a plain message instead of a traceback (1)."""
    import signal

    signal.signal(signal.SIGINT, _terminate)
    signal.signal(signal.SIGTERM, _terminate)
    sys.unraisablehook = _unraisable
    try:
        command()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    except SystemExit as e:
        if interrupted() and not e.code:  # the interrupt was dropped; the command went on
            sys.exit(130)
        raise
    except Exception as e:  # a bug: say so plainly, without a traceback
        print(f"internal error: {type(e).__name__}: {e}", file=sys.stderr)
        print(
            "This is a bug in scp-report; please report it with the command you ran.",
            file=sys.stderr,
        )
        sys.exit(1)


def _full() -> None:
    from .cli import app

    app()


def main() -> None:
    """Console entry point."""
    request = parse(sys.argv[1:])
    guarded(_full if request is None else lambda: answer(request))
