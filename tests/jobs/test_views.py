"""The jobs' pages: permissions, the coupon form's dry run, progress, cancel, CSV, and the
upload forms' shared markup."""

import csv
import io

import pytest

from apps.connections.models import Connection
from apps.jobs.models import Job
from tests.conftest import grant, login_with
from tests.jobs.conftest import API, HTMX, PROMOTION, coupon_job, started, work
from tests.jobs.test_enroll import page as api_page

FORM = "/s/baking/promotions/7/coupons/bulk/"


@pytest.fixture
def job(school, staff):
    return coupon_job(school, staff, quantity=120)


@pytest.fixture
def seller(staff, client):
    return login_with(client, staff, "add_coupons")


@pytest.fixture
def promotion(api):
    api.get(f"{API}/promotions/7", json=PROMOTION)
    return api


def pages(job_id):
    base = f"/s/baking/jobs/{job_id}/"
    return [
        ("get", base),
        ("get", f"{base}results.csv"),
        ("post", f"{base}start/"),
        ("post", f"{base}cancel/"),
        ("get", FORM),
        ("post", FORM),
    ]


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
@pytest.mark.parametrize("index", range(6))
def test_every_job_page_needs_the_kinds_permission(staff, client, api, job, index, headers):
    everything_else = ("view_coupons", "change_coupons", "delete_coupons", "view_promotions")
    client.force_login(grant(staff, *everything_else))
    method, url = pages(job.pk)[index]

    response = getattr(client, method)(url, headers=headers)

    assert response.status_code == 403
    assert len(api.calls) == 0
    assert Job.objects.get(pk=job.pk).status == "planned"


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_the_list_shows_only_the_jobs_one_may_run(staff, client, job, headers):
    client.force_login(staff)
    assert job.title not in client.get("/s/baking/jobs/", headers=headers).text
    client.force_login(grant(staff, "add_coupons"))
    response = client.get("/s/baking/jobs/", headers=headers)
    assert response.status_code == 200
    assert job.title in response.text
    assert ("<html" in response.text) is not bool(headers)


def test_another_schools_job_is_not_found(seller, school, staff):
    other = Connection.objects.create(name="O", slug="other", subdomain="other", api_key="o" * 32)
    elsewhere = coupon_job(other, quantity=5)
    assert seller.get(f"/s/baking/jobs/{elsewhere.pk}/").status_code == 404
    assert seller.get(f"/s/other/jobs/{elsewhere.pk}/").status_code == 404
    other.members.add(staff)
    assert seller.get(f"/s/other/jobs/{elsewhere.pk}/").status_code == 200


def test_the_form_names_the_promotion(seller, promotion):
    response = seller.get(FORM)
    assert response.status_code == 200
    assert "Bulk create coupons" in response.text and "Summer sale" in response.text


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_bad_input_is_answered_on_the_form_and_kept(seller, promotion, headers):
    data = {
        "bulk_quantity": "1001",
        "bulk_coupon_code_length": "5",
        "bulk_quantity_per_coupon": "0",
    }
    response = seller.post(FORM, data, headers=headers)
    assert response.status_code == 422
    form = response.context["form"]
    assert set(form.errors) == {
        "bulk_quantity",
        "bulk_coupon_code_length",
        "bulk_quantity_per_coupon",
    }
    assert 'value="1001"' in response.text
    assert not Job.objects.exists()


def test_the_post_makes_a_dry_run_and_writes_nothing(seller, promotion):
    data = {"bulk_quantity": "120", "bulk_coupon_code_length": "10", "bulk_quantity_per_coupon": ""}
    response = seller.post(FORM, data)

    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/s/baking/jobs/{job.pk}/"
    assert (job.status, job.row_count, job.title) == ("planned", 3, "120 coupons for Summer sale")
    assert job.params["bulk_quantity_per_coupon"] is None
    assert len(promotion.calls) == 1  # the promotion's name, nothing more
    page = seller.get(response["Location"]).text
    assert "Dry run: nothing has been changed on Thinkific." in page
    assert "Will create 50 coupons with 10-character codes, unlimited uses." in page
    assert "Will create 20 coupons" in page
    assert "Confirm and start" in page


