"""Abbreviations: every one the plan's text uses is expanded somewhere, so that the
document's glossary explains it.

An abbreviation is a word of two or more capitals (IDVA), perhaps plural (DHRs is DHR),
numbered (LAAA2 is LAAA) or with a suffix after a hyphen (AUDIT-C is AUDIT). It is
expanded when a theme lists it under `abbreviations:` (every theme's list makes the one
glossary). A word in capitals that is a name, not an abbreviation, is listed once under
`not_abbreviations:` in partnership.yaml. The text checked is what the document prints
of the plan: partnership.yaml's introduction, headline section and closing text, and
every theme but its ids, e-mail addresses and the abbreviations themselves.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel

from ..errors import Severity
from ..model.models import PartnershipFile, Theme
from .checks import Report

# Two or more capitals, a plural s or a number allowed after them; not inside a longer
# word, an e-mail address or a path.
WORD = re.compile(r"(?<![\w@./])([A-Z]{2,})(?:s|\d+)?(?![\w@])")
# Fields whose text is not prose the document prints.
SKIPPED = {"id", "email", "abbreviations", "status_rules", "reports", "baseline_heading"}

Path = tuple[str | int, ...]
Placed = tuple[str, Path, BaseModel]  # a file, the path of a model in it, the model


def terms(text: str) -> list[str]:
    """The abbreviations a text uses, each as its singular: 'DHRs and LAAA2' gives DHR,
    LAAA."""
    return WORD.findall(text)


def _texts(obj: object, path: Path) -> Iterable[tuple[Path, str]]:
    if isinstance(obj, str):
        yield path, obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            if name not in SKIPPED:
                yield from _texts(getattr(obj, name), (*path, name))
    elif isinstance(obj, list | tuple):
        for i, item in enumerate(obj):
            yield from _texts(item, (*path, i))


def check_abbreviations(
    report: Report, pname: str, partnership: PartnershipFile, themes: list[tuple[str, Theme]]
) -> None:
    """Warn, at its first use, about each abbreviation the plan's text uses but expands
    nowhere (`report` is the loader: problems go to it, located in their files)."""
    defined = {t for _, theme in themes for a in theme.abbreviations for t in terms(a.term)}
    defined |= {t for a in partnership.not_abbreviations for t in terms(a)}
    places: list[Placed] = [
        (pname, ("introduction",), partnership.introduction),
    ]
    if partnership.headline is not None:
        places.append((pname, ("headline",), partnership.headline))
    if partnership.back_page is not None:
        places.append((pname, ("back_page",), partnership.back_page))
    places += [(name, (), theme) for name, theme in themes]
    warned: set[str] = set()
    for file, base, model in places:
        for path, text in _texts(model, base):
            if path[-1:] == ("address",) or (len(path) > 1 and path[-2] == "address"):
                continue  # a postcode is no abbreviation
            for term in terms(text):
                if term in defined or term in warned:
                    continue
                warned.add(term)
                report.problem(
                    file,
                    path,
                    f"{term} is used but expanded nowhere: add it to a theme's abbreviations "
                    "(term and expansion: the glossary), or if it is a name list it under "
                    "not_abbreviations in partnership.yaml",
                    Severity.WARNING,
                )
