"""mkdocs hooks: the reference pages, generated from the code each time the site is built.

Nothing in docs/reference/ is written by hand: the commands come from the typer app's
click commands, the plan keys from the JSON Schemas `scp schema` writes, the target kinds
from `model/targets.py` (KINDS and the fields of Target), the period forms from
`model/periods.py`, the words from `model/words.py`, the template context from the
dataclasses of `render/`. A command or option without help text, or a plan key without a
description, stops the build (PluginError): the reference would have a hole.

SECURITY.md and BENCHMARKS.md at the top of the repository are taken in as they are,
their links into docs/ made relative to the site.

`pages()` gives every generated page as {path: markdown}; the tests call it directly.
"""

from __future__ import annotations

import dataclasses
import html
import inspect
import io
import re
import tokenize
import types
import typing
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
INCLUDED = {"security.md": "SECURITY.md", "benchmarks.md": "BENCHMARKS.md"}
GENERATED_NOTE = (
    "<!-- Generated from the code by docs/hooks.py when the site is built: do not edit. -->"
)


class MissingDescription(Exception):
    """A reference cannot be generated: something in the code lacks its description."""


# --- markdown helpers -------------------------------------------------------------------


def _cell(text: object) -> str:
    """Text for a table cell: one line; `<` and `&` outside code shown as written (a
    docstring's "<style>" is not markup); pipes escaped, inside code too, where
    Markdown's tables would keep the backslash."""
    line = " ".join(str(text).split())
    out = []
    at = 0
    for m in re.finditer(r"(`+)(.+?)\1", line):
        out.append(html.escape(line[at : m.start()], quote=False).replace("|", "\\|"))
        if "|" in m[2]:
            inner = html.escape(m[2].strip() if len(m[1]) > 1 else m[2])
            out.append("<code>" + inner.replace("|", "&#124;") + "</code>")
        else:
            out.append(m[0])
        at = m.end()
    out.append(html.escape(line[at:], quote=False).replace("|", "\\|"))
    return "".join(out)


def _code(text: object) -> str:
    s = str(text)
    tick = "``" if "`" in s else "`"
    pad = " " if s.startswith("`") or s.endswith("`") else ""
    return f"{tick}{pad}{s}{pad}{tick}"


def _table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _page(title: str, intro: str, *parts: str) -> str:
    return "\n\n".join([GENERATED_NOTE, f"# {title}", intro, *parts]) + "\n"


# --- commands ---------------------------------------------------------------------------


def _walk(group: Any, prefix: str) -> list[tuple[str, Any]]:
    """(full name, click command) of every command under a group, in the order shown."""
    out = []
    for name, command in group.commands.items():
        full = f"{prefix} {name}"
        out.append((full, command))
        if hasattr(command, "commands"):  # a group of commands, such as scp cache
            out += _walk(command, full)
    return out


def commands_page() -> str:
    import typer.main

    from scp_report.cli import app

    root: Any = typer.main.get_command(app)
    missing: list[str] = []
    sections: list[str] = []
    for full, command in _walk(root, "scp"):
        if not command.help:
            missing.append(f"{full}: no help text")
        ctx = command.context_class(command, info_name=full)
        usage = command.get_usage(ctx).removeprefix("Usage: ")
        part = [f"## `{full}`", "", f"```\n{usage}\n```", "", (command.help or "").strip()]
        if hasattr(command, "commands"):
            names = [f"[`{f}`](#{_anchor(f)})" for f, _ in _walk(command, full)]
            part += ["", "Its commands: " + ", ".join(names) + "."]
            sections.append("\n".join(part))
            continue
        rows = []
        for param in command.params:
            if not getattr(param, "help", None):
                missing.append(f"{full} {param.name}: no help text")
            record = param.get_help_record(ctx)
            if record is None:  # hidden
                continue
            names, help_text = record
            rows.append([_code(names), param.param_type_name, help_text])
        if rows:
            part += ["", _table(["name", "kind", "what it does"], rows)]
        sections.append("\n".join(part))
    if missing:
        raise MissingDescription("commands without help: " + "; ".join(missing))
    return _page(
        "Command reference",
        "Every command and option of `scp` (also installed as `scp-report`), as "
        "`scp COMMAND --help` prints them. What each command does in practice: "
        "[Commands](../commands.md); exit codes: [Exit codes](../exit-codes.md).",
        *sections,
    )


