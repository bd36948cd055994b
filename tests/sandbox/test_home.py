"""/sandbox/: a page saying what the sandbox is, its schools and how to reach them."""

from tests.sandbox import factories


def test_the_page_names_each_school_and_how_to_get_its_credentials(admin_client, school):
    html = admin_client.get("/sandbox/").content.decode()
    assert "offline Thinkific" in html
    assert "Test Academy" in html and "<code>test-academy</code>" in html
    assert "<code>http://testserver/sandbox</code>" in html
    assert "manage.py sandbox_credentials" in html
    assert school.api_key in html  # admin staff see the keys


def test_staff_without_admin_rights_see_no_keys(client, django_user_model, school):
    client.force_login(django_user_model.objects.create_user("ann", password="pw-ann-12345"))
    html = client.get("/sandbox/").content.decode()
    assert "Test Academy" in html and school.api_key not in html
    assert "The keys are shown to admin staff" in html


def test_the_page_needs_a_login(client, db):
    response = client.get("/sandbox/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_no_school_yet_says_how_to_make_one(admin_client, db):
    assert "No sandbox school yet" in admin_client.get("/sandbox/").content.decode()


def test_the_account_menu_links_it(admin_client, db):
    factories.school(name="Other", subdomain="other")
    assert (
        'href="/sandbox/">Sandbox</a>' in admin_client.get("/account/time-zone/").content.decode()
    )
