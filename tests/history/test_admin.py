"""History entries in Django's admin: read-only, and scoped to the staff member's schools."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from apps.connections.models import Connection
from tests.history.test_views import add

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:history_entry_changelist")


def change_url(entry):
    return reverse("admin:history_entry_change", args=[entry.pk])


@pytest.fixture
def other():
    return Connection.objects.create(name="Other", slug="other", subdomain="o", api_key="x" * 32)


@pytest.fixture
def admin_staff(client, staff):
    """`staff`, a member of the Baking School, in the admin with the entries' view permission."""
    staff.is_staff = True
    staff.save()
    staff.user_permissions.add(Permission.objects.get(codename="view_entry"))
    client.force_login(staff)
    return client


def test_staff_see_their_schools_entries_only(admin_staff, school, other):
    ours, theirs = add(school, record_name="OURS"), add(other, record_name="THEIRS")

    page = admin_staff.get(CHANGELIST)

    assert page.status_code == 200
    assert "OURS" in page.text and "THEIRS" not in page.text
    assert page.context["cl"].result_count == 1
    assert "Other" not in page.text  # not even the other school's name, in the filter
    assert admin_staff.get(change_url(ours)).status_code == 200
    elsewhere = admin_staff.get(change_url(theirs))
    assert elsewhere.status_code == 302 and elsewhere["Location"] == reverse("admin:index")
    filtered = admin_staff.get(CHANGELIST, {"connection__id__exact": other.pk})
    assert "THEIRS" not in filtered.text


def test_a_school_one_joins_or_leaves_shows_or_hides_its_entries(admin_staff, staff, other):
    theirs = add(other, record_name="THEIRS")
    other.members.add(staff)
    assert "THEIRS" in admin_staff.get(CHANGELIST).text
    assert admin_staff.get(change_url(theirs)).status_code == 200
    other.members.remove(staff)
    assert admin_staff.get(change_url(theirs)).status_code == 302


def test_a_superuser_sees_every_school_s_entries(admin_client, school, other):
    add(school, record_name="OURS")
    add(other, record_name="THEIRS")
    Connection.objects.filter(pk=other.pk).update(is_active=False)

    page = admin_client.get(CHANGELIST)

    assert "OURS" in page.text and "THEIRS" in page.text
    assert page.context["cl"].result_count == 2


def test_entries_are_read_only_in_the_admin(admin_staff, school):
    entry = add(school)
    assert admin_staff.get(reverse("admin:history_entry_add")).status_code == 403
    assert (
        admin_staff.get(reverse("admin:history_entry_delete", args=[entry.pk])).status_code == 403
    )
    assert "Save" not in admin_staff.get(change_url(entry)).text
