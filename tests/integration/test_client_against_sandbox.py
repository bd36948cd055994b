"""The client against the built-in sandbox over real HTTP: every operation of every resource.

The sandbox is an independent reading of Thinkific's contract; where the two disagree,
one of them has misread Thinkific.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.core.management import call_command

from apps.thinkific import errors, oauth, signatures
from apps.thinkific.client import ThinkificClient, Timeouts
from apps.thinkific.oauth import OAuthApp, TokenSet

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]

SUBDOMAIN = "live-academy"


@pytest.fixture
def sandbox(live_server):
    """A small seeded sandbox school and its credentials, from the sandbox's own commands."""
    call_command("sandbox_seed", "--subdomain", SUBDOMAIN, "--users", "6", stdout=StringIO())
    out = StringIO()
    call_command("sandbox_credentials", "--json", "--base-url", live_server.url, stdout=out)
    return next(row for row in json.loads(out.getvalue()) if row["subdomain"] == SUBDOMAIN)


def make_client(sandbox, **kwargs) -> ThinkificClient:
    kwargs.setdefault("api_key", sandbox["api_key"])
    return ThinkificClient(
        subdomain=SUBDOMAIN,
        base_url=sandbox["api_base_url"],
        timeouts=Timeouts(connect=5, read=20, max_retry_wait=0),
        **kwargs,
    )


@pytest.fixture
def client(sandbox) -> ThinkificClient:
    return make_client(sandbox)


def unique(prefix: str) -> str:
    return f"{prefix}-{datetime.now(UTC).strftime('%H%M%S%f')}"


def new_user(client, **fields):
    return client.users.create(
        first_name="Ada",
        last_name="Lovelace",
        email=f"{unique('ada')}@example.com",
        **fields,
    )


def a_course(client):
    course = client.courses.list(limit=1).items[0]
    assert course.chapter_ids, "the seeded courses have chapters"
    return course


def a_bundle_product(client):
    return next(p for p in client.products.all() if p.productable_type == "Bundle")


# -- users, instructors ---------------------------------------------------------------------


def test_users(client):
    seeded = client.users.list(limit=2)
    assert seeded.total_items >= 4
    assert len(seeded.items) == 2
    assert len(list(client.users.all())) == seeded.total_items

    user = new_user(
        client,
        roles=["affiliate"],
        affiliate_commission=Decimal("12.5"),
        affiliate_commission_type="%",
        external_id=unique("ext"),
        provider="SSO",
    )
    assert (user.roles, user.affiliate_commission) == (("affiliate",), Decimal("12.5"))
    assert client.users.get(user.id) == user
    assert [u.id for u in client.users.list(email=user.email)] == [user.id]
    assert user.id in {u.id for u in client.users.all(role="affiliate")}

    authentication = client.users.authentication(user.id, "SSO")
    assert authentication.provider == "SSO"
    assert client.users.get(authentication.external_id, provider="SSO").id == user.id

    client.users.update(user.id, headline="Analyst", company="Engines Ltd")
    changed = client.users.get(user.id)
    assert (changed.headline, changed.company) == ("Analyst", "Engines Ltd")
    client.users.update(authentication.external_id, provider="SSO", bio="First programmer")
    assert client.users.get(user.id).bio == "First programmer"

    client.users.delete(user.id)
    with pytest.raises(errors.NotFoundError):
        client.users.get(user.id)


def test_user_validation_errors_map_to_fields(client):
    user = new_user(client)

    with pytest.raises(errors.ValidationError) as caught:
        client.users.create(first_name="Bob", last_name="B", email=user.email)
    assert "email" in caught.value.field_errors

    with pytest.raises(errors.ValidationError) as caught:
        client.users.create(first_name="Bob", last_name="B")
    assert "email" in caught.value.field_errors


def test_instructors(client):
    instructor = client.instructors.create(
        first_name="Grace", last_name="Hopper", slug=unique("grace"), title="Dr."
    )
    assert client.instructors.get(instructor.id).title == "Dr."
    assert instructor.id in {i.id for i in client.instructors.all()}
    assert client.instructors.list(limit=1).total_items >= 1

    client.instructors.update(
        instructor.id, first_name="Grace", last_name="Hopper", slug=instructor.slug, bio="COBOL"
    )
    assert client.instructors.get(instructor.id).bio == "COBOL"

    client.instructors.delete(instructor.id)
    with pytest.raises(errors.NotFoundError):
        client.instructors.get(instructor.id)


