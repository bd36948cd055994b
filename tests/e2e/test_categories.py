"""A staff member creates a category, its slug suggested from the name they type, and puts
two products in it, found with the picker's search box; both show on its page, and one
is taken out again."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import grant
from tests.e2e.conftest import ARTIFACTS
from tests.users.sandbox import sandbox_school

CATEGORIES = ("view_categories", "add_categories", "change_categories", "delete_categories")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 390])
def test_create_a_category_with_two_products(page, live_server, login, settings, width):
    settings.THINKIFIC_RATE_LIMIT = 100_000
    page.set_viewport_size({"width": width, "height": 860})
    school = sandbox_school(live_server, subdomain=f"browser-categories-{width}", users=5)
    user = login()
    school.members.add(user)
    grant(user, *CATEGORIES)
    base = f"{live_server.url}/s/{school.slug}/categories/"

    page.goto(base)
    expect(page.get_by_role("heading", name="Categories", exact=True)).to_be_visible()
    expect(page.locator("#results .badge", has_text="Default")).to_have_count(1)
    page.screenshot(path=ARTIFACTS / f"categories_list_{width}.png", full_page=True)
    page.get_by_role("link", name="Add a category").click()
    page.get_by_label("Name").press_sequentially("Weekend Bakes & Co")
    expect(page.get_by_label("Slug")).to_have_value("weekend-bakes-co")
    page.get_by_label("Description").fill("Bakes for slow Saturdays.")
    page.screenshot(path=ARTIFACTS / f"categories_form_{width}.png", full_page=True)
    page.get_by_role("button", name="Create category").click()

    expect(page.get_by_role("status")).to_contain_text("Created the category Weekend Bakes & Co")
    expect(page).to_have_url(re.compile(r"/categories/\d+/$"))
    panel = page.locator("#products")
    expect(panel).to_contain_text("No products in this category yet.")
    panel.get_by_role("link", name="Add products").click()

    search = page.get_by_label("Find products by name")
    options = page.locator("#id_product_ids_options li")
    names = [options.nth(i).inner_text().strip() for i in range(2)]
    for name in names:
        search.fill(name)
        expect(options.filter(has_text=name).first).to_be_visible()
        expect(page.locator("#id_product_ids_options li[hidden]").first).to_be_attached()
        options.filter(has_text=name).first.get_by_role("checkbox").check()
    search.fill(names[1])  # the first, ticked, stays in sight
    expect(options.filter(has_text=names[0]).first).to_be_visible()
    search.press("Enter")  # filters in place: no search of the server losing the ticks
    expect(page).to_have_url(re.compile(r"/products/add/$"))
    expect(page.locator("#id_product_ids_options input:checked")).to_have_count(2)
    page.screenshot(path=ARTIFACTS / f"categories_add_products_{width}.png", full_page=True)
    page.get_by_role("button", name="Add the products").click()

    expect(page.get_by_role("status")).to_contain_text("Added 2 products to Weekend Bakes & Co")
    for name in names:
        expect(panel.get_by_role("cell", name=name, exact=True)).to_be_visible()
    expect(panel.get_by_role("link", name="Remove")).to_have_count(2)
    page.screenshot(path=ARTIFACTS / f"categories_detail_{width}.png", full_page=True)

    panel.get_by_role("link", name="Remove").first.click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text(f"Remove the product “{names[0]}”")
    page.screenshot(path=ARTIFACTS / f"categories_remove_{width}.png", full_page=True)
    dialog.get_by_role("button", name="Yes, remove").click()
    expect(page.get_by_role("status")).to_contain_text(f"Removed the product {names[0]}")
    expect(panel.get_by_role("link", name="Remove")).to_have_count(1)


@pytest.mark.django_db(transaction=True)
def test_the_slug_follows_a_new_name_only_until_typed_and_an_edit_keeps_it(
    page, live_server, login, settings
):
    settings.THINKIFIC_RATE_LIMIT = 100_000
    school = sandbox_school(live_server, subdomain="browser-rye-loaves", users=5)
    user = login()
    school.members.add(user)
    grant(user, *CATEGORIES, "view_history")
    base = f"{live_server.url}/s/{school.slug}/categories/"

    page.goto(f"{base}new/")
    name, slug = page.get_by_label("Name"), page.get_by_label("Slug")
    name.press_sequentially("Rye Loaves")
    expect(slug).to_have_value("rye-loaves")
    # Sent back with an error (no description): the suggestion still follows the name.
    page.get_by_role("button", name="Create category").click()
    expect(page.locator("#id_description_error")).to_be_visible()
    # The error summary takes the focus once the answer has settled: type after that.
    expect(page.locator("[data-error-summary]")).to_be_focused()
    name.press("End")
    name.press_sequentially(" Club")
    expect(slug).to_have_value("rye-loaves-club")
    slug.fill("rye")  # typed by hand: from now on the name leaves it alone
    name.press("End")
    name.press_sequentially(" Extra")
    expect(slug).to_have_value("rye")
    page.get_by_label("Description").fill("Dark and dense.")
    page.get_by_role("button", name="Save and continue editing").click()

    expect(page.get_by_role("status")).to_contain_text("Created the category Rye Loaves Club Extra")
    expect(page).to_have_url(re.compile(r"/categories/\d+/edit/$"))
    name, slug = page.get_by_label("Name"), page.get_by_label("Slug")
    expect(slug).to_have_value("rye")
    name.fill("")
    name.press_sequentially("Rye and Spelt")  # a new name on the edit form
    expect(slug).to_have_value("rye")
    page.screenshot(path=ARTIFACTS / "categories_edit_slug.png", full_page=True)
    page.get_by_role("button", name="Save changes").click()

    expect(page.get_by_role("status")).to_contain_text("Saved the changes to Rye and Spelt")
    facts = page.locator(".facts")
    expect(facts).to_contain_text("rye")
    expect(facts).not_to_contain_text("rye-and-spelt")
    history = page.locator("#history")
    expect(history).to_contain_text("Rye and Spelt")
    expect(history).not_to_contain_text("rye-and-spelt")
