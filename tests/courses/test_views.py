import pytest
from responses import matchers

from apps.index import storing
from apps.index.models import IndexedName
from tests.conftest import grant
from tests.courses.conftest import API, chapter_json, content_json, course_json, review_json
from tests.instructors.conftest import instructor_json
from tests.resource_cases import ResourceViewCases
from tests.users.conftest import page_json

HTMX = {"HX-Request": "true"}


def query(**params):
    return [matchers.query_param_matcher({name: str(value) for name, value in params.items()})]


class TestCourseViews(ResourceViewCases):
    resource = "courses"
    record_ids = ("7",)
    extra_pages = [
        ("get", "courses/7/chapters/", "view_courses"),
        ("get", "courses/7/chapters/31/", "view_courses"),
        ("get", "courses/7/reviews/", "view_courses"),
    ]


def test_list_page_and_fragment(viewer_client, api):
    api.get(
        f"{API}/courses",
        match=query(page=2, limit=50),
        json=page_json(
            [course_json(), course_json(id=8, instructor_id=4)], page=2, total=60, limit=50
        ),
    )
    instructors = api.get(
        f"{API}/instructors",
        match=query(page=1, limit=250),
        json=page_json([instructor_json()]),
    )

    page = viewer_client.get("/s/baking/courses/?page=2&limit=50").content.decode()
    fragment = viewer_client.get(
        "/s/baking/courses/?page=2&limit=50", headers=HTMX
    ).content.decode()

    assert "<html" in page and '<option value="50" selected>50</option>' in page
    assert "60 results · page 2 of 2" in page
    assert 'href="/s/baking/courses/7/?_changelist_filters=page%3D2%26limit%3D50"' in page
    assert ">Sourdough Basics</a>" in page and "sourdough-basics" in page
    assert '<a href="/s/baking/instructors/3/">Paul Hollywood</a>' in page
    assert "Instructor #4" in page  # not among the school's instructors any more
    assert '<td class="nowrap">2 chapters</td>' in page
    assert "Product #70" in page and 'href="/s/baking/products/70/"' not in page
    assert "<html" not in fragment and "<form" not in fragment and "Paul Hollywood" in fragment
    assert instructors.call_count == 1  # the names are kept a few minutes


def test_list_links_the_product_for_those_who_may_see_products(staff, client, api):
    client.force_login(grant(staff, "view_courses", "view_products"))
    api.get(f"{API}/courses", json=page_json([course_json(instructor_id=None)]))

    page = client.get("/s/baking/courses/").content.decode()

    assert '<a href="/s/baking/products/70/">Product #70</a>' in page
    assert len(api.calls) == 1  # no course has an instructor: no names to look up


def test_list_names_the_products_the_index_knows(staff, client, api, school):
    client.force_login(grant(staff, "view_courses", "view_products"))
    name_in_index(school, 70, "Sourdough Basics (course)")
    courses = [
        course_json(instructor_id=None),
        course_json(id=8, product_id=71, instructor_id=None),
    ]
    api.get(f"{API}/courses", json=page_json(courses))

    page = client.get("/s/baking/courses/").content.decode()

    assert '<a href="/s/baking/products/70/">Sourdough Basics (course)</a>' in page
    assert '<a href="/s/baking/products/71/">Product #71</a>' in page  # not in the index
    assert len(api.calls) == 1


def name_in_index(school, product_id: int, name: str):
    storing.store(
        IndexedName, school.pk, [{"thinkific_id": product_id, "kind": "product", "name": name}]
    )


def test_an_empty_list_says_so(viewer_client, api):
    api.get(f"{API}/courses", json=page_json([]))

    page = viewer_client.get("/s/baking/courses/").content.decode()

    assert "This school has no courses yet." in page


def test_detail_shows_the_course_its_instructor_and_its_panels(viewer_client, api):
    api.get(f"{API}/courses/7", json=course_json())
    api.get(f"{API}/instructors/3", json=instructor_json())
    api.get(f"{API}/products/70", json={"id": 70, "name": "Sourdough Basics (course)"})

    page = viewer_client.get("/s/baking/courses/7/").content.decode()

    assert "<h1>Sourdough Basics" in page
    assert '<a href="/s/baking/instructors/3/">Paul Hollywood</a>' in page and "Head baker" in page
    assert "<p>Feed the starter.</p>" in page and "&lt;p&gt;" not in page
    assert "<dt>Product</dt><dd>Sourdough Basics (course)</dd>" in page  # no products' perms
    assert 'src="https://cdn.example.com/sourdough.png"' in page
    assert '<a href="/s/baking/users/12/">User #12</a>' in page
    assert 'hx-get="/s/baking/courses/7/chapters/" hx-trigger="load"' in page
    assert 'hx-get="/s/baking/courses/7/reviews/" hx-trigger="load"' in page
    assert "Edit" not in page and "Delete" not in page  # read-only


