"""The course pages against the sandbox over real HTTP."""

import re

import pytest

from tests.users.sandbox import member_client, sandbox_school

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]
HTMX = {"HX-Request": "true"}


@pytest.fixture
def viewer_client(client, live_server, settings):
    settings.THINKIFIC_RATE_LIMIT = 100_000
    school = sandbox_school(live_server, subdomain="courses-test", users=20)
    return member_client(
        client, school, "view_courses", "view_instructors", "view_products", username="viewer"
    )


def test_a_course_with_its_instructor_chapters_contents_and_reviews(viewer_client):
    listing = viewer_client.get("/s/courses-test/courses/?limit=50")
    assert listing.status_code == 200, listing.content.decode()[-2000:]
    page = listing.content.decode()
    assert re.search(r'<a href="/s/courses-test/instructors/\d+/">[^<#]+</a>', page)
    assert re.search(r'<a href="/s/courses-test/products/\d+/">Product #\d+</a>', page)
    course_url = re.search(r'href="(/s/courses-test/courses/\d+/)\?', page).group(1)

    detail = viewer_client.get(course_url)
    assert detail.status_code == 200
    assert re.search(
        r'<dt>Instructor</dt><dd><a href="/s/courses-test/instructors/\d+/">',
        detail.content.decode(),
    )

    chapters = viewer_client.get(f"{course_url}chapters/", headers=HTMX).content.decode()
    contents_urls = re.findall(r'hx-get="(/s/courses-test/courses/\d+/chapters/\d+/)"', chapters)
    assert contents_urls, chapters
    contents = viewer_client.get(contents_urls[0], headers=HTMX).content.decode()
    assert '<ol class="contents">' in contents and "Open on Thinkific" in contents

    reviews = viewer_client.get(f"{course_url}reviews/", headers=HTMX)
    assert reviews.status_code == 200 and 'id="reviews-title"' in reviews.content.decode()


def test_a_course_the_sandbox_does_not_have_is_not_found(viewer_client):
    response = viewer_client.get("/s/courses-test/courses/999999/")

    assert response.status_code == 404
    assert "Not found on Thinkific" in response.content.decode()
