import pytest

from apps.console import safety
from apps.thinkific.apis import ADMIN_API, WEBHOOKS_API

ROOT = "https://api.thinkific.com/api/public/v1/"


@pytest.mark.parametrize(
    ("path", "api", "rest"),
    [
        ("/v1/users", ADMIN_API, "/users"),
        ("v1/users", ADMIN_API, "/users"),
        ("/v1/users/", ADMIN_API, "/users/"),
        ("/v1/users/ada%40example.com", ADMIN_API, "/users/ada%40example.com"),
        ("/v1/users/100%25", ADMIN_API, "/users/100%25"),
        ("/v1/files/a..b", ADMIN_API, "/files/a..b"),
        ("/v2/webhooks/20200227213233625839530", WEBHOOKS_API, "/webhooks/20200227213233625839530"),
    ],
)
def test_paths_under_the_two_apis_are_accepted(path, api, rest):
    assert safety.target_for(path) == safety.Target(api=api, path=rest)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("", "Enter a path"),
        ("/v1/" + "x" * 2000, "at most 2000 characters"),
        # absolute URLs
        ("https://evil.example/v1/users", "Absolute URLs are refused"),
        ("http:/v1/users", "Absolute URLs are refused"),
        ("HTTPS://api.thinkific.com/api/public/v1/users", "Absolute URLs are refused"),
        ("javascript:alert(1)", "Absolute URLs are refused"),
        ("api.thinkific.com:443/v1/users", "Absolute URLs are refused"),
        # scheme-relative and backslashes
        ("//evil.example/v1/users", "name another host"),
        ("\\\\evil.example/v1/users", "Backslashes are refused"),
        ("/\\evil.example/v1/users", "Backslashes are refused"),
        ("/v1\\..\\admin", "Backslashes are refused"),
        # .. escapes
        ("/v1/../admin", "“..” and “.” segments are refused"),
        ("/v1/users/../../../admin", "“..” and “.” segments are refused"),
        ("/v1/./users", "“..” and “.” segments are refused"),
        ("/v1/users/..", "“..” and “.” segments are refused"),
        ("/v1/..;/admin", "“..” and “.” segments are refused"),
        # percent-encoded tricks
        ("/v1/%2e%2e/%2e%2e/admin", "“..” and “.” segments are refused"),
        ("/v1/%2E%2E/admin", "“..” and “.” segments are refused"),
        ("/v1/.%2e/admin", "“..” and “.” segments are refused"),
        ("/v1/%ef%bc%8e%ef%bc%8e/admin", "“..” and “.” segments are refused"),
        ("/v1/%252e%252e/admin", "Double percent-encoding"),
        ("/v1/users%2f..%2f..%2fadmin", "Encoded slashes"),
        ("/v1/%2F%2Fevil.example", "Encoded slashes"),
        ("/v1/%5c..%5cadmin", "Encoded backslashes"),
        ("/v1/users%0d%0aHost:%20evil.example", "Percent-encoded control characters"),
        ("/v1/users%00", "Percent-encoded control characters"),
        # raw line breaks and spaces
        ("/v1/users\r\nHost: evil.example", "line breaks and control characters"),
        ("/v1/users\nX: y", "line breaks and control characters"),
        ("/v1/my users", "percent-encode a space"),
        ("/v1/us\u200bers", "line breaks and control characters"),
        # outside the two APIs
        ("/admin/users", "Paths start with /v1/"),
        ("/api/public/v1/users", "Paths start with /v1/"),
        ("/v3/users", "Paths start with /v1/"),
        ("/V1/users", "Paths start with /v1/"),
        ("/%76%31/users", "Paths start with /v1/"),
        ("evil.example/v1/users", "Paths start with /v1/"),
        ("/v1", "Add a resource after /v1/"),
        ("/v2/", "Add a resource after /v2/"),
        ("/v1//users", "Empty path segments"),
        ("/v1/users#x", "Fragments"),
        ("/v1/usérs", "Only ASCII"),
    ],
)
def test_paths_that_could_leave_the_api_are_refused(path, message):
    with pytest.raises(safety.RefusedError, match=message):
        safety.target_for(path)


