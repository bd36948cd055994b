"""The sandbox answers an id past 64 bits with its 404, as for any id it does not have."""

import pytest

from apps.sandbox.resources import NESTED, TOP_LEVEL
from apps.sandbox.validation import parse_int

HUGE = ["9223372036854775808", "99999999999999999999", "9" * 5000, "-9223372036854775809"]


@pytest.mark.parametrize("value", HUGE)
def test_parse_int_takes_only_what_the_database_holds(value):
    assert parse_int(value) is None
    if len(value) < 100:
        assert parse_int(int(value)) is None


def test_parse_int_keeps_the_64_bit_range():
    assert parse_int(" 9223372036854775807 ") == 2**63 - 1
    assert parse_int("-9223372036854775808") == -(2**63)
    assert parse_int(1e300) is None


@pytest.mark.parametrize("huge", HUGE[:3])
def test_every_record_path_answers_404_for_a_huge_id(api, huge):
    paths = [f"{name}/{huge}" for name in TOP_LEVEL]
    paths += [f"{parent}/{huge}/{child}" for parent, child, *_ in NESTED]
    paths += [f"groups/{huge}/analysts", f"bundles/{huge}/enrollments"]
    for path in paths:
        response = api.get(path)
        assert response.status_code in (404, 405), (path, response.status_code)
