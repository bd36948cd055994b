"""What the portal tells staff when Thinkific fails: one wording for pages, fragments and forms."""

from django.conf import settings

from apps.thinkific import errors

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def error_wording(exc: errors.ThinkificError, *, method: str = "GET") -> tuple[int, str, str]:
    """(status for our page, title, what to do) for an error from Thinkific."""
    if isinstance(exc, errors.NotFoundError):
        return 404, "Not found on Thinkific", "The record does not exist, or was deleted."
    if isinstance(exc, errors.AuthenticationError):
        return (
            502,
            "Thinkific rejected the school's credentials",
            (
                f"{exc.message} Check the API key or reconnect OAuth in the connection's settings. "
                "Thinkific answers the same when the school's plan has no API access."
            ),
        )
    if isinstance(exc, errors.PermissionDeniedError):
        return (
            502,
            "Thinkific refused this action",
            (f"The school's credentials may not do this: {exc.message}"),
        )
    if isinstance(exc, errors.RateLimitedError):
        return (
            429,
            "The school's request budget is used up",
            (
                f"Thinkific allows {settings.THINKIFIC_RATE_LIMIT} requests a minute per school. "
                f"Try again in {exc.retry_after} seconds."
            ),
        )
    if isinstance(exc, errors.NetworkError):
        if method not in SAFE_METHODS and not exc.never_connected:
            return (
                504,
                "Thinkific did not answer in time",
                (f"{exc.message} Thinkific may have saved this anyway: check before trying again."),
            )
        return 504, "Thinkific could not be reached", f"{exc.message} Try again in a moment."
    if isinstance(exc, errors.UnsendableError):
        return 400, "This request cannot be sent", f"{exc.message} Nothing was sent to Thinkific."
    if isinstance(exc, errors.ValidationError):
        messages = exc.non_field_errors + [
            f"{field}: {', '.join(texts)}" for field, texts in exc.field_errors.items()
        ]
        return 422, "Thinkific did not accept the data", "; ".join(messages) or exc.message
    return 502, "Thinkific answered with an error", f"{exc.message} Try again in a moment."
