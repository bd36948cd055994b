"""The history pages: the school's, filtered and exported, and each record's panel."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.connections.models import Connection
from apps.history.models import Entry
from tests.conftest import grant

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
COUPON = {"id": 9, "code": "SUMMER", "note": None, "quantity": 5, "promotion_id": 3}


def add(school, user=None, **fields) -> Entry:
    values = {
        "resource": "coupons",
        "record_id": "9",
        "parent_id": "3",
        "record_name": "SUMMER",
        "action": "update",
        "changes": [["quantity", 5, 10]],
        "before_read_at": timezone.now(),
    }
    values.update(fields)
    return Entry.objects.create(
        connection=school, user=user, actor=user.get_username() if user else "", **values
    )


@pytest.fixture
def viewer(client, staff):
    grant(staff, "view_history")
    client.force_login(staff)
    return client


def test_the_page_needs_the_permission_and_membership(client, school, staff, django_user_model):
    client.force_login(staff)
    assert client.get("/s/baking/history/").status_code == 403
    grant(staff, "view_history")
    assert client.get("/s/baking/history/").status_code == 200
    Connection.objects.create(name="Other", slug="other", subdomain="other", api_key="x" * 32)
    assert client.get("/s/other/history/").status_code == 404
    assert client.get("/s/other/history/export.csv").status_code == 404


def test_the_page_lists_this_schools_entries_newest_first_with_their_diff(viewer, school, staff):
    other = Connection.objects.create(name="Other", slug="o", subdomain="o", api_key="x" * 32)
    add(other, record_name="NOT-OURS")
    add(school, staff, record_name="OLDER", record_id="8")
    add(school, staff)

    page = viewer.get("/s/baking/history/").content.decode()

    assert "NOT-OURS" not in page
    assert page.index("SUMMER") < page.index("OLDER")
    assert 'href="/s/baking/promotions/3/coupons/9/"' in page
    assert "<del>5</del>" in page and "<ins>10</ins>" in page
    assert "as the portal read it" in page
    assert 'href="/s/baking/history/"' in page  # the sidebar entry


def test_before_not_known_is_said(viewer, school, staff):
    add(school, staff, before_read_at=None, changes=[["first_name", None, "Ada"]], resource="users")
    page = viewer.get("/s/baking/history/").content.decode()
    assert "not known" in page and "Before not known" in page


def test_filters_who_resource_action_and_days(viewer, school, staff, django_user_model):
    colleague = django_user_model.objects.create_user("paul", "p@example.com", "pw-paul-123")
    school.members.add(colleague)
    add(school, staff, record_name="MINE")
    add(school, colleague, record_name="PAULS", action="delete")
    old = add(school, staff, record_name="LASTYEAR", resource="users")
    Entry.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=400))
    today = timezone.localdate()

    def names(query):
        response = viewer.get(f"/s/baking/history/?{query}", headers=HTMX)
        text = response.content.decode()
        return {n for n in ("MINE", "PAULS", "LASTYEAR") if n in text}

    assert names("") == {"MINE", "PAULS", "LASTYEAR"}
    assert names(f"user={colleague.pk}") == {"PAULS"}
    assert names("action=delete") == {"PAULS"}
    assert names("resource=users") == {"LASTYEAR"}
    assert names(f"since={today - timedelta(days=1)}") == {"MINE", "PAULS"}
    assert names(f"until={today - timedelta(days=300)}") == {"LASTYEAR"}
    # Bad filters are ignored, never a 500.
    assert names("since=yesterday&user=999999&resource=nope") == {"MINE", "PAULS", "LASTYEAR"}


def test_the_csv_is_the_filtered_list(viewer, school, staff):
    changes = [["code", None, "KEEP"], ["note", None, "=HYPERLINK(1)"], ["quantity", None, -2]]
    add(school, staff, record_name="KEEP", action="create", changes=changes)
    add(school, staff, record_name="SKIP", action="delete", changes=[])

    response = viewer.get("/s/baking/history/export.csv?action=create")

    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="baking-history.csv"' in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["record"], r["field"], r["before"], r["after"]) for r in rows] == [
        ("KEEP", "code", "", "KEEP"),
        ("KEEP", "note", "", "'=HYPERLINK(1)"),  # a spreadsheet shows it, never runs it
        ("KEEP", "quantity", "", "-2"),
    ]
    assert rows[0]["staff"] == "mary"


def test_a_records_panel_shows_its_entries_only(viewer, school, staff):
    add(school, staff)
    add(school, staff, record_id="10", record_name="WINTER")

    panel = viewer.get("/s/baking/history/coupons/9/", headers=HTMX)
    page = viewer.get("/s/baking/history/coupons/9/")

    assert "SUMMER" not in panel.content.decode()  # its own page names it already
    assert "WINTER" not in panel.content.decode() and "<ins>10</ins>" in panel.content.decode()
    assert "<html" not in panel.content.decode() and "<html" in page.content.decode()
    assert viewer.get("/s/baking/history/nope/9/").status_code == 404


def test_every_record_page_loads_its_history_panel(viewer, staff, api):
    api.expect("GET", "/coupons/9", json=COUPON)
    api.expect("GET", "/promotions/3", json={"id": 3, "name": "Sale"})
    grant(staff, "view_coupons")

    page = viewer.get("/s/baking/promotions/3/coupons/9/").content.decode()

    assert 'hx-get="/s/baking/history/coupons/9/"' in page


def test_without_the_permission_the_panel_is_not_there(client, staff, api):
    api.expect("GET", "/coupons/9", json=COUPON)
    api.expect("GET", "/promotions/3", json={"id": 3, "name": "Sale"})
    grant(staff, "view_coupons")
    client.force_login(staff)

    page = client.get("/s/baking/promotions/3/coupons/9/").content.decode()

    assert "/history/" not in page


def test_the_admin_shows_entries_but_never_changes_them(client, school, django_user_model):
    entry = add(school)
    admin = django_user_model.objects.create_superuser("root", "r@example.com", "pw-root-123")
    client.force_login(admin)

    assert client.get("/admin/history/entry/").status_code == 200
    assert client.get("/admin/history/entry/add/").status_code == 403
    assert client.post(f"/admin/history/entry/{entry.pk}/delete/").status_code == 403
    change = client.post(f"/admin/history/entry/{entry.pk}/change/", {"message": "x"})
    assert change.status_code in (200, 403)
    entry.refresh_from_db()
    assert entry.message == ""


def test_purge_history_removes_what_is_past_the_retention(school, settings):
    settings.HISTORY_RETENTION_DAYS = 30
    old, recent = add(school), add(school)
    Entry.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=31))
    out = io.StringIO()

    call_command("purge_history", stdout=out)

    assert list(Entry.objects.values_list("pk", flat=True)) == [recent.pk]
    assert "Removed 1 history entry older than 30 days." in out.getvalue()


def test_a_watch_change_is_an_entry_with_its_before_and_after(viewer, school, staff):
    from apps.history.context import acting
    from apps.webhooks.models import Watch

    grant(staff, "view_watches", "change_watches")
    with acting(staff):
        watch = Watch.objects.create(connection=school, name="Orders", topics=["order.created"])
        watch.name, watch.topics = "Sales", ["order.created", "user.signup"]
        watch.save()

    latest = Entry.objects.filter(resource="watches").first()
    assert (latest.action, latest.actor, latest.record_id) == ("update", "mary", str(watch.pk))
    assert latest.changes == [
        ["name", "Orders", "Sales"],
        ["topics", ["order.created"], ["order.created", "user.signup"]],
    ]
    page = viewer.get(f"/s/baking/watches/{watch.pk}/").content.decode()
    assert f'hx-get="/s/baking/history/watches/{watch.pk}/"' in page
