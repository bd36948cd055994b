"""One JSON reader for what strangers send (a webhook delivery, a console body or answer):
bounded in size and depth, and total: anything it cannot turn into plain, storable data
raises `JSONError` with a reason for people, never another exception.

Python's `json` accepts NaN and Infinity (no JSON has them, and PostgreSQL's jsonb refuses
them), reads 1e999 as infinity, turns the escape \\ud800 into a lone surrogate (no
character: no database can store it, no page can encode it) and recurses once per level
of nesting, so a body nested thousands deep ends in a RecursionError.
"""

from __future__ import annotations

import json
import math
import re
from itertools import accumulate
from typing import Any

MAX_DEPTH = 64
# A JSON string (escapes included), and anything that is not a bracket.
STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
NOT_BRACKET = re.compile(r"[^\[\]{}]+")
# The escape \u0000 (not a backslash escaped before it): U+0000 once read.
NUL_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\u0000")
# A high surrogate escape with no low one after it, or a low one with no high one before.
HIGH = r"\\u[dD][89abAB][0-9a-fA-F]{2}"
LOW = r"\\u[dD][c-fC-F][0-9a-fA-F]{2}"
LONE_SURROGATE = re.compile(rf"(?<!\\)((?:\\\\)*)(?:{HIGH}(?!{LOW})|(?<!{HIGH}){LOW})")


class JSONError(ValueError):
    """The text is refused; the message says why, in a sentence for people."""


def loads(
    data: str | bytes,
    *,
    max_bytes: int,
    max_depth: int = MAX_DEPTH,
    nul: str | None = None,
) -> Any:
    """The value of the JSON `data`, or `JSONError`.

    `nul`, when given, stands in for U+0000 in every string and key (PostgreSQL's text and
    jsonb cannot hold it); the work is one pass over the text, whatever the nesting.
    """
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise JSONError(f"The JSON is larger than {_size(max_bytes)}.")
    text = _text(data)
    # No deeper than its brackets, counted at C speed: most texts need no closer look.
    brackets = text.count("[") + text.count("{")
    if brackets > max_depth and depth_of(text) > max_depth:
        raise JSONError(f"The JSON nests deeper than {max_depth} levels.")
    if nul is not None and "\\u0000" in text:
        text = NUL_ESCAPE.sub(lambda match: match.group(1) + _escape(nul), text)
    try:
        value = json.loads(text, parse_constant=_no_constant, parse_float=_finite)
    except JSONError:
        raise
    except ValueError as exc:  # JSONDecodeError, or an integer past Python's digit limit
        where = f" (line {exc.lineno}, column {exc.colno})" if hasattr(exc, "lineno") else ""
        raise JSONError(f"This is not valid JSON: {getattr(exc, 'msg', exc)}{where}.") from None
    # A lone surrogate comes from an escape, or from a str that was never UTF-8.
    could_hold_surrogate = "\\u" in text or (isinstance(data, str) and not text.isascii())
    try:  # cheap and linear: the encoder refuses a lone surrogate anywhere in the value
        if could_hold_surrogate:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise JSONError(
            "The JSON holds an unpaired surrogate escape (such as \\ud800): it stands for no "
            "character."
        ) from None
    return value


class StoredDecoder(json.JSONDecoder):
    """For stored JSON (`JSONField(decoder=...)`): whatever an earlier version of the portal
    stored is read, so that no stored row can break a page. A lone surrogate escape reads
    as U+FFFD; a value nested too deep to read safely as a note that says so."""

    def decode(self, s, *args, **kwargs):
        if depth_of(s) > MAX_DEPTH:
            return {"unreadable": f"Stored nested deeper than {MAX_DEPTH} levels: not shown."}
        return super().decode(LONE_SURROGATE.sub(r"\1\\ufffd", s), *args, **kwargs)


def depth_of(text: str) -> int:
    """How deep arrays and objects nest in `text`, brackets inside strings aside."""
    brackets = NOT_BRACKET.sub("", STRING.sub("", text))
    return max(accumulate(1 if char in "[{" else -1 for char in brackets), default=0)


def _text(data: str | bytes) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise JSONError("The JSON is not UTF-8 text.") from None


def _no_constant(name: str) -> None:
    raise JSONError(f"The JSON holds {name}: JSON numbers are finite.")


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise JSONError(f"The JSON holds {text[:40]}, too large a number to be finite.")
    return number


def _escape(char: str) -> str:
    return json.dumps(char)[1:-1]


def _size(limit: int) -> str:
    return f"{limit // 1024} KB" if limit >= 1024 else f"{limit} bytes"
