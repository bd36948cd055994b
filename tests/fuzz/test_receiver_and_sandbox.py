"""Signed webhook deliveries holding any JSON, and the sandbox's API with any request."""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from urllib.parse import quote, urlencode

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from apps.sandbox import models as m
from apps.sandbox.resources import TOP_LEVEL
from apps.thinkific import signatures
from apps.webhooks.models import Event
from tests.fuzz.conftest import FUZZ, timed
from tests.fuzz.test_pages import VALUES
from tests.sandbox import factories

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
    upstream = world.upstream
    path = f"/sandbox/api/public/v1/{resource}{quote(tail)}?{urlencode(query)}"
    headers = {"X-Auth-API-Key": upstream.api_key, "X-Auth-Subdomain": upstream.subdomain}
    data = json.dumps(body, allow_nan=True).encode("utf-8", "surrogatepass")

    def send():
        return world.client.generic(
            method, path, data=data, content_type="application/json", headers=headers
        )

    thinkifics_contract(timed(f"sandbox {resource}", f"{method} {path}", send), f"{method} {path}")


# -- the sandbox's writes, with numbers at the edges of 32 and 64 bits and beyond ---------

EDGE_INTS = [
    *(0, -1, 1, 2**31 - 1, 2**31, -(2**31) - 1, 2**32, 2**53 + 1),
    *(2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 2**64, 10**20, -(10**20)),
]
NUMBERS = st.one_of(
    st.sampled_from(EDGE_INTS),
    st.sampled_from(EDGE_INTS).map(str),
    st.sampled_from([1.5, -0.5, 1e300, 1e-300, "1e30", "12.345"]),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
)
MOMENTS = st.one_of(
    st.sampled_from(
        ["0964-03-10T00:00:00Z", "964-03-10", "0001-01-01T00:00:00+05:00", "0001-01-01",
         "9999-12-31T23:59:59-05:00", "9999-12-31", "2030-01-01T00:00:00Z"]
    ),
    st.datetimes(timezones=st.timezones()).map(lambda moment: moment.isoformat()),
)  # fmt: skip
DATES = ("activated_at", "expiry_date")
# Each write the sandbox serves: a body it accepts (`{user}` and such are seeded records)
# and the fields of it that take numbers, ids or dates.
WRITES = [
    ("POST", "users", {"first_name": "A", "last_name": "B", "email": "{unique}@example.com"},
     ("affiliate_commission",)),
    ("PUT", "users/{user}", {"first_name": "A"}, ("affiliate_commission",)),
    ("POST", "instructors", {"first_name": "A", "last_name": "B", "slug": "a-b"}, ("user_id",)),
    ("PUT", "instructors/{instructor}", {"title": "T"}, ("user_id",)),
    ("POST", "promotions", {"name": "P", "discount_type": "fixed", "amount": 5},
     ("amount", "duration", "product_ids", "coupon_ids", "starts_at", "expires_at")),
    ("PUT", "promotions/{promotion}", {"name": "P", "discount_type": "fixed", "amount": 5},
     ("amount", "duration", "product_ids", "coupon_ids", "starts_at", "expires_at")),
    ("POST", "coupons?promotion_id={promotion}", {"code": "{unique}"}, ("quantity",)),
    ("PUT", "coupons/{coupon}", {"code": "{unique}"}, ("quantity", "quantity_used")),
    ("POST", "coupons/bulk_create?promotion_id={promotion}", {"bulk_quantity": 1},
     ("bulk_quantity", "bulk_coupon_code_length", "bulk_quantity_per_coupon")),
    ("POST", "enrollments", {"user_id": "{user}", "course_id": "{course}"},
     ("user_id", "course_id", *DATES)),
    ("PUT", "enrollments/{enrollment}", {}, DATES),
    ("POST", "bundles/{bundle}/enrollments", {"user_id": "{user}"}, ("user_id", *DATES)),
    ("PUT", "bundles/{bundle}/enrollments", {"user_id": "{user}"}, ("user_id", *DATES)),
    ("POST", "course_reviews?course_id={course}",
     {"rating": 5, "title": "T", "review_text": "R", "user_id": "{user}", "approved": True},
     ("rating", "user_id")),
    ("POST", "external_orders",
     {"payment_provider": "X", "order_type": "one-time", "user_id": "{user}",
      "product_id": "{product}"}, ("user_id", "product_id")),
    ("POST", "collection_memberships/{collection}", {"product_ids": ["{product}"]},
     ("product_ids",)),
    ("POST", "groups/{group}/analysts", {"user_ids": ["{user}"]}, ("user_ids",)),
    ("POST", "group_users", {"user_id": "{user}", "group_names": ["{group_name}"]},
     ("user_id",)),
]  # fmt: skip
SEEDED_IDS = ("user", "course", "product", "promotion", "coupon", "other_coupon")


