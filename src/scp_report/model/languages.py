"""Language packs: the words of the documents in a language, shipped with the package as
data (scp_report/languages/<code>.yaml). A plan names its pack (`language: cy` in
partnership.yaml, English by default) and overrides under `words:` only the words it
changes; the pack's words go through the same checks as a plan's own (model/words.py).

A pack is read only when a plan names it, with PyYAML's C loader where there is one.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Pack:
    """A language pack: its code, its name in itself and in English, the BCP 47 tag of a
    document written in it (the HTML lang attribute and the PDF's language), and every word
    of the word table."""

    code: str
    name: str
    english_name: str
    tag: str
    words: dict[str, Any]


def _folder() -> Any:
    return resources.files("scp_report") / "languages"


@functools.cache
def available() -> tuple[str, ...]:
    """The codes of the packs that ship with the package, sorted: ('cy', 'en')."""
    return tuple(
        sorted(f.name[: -len(".yaml")] for f in _folder().iterdir() if f.name.endswith(".yaml"))
    )


@functools.cache
def pack(code: str) -> Pack:
    """The pack of a language code that `available()` lists."""
    if code not in available():
        raise KeyError(code)
    text = (_folder() / f"{code}.yaml").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(text, Loader=loader)
    return Pack(
        code,
        str(data["name"]),
        str(data["english_name"]),
        str(data["tag"]),
        dict(data["words"]),
    )


def meant(code: str) -> str | None:
    """The pack a language code that is not one most likely means: 'cy' for CY, Welsh,
    Cymraeg or cym; None where none is close."""
    known = available()
    given = code.strip().lower()
    for c in known:
        p = pack(c)
        if given in (c, p.name.lower(), p.english_name.lower(), p.tag.lower()):
            return c
    close = difflib.get_close_matches(given, known, n=1)
    return close[0] if close else None