# -- catalog ----------------------------------------------------------------------------------


def test_courses_chapters_and_contents(client):
    courses = client.courses.list()
    assert courses.total_items >= 1
    course = client.courses.get(courses.items[0].id)
    assert course == courses.items[0]
    assert len(list(client.courses.all())) == courses.total_items

    chapters = client.courses.chapters(course.id)
    assert [c.id for c in chapters] == list(course.chapter_ids)
    chapter = client.chapters.get(chapters.items[0].id)
    assert chapter == chapters.items[0]

    contents = client.chapters.contents(chapter.id)
    assert [c.id for c in contents] == list(chapter.content_ids)
    content = client.contents.get(contents.items[0].id)
    assert content.chapter_id == chapter.id
    assert content.contentable_type


def test_products_and_related(client):
    products = client.products.list(limit=250)
    assert products.total_items >= 1
    product = client.products.get(products.items[0].id)
    assert product == products.items[0]
    assert product.product_prices
    with_related = next(p for p in products if p.related_product_ids)
    related = client.products.related(with_related.id)
    assert {p.id for p in related} == set(with_related.related_product_ids)


def test_collections_and_memberships(client):
    product = client.products.list(limit=1).items[0]
    collection = client.collections.create(name="Bread", description="Loaves", slug=unique("bread"))
    assert collection.default is False
    assert collection.id in {c.id for c in client.collections.all()}

    client.collections.add_products(collection.id, [product.id])
    assert [p.id for p in client.collections.products(collection.id)] == [product.id]
    assert client.collections.get(collection.id).product_ids == (product.id,)

    client.collections.remove_products(collection.id, [product.id])
    assert client.collections.products(collection.id).items == []

    client.collections.update(
        collection.id, name="Breads", description="Loaves", slug=collection.slug
    )
    assert client.collections.get(collection.id).name == "Breads"
    client.collections.delete(collection.id)
    with pytest.raises(errors.NotFoundError):
        client.collections.get(collection.id)


def test_custom_profile_field_definitions_and_a_users_answers(client):
    page = client.custom_profile_fields.list()
    assert page.total_items >= 1
    assert list(client.custom_profile_fields.all()) == list(page)
    definition = page.items[0]

    answer = {"custom_profile_field_definition_id": definition.id, "value": "Canada"}
    user = new_user(client, custom_profile_fields=[answer], skip_custom_fields_validation=True)

    (field,) = client.users.get(user.id).custom_profile_fields
    assert (field.label, field.value) == (definition.label, "Canada")


def test_bundles(client):
    bundle = client.bundles.get(a_bundle_product(client).productable_id)
    assert bundle.course_ids
    assert {c.id for c in client.bundles.courses(bundle.id)} == set(bundle.course_ids)

    user = new_user(client)
    client.bundles.create_enrollment(
        bundle.id, user_id=user.id, activated_at=datetime.now(UTC) - timedelta(days=1)
    )
    enrollments = client.bundles.enrollments(bundle.id, user_id=user.id)
    assert {e.course_id for e in enrollments} == set(bundle.course_ids)
    assert {e.user_id for e in enrollments} == {user.id}

    expiry = datetime.now(UTC) + timedelta(days=30)
    client.bundles.update_enrollment(bundle.id, user_id=user.id, expiry_date=expiry)
    for enrollment in client.bundles.enrollments(bundle.id, email=user.email):
        assert enrollment.expiry_date == expiry.replace(microsecond=0)


# -- selling ------------------------------------------------------------------------------------


