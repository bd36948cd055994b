"""What the service modules share."""

from __future__ import annotations

TAKEN = "has already been taken"


def assign(instance, values: dict, columns: tuple[str, ...]) -> list[str]:
    """Set the given columns from `values`; the names of those that changed."""
    changed = []
    for name in columns:
        if name in values and getattr(instance, name) != values[name]:
            setattr(instance, name, values[name])
            changed.append(name)
    return changed
