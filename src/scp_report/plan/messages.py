"""Messages a person can act on: pydantic's errors turned into plan-file words, and
locations as dotted paths ('indicators[3].target')."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from pydantic import BaseModel


def format_path(loc: Iterable[str | int]) -> str:
    """('indicators', 3, 'target') -> 'indicators[3].target'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _unwrap(tp: Any) -> list[Any]:
    """The model classes an annotation may hold (through Optional, list, Annotated)."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType, list, tuple):
        out: list[Any] = []
        for arg in typing.get_args(tp):
            out.extend(_unwrap(arg))
        return out
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    return []


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        f = current.model_fields.get(part)
        if f is None:
            return None
        candidates = _unwrap(f.annotation)
        current = candidates[0] if candidates else None
    return current


# pydantic's own words for a kind of error, said as a plan's author would (`{limit}` is the
# number in pydantic's message: a bound or a length).
_PLAIN_WORDS = {
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "greater_than_equal": "expected a number of at least {limit}",
    "greater_than": "expected a number above {limit}",
    "less_than_equal": "expected a number of at most {limit}",
    "less_than": "expected a number below {limit}",
    "string_too_short": "expected text of at least {limit} characters",
    "string_too_long": "expected text of at most {limit} characters",
    "too_short": "expected at least {limit} items",
    "too_long": "expected at most {limit} items",
}
# The same, where the bound is one.
_PLAIN_WORDS_ONE = {
    "string_too_short": "expected some text, not an empty one",
    "too_short": "expected at least one item",
}


def meant_key(loc: tuple[str | int, ...], model: type[BaseModel]) -> str | None:
    """The key an unknown key at `loc` is most likely a misspelling of, if any."""
    parent = _model_at(model, loc[:-1])
    if parent is None or not isinstance(loc[-1], str):
        return None
    close = difflib.get_close_matches(loc[-1], list(parent.model_fields), n=1)
    return close[0] if close else None


def plain_errors(errors: list[Any], model: type[BaseModel]) -> list[tuple[Any, str]]:
    """Each pydantic error with its message, less the second error a misspelt key makes:
    `basline:` is an unknown key that means `baseline`, so `baseline` missing beside it
    says the same thing again."""
    meant = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            loc = tuple(err["loc"])
            key = meant_key(loc, model)
            if key is not None:
                meant.add((*loc[:-1], key))
    return [
        (err, pydantic_message(err, model))
        for err in errors
        if not (err["type"] == "missing" and tuple(err["loc"]) in meant)
    ]


def pydantic_message(err: Any, model: type[BaseModel]) -> str:
    """One pydantic error as the message a plan problem shows."""
    kind = err["type"]
    loc = tuple(err["loc"])
    msg = str(err["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if kind == "extra_forbidden":
        meant = meant_key(loc, model)
        if meant is not None:
            return f"unknown key {loc[-1]!r}; did you mean {meant!r}?"
        parent = _model_at(model, loc[:-1])
        allowed = ", ".join(parent.model_fields) if parent else ""
        return f"unknown key {loc[-1]!r}" + (f"; expected one of: {allowed}" if allowed else "")
    if kind == "missing":
        return f"missing required key {loc[-1]!r}"
    value = err.get("input")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        if value is None:
            return "expected a mapping of keys and values, got nothing"
        return f"expected a mapping of keys and values, got {_short(value)}"
    if kind == "list_type":
        return f"expected a list, got {_short(value)}"
    if kind in ("enum", "literal_error"):
        # "Input should be 'percent', 'count', 'rate' or 'score'": the parser's words.
        choices = re.findall(r"'([^']*)'", msg.partition(", got")[0])
        if choices:
            got = f", got {_short(value)}" if value is not None else ""
            hint = suggest(str(value), choices) if isinstance(value, str) else ""
            return f"expected one of: {', '.join(choices)}{got}{hint}"
    if kind == "string_pattern_mismatch" and "[a-z0-9]" in msg:
        fixed = "-".join(re.findall(r"[a-z0-9]+", str(value).lower()))
        hint = f"; did you mean {fixed!r}?" if fixed and fixed != value else ""
        return (
            "expected an id of lower-case letters, digits and hyphens, such as "
            f"dasv-first-time-reports, got {_short(value)}{hint}"
        )
    plain = _PLAIN_WORDS.get(kind)
    if plain is not None:
        found = re.search(r"(-?\d[\d,]*)", msg.partition(", got")[0])
        limit = int(found[1].replace(",", "")) if found else None
        if limit == 1 and kind in _PLAIN_WORDS_ONE:
            plain = _PLAIN_WORDS_ONE[kind]
        words = plain.format(limit=f"{limit:,}" if limit is not None else "")
        if value is None:
            return f"{words}, got nothing"
        if kind == "string_type" and isinstance(value, int | float | Decimal | dt.date):
            return f"{words}, got {_short(value)}; put it in quotes to make it text"
        return f"{words}, got {_short(value)}"
    if isinstance(value, str | int | float) and repr(value) not in msg:
        msg += f", got {_short(value)}"
    return msg


def _short(value: Any) -> str:
    if isinstance(value, dt.date):  # as the file has it, not Python's repr
        return f"the date {value.isoformat()}"
    if isinstance(value, Decimal):
        return format(value, "f")
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def suggest(name: str, known: Iterable[str]) -> str:
    """'; did you mean 'x'?' for the closest known name, or nothing."""
    close = difflib.get_close_matches(name, list(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""