@pytest.mark.parametrize(
    "url",
    [
        "https://api.thinkific.com/api/public/v1/users",
        "https://api.thinkific.com/api/public/v1/users?page=2&query%5Bemail%5D=a%40b.c",
        "https://API.thinkific.com/api/public/v1/users",
    ],
)
def test_urls_under_the_root_pass_the_last_check(url):
    safety.check_url(url, root=ROOT)


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/api/public/v1/users",
        "http://api.thinkific.com/api/public/v1/users",
        "https://api.thinkific.com:8443/api/public/v1/users",
        "https://api.thinkific.com.evil.example/api/public/v1/users",
        "https://user@evil.example/api/public/v1/users",
        "https://api.thinkific.com/api/public/v2/users",
        "https://api.thinkific.com/api/public/v1/../../admin",
        "https://api.thinkific.com/api/public/v1/%2e%2e/%2e%2e/admin",
        "https://api.thinkific.com/api/public/v1",
    ],
)
def test_urls_outside_the_root_fail_the_last_check(url):
    with pytest.raises(safety.RefusedError, match="would leave the school's API"):
        safety.check_url(url, root=ROOT)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("Accept", "application/json"),
        ("Content-Type", "application/json; charset=utf-8"),
        ("If-None-Match", '"abc"'),
        ("X-Request-Id", "console-1"),
        ("X-Note", "tab\tinside"),
    ],
)
def test_ordinary_headers_are_allowed(name, value):
    safety.check_header(name, value)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Authorization", "adds the school's credentials"),
        ("authorization", "adds the school's credentials"),
        ("AUTHORIZATION", "adds the school's credentials"),
        ("Proxy-Authorization", "adds the school's credentials"),
        ("X-Auth-API-Key", "adds the school's credentials"),
        ("x-auth-api-key", "adds the school's credentials"),
        ("X-Auth-Token", "adds the school's credentials"),
        ("Cookie", "adds the school's credentials"),
        ("X-Auth-Subdomain", "sends this school's subdomain"),
        ("x-auth-subdomain", "sends this school's subdomain"),
        ("X-Thinkific-Subdomain", "sends this school's subdomain"),
        ("Host", "only calls this school's API"),
        ("host", "only calls this school's API"),
        ("X-Forwarded-Host", "only calls this school's API"),
        ("X-Forwarded-For", "only calls this school's API"),
        ("Forwarded", "only calls this school's API"),
        ("X-Original-URL", "only calls this school's API"),
        ("X-Rewrite-URL", "only calls this school's API"),
        ("X-HTTP-Method-Override", "would change the method"),
        ("X-Method-Override", "would change the method"),
        ("Content-Length", "sets it from the body"),
        ("Transfer-Encoding", "sets it from the body"),
        ("Connection", "sets it from the body"),
    ],
)
def test_headers_that_touch_credentials_host_or_framing_are_refused(name, message):
    with pytest.raises(safety.RefusedError, match=message):
        safety.check_header(name, "anything")


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("X-Note", "a\r\nAuthorization: Bearer stolen", "line breaks and control characters"),
        ("X-Note", "a\nHost: evil.example", "line breaks and control characters"),
        ("X-Note", "a\rb", "line breaks and control characters"),
        ("X-Note", "a\x00b", "line breaks and control characters"),
        ("X-Note\r\nHost", "evil.example", "Line breaks are refused in header names"),
        ("X-Note: b", "c", "is not a header name"),
        ("X Note", "c", "is not a header name"),
        ("Ünïcode", "c", "is not a header name"),
        ("X-Note", "x" * 4001, "longer than 4000"),
    ],
)
def test_header_injection_is_refused(name, value, message):
    with pytest.raises(safety.RefusedError, match=message):
        safety.check_header(name, value)
