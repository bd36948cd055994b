import pytest

from apps.webhooks.models import Registration, Watch
from tests.conftest import grant
from tests.webhooks.fake_thinkific import webhooks_api

HX = {"HX-Request": "true"}
ALL = ("view_watches", "add_watches", "change_watches", "delete_watches", "view_events")


@pytest.fixture
def api():
    """Strict: each test serves the methods it expects (`api.serve`), nothing else."""
    with webhooks_api() as fake:
        yield fake


@pytest.fixture
def manager(staff):
    return grant(staff, *ALL)


def test_the_watch_list_offers_the_six_quick_starts(staff_client, manager, school):
    html = staff_client.get("/s/baking/watches/").content.decode()
    for name in ("Watch Order Created", "Watch Enrollment Trial", "Watch New User"):
        assert name in html
    assert "/s/baking/watches/new/?topic=order.created" in html
    assert "You do not have to configure the webhooks in your Thinkific account" in html


def test_a_quick_start_prefills_the_form(staff_client, manager, school):
    response = staff_client.get("/s/baking/watches/new/?topic=enrollment.progress")
    form = response.context_data["form"]
    assert form.initial == {"name": "Watch Enrollment Progress", "topics": ["enrollment.progress"]}
    html = response.content.decode()
    assert "Baking School (baking-school.thinkific.com)" in html  # the connection
    assert "Thinkific Payments only" in html


def test_saving_registers_and_returns_to_the_list(staff_client, manager, school, api):
    api.serve("GET", "POST")
    response = staff_client.post(
        "/s/baking/watches/new/", {"name": "Sales", "topics": ["order.created", "user.signup"]}
    )

    assert response.status_code == 302 and response["Location"] == "/s/baking/watches/"
    watch = Watch.objects.get()
    assert (watch.connection, watch.name, watch.topics) == (
        school,
        "Sales",
        ["order.created", "user.signup"],
    )
    assert sorted(api.by_topic()) == ["order.created", "user.signup"]
    page = staff_client.get("/s/baking/watches/").content.decode()
    assert "Watch “Sales” saved. Thinkific&#x27;s webhooks updated (2 registered)." in page
    assert page.count(">Registered</span>") == 2


