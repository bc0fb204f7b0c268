"""The Markdown subset of rich text fields: bold, italic, lists, links, footnote refs.

Raw HTML is never rendered (it shows as text), images are not rendered, and links
are kept only for http, https and mailto; any other link shows as plain text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_SCHEMES = ("http://", "https://", "mailto:")
# After markdown-it has escaped the text, a reference [^id] is still plain text.
_FOOTNOTE_REF = re.compile(r"\[\^([a-z0-9]+(?:-[a-z0-9]+)*)\]")


def _safe_link(url: str) -> bool:
    return url.strip().lower().startswith(ALLOWED_SCHEMES)


def make_markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_block", "html_inline"])
    md.validateLink = _safe_link  # type: ignore[method-assign]
    return md


# A footnote's mark: its number, and whether it is a table's own note (numbered within
# its table) rather than one numbered through the document.
Mark = tuple[int, bool]


class RichText:
    """Renders rich text; footnote references become links made by a template partial."""

    def __init__(self, footnote_ref: Callable[[str, int, bool], str]):
        self._md = make_markdown()
        self._footnote_ref = footnote_ref

    def _refs(self, html: str, notes: Mapping[str, Mark], anchor: str) -> str:
        def sub(m: re.Match[str]) -> str:
            mark = notes.get(m[1])
            if mark is None:  # the loader refuses unknown references; keep the text
                return m[0]
            return self._footnote_ref(f"{anchor}-note-{m[1]}", *mark)

        return _FOOTNOTE_REF.sub(sub, html)

    def block(
        self, text: str | None, notes: Mapping[str, Mark] | None = None, anchor: str = ""
    ) -> Markup:
        if not text:
            return Markup("")
        return Markup(self._refs(self._md.render(text), notes or {}, anchor))

    def inline(
        self, text: str | None, notes: Mapping[str, Mark] | None = None, anchor: str = ""
    ) -> Markup:
        if not text:
            return Markup("")
        return Markup(self._refs(self._md.renderInline(text), notes or {}, anchor))
