"""How user fields read on the portal's pages."""

from django import template

from apps.users.forms import ROLE_LABELS

register = template.Library()


@register.filter
def role_label(role: str) -> str:
    """`course_admin` -> "Course admin" (unknown roles as Thinkific sent them)."""
    return ROLE_LABELS.get(role, role)
