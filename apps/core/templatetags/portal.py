"""Template tags for list state, links to pages that may not be installed, safe links,
and the portal's one way to show numbers, money, percentages and times.

`{% load portal %}`, then:

    {{ page.total_items|number }}        2,000
    {{ order.amount_cents|money }}       $29.00   ({{ cents|money:order.currency }}: CA$29.00)
    {{ promotion.amount|percent }}       25%      ({{ fraction|percent:1 }}: 0.833 -> 83.3%)
    {{ event.received_at|when }}         Mar 4, 2026, 14:05   (in the staff member's zone)
    {{ call.created_at|when:"seconds" }} Mar 4, 2026, 14:05:09   (a log's entries, seconds apart)
    {{ school.last_checked_at|ago }}     just now / 5 minutes ago
    {% moment event.received_at %}       <time datetime="…">Mar 4, 2026, 14:05</time>
    {% moment coupon.created_at day=True %}  <time datetime="…">Mar 4, 2026</time>
    {% moment call.created_at seconds=True %}  <time datetime="…">Mar 4, 2026, 14:05:09</time>
"""

from urllib.parse import urlsplit

from django import template
from django.utils.html import format_html

from apps.core import display, links, liststate, paging, resources

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


@register.inclusion_tag("components/row_actions.html", takes_context=True)
def row_actions(context, name: str, *ids, no_inline: bool = False, kept: bool = False):
    """A list row's Edit and Delete buttons for the record of resource `name` whose URL
    arguments after the school are `ids`: those the user may use (`kept`: no Delete)."""
    request = context["request"]
    buttons = {"request": request, "no_inline": no_inline}
    for page in resources.resource(name).record_pages(request.user):
        if not (kept and page == "delete"):
            buttons[f"{page}_url"] = links.link(f"{name}:{page}", request.school.slug, *ids)
    return buttons


@register.simple_tag
def url_if(name: str, *args) -> str:
    """Like `{% url %}`, but "" where there is no such page: that part of the portal is not
    installed, or an id Thinkific sent is one no URL takes (see `apps.core.links`)."""
    return links.link(name, *args)


@register.filter
def linkable(record_id) -> bool:
    """`{% if order.user_id|linkable %}`: whether a URL takes this id Thinkific sent, for a
    link built by hand from a list's URL (see `apps.core.links`)."""
    return links.linkable(record_id)


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


@register.filter
def page_numbers(page) -> list[int | None]:
    """`{% for n in page|page_numbers %}`: the pager's numbers, None for a gap."""
    return paging.page_numbers(page)


@register.filter
def number(value) -> str:
    """`{{ n|number }}`: thousands separated ("2,000"); a non-number is shown as it is."""
    return display.number(value)


@register.filter
def money(cents, currency: str = "USD") -> str:
    """`{{ cents|money }}` or `{{ cents|money:"CAD" }}`: from cents, two decimals and the
    currency ("$29.00", "CA$29.00", "29.00 SEK"); "" when there is no amount."""
    return display.money(cents, currency)


@register.filter
def percent(value, whole=100) -> str:
    """`{{ n|percent }}`: n of 100 ("25%", "83.3%"); `{{ fraction|percent:1 }}`: of 1."""
    return display.percent(value, whole)


@register.filter
def when(value, seconds: str = "") -> str:
    """`{{ moment|when }}`: the portal's one date-time format, in the viewer's time zone;
    `{{ moment|when:"seconds" }}` with the seconds, for a log's entries."""
    if seconds not in ("", "seconds"):
        raise template.TemplateSyntaxError(f'when takes "seconds" or nothing, not {seconds!r}')
    return display.when(value, seconds=bool(seconds))


@register.filter
def ago(value) -> str:
    """`checked {{ moment|ago }}`: "just now", "5 minutes ago", never "0 minutes ago"."""
    return display.ago(value)


@register.simple_tag
def moment(value, relative: bool = False, day: bool = False, seconds: bool = False) -> str:
    """`{% moment value %}`: a `<time>` element showing `value|when`;
    `{% moment value relative=True %}` shows `value|ago`, with the date-time as its tooltip;
    `{% moment value day=True %}` shows only its day ("Mar 4, 2026");
    `{% moment value seconds=True %}` adds the seconds ("Mar 4, 2026, 14:05:09")."""
    if value is None:
        return ""
    iso = value.isoformat()  # as it is: the zone's clock could leave the calendar
    if relative:
        return format_html(
            '<time datetime="{}" title="{}">{}</time>', iso, display.when(value), display.ago(value)
        )
    shown = display.date(value) if day else display.when(value, seconds=seconds)
    return format_html('<time datetime="{}">{}</time>', iso, shown)
