"""Template tags for list state, links to pages that may not be installed, and safe links."""

from urllib.parse import urlsplit

from django import template
from django.urls import NoReverseMatch, reverse

from apps.core import liststate

register = template.Library()


@register.simple_tag(takes_context=True)
def from_list(context, url: str) -> str:
    """On a list page: `url` carrying the list's filters and page."""
    return liststate.from_list(context["request"], url)


@register.simple_tag(takes_context=True)
def with_state(context, url: str) -> str:
    """On a detail or edit page: `url` carrying on the list state this page was given."""
    return liststate.with_state(context["request"], url)


@register.simple_tag(takes_context=True)
def list_url(context, name: str, *args) -> str:
    """The list page `name`, with the filters it was left with."""
    return liststate.list_url(context["request"], name, *args)


@register.simple_tag
def url_if(name: str, *args) -> str:
    """Like `{% url %}`, but "" when that part of the portal is not installed."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@register.filter
def safe_url(url) -> str:
    """`url` if it is an http(s) address, else "": links from Thinkific's data go into
    href and src, where a `javascript:` or `data:` URL would run or show content."""
    text = str(url or "").strip()
    # Browsers drop control characters inside a URL, so "java\tscript:" would still run.
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in text):
        return ""
    try:
        parts = urlsplit(text)
    except ValueError:  # such as an unclosed "[" in the host
        return ""
    return text if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


@register.filter
def initials(name) -> str:
    """ "Ada Lovelace" -> "AL": a person's initials, for a picture that is missing."""
    return "".join(word[0] for word in str(name or "").split()[:2]).upper() or "?"
