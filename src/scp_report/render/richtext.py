"""The Markdown subset of rich text fields: bold, italic, lists, links, footnote refs.

Raw HTML is never rendered (it shows as text), images are not rendered, and links
are kept only for http, https and mailto; any other link shows as plain text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markupsafe import Markup, escape

ALLOWED_SCHEMES = ("http://", "https://", "mailto:")
# A footnote reference [^id], found in the text of the parsed Markdown: never in a link's
# address or title, nor in code.
_FOOTNOTE_REF = re.compile(r"\[\^([a-z0-9]+(?:-[a-z0-9]+)*)\]")
FOOTNOTE_REF = "footnote_ref"


def _safe_link(url: str) -> bool:
    return url.strip().lower().startswith(ALLOWED_SCHEMES)


def _split_refs(state: StateCore) -> None:
    """Each footnote reference in the text of a paragraph becomes a token of its own,
    rendered by the template partial; one in a link's text follows the link, as a link
    may not hold another."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        out: list[Token] = []
        after_link: list[Token] = []
        depth = 0
        for token in block.children:
            if token.type == "link_open":
                depth += 1
            elif token.type == "link_close":
                depth -= 1
            if token.type != "text" or not _FOOTNOTE_REF.search(token.content):
                out.append(token)
                if token.type == "link_close" and depth == 0:
                    out += after_link
                    after_link = []
                continue
            at = 0
            for m in _FOOTNOTE_REF.finditer(token.content):
                if m.start() > at:
                    out.append(Token("text", "", 0, content=token.content[at : m.start()]))
                ref = Token(FOOTNOTE_REF, "", 0, meta={"id": m[1]}, content=m[0])
                (after_link if depth else out).append(ref)
                at = m.end()
            if at < len(token.content):
                out.append(Token("text", "", 0, content=token.content[at:]))
        block.children = out + after_link


def _render_ref(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: MutableMapping[str, Any]
) -> str:
    token = tokens[idx]
    mark = env.get("notes", {}).get(token.meta["id"])
    if mark is None:  # the loader refuses unknown references; keep the text
        return str(escape(token.content))
    return str(env["ref"](f"{env['anchor']}-note-{token.meta['id']}", *mark))


def make_markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_block", "html_inline"])
    md.validateLink = _safe_link  # type: ignore[method-assign]
    md.core.ruler.push("footnote_refs", _split_refs)
    md.add_render_rule(FOOTNOTE_REF, _render_ref)
    return md


# A footnote's mark: its number, and whether it is a table's own note (numbered within
# its table) rather than one numbered through the document.
Mark = tuple[int, bool]


class RichText:
    """Renders rich text; footnote references become links made by a template partial.
    Markdown-it escapes every text; the partial is rendered by the template engine, with
    its escaping: no markup is made by pasting strings."""

    def __init__(self, footnote_ref: Callable[[str, int, bool], str]):
        self._md = make_markdown()
        self._footnote_ref = footnote_ref

    def _env(self, notes: Mapping[str, Mark] | None, anchor: str) -> dict[str, Any]:
        return {"notes": notes or {}, "anchor": anchor, "ref": self._footnote_ref}

    def block(
        self, text: str | None, notes: Mapping[str, Mark] | None = None, anchor: str = ""
    ) -> Markup:
        """The plan's rich text (a Markdown subset, raw HTML never rendered) as HTML
        blocks: paragraphs and lists; footnote references `[^id]` become links to the
        notes (`notes` gives each its mark, `anchor` the prefix of their ids)."""
        if not text:
            return Markup("")
        return Markup(self._md.render(text, self._env(notes, anchor)))

    def inline(
        self, text: str | None, notes: Mapping[str, Mark] | None = None, anchor: str = ""
    ) -> Markup:
        """The plan's rich text as inline HTML (bold, italic, links; no paragraph), for a
        table cell or a heading; footnote references as `md` makes them."""
        if not text:
            return Markup("")
        return Markup(self._md.renderInline(text, self._env(notes, anchor)))
