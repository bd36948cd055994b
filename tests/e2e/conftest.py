"""Browser tests: Playwright driving Debian's Chromium against a live server."""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test's thread; the test itself only
# touches the database between browser calls, never concurrently with them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "e2e" in item.path.parts:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        message = "Chromium is not installed (apt-get install chromium)."
        if os.environ.get("CI") or os.environ.get("PORTAL_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{request.node.name}.png", full_page=True)
    context.close()


@pytest.fixture
def login(page, live_server, django_user_model):
    """Logs a new user in through the login form; returns the user."""

    def log_in(username="ada", password="correct-horse-battery", **extra):
        user = django_user_model.objects.create_user(
            username, f"{username}@example.com", password, **extra
        )
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()
        return user

    return log_in


@pytest.fixture
def worker():
    """A task worker for the jobs the browser starts."""
    from tests.jobs.worker import Workers

    pool = Workers()
    pool.start()
    yield pool
    pool.stop_all()


def school_link(page, name: str):
    """The school's navigation link `name`: in the sidebar, or on a phone in the menu,
    which this opens."""
    button = page.locator("details.menu > summary")
    if button.is_visible() and page.locator("details.menu[open]").count() == 0:
        button.click()
    return page.locator("nav.sidebar").get_by_role("link", name=name, exact=True)