def test_bad_input_stays_on_the_form(staff_client, manager, school, api):
    Watch.objects.create(connection=school, name="Sales", topics=["order.created"])
    response = staff_client.post(
        "/s/baking/watches/new/", {"name": "sales", "topics": []}, headers=HX
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert html.lstrip().startswith('<form id="watch-form"')
    assert "already has a watch with that name" in html
    assert "Pick at least one event." in html
    assert 'value="sales"' in html
    assert api.calls == []


def test_an_htmx_save_redirects_the_whole_page(staff_client, manager, school, api):
    api.serve("GET", "POST")
    response = staff_client.post(
        "/s/baking/watches/new/", {"name": "A", "topics": ["order.created"]}, headers=HX
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/s/baking/watches/"


def test_editing_and_deleting(staff_client, manager, school, api):
    api.serve("GET", "POST", "PUT", "DELETE")
    staff_client.post("/s/baking/watches/new/", {"name": "A", "topics": ["order.created"]})
    watch = Watch.objects.get()

    staff_client.post(f"/s/baking/watches/{watch.pk}/", {"name": "B", "topics": ["lead.created"]})
    assert api.by_topic() == {"lead.created": [school.receiver_url]}
    assert Watch.objects.get().name == "B"

    confirm = staff_client.get(f"/s/baking/watches/{watch.pk}/delete/")
    assert "Delete the watch “B”?" in confirm.content.decode()
    staff_client.post(f"/s/baking/watches/{watch.pk}/delete/")
    assert not Watch.objects.exists() and api.hooks == {}


def test_the_check_page_shows_drift_and_repairs_it(staff_client, manager, school, api):
    api.serve("GET", "PUT")
    Watch.objects.create(connection=school, name="A", topics=["order.created", "user.signup"])
    api.add("order.created", school.receiver_url)
    api.add("course.created", school.receiver_url)
    api.add("order.created", "https://hooks.zapier.com/1")

    html = staff_client.get("/s/baking/watches/check/").content.decode()
    assert "drifted" in html
    assert "reuses the webhook of course.created" in html
    assert "1 other webhook of this school delivers elsewhere" in html
    assert "Repair" in html

    repaired = staff_client.post("/s/baking/watches/check/", headers=HX)
    assert repaired.status_code == 200
    html = repaired.content.decode()
    assert html.lstrip().startswith('<div id="check">')
    assert "In order." in html
    assert 'hx-swap-oob="true"' in html and "Thinkific&#x27;s webhooks updated" in html
    assert api.by_topic() == {
        "order.created": [school.receiver_url, "https://hooks.zapier.com/1"],
        "user.signup": [school.receiver_url],
    }


def test_manual_steps_when_the_credentials_cannot_use_the_api(staff_client, manager, school, api):
    api.serve("GET")
    api.fail_with = (403, {"error": "App does not have permission to perform this action."})
    staff_client.post("/s/baking/watches/new/", {"name": "A", "topics": ["order.created"]})

    page = staff_client.get("/s/baking/watches/").content.decode()
    assert "Add these webhooks by hand in Thinkific" in page
    assert "Settings → Code &amp; analytics → Webhooks" in page
    assert f'value="{school.receiver_url}"' in page
    assert "<td>Order</td><td><code>order.created</code></td>" in page
    assert "the school&#x27;s API key" in page
    check = staff_client.get("/s/baking/watches/check/").content.decode()
    assert "App does not have permission" in check
    assert Registration.objects.get().state == "manual"


def test_a_receiver_url_thinkific_cannot_reach_is_flagged(staff_client, manager, school, settings):
    settings.PUBLIC_BASE_URL = "http://127.0.0.1:8000"
    html = staff_client.get("/s/baking/watches/new/").content.decode()
    assert "Thinkific will not deliver to http://127.0.0.1:8000/webhooks/in/" in html
    assert "not https" in html and "127.0.0.1 is not reachable from the internet" in html
    settings.PUBLIC_BASE_URL = "https://portal.bakingschool.com"
    assert "will not deliver" not in staff_client.get("/s/baking/watches/new/").content.decode()


@pytest.mark.parametrize(
    ("perm", "method", "url"),
    [
        ("view_watches", "get", "/s/baking/watches/"),
        ("add_watches", "get", "/s/baking/watches/new/"),
        ("view_watches", "get", "/s/baking/watches/check/"),
        ("change_watches", "post", "/s/baking/watches/check/"),
        ("change_watches", "get", "/s/baking/watches/{pk}/"),
        ("delete_watches", "post", "/s/baking/watches/{pk}/delete/"),
    ],
)
def test_each_page_checks_its_permission(staff_client, staff, school, perm, method, url, api):
    watch = Watch.objects.create(connection=school, name="A", topics=["order.created"])
    grant(staff, *[p for p in ALL if p != perm])
    response = getattr(staff_client, method)(url.format(pk=watch.pk))
    assert response.status_code == 403
    assert Watch.objects.filter(pk=watch.pk).exists()
    assert api.writes() == []


def test_another_schools_watch_is_404(staff_client, manager, school):
    from apps.connections.models import Connection

    other = Connection.objects.create(name="O", slug="o", subdomain="o", api_key="o" * 32)
    other.members.add(manager)
    watch = Watch.objects.create(connection=other, name="A", topics=["order.created"])
    assert staff_client.get(f"/s/baking/watches/{watch.pk}/").status_code == 404


def test_an_upstream_failure_on_the_check_page_is_explained(
    staff_client, manager, school, api, settings
):
    api.serve("GET")
    settings.THINKIFIC_MAX_RETRY_WAIT = 0
    Watch.objects.create(connection=school, name="A", topics=["order.created"])
    api.fail_with = (500, {"error": "boom"})
    response = staff_client.get("/s/baking/watches/check/")
    assert response.status_code == 502
    assert "Thinkific answered with an error" in response.content.decode()


@pytest.mark.parametrize("htmx", [False, True])
def test_a_name_taken_by_a_twin_submit_is_a_form_error(
    staff_client, manager, school, api, monkeypatch, htmx
):
    from apps.webhooks.forms import WatchForm

    # The twin request saved the name after this one's form had checked it.
    monkeypatch.setattr(WatchForm, "clean_name", lambda form: form.cleaned_data["name"])
    Watch.objects.create(connection=school, name="Sales", topics=["order.created"])
    response = staff_client.post(
        "/s/baking/watches/new/",
        {"name": "Sales", "topics": ["lead.created"]},
        headers=HX if htmx else {},
    )
    assert response.status_code == 422
    assert "already has a watch with that name" in response.content.decode()
    assert Watch.objects.count() == 1 and api.calls == []


def test_renaming_to_a_name_taken_meanwhile_is_a_form_error(
    staff_client, manager, school, api, monkeypatch
):
    from apps.webhooks.forms import WatchForm

    monkeypatch.setattr(WatchForm, "clean_name", lambda form: form.cleaned_data["name"])
    Watch.objects.create(connection=school, name="Sales", topics=["order.created"])
    watch = Watch.objects.create(connection=school, name="Leads", topics=["lead.created"])
    response = staff_client.post(
        f"/s/baking/watches/{watch.pk}/", {"name": "Sales", "topics": ["lead.created"]}
    )
    assert response.status_code == 422
    assert "already has a watch with that name" in response.content.decode()
    watch.refresh_from_db()
    assert watch.name == "Leads"


@pytest.mark.parametrize("url", ["/s/baking/watches/new/", "edit"])
def test_an_empty_post_is_a_post_not_a_get(staff_client, manager, school, api, url):
    if url == "edit":
        watch = Watch.objects.create(connection=school, name="Leads", topics=["lead.created"])
        url = f"/s/baking/watches/{watch.pk}/"
    response = staff_client.post(url, {})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Pick at least one event." in html and "This field is required." in html


def test_a_repair_without_htmx_redirects_so_a_refresh_does_not_repeat_it(
    staff_client, manager, school, api
):
    api.serve("GET", "POST")
    Watch.objects.create(connection=school, name="A", topics=["order.created"])
    response = staff_client.post("/s/baking/watches/check/")
    assert response.status_code == 302
    assert response["Location"] == "/s/baking/watches/check/"
    assert api.by_topic() == {"order.created": [school.receiver_url]}
    calls = len(api.calls)
    page = staff_client.get(response["Location"]).content.decode()
    assert "Thinkific&#x27;s webhooks updated (1 registered)." in page
    assert "In order." in page
    assert all(method == "GET" for method, _, _ in api.calls[calls:])  # no repair again


def test_deleting_confirms_inline_for_htmx(staff_client, manager, school):
    watch = Watch.objects.create(connection=school, name="Sales", topics=["order.created"])
    url = f"/s/baking/watches/{watch.pk}/delete/"

    listing = staff_client.get("/s/baking/watches/").content.decode()
    assert f'hx-get="{url}" hx-target="#confirm-slot"' in listing
    assert '<div id="confirm-slot"></div>' in listing

    fragment = staff_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<section class="confirm"')
    assert "Delete the watch “Sales”?" in fragment and ">Cancel</a>" in fragment
    assert "<html" not in fragment

    page = staff_client.get(url).content.decode()  # without JavaScript: a page of its own
    assert "<html" in page and 'href="/s/baking/watches/">Cancel</a>' in page


def test_one_vocabulary_watches(staff_client, manager, school):
    Watch.objects.create(connection=school, name="Sales", topics=["order.created"])
    pages = staff_client.get("/s/baking/watches/").content.decode()
    pages += staff_client.get("/s/baking/watches/new/").content.decode()
    assert "Webhook name" not in pages
    assert '<th scope="col">Watch</th>' in pages and "Watch name" in pages


def test_a_watch_s_page_links_its_events_and_says_from_when(staff_client, staff, school):
    watch = Watch.objects.create(connection=school, name="Sales", topics=["order.created"])
    grant(staff, "view_watches", "change_watches")

    html = staff_client.get(f"/s/baking/watches/{watch.pk}/").content.decode()
    assert "Created <time" in html and "its events are those received since." in html
    assert f'href="/s/baking/activity/?watch={watch.pk}">Its events</a>' not in html

    grant(staff, "view_events")
    html = staff_client.get(f"/s/baking/watches/{watch.pk}/").content.decode()
    assert f'href="/s/baking/activity/?watch={watch.pk}">Its events</a>' in html