def test_promotions_and_coupons(client):
    product = client.products.list(limit=1).items[0]
    promotion = client.promotions.create(
        name="Spring sale", discount_type="percentage", amount=20, product_ids=[product.id]
    )
    assert client.promotions.get(promotion.id).amount == 20
    assert promotion.id in {p.id for p in client.promotions.all()}

    coupon = client.coupons.create(promotion.id, code=unique("SPRING"), quantity=10)
    assert (coupon.promotion_id, coupon.quantity, coupon.quantity_used) == (promotion.id, 10, 0)
    assert client.coupons.get(coupon.id) == coupon

    bulk = client.coupons.bulk_create(
        promotion.id, bulk_quantity=3, bulk_coupon_code_length=8, bulk_quantity_per_coupon=2
    )
    assert len(bulk) == 3
    assert all(len(c.code) == 8 for c in bulk)
    listed = client.coupons.list(promotion.id, limit=2)
    assert (listed.total_items, len(listed.items)) == (4, 2)
    assert {c.id for c in client.coupons.all(promotion.id)} == {coupon.id, *(c.id for c in bulk)}

    found = client.promotions.by_coupon(product_id=product.id, coupon_code=coupon.code)
    assert found.id == promotion.id
    with pytest.raises(errors.NotFoundError):
        client.promotions.by_coupon(product_id=product.id, coupon_code="NO-SUCH-CODE")

    client.coupons.update(coupon.id, code=coupon.code, quantity=20)
    assert client.coupons.get(coupon.id).quantity == 20
    client.coupons.delete(coupon.id)
    with pytest.raises(errors.NotFoundError):
        client.coupons.get(coupon.id)

    client.promotions.update(
        promotion.id, name="Summer sale", discount_type="fixed", amount=Decimal("5.50")
    )
    changed = client.promotions.get(promotion.id)
    assert (changed.name, changed.discount_type, changed.amount) == (
        "Summer sale",
        "fixed",
        Decimal("5.50"),
    )
    client.promotions.delete(promotion.id)
    with pytest.raises(errors.NotFoundError):
        client.promotions.get(promotion.id)


def test_orders(client):
    orders = client.orders.list(limit=2)
    assert orders.total_items >= 1
    order = client.orders.get(orders.items[0].id)
    assert order == orders.items[0]
    assert order.amount_cents is not None and order.created_at is not None
    assert len(list(client.orders.all())) == orders.total_items


def test_external_orders(client):
    user = new_user(client)
    product = client.products.list(limit=1).items[0]

    order = client.external_orders.create(
        payment_provider="Stripe",
        user_id=user.id,
        product_id=product.id,
        order_type="one-time",
        transaction={"amount": 4900, "currency": "USD", "reference": "ch_1", "action": "purchase"},
    )

    assert order.id
    client.external_orders.purchase(order.id, amount=4900, currency="USD", reference="ch_2")
    client.external_orders.refund(order.id, amount=4900, currency="USD", reference="re_1")


# -- learning -----------------------------------------------------------------------------------


def test_enrollments(client):
    course = a_course(client)
    user = new_user(client)
    activated = datetime.now(UTC) - timedelta(days=2)

    enrollment = client.enrollments.create(
        course_id=course.id, user_id=user.id, activated_at=activated
    )
    assert (enrollment.user_id, enrollment.course_id) == (user.id, course.id)
    assert enrollment.is_free_trial is False
    assert client.enrollments.get(enrollment.id) == enrollment

    today = date.today()
    filters = [
        {"user_id": user.id},
        {"course_id": course.id, "email": user.email},
        {"user_id": user.id, "full": True, "expired": False, "completed": False},
        {"user_id": user.id, "created_on_or_after": today - timedelta(days=1)},
        {"user_id": user.id, "created_after": datetime.now(UTC) - timedelta(hours=1)},
        {"user_id": user.id, "created_on_or_before": today + timedelta(days=1)},
        {"user_id": user.id, "updated_after": today - timedelta(days=1)},
    ]
    for query in filters:
        assert [e.id for e in client.enrollments.list(**query)] == [enrollment.id], query
    assert (
        client.enrollments.list(user_id=user.id, created_before=today - timedelta(days=1)).items
        == []
    )
    assert client.enrollments.list(user_id=user.id, free_trial=True).items == []
    assert enrollment.id in {e.id for e in client.enrollments.all(course_id=course.id)}

    expiry = datetime.now(UTC) + timedelta(days=10)
    client.enrollments.update(enrollment.id, expiry_date=expiry)
    assert client.enrollments.get(enrollment.id).expiry_date == expiry.replace(microsecond=0)

    client.enrollments.expire(enrollment.id)
    expired = client.enrollments.get(enrollment.id)
    assert expired.expired is True
    assert expired.expiry_date < datetime.now(UTC)
    assert [e.id for e in client.enrollments.list(user_id=user.id, expired=True)] == [enrollment.id]


def test_enrollment_errors_come_as_a_list(client):
    with pytest.raises(errors.ValidationError) as caught:
        client.enrollments.create(course_id=999_999, user_id=999_999)

    assert caught.value.non_field_errors


def test_a_free_trial_enrollment(client):
    user = new_user(client)

    enrollment = client.enrollments.create(course_id=a_course(client).id, user_id=user.id)

    assert enrollment.is_free_trial is True
    assert [e.id for e in client.enrollments.list(user_id=user.id, free_trial=True)] == [
        enrollment.id
    ]


