"""What the console refuses to send.

Every call stays under the school's own API and keeps the credentials the portal adds:
paths are checked as typed and once more as the URL `requests` will send, and headers that
could replace the credentials, redirect the call or split the request are refused.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import requests

from apps.thinkific.apis import ADMIN_API, WEBHOOKS_API

API_ROOTS = {"v1": ADMIN_API, "v2": WEBHOOKS_API}
MAX_PATH_LENGTH = 2000
MAX_HEADER_VALUE_LENGTH = 4000

SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z\-]+$")

CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})
HOST_HEADERS = frozenset(
    {
        "host",
        "forwarded",
        "x-host",
        "x-original-host",
        "x-forwarded-host",
        "x-forwarded-server",
        "x-forwarded-for",
        "x-forwarded-proto",
        "x-forwarded-port",
        "x-forwarded-prefix",
        "x-real-ip",
        "x-original-url",
        "x-rewrite-url",
    }
)
METHOD_OVERRIDE_HEADERS = frozenset(
    {"x-http-method-override", "x-http-method", "x-method-override"}
)
FRAMING_HEADERS = frozenset(
    {
        "content-length",
        "transfer-encoding",
        "connection",
        "keep-alive",
        "proxy-connection",
        "te",
        "trailer",
        "upgrade",
        "expect",
    }
)


class RefusedError(Exception):
    """The console will not send this; the message says why, in words for the user."""


@dataclass(frozen=True)
class Target:
    """Where a console path points: one of Thinkific's APIs, and the path under it."""

    api: str
    path: str


def target_for(path: str) -> Target:
    """`/v1/...` is the Admin API and `/v2/...` the Webhooks API; anything else is refused."""
    if not path:
        raise RefusedError("Enter a path under the API, such as /v1/users.")
    if len(path) > MAX_PATH_LENGTH:
        raise RefusedError(f"Paths are at most {MAX_PATH_LENGTH} characters.")
    if SCHEME.match(path):
        raise RefusedError(
            "Absolute URLs are refused: the console only calls this school's API. "
            "Write the path under it, such as /v1/users."
        )
    if not path.startswith(("/", "\\")):
        path = "/" + path
    if path.startswith("//"):
        raise RefusedError("Paths starting with // name another host, and are refused.")
    if "\\" in path:
        raise RefusedError("Backslashes are refused: some servers read them as /.")
    if any(char.isspace() or _is_control(char) for char in path):
        raise RefusedError(
            "Spaces, line breaks and control characters are refused in the path; "
            "percent-encode a space as %20."
        )
    if not path.isascii():
        raise RefusedError("Only ASCII characters are allowed in the path; percent-encode others.")
    if "#" in path:
        raise RefusedError("Fragments (#...) are never sent to the API; remove them.")
    segments = _decoded_segments(path)
    if any(segment == "" for segment in segments[1:-1]):
        raise RefusedError("Empty path segments (//) are refused.")
    raw = path.split("/")
    if len(raw) < 2 or raw[1] not in API_ROOTS:
        raise RefusedError(
            "Paths start with /v1/ (the Admin API) or /v2/ (the Webhooks API), such as /v1/users."
        )
    if not "".join(raw[2:]):
        raise RefusedError(f"Add a resource after /{raw[1]}/, such as /v1/users.")
    return Target(api=API_ROOTS[raw[1]], path="/" + "/".join(raw[2:]))


def _decoded_segments(path: str) -> list[str]:
    """The path's segments once percent-decoded, refusing what decoding would smuggle in."""
    decoded = unquote(path)
    if unquote(decoded) != decoded:
        raise RefusedError("Double percent-encoding (such as %252e) is refused.")
    if decoded.count("/") != path.count("/"):
        raise RefusedError("Encoded slashes (%2F) are refused: they hide path segments.")
    if "\\" in decoded:
        raise RefusedError("Encoded backslashes (%5C) are refused: some servers read them as /.")
    if any(_is_control(char) for char in decoded):
        raise RefusedError("Percent-encoded control characters (such as %0D%0A) are refused.")
    segments = decoded.split("/")
    for segment in segments:
        bare = unicodedata.normalize("NFKC", segment).split(";", 1)[0].strip()
        if bare in {".", ".."}:
            raise RefusedError(
                "“..” and “.” segments are refused, encoded or not: the console stays under "
                "this school's API."
            )
    return segments


def check_url(url: str, *, root: str) -> None:
    """The last check, on the URL exactly as `requests` will send it: under `root`, or refused."""
    sent = urlsplit(requests.Request("GET", url).prepare().url or "")
    home = urlsplit(root)
    same_host = (sent.scheme, sent.hostname, sent.port) == (home.scheme, home.hostname, home.port)
    inside = sent.path.startswith(home.path.rstrip("/") + "/")
    escapes = any(part in {".", ".."} for part in unquote(sent.path).split("/"))
    if not same_host or not inside or escapes:
        raise RefusedError("This call would leave the school's API, and is refused.")


def check_header(name: str, value: str) -> None:
    """Refuses a header that could replace credentials, redirect the call or add headers."""
    if any(char in name for char in "\r\n"):
        raise RefusedError("Line breaks are refused in header names: they could add headers.")
    if not HEADER_NAME.match(name):
        raise RefusedError(f"“{name}” is not a header name: use letters, digits and -.")
    if any(_is_control(char) and char != "\t" for char in value):
        raise RefusedError(
            f"“{name}”: line breaks and control characters are refused in header values: "
            "they could add headers of their own."
        )
    if not _is_latin1(value):
        raise RefusedError(
            f"“{name}”: header values take only Latin-1 characters (HTTP carries no others); "
            "percent-encode the rest, or send them in the body."
        )
    if len(value) > MAX_HEADER_VALUE_LENGTH:
        raise RefusedError(f"“{name}” is longer than {MAX_HEADER_VALUE_LENGTH} characters.")
    lowered = name.lower()
    if "subdomain" in lowered:
        raise RefusedError(f"“{name}” is refused: the portal sends this school's subdomain itself.")
    if lowered in CREDENTIAL_HEADERS or lowered.startswith("x-auth-"):
        raise RefusedError(
            f"“{name}” is refused: the portal adds the school's credentials itself, and they "
            "cannot be set or overridden here."
        )
    if lowered in HOST_HEADERS:
        raise RefusedError(f"“{name}” is refused: the console only calls this school's API.")
    if lowered in METHOD_OVERRIDE_HEADERS:
        raise RefusedError(
            f"“{name}” is refused: it would change the method; choose the method above."
        )
    if lowered in FRAMING_HEADERS:
        raise RefusedError(f"“{name}” is refused: the portal sets it from the body.")


def _is_latin1(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def _is_control(char: str) -> bool:
    return unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"}
