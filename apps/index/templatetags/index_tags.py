"""`{% sort_header "created_at" "Created" %}`: a list's column heading that sorts it, and
`{% sort_by %}`: the same orders as a row of links, for phones, whose tables hide their
headings.

Need `sorting` in the context (the list's `apps.index.search.Sort`, set only when the
list is served from the index) and `sort` (the order in force); without `sorting` the
heading is plain text and there are no links, as the live lists cannot sort.
"""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()

ARROWS = {"ascending": " ▲", "descending": " ▼", "none": ""}


def _order(context, name: str) -> tuple[str, str]:
    """Whether the list is sorted by `name` ("ascending", "descending" or "none"), and
    the query that sorts it by `name`: the other way round when it already is."""
    current = context["sorting"].valid(context.get("sort"))
    ascending, descending = current == name, current == f"-{name}"
    query = context["request"].GET.copy()
    query.pop("page", None)
    query["sort"] = f"-{name}" if ascending else name
    state = "ascending" if ascending else "descending" if descending else "none"
    return state, query.urlencode()


@register.simple_tag(takes_context=True)
def sort_header(context, name: str, label: str, css: str = "") -> str:
    sorting = context.get("sorting")
    classes = format_html(' class="{}"', css) if css else ""
    if not sorting or name not in sorting.fields:
        return format_html('<th scope="col"{}>{}</th>', classes, label)
    state, query = _order(context, name)
    return format_html(
        '<th scope="col" aria-sort="{}"{}><a href="?{}" hx-get="?{}" hx-target="#results" '
        'hx-push-url="true" title="Sort by {}">{}{}</a></th>',
        state,
        classes,
        query,
        query,
        label.lower(),
        label,
        ARROWS[state],
    )


@register.simple_tag(takes_context=True)
def sort_by(context) -> str:
    sorting = context.get("sorting")
    if not sorting:
        return ""
    links = []
    for name, label in sorting.labels.items():
        state, query = _order(context, name)
        links.append((query, str(state != "none").lower(), label, ARROWS[state]))
    return format_html(
        '<p class="sort-by"><span class="muted">Sort by</span> {}</p>',
        format_html_join(
            " ",
            '<a class="button small" href="?{0}" hx-get="?{0}" hx-target="#results" '
            'hx-push-url="true" aria-current="{1}">{2}{3}</a>',
            links,
        ),
    )