def test_course_reviews(client):
    course = a_course(client)
    user = new_user(client)

    review = client.course_reviews.create(
        course.id,
        rating=4,
        title="Good",
        review_text="Clear lessons.",
        user_id=user.id,
        approved=False,
    )

    assert (review.course_id, review.rating, review.approved) == (course.id, 4, False)
    assert client.course_reviews.get(review.id) == review
    assert review.id in {r.id for r in client.course_reviews.list(course.id, limit=250)}
    assert review.id in {r.id for r in client.course_reviews.all(course.id)}
    assert review.id not in {r.id for r in client.course_reviews.all(course.id, approved=True)}
    with pytest.raises(errors.NotFoundError):
        client.course_reviews.create(
            999_999, rating=4, title="x", review_text="x", user_id=user.id, approved=True
        )


# -- groups -----------------------------------------------------------------------------------


def test_groups_analysts_and_group_users(client):
    group = client.groups.create(name=unique("Cohort"))
    other = client.groups.create(name=unique("Alumni"))
    assert client.groups.get(group.id) == group
    assert len(group.token or "") == 8
    assert {group.id, other.id} <= {g.id for g in client.groups.all()}

    analyst = new_user(client, roles=["group_analyst"])
    client.groups.add_analysts(group.id, [analyst.id])
    assert client.groups.analysts(group.id) == (analyst.id,)
    client.groups.remove_analyst(group.id, analyst.id)
    assert client.groups.analysts(group.id) == ()

    client.groups.add_analyst_to_groups(analyst.id, [group.id, other.id])
    assert client.groups.analysts(other.id) == (analyst.id,)
    client.groups.remove_analyst_from_group(analyst.id, other.id)
    assert client.groups.analysts(other.id) == ()
    assert client.groups.analysts(group.id) == (analyst.id,)

    student = new_user(client)
    with pytest.raises(errors.ValidationError):
        client.groups.add_analysts(group.id, [student.id])  # not a group analyst
    client.groups.add_user_to_groups(student.id, [group.name])
    assert [u.id for u in client.users.list(group_id=group.id)] == [student.id]
    with pytest.raises(errors.ValidationError):
        client.groups.add_user_to_groups(student.id, ["No such group"])

    client.groups.delete(other.id)
    with pytest.raises(errors.NotFoundError):
        client.groups.get(other.id)


# -- Webhooks API v2 ----------------------------------------------------------------------------