def test_an_htmx_post_is_sent_to_the_job_page(seller, promotion):
    data = {"bulk_quantity": "5", "bulk_coupon_code_length": "8"}
    response = seller.post(FORM, data, headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == Job.objects.get().get_absolute_url()


UPLOADS = [
    ("/s/baking/jobs/new/enroll/", "add_enrollments", "Dry run"),
    ("/s/baking/jobs/new/import/", "add_users", "Next: the columns"),
]


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
@pytest.mark.parametrize(("url", "codename", "submit"), UPLOADS, ids=["enroll", "import"])
def test_the_upload_forms_are_one_component(staff, client, api, url, codename, submit, headers):
    if codename == "add_enrollments":  # the form lists the school's courses
        api.get(f"{API}/courses", json=api_page([{"id": 3, "name": "Bread"}]))
    login_with(client, staff, codename)

    response = client.get(url, headers=headers)

    assert response.status_code == 200
    assert "components/upload_form.html" in [t.name for t in response.templates]
    assert response.text.lstrip().startswith("<form") is bool(headers)
    assert f'action="{url}" enctype="multipart/form-data"' in response.text
    assert f'hx-post="{url}" hx-encoding="multipart/form-data"' in response.text
    assert f'<button type="submit" class="button primary">{submit}</button>' in response.text
    assert '<a class="button" href="/s/baking/jobs/">Cancel</a>' in response.text
    assert 'name="file"' in response.text


def test_confirming_queues_the_job_once(seller, job):
    url = f"/s/baking/jobs/{job.pk}/start/"
    assert seller.get(url).status_code == 405
    assert seller.post(url).status_code == 302
    assert Job.objects.get(pk=job.pk).status == "queued"
    again = seller.post(url, follow=True)
    assert "The job was not waiting for confirmation any more." in again.text


def test_cancel_needs_the_csrf_token(staff, job):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(grant(staff, "add_coupons"))
    assert browser.post(f"/s/baking/jobs/{job.pk}/cancel/").status_code == 403
    assert Job.objects.get(pk=job.pk).status == "planned"


def test_cancel_skips_the_rows_left(seller, job):
    started(job)
    response = seller.post(f"/s/baking/jobs/{job.pk}/cancel/", follow=True)
    assert "Cancelled: no further row will run." in response.text
    assert set(job.rows.values_list("status", flat=True)) == {"skipped"}
    assert "hx-trigger" not in response.text


def test_the_fragment_polls_while_the_job_runs_and_stops_when_done(seller, job):
    started(job)
    running = seller.get(f"/s/baking/jobs/{job.pk}/", headers=HTMX)
    assert 'hx-trigger="every 1s"' in running.text and "<html" not in running.text
    assert "0 done · 0 failed · 3 left" in running.text
    job.rows.update(status="done", message="Created 50 coupons.")
    Job.objects.filter(pk=job.pk).update(status="done")
    done = seller.get(f"/s/baking/jobs/{job.pk}/", headers=HTMX)
    assert "hx-trigger" not in done.text
    assert "100%" in done.text and "3 done · 0 failed · 0 left" in done.text


def test_the_page_lists_the_created_codes_and_pages_the_rows(seller, school, bulk):
    job = started(coupon_job(school, quantity=100))
    bulk.expect(2)
    work(job)
    page = seller.get(f"/s/baking/jobs/{job.pk}/").text
    assert "<code>C1000XXX</code>" in page and "<code>C1099XXX</code>" in page
    assert seller.get(f"/s/baking/jobs/{job.pk}/?page=x").status_code == 200


def test_the_csv_has_one_line_per_code(seller, school, bulk):
    job = started(coupon_job(school, quantity=60, uses=2))
    bulk.expect(2)
    work(job)
    response = seller.get(f"/s/baking/jobs/{job.pk}/results.csv")

    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="baking-job-{job.pk}-coupon_bulk.csv"'
    )
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert lines[0] == ["code", "uses", "promotion_id", "coupon_id"]
    assert lines[1] == ["C1000XXX", "2", "7", "1000"]
    assert len(lines) == 61
    assert len({line[0] for line in lines[1:]}) == 60


def test_uses_per_coupon_past_what_thinkific_stores_are_refused(seller, promotion):
    data = {
        "bulk_quantity": "10",
        "bulk_coupon_code_length": "8",
        "bulk_quantity_per_coupon": "100000000000000000000",
    }

    response = seller.post(FORM, data)

    assert response.status_code == 422
    assert "less than or equal to 2147483647" in response.content.decode()
    assert 'value="10"' in response.content.decode()  # the rest kept
    assert not Job.objects.exists()
    assert "up to 2,147,483,647" in seller.get(FORM).content.decode()
