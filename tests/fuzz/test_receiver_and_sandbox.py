"""Signed webhook deliveries holding any JSON, and the sandbox's API with any request."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from apps.sandbox.resources import TOP_LEVEL
from apps.thinkific import signatures
from apps.webhooks.models import Event
from tests.fuzz.conftest import FUZZ, timed
from tests.fuzz.test_pages import VALUES

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and Infinity too: Python's json writes them
    | st.text(max_size=20)
    | st.sampled_from(["\x00", "\ud800", "\udfff"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=30,
)
ENVELOPE = st.fixed_dictionaries(
    {
        "id": st.one_of(st.text(max_size=70), st.integers(), JSON),
        "resource": st.sampled_from(["order", "user", "", "Order"]) | st.text(max_size=10),
        "action": st.sampled_from(["created", "updated"]) | st.text(max_size=10),
        "payload": JSON,
        "created_at": st.sampled_from(["2018-01-26T22:23:20.808Z", "9999-12-31", ""]) | JSON,
    }
)


def deliver(world, body: bytes):
    url = f"/webhooks/in/{world.school.webhook_uuid}/"
    headers = {"X-Thinkific-Hmac-Sha256": signatures.sign(body, world.school.webhook_secret)}
    return world.client.post(url, body, content_type="application/json", headers=headers)


@FUZZ
@given(envelope=ENVELOPE, nest=st.integers(min_value=0, max_value=3000))
def test_signed_deliveries_of_any_json(world, envelope, nest):
    # Nested past Python's recursion limit: written as text, as a stranger would send it.
    body = json.dumps(envelope, allow_nan=True).encode("utf-8", "surrogatepass")
    if nest > 2000:
        deep = b'"payload": {"deep": ' + b"[" * nest + b"]" * nest + b'}, "was": '
        body = body.replace(b'"payload": ', deep, 1)
    before = Event.objects.count()
    response = timed("receiver", f"delivery {body[:120]!r}", lambda: deliver(world, body))
    after = Event.objects.count()
    assert after - before in (0, 1)
    if response.status_code != 200:
        assert after == before, "a refused delivery was stored"
    for url in ("/activity/", f"/s/{world.school.slug}/activity/"):
        timed("feed after a delivery", url, lambda u=url: world.client.get(u))


@FUZZ
@given(body=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_signed_deliveries_of_any_bytes(world, body):
    before = Event.objects.count()
    response = timed("receiver bytes", f"delivery {body[:120]!r}", lambda: deliver(world, body))
    if response.status_code != 200:
        assert Event.objects.count() == before


@FUZZ
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE"]),
    resource=st.sampled_from(sorted(TOP_LEVEL)),
    tail=st.one_of(st.just(""), VALUES.map(lambda v: "/" + v.replace("/", "").replace("?", ""))),
    query=st.dictionaries(st.text(min_size=1, max_size=10), VALUES, max_size=4),
    body=JSON,
)
def test_the_sandbox_api_with_any_request(world, method, resource, tail, query, body):
    from urllib.parse import quote, urlencode

    upstream = world.upstream
    path = f"/sandbox/api/public/v1/{resource}{quote(tail)}?{urlencode(query)}"
    headers = {"X-Auth-API-Key": upstream.api_key, "X-Auth-Subdomain": upstream.subdomain}
    data = json.dumps(body, allow_nan=True).encode("utf-8", "surrogatepass")

    def send():
        return world.client.generic(
            method, path, data=data, content_type="application/json", headers=headers
        )

    timed(f"sandbox {resource}", f"{method} {path}", send)