class Receiver:
    """A tiny local HTTP endpoint that keeps the webhook deliveries it gets."""

    def __init__(self):
        deliveries = self.deliveries = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                deliveries.append((dict(self.headers), body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    endpoint = Receiver()
    yield endpoint
    endpoint.close()


def test_webhooks_crud_and_cursor_paging(client):
    target = "https://hooks.portal-example.net/in/1/"
    created = [
        client.webhooks.create(topic=topic, target_url=target)
        for topic in ("order.created", "user.signup", "enrollment.completed")
    ]
    assert all(hook.status == "active" for hook in created)
    assert client.webhooks.get(created[0].id) == created[0]

    first = client.webhooks.list(limit=2)
    assert len(first.items) == 2 and first.next_cursor
    second = client.webhooks.list(limit=2, cursor=first.next_cursor)
    assert second.next_cursor is None
    paged = [hook.id for hook in [*first, *second]]
    assert sorted(paged) == sorted(hook.id for hook in created)
    assert sorted(hook.id for hook in client.webhooks.all()) == sorted(paged)

    updated = client.webhooks.update(created[0].id, topic="order.created", target_url=target + "x")
    assert updated.target_url == target + "x"
    assert updated.updated_at >= created[0].updated_at

    with pytest.raises(errors.ValidationError) as caught:
        client.webhooks.create(topic="order.completed", target_url=target)
    assert "topic" in caught.value.field_errors

    client.webhooks.delete(created[0].id)
    with pytest.raises(errors.NotFoundError):
        client.webhooks.get(created[0].id)


def test_events_from_a_signed_delivery(client, sandbox, receiver, settings):
    # Deliver at once, in the sandbox's request, instead of through a worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.webhooks.create(topic="user.signup", target_url=receiver.url)

    user = new_user(client)

    (headers, body), *_ = receiver.deliveries
    assert signatures.is_valid(body, headers["X-Thinkific-Hmac-Sha256"], sandbox["api_key"])
    assert headers["X-Thinkific-Topic"] == "user.signup"
    event = client.events.get(json.loads(body)["id"])
    assert event.topic == "user.signup"
    assert event.payload["id"] == user.id
    with pytest.raises(errors.NotFoundError):
        client.events.get("20000101000000000000000")


# -- credentials --------------------------------------------------------------------------------


def test_a_bad_api_key_is_an_authentication_error(sandbox):
    client = make_client(sandbox, api_key="0" * 32)

    with pytest.raises(errors.AuthenticationError):
        client.users.list()
    with pytest.raises(errors.AuthenticationError):
        client.webhooks.list()


HTTP = {"session": requests.Session(), "timeouts": Timeouts(connect=5, read=20)}


def install(sandbox) -> tuple[OAuthApp, TokenSet]:
    """Install the sandbox's OAuth app as a staff member would: the tokens it hands out."""
    app = OAuthApp(
        base_url=sandbox["oauth_base_url"],
        client_id=sandbox["oauth_client_id"],
        client_secret=sandbox["oauth_client_secret"],
    )
    redirect_uri = "http://127.0.0.1:9/callback"
    verifier, challenge = oauth.pkce_pair()
    url = oauth.authorization_url(
        app, redirect_uri=redirect_uri, state="st-1", code_challenge=challenge
    )
    consent = requests.get(url, timeout=10)
    assert consent.status_code == 200
    # Approve as the staff member would, on the consent page.
    fields = {**{k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}, "decision": "approve"}
    approved = requests.post(url.split("?")[0], data=fields, allow_redirects=False, timeout=10)
    answer = parse_qs(urlsplit(approved.headers["Location"]).query)
    assert answer["state"] == ["st-1"]
    tokens = oauth.exchange_code(
        app, code=answer["code"][0], code_verifier=verifier, redirect_uri=redirect_uri, **HTTP
    )
    return app, tokens


def test_oauth_install_then_refresh(sandbox):
    app, tokens = install(sandbox)
    stored = []

    def refresh(stale):
        stored.append(oauth.refresh(app, refresh_token=stale.refresh_token, **HTTP))
        return stored[-1]

    expiring = TokenSet(tokens.access_token, tokens.refresh_token, datetime.now(UTC))
    client = make_client(sandbox, api_key="", tokens=expiring, refresh_tokens=refresh)

    assert client.users.list(limit=1).total_items >= 1
    assert client.webhooks.list().items == []

    (fresh,) = stored
    assert fresh.access_token != tokens.access_token
    assert fresh.refresh_token and fresh.refresh_token != tokens.refresh_token
    with pytest.raises(errors.AuthenticationError):  # refresh tokens work once
        oauth.refresh(app, refresh_token=tokens.refresh_token, **HTTP)

    # A revoked (here: unknown) access token is refreshed on its 401, then the call retried.
    stale = make_client(
        sandbox,
        api_key="",
        tokens=TokenSet("not-a-token", fresh.refresh_token, None),
        refresh_tokens=refresh,
    )
    assert stale.users.list(limit=1).total_items >= 1
    assert len(stored) == 2


def test_requests_that_find_one_token_stale_together_spend_its_refresh_token_once(sandbox):
    # Each request builds its own client: only the database can make them agree.
    from django.db import connection as db

    from apps.connections.models import Connection
    from apps.connections.services import client_for

    app, tokens = install(sandbox)
    school = Connection.objects.create(
        name="Live",
        slug="live",
        subdomain=SUBDOMAIN,
        auth_type=Connection.AuthType.OAUTH,
        oauth_client_id=app.client_id,
        oauth_client_secret=app.client_secret,
        oauth_base_url=app.base_url,
        api_base_url=sandbox["api_base_url"],
        access_token=tokens.access_token,
        refresh_token=tokens.refresh_token,
        token_expires_at=datetime.now(UTC) - timedelta(minutes=1),
    )
    clients = [client_for(Connection.objects.get(pk=school.pk)) for _ in range(4)]
    start = threading.Barrier(len(clients))
    outcomes = []

    def use(client):
        try:
            start.wait()
            outcomes.append(client.users.list(limit=1).total_items)
        except Exception as exc:
            outcomes.append(exc)
        finally:
            db.close()

    threads = [threading.Thread(target=use, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert all(isinstance(total, int) for total in outcomes), outcomes
    stored = Connection.objects.get(pk=school.pk)
    assert stored.refresh_token != tokens.refresh_token
    assert client_for(stored).users.list(limit=1).total_items >= 1
