"""Rich text (render/richtext.py): markdown-it escapes every text, and footnote marks are
tokens rendered by the template partial, so no text of a plan can open or break a tag."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scp_report.render.richtext import RichText

NOTES = {"n1": (1, False), "n2": (2, True)}


def _ref(target: str, number: int, table: bool) -> str:
    return f'<sup class="footnote-ref"><a href="#{target}">{number}</a></sup>'


RICH = RichText(_ref)


class _Tree(HTMLParser):
    """Elements as a browser opens and closes them; fails on an <a> inside an <a>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert not (tag == "a" and "a" in self.open), "a link inside a link"
        self.tags.append((tag, dict(attrs)))
        if tag not in ("br", "hr"):
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in ("br", "hr"), tag
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, (self.open, tag)
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text += data


def _tree(html: str) -> _Tree:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    assert not tree.open, tree.open
    return tree


@pytest.mark.parametrize(
    "text",
    [
        '[a link](https://example.org "a title [^n1] here")',
        '[a link](https://example.org "[^n1]\\"><script>x</script>")',
        "[a [^n1] link](https://example.org)",
        "[**a [^n1]** link](https://example.org) then [^n2]",
        "`code [^n1]` and [^n2]",
        "[x](https://example.org/[^n1])",
    ],
)
def test_a_footnote_mark_never_breaks_a_tag(text: str) -> None:
    for html in (RICH.inline(text, NOTES, "t"), RICH.block(text, NOTES, "t")):
        tree = _tree(str(html))
        assert "script" not in [tag for tag, _ in tree.tags]
        for tag, attrs in tree.tags:
            if tag == "a":
                assert set(attrs) <= {"href", "title"}


def test_footnote_marks_follow_their_text_and_a_link() -> None:
    html = RICH.inline("see [the [^n1] report](https://example.org) and [^n2]", NOTES, "t")
    assert str(html) == (
        'see <a href="https://example.org">the  report</a>'
        '<sup class="footnote-ref"><a href="#t-note-n1">1</a></sup> and '
        '<sup class="footnote-ref"><a href="#t-note-n2">2</a></sup>'
    )
    assert str(RICH.inline("`[^n1]` [^zz]", NOTES, "t")) == "<code>[^n1]</code> [^zz]"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*"[]()^n12 *_`<>&\"'\\!#-\n", "https://x", "[^n1]"]), max_size=30
    ).map("".join)
)
def test_any_text_renders_to_well_formed_markup(text: str) -> None:
    _tree(str(RICH.block(text, NOTES, "t")))
    _tree(str(RICH.inline(text, NOTES, "t")))
