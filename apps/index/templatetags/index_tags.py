"""`{% sort_header "created_at" "Created" %}`: a list's column heading that sorts it.

Needs `sorting` in the context (the list's `apps.index.search.Sort`, set only when the
list is served from the index) and `sort` (the order in force); without `sorting` the
heading is plain text, as the live lists cannot sort.
"""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_header(context, name: str, label: str, css: str = "") -> str:
    sorting = context.get("sorting")
    classes = format_html(' class="{}"', css) if css else ""
    if not sorting or name not in sorting.fields:
        return format_html('<th scope="col"{}>{}</th>', classes, label)
    current = sorting.valid(context.get("sort"))
    ascending, descending = current == name, current == f"-{name}"
    query = context["request"].GET.copy()
    query.pop("page", None)
    query["sort"] = f"-{name}" if ascending else name
    state = "ascending" if ascending else "descending" if descending else "none"
    arrow = " ▲" if ascending else " ▼" if descending else ""
    return format_html(
        '<th scope="col" aria-sort="{}"{}><a href="?{}" hx-get="?{}" hx-target="#results" '
        'hx-push-url="true" title="Sort by {}">{}{}</a></th>',
        state,
        classes,
        query.urlencode(),
        query.urlencode(),
        label.lower(),
        label,
        arrow,
    )