def _anchor(title: str) -> str:
    """The id mkdocs' toc gives a heading: lower case, spaces to hyphens."""
    text = re.sub(r"[^\w\s-]", "", title.lower())
    return re.sub(r"[\s]+", "-", text.strip())


# --- plan keys, from the JSON Schemas ---------------------------------------------------


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _schema_type(node: dict[str, Any], file_stem: str) -> str:
    """A schema node as words: 'number', 'list of Indicator', 'text or null'."""
    if "$ref" in node:
        name = _ref_name(node["$ref"])
        return f"[{name}](#{file_stem}-{name.lower()})"
    if "anyOf" in node:
        kinds = [_schema_type(n, file_stem) for n in node["anyOf"] if n.get("type") != "null"]
        return " or ".join(dict.fromkeys(kinds)) or "null"
    if "const" in node:
        return _code(node["const"])
    if "enum" in node:
        return " or ".join(_code(v) for v in node["enum"])
    kind = node.get("type")
    if kind == "array":
        items = node.get("items", {})
        return f"list of {_schema_type(items, file_stem)}" if items else "list"
    if kind == "object":
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            return f"mapping of text to {_schema_type(extra, file_stem)}"
        return "mapping"
    names = {
        "string": "text",
        "number": "number",
        "integer": "whole number",
        "boolean": "true or false",
    }
    if isinstance(kind, list):
        return " or ".join(names.get(k, k) for k in kind)
    return names.get(str(kind), str(kind) if kind else "any")


def _keys_table(
    node: dict[str, Any],
    file_stem: str,
    where: str,
    missing: list[str],
    definitions: dict[str, Any],
) -> str:
    required = set(node.get("required", []))
    rows = []
    for key, prop in node.get("properties", {}).items():
        description = prop.get("description") or ""
        if "$ref" in prop:  # a part with its own heading, and its description if it has one
            description = description or definitions.get(_ref_name(prop["$ref"]), {}).get(
                "description", ""
            )
        elif not description:
            missing.append(f"{where}.{key}")
        default = prop.get("default")
        shown = (
            ""
            if default is None or isinstance(default, dict | list)
            else _code(str(default).lower() if isinstance(default, bool) else default)
        )
        rows.append(
            [
                _code(key),
                _schema_type(prop, file_stem),
                "yes" if key in required else "",
                shown,
                description,
            ]
        )
    if not rows:
        return "No keys."
    return _table(["key", "value", "required", "default", "what it is"], rows)


def plan_keys_page() -> str:
    import json

    from scp_report.plan.schema import SCHEMAS, schema_text

    files = {
        "partnership.schema.json": ("partnership", "`plan/partnership.yaml`"),
        "theme.schema.json": ("theme", "`plan/themes/<id>.yaml`, one for each theme"),
        "readings.schema.json": ("readings", "`plan/readings/<yyyy-yy>-q<n>.yaml`, one a quarter"),
    }
    parts: list[str] = []
    missing: list[str] = []
    for name, model in SCHEMAS.items():
        stem, where = files.get(name, (name.split(".")[0], f"`{name}`"))
        schema = json.loads(schema_text(model))
        # The model's docstring names its file first ("plan/partnership.yaml: ..."): the
        # heading's line names it in code instead.
        described = schema.get("description", "").strip().split(": ", 1)[-1]
        parts.append(f"## {stem}\n\n{where}: {html.escape(described, quote=False)}")
        definitions = schema.get("definitions", {})
        parts.append(_keys_table(schema, stem, stem, missing, definitions))
        for def_name, node in sorted(schema.get("definitions", {}).items()):
            heading = f"### {def_name} {{ #{stem}-{def_name.lower()} }}"
            body = [heading, "", html.escape((node.get("description") or "").strip(), quote=False)]
            if def_name == "Words":
                body += ["", "Every key, with its English default: [Words](words.md)."]
            elif "properties" in node:
                body += ["", _keys_table(node, stem, f"{stem}:{def_name}", missing, definitions)]
            elif "enum" in node:
                body += ["", "One of " + ", ".join(_code(v) for v in node["enum"]) + "."]
            parts.append("\n".join(body))
    if missing:
        raise MissingDescription("plan keys without a description: " + ", ".join(missing))
    return _page(
        "Plan keys",
        "Every key of the three kinds of plan file, from the JSON Schemas `scp schema` "
        "writes (which editors use to complete keys). A type in a link is described "
        "under its own heading. How the files fit together: [The plan "
        "files](../plan-format.md).",
        *parts,
    )


