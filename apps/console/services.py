"""Sending a console call to the school's API, and keeping the user's history of them."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterable
from dataclasses import replace

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.views.decorators.debug import sensitive_variables

from apps.connections.models import Connection
from apps.console import safety
from apps.console.calls import ApiCall, CallResult, curl_command, pagination_of
from apps.console.endpoints import alias_hint
from apps.console.models import Call
from apps.console.selectors import HISTORY_SIZE
from apps.core import jsonsafe
from apps.thinkific import ThinkificClient, errors
from apps.thinkific.client import RawResponse

logger = logging.getLogger(__name__)

EXCERPT_CHARS = 2000
REDACTED = "[redacted]"


def max_response_bytes() -> int:
    return settings.CONSOLE_MAX_RESPONSE_BYTES


def response_timeout() -> float:
    """Seconds a call may take in all, reading included (the client bounds each read)."""
    return settings.CONSOLE_TIMEOUT


@sensitive_variables("secrets")
def call_send(
    *, client: ThinkificClient, connection: Connection, user, call: ApiCall
) -> CallResult:
    """Send `call` to the school's own API with its credentials, and record it.

    Raises `safety.RefusedError` when the call would leave the school's API. A call that
    got no answer (network failure, timeout, the school's budget spent, a request HTTP
    cannot carry) is a result with an `error`, kept in the history like any other.
    """
    target = safety.target_for(call.path)
    url = client.url(target.path, api=target.api)
    if call.query:
        url = f"{url}?{call.query_string}"
    # The root comes from the school's own settings, not from the client that builds the URL.
    safety.check_url(url, root=f"{connection.api_base_url.rstrip('/')}{target.api}/")
    secrets = secrets_of(connection)
    curl = redact(_curl(client, call, url), secrets)
    started = time.monotonic()
    try:
        answer = _send(client, call, url)
    except (errors.NetworkError, errors.RateLimitedError, errors.UnsendableError) as exc:
        result = CallResult(call=call, url=url, curl=curl, error=_no_answer(exc, client))
    else:
        result = _result(call, url, curl, answer, client)
    result = _with_duration(result, started)
    call_record(connection=connection, user=user, result=result)
    return result


def _send(client: ThinkificClient, call: ApiCall, url: str) -> RawResponse:
    headers = dict(call.headers)
    if call.body and not any(name.lower() == "content-type" for name in headers):
        headers["Content-Type"] = "application/json"
    return client.raw(
        call.method,
        url,
        data=call.body.encode() if call.body else None,
        headers=headers,
        max_bytes=max_response_bytes(),
        timeout=response_timeout(),
    )


def _result(
    call: ApiCall, url: str, curl: str, answer: RawResponse, client: ThinkificClient
) -> CallResult:
    text = answer.text
    data, is_json = None, False
    if answer.body.strip() and not answer.cut:
        with contextlib.suppress(ValueError):
            data, is_json = jsonsafe.loads(text, max_bytes=max_response_bytes()), True
    notes = []
    if answer.cut == "size":
        notes.append(
            f"The answer is larger than {filesizeformat(max_response_bytes())}: "
            "only its start is shown."
        )
    elif answer.cut == "time":
        notes.append(
            f"The answer took longer than {response_timeout():g} seconds: only its start is shown."
        )
    elif answer.cut == "broken":
        notes.append("The answer broke off while it was being read: only its start is shown.")
    if answer.status == 404 and (hint := alias_hint(call.method, call.path)):
        notes.append(hint)
    if answer.status == 429:
        notes.append(
            "Thinkific answered 429: the school's budget is spent on Thinkific's side. "
            "The portal holds back this school's requests until Thinkific's reset time."
        )
    return CallResult(
        call=call,
        url=url,
        curl=curl,
        status=answer.status,
        reason=answer.reason,
        headers=list(answer.headers),
        text=text,
        data=data,
        is_json=is_json,
        size=len(answer.body),
        truncated=bool(answer.cut),
        pagination=pagination_of(data) if is_json else None,
        notes=notes,
    )


def _with_duration(result: CallResult, started: float) -> CallResult:
    return replace(result, duration_ms=round((time.monotonic() - started) * 1000))


def _no_answer(exc: errors.ThinkificError, client: ThinkificClient) -> str:
    if isinstance(exc, errors.RateLimitedError):
        limit = client.governor.limit if client.governor else settings.THINKIFIC_RATE_LIMIT
        # Only the portal's governor raises here (Thinkific's own 429 is an answer).
        return (
            f"Nothing was sent: {exc.message} The school's budget is {limit} requests a "
            f"minute; try again in {exc.retry_after} seconds."
        )
    if isinstance(exc, errors.UnsendableError):
        return f"Nothing was sent: {exc.message}"
    return f"No answer: {exc.message}"


def _curl(client: ThinkificClient, call: ApiCall, url: str) -> str:
    credentials = client.credential_placeholders(url).items()
    return curl_command(
        call,
        url,
        variable_headers=[(name, value) for name, value in credentials if "$" in value],
        fixed_headers=[(name, value) for name, value in credentials if "$" not in value],
    )


# -- history --------------------------------------------------------------------------------


@sensitive_variables("secrets")
def call_record(*, connection: Connection, user, result: CallResult) -> Call:
    """Keep the call in the user's history of this school, trimmed to the latest 50.

    Any of the school's secrets the user typed in (a key pasted in a header, say) is
    replaced before saving.
    """
    secrets = secrets_of(connection)
    call = result.call
    record = Call.objects.create(
        user=user,
        connection=connection,
        method=call.method,
        path=redact(call.path, secrets),
        query=[[redact(n, secrets), redact(v, secrets)] for n, v in call.query],
        request_headers=[[n, redact(v, secrets)] for n, v in call.headers],
        body=redact(call.body, secrets),
        status=result.status,
        duration_ms=result.duration_ms,
        response_excerpt=redact(result.text[:EXCERPT_CHARS], secrets),
        error=result.error[:300],
    )
    stale = Call.objects.filter(user=user, connection=connection).values_list("pk", flat=True)
    Call.objects.filter(pk__in=list(stale[HISTORY_SIZE:])).delete()
    return record


@sensitive_variables()
def secrets_of(connection: Connection) -> list[str]:
    values = [
        connection.api_key,
        connection.access_token,
        connection.refresh_token,
        connection.oauth_client_secret,
    ]
    # Longest first, so a secret that contains another is replaced whole.
    return sorted({value for value in values if value and len(value) >= 8}, key=len, reverse=True)


@sensitive_variables("secrets", "secret")
def redact(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return text
