"""Django's error reports, debug pages included, never show what is marked secret."""

from django.views.debug import SafeExceptionReporterFilter


class SecretsHiddenFilter(SafeExceptionReporterFilter):
    """Django's filter hides `sensitive_variables` only with DEBUG off; `make run` has it on,
    and a debug page can be shown to any staff member, so this one hides them always."""

    def is_active(self, request) -> bool:
        return True
