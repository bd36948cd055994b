"""A refused log-in says so where the eye already is, on a wide screen and on a phone."""

import pytest
from playwright.sync_api import expect

from tests.core.clock import stopped
from tests.e2e.conftest import ARTIFACTS


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)])
def test_a_refused_log_in_says_how_long_to_wait_without_scrolling(
    browser, live_server, django_user_model, settings, monkeypatch, path, width, height
):
    stopped(monkeypatch, settings)  # the wait cannot run out while the browser types
    settings.LOGIN_ACCOUNT_FREE_FAILURES = 0  # the second wrong password is refused
    django_user_model.objects.create_superuser("ada", "ada@example.com", "right-password-123")
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + path)
    for _ in range(2):
        page.get_by_label("Username").fill("ada")
        page.get_by_label("Password").fill("wrong")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()

    message = page.get_by_text("Too many failed log-ins. Try again in 1 second")
    expect(message).to_be_visible()
    box = message.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= height  # seen without scrolling
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    expect(page.get_by_label("Username")).to_have_value("ada")
    ARTIFACTS.mkdir(exist_ok=True)
    where = "admin" if path.startswith("/admin/") else "portal"
    page.screenshot(path=ARTIFACTS / f"login-brake-{where}-{width}x{height}.png")
    context.close()
