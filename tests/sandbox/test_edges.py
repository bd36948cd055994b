"""The sandbox at the edges: numbers past what Thinkific stores, ids no record has, far
dates, odd paths. Each is Thinkific's 4xx with its error shape, never a 500."""

import pytest

from apps.sandbox import models as m
from tests.sandbox import factories

PAST_32_BITS = [2**31, 2**63, 10**20, "100000000000000000000"]


@pytest.fixture
def promotion(school):
    return factories.promotion(school)


@pytest.mark.parametrize("quantity", PAST_32_BITS)
def test_a_quantity_past_32_bits_is_a_422(api, promotion, quantity):
    response = api.post(
        "coupons", {"code": "BIG", "quantity": quantity}, {"promotion_id": promotion.pk}
    )

    assert response.status_code == 422
    assert response.json() == {"errors": {"quantity": ["must be less than or equal to 2147483647"]}}
    assert not m.Coupon.objects.exists()


def test_the_largest_32_bit_quantity_is_kept(api, promotion):
    response = api.post(
        "coupons", {"code": "MAX", "quantity": 2**31 - 1}, {"promotion_id": promotion.pk}
    )

    assert response.status_code == 201 and response.json()["quantity"] == 2**31 - 1


FIXED = {"name": "P", "discount_type": "fixed", "amount": 5}
INSTRUCTOR = {"first_name": "A", "last_name": "B", "slug": "a"}


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("promotions", {**FIXED, "amount": 10**20}, "amount"),
        ("promotions", {**FIXED, "duration": 2**40}, "duration"),
        ("instructors", {**INSTRUCTOR, "user_id": 2**64}, "user_id"),
    ],
)
def test_other_numbers_past_what_is_stored_are_422s_too(api, path, body, field):
    response = api.post(path, body)

    assert response.status_code == 422 and field in response.json()["errors"]


@pytest.mark.parametrize("user_id", [0, -1, 999_999, 2**63, "x"])
@pytest.mark.parametrize("method", ["post", "put"])
def test_bundle_enrollments_refuse_a_user_that_is_not_there(api, school, method, user_id):
    course = factories.course(school)
    bundle = factories.bundle(school, [course])
    factories.enrollment(factories.user(school), course)

    response = getattr(api, method)(f"bundles/{bundle.pk}/enrollments", {"user_id": user_id})

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["user_id"]
    assert m.Enrollment.objects.count() == 1


def test_moving_coupons_never_gives_a_promotion_a_code_twice(api, school, promotion):
    kept = factories.coupon(promotion, code="SAME")
    other = factories.coupon(factories.promotion(school), code="SAME")
    body = {"name": "P", "discount_type": "fixed", "amount": 5, "coupon_ids": [other.pk]}

    moved_in = api.put(f"promotions/{promotion.pk}", body)
    both_into_a_new_one = api.post("promotions", {**body, "coupon_ids": [kept.pk, other.pk]})

    for response in (moved_in, both_into_a_new_one):
        assert response.status_code == 422
        assert response.json() == {
            "errors": {"coupon_ids": ["holds codes the promotion would have twice: SAME"]}
        }
    other.refresh_from_db()
    assert other.promotion_id != promotion.pk and m.Promotion.objects.count() == 2


def test_a_year_before_1000_is_written_with_four_digits(api, school):
    enrollment = factories.enrollment(factories.user(school), factories.course(school))

    assert (
        api.put(f"enrollments/{enrollment.pk}", {"expiry_date": "0964-03-10T00:00:00Z"}).status_code
        == 204
    )

    assert (
        api.get(f"enrollments/{enrollment.pk}").json()["expiry_date"] == "0964-03-10T00:00:00.000Z"
    )


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"])
def test_a_moment_whose_utc_time_leaves_the_calendar_is_invalid(api, school, moment):
    enrollment = factories.enrollment(factories.user(school), factories.course(school))

    response = api.put(f"enrollments/{enrollment.pk}", {"expiry_date": moment})

    assert response.status_code == 422
    assert response.json() == {"errors": ["Expiry date is invalid."]}


@pytest.mark.parametrize("path", ["users%0A", "no%0Asuch/path", "users/1/%0A/x"])
def test_any_unknown_path_is_a_json_404(api, path):
    response = api.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_answers_without_a_body_have_no_content_type(api, school, promotion):
    coupon = factories.coupon(promotion)
    group = factories.group(school)
    user = factories.user(school)

    answers = [
        api.put(f"coupons/{coupon.pk}", {"code": "NEW"}),
        api.delete(f"coupons/{coupon.pk}"),
        api.post("group_users", {"user_id": user.pk, "group_names": [group.name]}),
    ]

    assert [answer.status_code for answer in answers] == [204, 204, 201]
    for answer in answers:
        assert answer.content == b"" and "Content-Type" not in answer