def test_detail_says_when_the_instructor_is_gone(viewer_client, api):
    api.get(f"{API}/courses/7", json=course_json())
    api.get(f"{API}/instructors/3", status=404, json={"error": "Not found"})
    api.get(f"{API}/products/70", status=404, json={"error": "Not found"})

    page = viewer_client.get("/s/baking/courses/7/").content.decode()

    assert 'Instructor #3 <span class="muted">(no longer in the school)</span>' in page
    assert "<dt>Product</dt><dd>Product #70</dd>" in page  # its product is gone too


def test_detail_names_the_product_from_the_index_without_asking(staff, client, api, school):
    client.force_login(grant(staff, "view_courses", "view_products"))
    name_in_index(school, 70, "Sourdough Basics (course)")
    api.get(f"{API}/courses/7", json=course_json(instructor_id=None))

    page = client.get("/s/baking/courses/7/").content.decode()

    assert '<dd><a href="/s/baking/products/70/">Sourdough Basics (course)</a></dd>' in page
    assert len(api.calls) == 1  # the course alone


def test_detail_shows_the_product_by_number_when_its_name_cannot_be_read(viewer_client, api):
    api.get(f"{API}/courses/7", json=course_json(instructor_id=None))
    api.get(f"{API}/products/70", status=503, json={"error": "Down"})

    response = viewer_client.get("/s/baking/courses/7/")

    assert response.status_code == 200
    assert "<dt>Product</dt><dd>Product #70</dd>" in response.content.decode()


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_a_course_thinkific_does_not_have_is_not_found(viewer_client, api, headers):
    api.get(f"{API}/courses/99", status=404, json={"error": "Record not found"})

    response = viewer_client.get("/s/baking/courses/99/", headers=headers)

    assert response.status_code == 404
    assert "Not found on Thinkific" in response.content.decode()


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_chapters_panel_opens_each_chapter_onto_its_contents(viewer_client, api, headers):
    api.get(
        f"{API}/courses/7/chapters",
        match=query(page=1, limit=250),
        json=page_json([chapter_json(), chapter_json(id=32, name="Shaping", content_ids=[])]),
    )

    page = viewer_client.get("/s/baking/courses/7/chapters/", headers=headers).content.decode()

    assert ("<html" in page) is (not headers)
    assert page.lstrip().startswith("<h2") is bool(headers)
    assert "The starter" in page and "2 items · 10 min of video" in page
    assert "Shaping" in page and "0 items" in page
    assert 'hx-get="/s/baking/courses/7/chapters/31/" hx-trigger="toggle once"' in page
    assert '<a href="/s/baking/courses/7/chapters/32/">Show the contents</a>' in page


def test_a_course_without_chapters_says_so(viewer_client, api):
    api.get(f"{API}/courses/7/chapters", json=page_json([]))

    page = viewer_client.get("/s/baking/courses/7/chapters/", headers=HTMX).content.decode()

    assert "This course has no chapters yet." in page


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_chapter_contents(viewer_client, api, headers):
    api.get(
        f"{API}/chapters/31/contents",
        match=query(page=1, limit=250),
        json=page_json(
            [content_json(), content_json(id=42, name="Quiz", contentable_type="Quiz", free=False)]
        ),
    )

    page = viewer_client.get("/s/baking/courses/7/chapters/31/", headers=headers).content.decode()

    assert ("<html" in page) is (not headers)
    assert page.lstrip().startswith("<ol") is bool(headers)
    assert "Feeding schedule" in page and '<span class="badge">Lesson</span>' in page
    assert page.count("Free preview") == 1 and '<span class="badge">Quiz</span>' in page
    assert (
        'href="https://baking-school.thinkific.com/courses/take/sourdough-basics/lessons/41"'
        in page
    )


def test_a_content_link_that_is_not_http_is_never_linked(viewer_client, api):
    api.get(
        f"{API}/chapters/31/contents",
        json=page_json([content_json(take_url="javascript:alert(1)")]),
    )

    page = viewer_client.get("/s/baking/courses/7/chapters/31/", headers=HTMX).content.decode()

    assert "Feeding schedule" in page and "javascript:" not in page


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_reviews_panel_pages_through_the_reviews(viewer_client, api, headers):
    api.get(
        f"{API}/course_reviews",
        match=query(course_id=7, page=2, limit=25),
        json=page_json(
            [review_json(), review_json(id=52, rating=5, approved=True, title="")],
            page=2,
            total=27,
        ),
    )

    page = viewer_client.get(
        "/s/baking/courses/7/reviews/?page=2", headers=headers
    ).content.decode()

    assert ("<html" in page) is (not headers)
    assert "★★★★☆</span> 4/5" in page and "★★★★★</span> 5/5" in page
    assert "<strong>Crusty</strong><br>My loaf rose." in page
    assert '<span class="badge warn">Awaiting approval</span>' in page
    assert '<span class="badge ok">Approved</span>' in page
    assert '<a href="/s/baking/users/12/">User #12</a>' in page
    assert 'hx-get="/s/baking/courses/7/reviews/?page=1" hx-target="#reviews"' in page


def test_a_course_without_reviews_says_so(viewer_client, api):
    api.get(f"{API}/course_reviews", json=page_json([]))

    page = viewer_client.get("/s/baking/courses/7/reviews/", headers=HTMX).content.decode()

    assert "No reviews of this course yet." in page
