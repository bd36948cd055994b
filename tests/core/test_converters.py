"""Ids past 64 bits in a portal URL answer 404 here; nothing reaches Thinkific."""

import pytest
import responses
from django.urls import reverse

from apps.core.converters import MAX_ID, ThinkificIdConverter
from tests.conftest import grant

PAST_64_BITS = [str(2**63), "99999999999999999999", "9" * 400]


def test_the_converter_takes_every_64_bit_id_and_nothing_past():
    converter = ThinkificIdConverter()
    assert converter.to_python("0") == 0
    assert converter.to_python(str(MAX_ID)) == MAX_ID
    with pytest.raises(ValueError, match="64 bits"):
        converter.to_python(str(MAX_ID + 1))
    assert reverse("users:detail", args=["baking", MAX_ID]) == f"/s/baking/users/{MAX_ID}/"


@pytest.mark.parametrize("huge", PAST_64_BITS)
@pytest.mark.parametrize(
    "path",
    [
        "users/{}/",
        "users/{}/edit/",
        "users/{}/delete/",
        "users/{}/enrollments/",
        "users/{}/orders/",
        "instructors/{}/",
        "instructors/{}/edit/",
        "instructors/{}/delete/",
    ],
)
@responses.activate
def test_an_id_past_64_bits_is_404_without_asking_thinkific(staff_client, staff, path, huge):
    grant(staff, "view_users", "change_users", "delete_users")
    grant(staff, "view_instructors", "change_instructors", "delete_instructors")
    assert staff_client.get(f"/s/baking/{path.format(huge)}").status_code == 404
    assert len(responses.calls) == 0
