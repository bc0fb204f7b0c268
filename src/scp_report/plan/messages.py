"""Messages a person can act on: pydantic's errors turned into plan-file words, and
locations as dotted paths ('indicators[3].target')."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable
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


def pydantic_message(err: Any, model: type[BaseModel]) -> str:
    """One pydantic error as the message a plan problem shows."""
    kind = err["type"]
    loc = tuple(err["loc"])
    msg = str(err["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if kind == "extra_forbidden":
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
    if isinstance(value, str | int | float) and repr(value) not in msg:
        msg += f", got {_short(value)}"
    return msg


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def suggest(name: str, known: Iterable[str]) -> str:
    """'; did you mean 'x'?' for the closest known name, or nothing."""
    close = difflib.get_close_matches(name, list(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""
