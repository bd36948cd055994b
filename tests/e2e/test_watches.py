"""Watches in a real browser: a quick start registers on the sandbox; drift is repaired."""

import pytest
from playwright.sync_api import expect

from apps.connections.services import client_for
from apps.webhooks import services
from tests.conftest import grant
from tests.e2e.conftest import ARTIFACTS
from tests.webhooks.sandbox import sandbox_school

WATCHES = ("view_watches", "add_watches", "change_watches", "delete_watches", "view_events")


@pytest.fixture
def school(live_server, settings):
    return sandbox_school(live_server, settings, subdomain="watch-academy", slug="academy")


@pytest.fixture
def manager(login, school):
    user = login()
    school.members.add(user)
    return grant(user, *WATCHES)


def webhooks_on_sandbox(school):
    return sorted((w.topic, w.target_url) for w in client_for(school).webhooks.all())


@pytest.mark.django_db(transaction=True)
def test_quick_start_check_and_repair(page, live_server, school, manager):
    page.goto(f"{live_server.url}/s/academy/")
    page.get_by_role("navigation", name=school.name).get_by_role("link", name="Watches").click()
    expect(page.get_by_role("heading", name="Watches", exact=True)).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Thinkific will not deliver to")  # http
    page.screenshot(path=ARTIFACTS / "watches_empty.png", full_page=True)

    page.get_by_role("link", name="Watch Order Created").click()
    expect(page.get_by_label("Watch name")).to_have_value("Watch Order Created")
    expect(page.get_by_role("checkbox", name="Order created")).to_be_checked()
    page.get_by_role("checkbox", name="New user").check()
    page.screenshot(path=ARTIFACTS / "watches_form.png", full_page=True)
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("status")).to_contain_text("Watch “Watch Order Created” saved.")
    expect(page.get_by_role("status")).to_contain_text("2 registered")
    expect(page.locator(".badge.ok", has_text="Registered")).to_have_count(2)
    assert webhooks_on_sandbox(school) == [
        ("order.created", school.receiver_url),
        ("user.signup", school.receiver_url),
    ]
    page.screenshot(path=ARTIFACTS / "watches_list.png", full_page=True)

    # Someone removes a webhook in Thinkific's admin: the check finds it, one click repairs.
    hook = next(w for w in client_for(school).webhooks.all() if w.topic == "user.signup")
    client_for(school).webhooks.delete(hook.id)
    page.get_by_role("link", name="Check webhooks on Thinkific").click()
    expect(page.get_by_text("Thinkific's webhooks have drifted from the watches.")).to_be_visible()
    expect(page.get_by_text("Missing on Thinkific.")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "watches_drift.png", full_page=True)
    page.get_by_role("button", name="Repair: make Thinkific match the watches").click()
    expect(page.get_by_text("In order.")).to_be_visible()
    expect(page.get_by_role("status").first).to_contain_text("1 registered")
    assert len(webhooks_on_sandbox(school)) == 2

    # Deleting the watch removes its webhooks from the sandbox.
    page.get_by_role("link", name="Back to the watches").click()
    # It asks inline first; Cancel leaves everything as it was.
    page.get_by_role("link", name="Delete Watch Order Created").click()
    confirm = page.get_by_role("alertdialog")
    expect(confirm).to_contain_text("Delete the watch “Watch Order Created”?")
    confirm.get_by_role("link", name="Cancel").click()
    expect(confirm).to_be_hidden()
    page.get_by_role("link", name="Delete Watch Order Created").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Yes, delete").click()
    expect(page.get_by_role("status")).to_contain_text("deleted")
    expect(page.get_by_text("No watches yet")).to_be_visible()
    assert webhooks_on_sandbox(school) == []


@pytest.mark.django_db(transaction=True)
def test_the_watches_fit_a_phone(page, live_server, school, manager):
    services.watch_create(
        connection=school, client=client_for(school), name="Sales and enrollments",
        topics=["order.created", "enrollment.created", "enrollment.completed"],
    )  # fmt: skip
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/s/academy/watches/")
    expect(page.get_by_role("alert")).to_contain_text("Thinkific will not deliver to")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for name in ("Edit", "Delete", "Events"):
        box = page.get_by_role("link", name=f"{name} ").first.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, name
    page.screenshot(path=ARTIFACTS / "watches_phone.png", full_page=True)

    page.get_by_role("link", name="Delete Sales and enrollments").click()
    expect(page.get_by_role("alertdialog")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=ARTIFACTS / "watches_confirm_phone.png", full_page=True)
