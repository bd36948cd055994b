"""Permissions beyond the one `school_view` checks, for views that need more than one."""

from functools import wraps

from django.core.exceptions import PermissionDenied


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
