"""View decorators: the school in the URL and the permissions a view needs."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.utils.functional import SimpleLazyObject

from apps.connections.selectors import connection_for
from apps.connections.services import client_for


def school_view(permission: str | None = None):
    """For views under `/s/<school>/`: resolves the school the user may use (else 404),
    checks `permission` (else 403) and sets `request.school` and `request.thinkific`."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, school: str, *args, **kwargs):
            request.school = connection_for(user=request.user, slug=school)
            if permission and not request.user.has_perm(permission):
                raise PermissionDenied
            # Built on first use: pages that make no call work even without credentials.
            request.thinkific = SimpleLazyObject(lambda: client_for(request.school))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def also_requires(*permissions: str, any_of: bool = False):
    """Below `@school_view(...)`: the user also needs all of `permissions` (else 403),
    or at least one of them with `any_of=True`."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            granted = [request.user.has_perm(permission) for permission in permissions]
            if not (any(granted) if any_of else all(granted)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
