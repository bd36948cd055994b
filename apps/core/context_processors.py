from apps.connections.selectors import connection_list_for
from apps.core.navigation import sections_for


def schools(request):
    """The user's schools for the switcher, and the school of this URL if any."""
    if not request.user.is_authenticated:
        return {}
    return {
        "user_schools": connection_list_for(user=request.user).only("name", "slug"),
        "school": getattr(request, "school", None),
    }


def navigation(request):
    school = getattr(request, "school", None)
    if school is None or not request.user.is_authenticated:
        return {}
    return {"sections": sections_for(request, school)}