def _plan_key_anchors() -> dict[type, str]:
    """The plan's models, each linked to where the plan keys page describes it."""
    import json

    from pydantic import BaseModel

    from scp_report.model import models, targets, words
    from scp_report.plan.schema import SCHEMAS, schema_text

    where: dict[str, str] = {}
    for name, model in SCHEMAS.items():
        stem = name.split(".")[0]
        where.setdefault(model.__name__, f"plan-keys.md#{stem}")
        for def_name in json.loads(schema_text(model)).get("definitions", {}):
            where.setdefault(def_name, f"plan-keys.md#{stem}-{def_name.lower()}")
    out: dict[type, str] = {words.Words: "words.md"}
    for module in (models, targets, words):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, BaseModel):
                link = where.get(value.__name__)
                if link and value not in out:
                    out[value] = link
    return out


# --- target kinds -----------------------------------------------------------------------


def target_kinds_page() -> str:
    from scp_report.model.targets import KINDS, Target
    from scp_report.model.words import DEFAULT_WORDS

    rows = []
    for key, kind in KINDS.items():
        field = Target.model_fields.get(key)
        if field is None or not field.description:
            raise MissingDescription(f"target kind {key}: no field of Target describes it")
        word = getattr(kind, "word", None) or f"target_{key}"
        words = getattr(DEFAULT_WORDS, word, None)
        needs = []
        if kind.needs_baseline:
            needs.append(
                "a baseline value" + (" and its period" if kind.needs_baseline_period else "")
            )
        if kind.needs_polarity:
            needs.append("a declared polarity")
        rows.append(
            [
                _code(key),
                field.description,
                _code(words) if isinstance(words, str) else "",
                kind.implies.value if kind.implies is not None else "",
                "; ".join(needs),
                "yes" if kind.ranked else "",
                "yes" if kind.compared else "",
                "yes" if kind.scalable else "",
            ]
        )
    return _page(
        "Target kinds",
        "Each kind of target an indicator may have (`target:` in a theme file, exactly "
        "one kind), from `model/targets.py`. *In words* is the word (in `words:`) the "
        "target is written with; *implies* the polarity a target of the kind implies; "
        "*ranked* kinds judge a rank beside the value; *comparator* kinds are judged "
        "against a comparator's figure, which a reading may update; *pro rata* kinds judge "
        "a figure of part of a year against the part of the target due by then. How a "
        "status follows: [Targets, periods, statuses and words](../rules.md).",
        _table(
            [
                "key",
                "met when",
                "in words",
                "implies",
                "needs",
                "ranked",
                "comparator",
                "pro rata",
            ],
            rows,
        ),
    )


# --- periods ----------------------------------------------------------------------------


def _examples(help_text: str) -> list[str]:
    """'a period looks like A, B or C' -> ['A', 'B', 'C']."""
    text = help_text.split(" like ", 1)[1]
    items = [s.strip() for s in re.split(r", | or ", text)]
    return [re.sub(r" \(.*\)$", "", s) for s in items if s]


def periods_page() -> str:
    from scp_report.model.periods import (
        PERIOD_HELP,
        QUARTER_HELP,
        REPORTING_HELP,
        PeriodKind,
        month_label,
        parse_period,
        parse_reporting,
    )

    rows = []
    for example in _examples(PERIOD_HELP):
        p = parse_period(example)
        rows.append(
            [
                _code(example),
                p.kind.value,
                p.label,
                f"{month_label(p.first)} to {month_label(p.last)}",
                str(p.months),
            ]
        )
    reporting = []
    for word in [w.strip() for w in re.split(r", | or ", REPORTING_HELP)]:
        word = re.sub(r" \(.*\)$", "", word)
        if word == "rolling N months":
            word = "rolling 12 months"
        reporting.append([_code(word), parse_reporting(word).kind.value])
    return _page(
        "Period forms",
        "The periods a figure may cover, from `model/periods.py`. Each example below is "
        "parsed as the plan's files are: its kind, the one label it has whatever the "
        "spelling (a period prints back as the plan wrote it), and the months it covers. "
        "Figures are compared only with figures of the same kind and length of period.",
        f"In words, as error messages give it: {PERIOD_HELP}.",
        _table(["written", "kind", "label", "covers", "months"], rows),
        "## Report quarters\n\n"
        f"On the command line and in a readings file's `quarter:`, {QUARTER_HELP}.",
        "## How an indicator reports\n\n"
        f"An indicator's `reports:` (or a theme's, for all its indicators) is one of: "
        f"{REPORTING_HELP}.\n\n" + _table(["reports:", "kind of period"], reporting),
        "## Every kind of period\n\n" + ", ".join(_code(k.value) for k in PeriodKind) + ".",
    )


