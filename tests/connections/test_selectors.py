import pytest
from django.contrib.auth import get_user_model
from django.http import Http404

from apps.connections.models import Connection
from apps.connections.selectors import connection_for, connection_list_for


@pytest.fixture
def other_school(db):
    return Connection.objects.create(name="Other", slug="other", subdomain="other", api_key="x")


def test_members_see_only_their_schools(staff, school, other_school):
    assert list(connection_list_for(user=staff)) == [school]
    assert connection_for(user=staff, slug="baking") == school
    with pytest.raises(Http404):
        connection_for(user=staff, slug="other")


def test_superusers_see_every_active_school(school, other_school):
    root = get_user_model().objects.create_superuser("root", "r@example.com", "pw")
    other_school.is_active = False
    other_school.save()
    assert list(connection_list_for(user=root)) == [school]
