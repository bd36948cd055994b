"""The client against the built-in sandbox over real HTTP:
users, instructors and groups.

The sandbox is an independent reading of Thinkific's contract; where the two disagree,
one of them has misread Thinkific.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from apps.thinkific import errors
from tests.integration.conftest import new_user, unique

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


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
