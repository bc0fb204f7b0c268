"""The one Jinja environment: autoescape on for every template, strict undefined."""

from __future__ import annotations

import importlib.resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..errors import BuildError
from ..model.statuses import STATUSES
from ..model.words import Words
from .richtext import RichText

DOCUMENT_TEMPLATE = "document.html.j2"
QUARTERLY_TEMPLATE = "quarterly.html.j2"


def default_templates() -> Path:
    """The bundled templates: the package `scp_report.templates`, wherever it is installed
    (the repository's templates/ folder in an editable install)."""
    return Path(str(importlib.resources.files("scp_report.templates")))


def make_environment(templates: Path, words: Words) -> jinja2.Environment:
    """The one Jinja environment; `words` are the plan's, for the footnote marks that
    rich text makes outside any template's context."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        # Every template name we use ends in .j2 (or .css, included as a template):
        # escape all of them rather than trust select_autoescape's extension list.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    )
    env.filters["fill"] = fill
    env.filters["css_string"] = css_string
    env.filters["tel"] = tel
    # The statuses' CSS classes and default colours, for style.css.
    env.globals["statuses"] = STATUSES
    ref = env.get_template("_footnote_ref.html.j2")
    rich = RichText(
        lambda target, number, table: ref.render(
            target=target, number=number, table=table, words=words
        ).strip()
    )
    env.filters["md"] = rich.block
    env.filters["md_inline"] = rich.inline
    return env


def fill(word: str, **values: object) -> Markup:
    """A word of the plan's word table with its blanks filled: '{quarter}' and the like.
    The word and the values are escaped, but values that are markup already."""
    return Markup(escape(word)).format(**values)


def tel(number: str) -> str:
    """A telephone number as printed ('01736 336587') as a tel: URL of its digits
    ('tel:01736336587'); an international number keeps its + and drops the (0) written
    for callers at home ('+44 (0)1872 322594' gives 'tel:+441872322594'); '' when the
    text holds no digit."""
    international = number.strip().startswith("+")
    if international:
        number = number.replace("(0)", "")
    digits = "".join(ch for ch in number if ch.isascii() and ch.isdigit())
    if not digits:
        return ""
    return f"tel:{'+' if international else ''}{digits}"


def css_string(text: str) -> Markup:
    """Text as a quoted CSS string, safe inside a <style> element (where the HTML escaping
    of the rest of the page does not apply)."""
    out = ['"']
    for ch in text:
        if ch in '"\\<>&' or not ch.isprintable():
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    out.append('"')
    return Markup("".join(out))


def render_html(ctx: Any, templates: Path, template: str = DOCUMENT_TEMPLATE) -> bytes:
    """A document (the plan by default) as one self-contained HTML page, in UTF-8.

    Rendered in pieces, each encoded as it comes: a county-wide plan's page runs to tens
    of megabytes, and Jinja's own render() holds every small piece of it at once.
    """
    out = bytearray()
    pieces: list[str] = []
    try:
        env = make_environment(templates, ctx.words)
        for piece in env.get_template(template).generate(ctx=ctx):
            pieces.append(piece)
            if len(pieces) >= 4096:
                out += "".join(pieces).encode("utf-8")
                pieces.clear()
    except jinja2.TemplateSyntaxError as e:
        raise BuildError(
            f"{e.filename or e.name}:{e.lineno}: template error: {e.message}"
        ) from None
    except jinja2.TemplateNotFound as e:
        raise BuildError(f"template not found in {templates}: {e.name}") from None
    except jinja2.UndefinedError as e:
        raise BuildError(f"template error: {e.message}") from None
    out += "".join(pieces).encode("utf-8")
    return bytes(out)