@pytest.fixture
def seeded(world):
    """A record of each kind in the fuzz world's sandbox school, by name; and another
    promotion holding a coupon of the same code as the first one's."""
    school = world.upstream
    course = factories.course(school)
    user = m.User.objects.get(pk=world.ids[0])
    promotion = factories.promotion(school)
    coupon = factories.coupon(promotion)
    other = factories.coupon(factories.promotion(school), code=coupon.code)
    group = factories.group(school)
    collection = m.Collection.objects.create(school=school, name="C", slug="c")
    instructor = m.Instructor.objects.create(school=school, first_name="I", last_name="J", slug="i")
    return {
        "user": user.pk,
        "course": course.pk,
        "product": course.product_id,
        "bundle": factories.bundle(school, [course]).pk,
        "promotion": promotion.pk,
        "coupon": coupon.pk,
        "other_coupon": other.pk,
        "enrollment": factories.enrollment(user, course).pk,
        "group": group.pk,
        "group_name": group.name,
        "collection": collection.pk,
        "instructor": instructor.pk,
    }


def _filled(value, ids: dict):
    """`value` with its placeholders filled: "{user}" becomes that user's id (a number)."""
    if isinstance(value, dict):
        return {key: _filled(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [_filled(item, ids) for item in value]
    if isinstance(value, str) and value.startswith("{"):
        text = value.format(**ids)
        return int(text) if text.lstrip("-").isdigit() else text
    return value


def _sandbox(world, method: str, path: str, body=None):
    upstream = world.upstream
    headers = {"X-Auth-API-Key": upstream.api_key, "X-Auth-Subdomain": upstream.subdomain}
    data = b"" if body is None else json.dumps(body).encode()
    return world.client.generic(
        method, f"/sandbox/api/public/v1/{path}", data, "application/json", headers=headers
    )


def thinkifics_contract(response, what: str) -> None:
    """JSON with a JSON content type, or no body and no content type (a 204, some 201s);
    every time a valid date-time."""
    if not response.content:
        assert "Content-Type" not in response, what
        return
    assert response["Content-Type"] == "application/json", what
    text = response.content.decode()
    json.loads(text)
    for stamp in re.findall(r'"(-?\d+-\d\d-\d\dT[^"]*)"', text):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", stamp), (what, stamp)


def _values(data, name: str, known: dict):
    """An edge value for the field `name`: a number, a list of ids (seeded ones among them)
    or a date-time."""
    if name.endswith("_ids"):
        seeded_ids = st.sampled_from([known[key] for key in SEEDED_IDS])
        return data.draw(st.lists(seeded_ids | NUMBERS, max_size=3), label=name)
    if name.endswith("_at") or name == "expiry_date":
        return data.draw(MOMENTS, label=name)
    return data.draw(NUMBERS, label=name)


@FUZZ
@given(write=st.sampled_from(WRITES), data=st.data(), unique=st.uuids())
def test_the_sandbox_writes_with_numbers_at_the_edges(world, seeded, write, data, unique):
    method, path, good, fields = write
    known = {**seeded, "unique": unique.hex[:12]}
    chosen = data.draw(st.sets(st.sampled_from(fields), min_size=1, max_size=2), label="fields")
    body = {**_filled(good, known), **{name: _values(data, name, known) for name in chosen}}
    path = path.format(**known)
    what = f"{method} {path} {body}"
    with transaction.atomic():  # each input on the same records, whatever it wrote before
        response = timed(
            f"sandbox {method} {path.split('/')[0]}",
            what,
            lambda: _sandbox(world, method, path, body),
        )
        thinkifics_contract(response, what)
        if "user_id" in chosen and not _names_a_user(world.upstream, body["user_id"]):
            assert response.status_code >= 400, (
                f"{what}: a user that is not there, yet {response.status_code}"
            )
        if response.status_code < 300 and method == "PUT" and "?" not in path:
            back = timed("sandbox read back", what, lambda: _sandbox(world, "GET", path))
            thinkifics_contract(back, what)
        transaction.set_rollback(True)


def _names_a_user(school, value) -> bool:
    """Whether `value`, in any JSON form of a whole number, is the id of one of its users."""
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return False
    if not number.is_finite() or abs(number) >= 2**63 or number != number.to_integral_value():
        return False
    return m.User.objects.filter(school=school, pk=int(number)).exists()


@FUZZ
@given(
    resource=st.sampled_from(sorted(TOP_LEVEL)) | st.text(min_size=1, max_size=10),
    record_id=st.sampled_from(["1", "2", *map(str, EDGE_INTS)]) | st.text(max_size=12),
    method=st.sampled_from(["GET", "PUT", "DELETE"]),
)
def test_the_sandbox_answers_any_id_in_a_path_in_json(world, resource, record_id, method):
    path = f"{quote(resource, safe='')}/{quote(record_id, safe='')}"
    response = timed(
        "sandbox ids in paths", f"{method} {path}", lambda: _sandbox(world, method, path, {})
    )
    thinkifics_contract(response, f"{method} {path}")
