"""A staff member bulk-enrolls three users (one unknown) and imports a CSV of 20 users."""

import re

import pytest
from playwright.sync_api import expect

from apps.connections.services import client_for
from tests.conftest import grant
from tests.e2e.conftest import ARTIFACTS
from tests.jobs.worker import Workers
from tests.users.sandbox import sandbox_school


@pytest.fixture
def school(live_server):
    return sandbox_school(live_server, subdomain="browser-enroll", users=3, slug="academy")


@pytest.fixture
def worker():
    pool = Workers()
    pool.start()
    yield pool
    pool.stop_all()


def confirm_and_finish(page):
    page.get_by_role("button", name="Confirm and start").click(timeout=30_000)
    bar = page.get_by_role("progressbar", name="Rows finished")
    expect(bar).to_be_visible()
    expect(page.locator(".job-progress h2")).to_have_text("Done", timeout=60_000)
    expect(bar).to_have_attribute("value", bar.get_attribute("max"))


@pytest.mark.django_db(transaction=True)
def test_bulk_enroll_then_import(page, live_server, login, school, worker, tmp_path):
    user = login()
    school.members.add(user)
    grant(user, "add_enrollments", "add_users")
    thinkific = client_for(school)
    known = [u.email for u in thinkific.users.list(limit=2).items]
    course = thinkific.courses.list(limit=1).items[0]

    page.goto(f"{live_server.url}/s/academy/jobs/")
    page.get_by_role("link", name="Bulk enroll").click()
    page.get_by_label("Emails", exact=True).fill("\n".join([*known, "newcomer@example.com"]))
    page.get_by_label(course.name).check()
    page.get_by_label("Create a user for each unknown email first").check()
    page.get_by_role("button", name="Dry run").click()
    expect(page.get_by_role("cell", name=re.compile("Unknown email: will create"))).to_be_visible(
        timeout=30_000
    )
    confirm_and_finish(page)
    page.screenshot(path=ARTIFACTS / "bulk_enroll_done.png", full_page=True)
    newcomer = thinkific.users.list(email="newcomer@example.com").items[0]
    assert thinkific.enrollments.list(user_id=newcomer.id, course_id=course.id).items

    lines = ["First name,Last name,Email,Password"]
    lines += [f"Person,Number{n},person{n}@example.com,Secret-pw-{n}" for n in range(18)]
    lines += [",Nofirst,nofirst@example.com,", "Bad,Email,not-an-email,"]
    csv_file = tmp_path / "users.csv"
    csv_file.write_text("\n".join(lines) + "\n")
    page.goto(f"{live_server.url}/s/academy/jobs/")
    page.get_by_role("link", name="Import users").click()
    page.get_by_label("CSV of users").set_input_files(csv_file)
    page.get_by_role("button", name="Next: the columns").click()
    # The columns come matched by their header, the first rows beside them.
    expect(page.get_by_label("Email", exact=True)).to_have_value("email")
    expect(page.get_by_role("row", name=re.compile("First name"))).to_contain_text("Person")
    expect(page.get_by_role("row", name=re.compile("Password"))).to_contain_text("[redacted]")
    expect(page.get_by_text("Secret-pw-0")).to_have_count(0)
    page.get_by_label("Email", exact=True).select_option("")
    page.get_by_role("button", name="Dry run").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose the column that holds the emails")
    expect(page.get_by_label("First name", exact=True)).to_have_value("first_name")  # kept
    page.get_by_label("Email", exact=True).select_option("email")
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=ARTIFACTS / f"user_import_columns_{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 860})
    page.get_by_role("button", name="Dry run").click()
    expect(page.get_by_role("cell", name="Invalid: First name is missing.")).to_be_visible(
        timeout=30_000
    )
    confirm_and_finish(page)
    page.screenshot(path=ARTIFACTS / "user_import_done.png", full_page=True)
    assert thinkific.users.list(email="person17@example.com").items
    assert not thinkific.users.list(email="nofirst@example.com").items