# --- words ------------------------------------------------------------------------------


def words_page() -> str:
    from scp_report.model.languages import available, pack
    from scp_report.model.statuses import STATUSES
    from scp_report.model.words import Words, blanks

    others = [pack(code) for code in available() if code != "en"]
    rows = []
    for key, field in Words.model_fields.items():
        description = field.description or ""
        if not description:
            raise MissingDescription(f"word {key}: no description")
        where = re.sub(r" \(default: .*\)\.$", "", description)
        gaps = ", ".join(_code("{" + b + "}") for b in sorted(blanks(str(field.default))))
        said = [_code(p.words[key]) for p in others]
        rows.append([_code(key), _code(field.default), *said, gaps, where])
    statuses = [[_code(s.key), s.name.value, s.colour, s.background] for s in STATUSES]
    packs = ", ".join(f"{p.english_name} (`language: {p.code}`)" for p in others)
    return _page(
        "Words",
        "Every generic word of the documents and of the engine's reasons, with its English "
        f"default, from `model/words.py`, and the word of each other language pack: {packs} "
        "(`src/scp_report/languages/`). A plan names its pack with `language:` and overrides "
        "any word under `words:` in `partnership.yaml`, to publish in its own terms; a word "
        "keeps the same `{blanks}` as the English one, in any order (only `ordinal` may leave "
        "out `{suffix}`). See [the partnership's language](../rules.md#the-partnerships-"
        "language).",
        _table(
            ["key", "English", *(p.english_name for p in others), "blanks", "where it is used"],
            rows,
        ),
        "## Statuses\n\nUnder `statuses:`, each of the engine's statuses may take the "
        "partnership's `label`, `colour` and `background` (text at least 4.5:1 on its "
        "background).\n\n" + _table(["key", "the engine's name", "colour", "background"], statuses),
    )


# --- template context -------------------------------------------------------------------


def _field_comments(cls: type) -> dict[str, str]:
    """The comments beside (or just above) each field in a dataclass's source."""
    source = inspect.getsource(cls)
    out: dict[str, str] = {}
    pending: list[str] = []
    lines = source.splitlines()
    comments: dict[int, str] = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            comments[tok.start[0]] = tok.string.lstrip("#").strip()
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("#"):
            pending.append(comments.get(number, ""))
            continue
        m = re.match(r"\s+(\w+):", line)
        if m and not stripped.startswith(("def ", "@", "class ")):
            text = " ".join([*pending, comments.get(number, "")]).strip()
            if text:
                out[m[1]] = text
        pending = []
    return out


