"""`json_tree`: a JSON value as nested <details>, so any level folds without JavaScript."""

import json
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

MAX_NODES = 5000  # beyond this the tree is slower to read than the raw text
OPEN_DEPTH = 3  # the envelope, its items and each item start open; deeper levels folded
MAX_DEPTH = 60


class TooLargeError(Exception):
    pass


@register.filter
def json_tree(value: Any) -> SafeString | str:
    """The tree's HTML, or "" when the value is too large for a tree (show the raw text)."""
    parts: list[str] = []
    try:
        _node(value, parts, depth=0, budget=[MAX_NODES])
    except TooLargeError:
        return ""
    return mark_safe(f'<div class="jt">{"".join(parts)}</div>')  # every part is escaped


def _node(value: Any, parts: list[str], *, depth: int, budget: list[int]) -> None:
    budget[0] -= 1
    if budget[0] < 0:
        raise TooLargeError
    if isinstance(value, dict | list) and value and depth < MAX_DEPTH:
        _container(value, parts, depth=depth, budget=budget)
    elif isinstance(value, dict | list):
        parts.append(f'<span class="jt-raw">{escape(json.dumps(value, ensure_ascii=False))}</span>')
    elif isinstance(value, str):
        parts.append(f'<span class="jt-str">{escape(json.dumps(value, ensure_ascii=False))}</span>')
    elif isinstance(value, bool) or value is None:
        parts.append(f'<span class="jt-lit">{json.dumps(value)}</span>')
    else:
        parts.append(f'<span class="jt-num">{escape(json.dumps(value))}</span>')


def _container(value: dict | list, parts: list[str], *, depth: int, budget: list[int]) -> None:
    is_dict = isinstance(value, dict)
    opening, closing = ("{", "}") if is_dict else ("[", "]")
    count = len(value)
    noun = ("key" if is_dict else "item") + ("" if count == 1 else "s")
    parts.append(
        f"<details{' open' if depth < OPEN_DEPTH else ''}><summary>"
        f'<span class="jt-punct">{opening}</span><span class="jt-count">{count} {noun}</span>'
        "</summary><ul>"
    )
    entries = value.items() if is_dict else enumerate(value)
    for key, item in entries:
        parts.append("<li>")
        if is_dict:
            parts.append(f'<span class="jt-key">{escape(json.dumps(str(key)))}</span>: ')
        _node(item, parts, depth=depth + 1, budget=budget)
        parts.append("</li>")
    parts.append(f'</ul><span class="jt-punct">{closing}</span></details>')
