"""The log-in page's word on the demo (apps.core.demo)."""

from django import template

from apps.core.demo import demo_admin

register = template.Library()


@register.inclusion_tag("registration/demo_hint.html")
def demo_hint() -> dict:
    return {"demo_admin": demo_admin()}