def _type_words(hint: Any, known: dict[type, str]) -> str:
    """A type hint in words, linking to the classes documented on the page."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        parts = [_type_words(a, known) for a in args if a is not type(None)]
        text = " or ".join(parts)
        return f"{text} or none" if type(None) in args else text
    if origin is tuple and args and Ellipsis not in args:
        return "(" + ", ".join(_type_words(a, known) for a in args) + ")"
    if origin in (list, tuple):
        inner = [_type_words(a, known) for a in args if a is not Ellipsis]
        return f"list of {inner[0]}" if inner else "list"
    if origin is dict:
        return f"mapping of {_type_words(args[0], known)} to {_type_words(args[1], known)}"
    if isinstance(hint, type):
        if hint in known:
            return f"[{hint.__name__}]({known[hint]})"
        return {str: "text", int: "whole number", bool: "true or false", float: "number"}.get(
            hint, _code(hint.__name__)
        )
    return _code(str(hint).replace("typing.", ""))


def _reachable(roots: list[type]) -> list[type]:
    """The dataclasses a template can reach from the roots, roots first."""
    seen: list[type] = []
    todo = list(roots)
    while todo:
        cls = todo.pop(0)
        if cls in seen or not dataclasses.is_dataclass(cls):
            continue
        seen.append(cls)
        for hint in typing.get_type_hints(cls).values():
            stack = [hint]
            while stack:
                h = stack.pop()
                stack += list(typing.get_args(h))
                if isinstance(h, type) and dataclasses.is_dataclass(h) and h not in seen:
                    todo.append(h)
    return seen


def _filters() -> str:
    """The filters scp-report adds to Jinja's, with the first paragraph of each docstring."""
    import jinja2

    from scp_report.model.words import DEFAULT_WORDS
    from scp_report.render.html import default_templates, make_environment

    env = make_environment(default_templates(), DEFAULT_WORDS)
    builtin = jinja2.Environment().filters
    rows = []
    for name, function in sorted(env.filters.items()):
        if name in builtin:
            continue
        doc = (inspect.getdoc(function) or "").split("\n\n")[0]
        if not doc:
            raise MissingDescription(f"template filter {name}: no docstring")
        rows.append([_code(name), doc])
    return (
        "## Filters\n\nBesides Jinja's own filters, templates may use these. Every template "
        "is autoescaped and an undefined name is an error (StrictUndefined).\n\n"
        + _table(["filter", "what it does"], rows)
    )


def template_context_page() -> str:
    from pydantic import BaseModel

    from scp_report.render.document import DocumentContext
    from scp_report.render.quarterly import ReportContext

    classes = _reachable([DocumentContext, ReportContext])
    known: dict[type, str] = {c: "#" + c.__name__.lower() for c in classes}
    known.update(_plan_key_anchors())
    parts = []
    models: set[type] = set()
    for cls in classes:
        comments = _field_comments(cls)
        rows = []
        for f in dataclasses.fields(cls):
            hint = typing.get_type_hints(cls)[f.name]
            for h in [hint, *typing.get_args(hint)]:
                if isinstance(h, type) and issubclass(h, BaseModel):
                    models.add(h)
            rows.append([_code(f.name), _type_words(hint, known), comments.get(f.name, "")])
        doc = inspect.getdoc(cls) or ""
        if doc.startswith(cls.__name__ + "("):  # dataclass's generated signature: no doc
            doc = ""
        module = cls.__module__.removeprefix("scp_report.")
        parts.append(
            f"## {cls.__name__}\n\n`{module}`. {html.escape(doc, quote=False)}\n\n"
            + _table(["field", "type", "what it holds"], rows)
        )
    model_names = ", ".join(
        sorted(f"[{m.__name__}]({known[m]})" if m in known else _code(m.__name__) for m in models)
    )
    parts.append(_filters())
    return _page(
        "Template context",
        "What the templates read, from the dataclasses of `render/`: the plan document's "
        "template (`document.html.j2`) gets `ctx`, a DocumentContext; the quarterly "
        "report's (`quarterly.html.j2`) a ReportContext. Where a field holds a part of the "
        "plan as the plan files give it, its keys are those of [Plan keys](plan-keys.md) "
        f"({model_names}). How to use your own templates: [The document's "
        "look](../look.md).",
        *parts,
    )


# --- the pages, and the hooks mkdocs calls ----------------------------------------------

GENERATORS = {
    "reference/commands.md": commands_page,
    "reference/plan-keys.md": plan_keys_page,
    "reference/target-kinds.md": target_kinds_page,
    "reference/periods.md": periods_page,
    "reference/words.md": words_page,
    "reference/template-context.md": template_context_page,
}


def _included(name: str) -> str:
    """A file at the top of the repository, its links into docs/ made site-relative."""
    text = (ROOT / name).read_text(encoding="utf-8")
    return re.sub(r"\]\(docs/", "](", text)


def pages() -> dict[str, str]:
    """Every generated page: {path under docs/: markdown}."""
    out = {path: make() for path, make in GENERATORS.items()}
    out.update({page: _included(name) for page, name in INCLUDED.items()})
    return out


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.exceptions import PluginError
    from mkdocs.structure.files import File

    try:
        generated = pages()
    except MissingDescription as e:
        raise PluginError(f"docs/hooks.py: {e}") from None
    for path, content in generated.items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} is generated: remove the file written by hand")
        files.append(File.generated(config, path, content=content))
    return files
