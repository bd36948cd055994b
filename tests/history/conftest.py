"""Fixtures for the history's tests: a mocked Thinkific, a school on it and its staff."""

import pytest
import responses

from apps.connections.models import Connection
from tests.thinkific.conftest import KEY, Api


@pytest.fixture
def api():
    """Mocked Thinkific: every expected request must come."""
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield Api(mock)


@pytest.fixture
def school(db):
    return Connection.objects.create(
        name="Baking School", slug="baking", subdomain="baking-school", api_key=KEY
    )


@pytest.fixture
def staff(school, django_user_model):
    user = django_user_model.objects.create_user("mary", "m@example.com", "pw-mary-123")
    school.members.add(user)
    return user
