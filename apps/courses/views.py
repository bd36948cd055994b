from apps.core.decorators import school_view
from apps.core.pages import detail_page, panel_page
from apps.core.resources import resource
from apps.courses import selectors
from apps.index.lists import searched_list
from apps.thinkific.pagination import MAX_LIMIT

COURSES = resource("courses")


@school_view(COURSES.permission("view"))
def course_list(request):
    def load(*, page: int, limit: int):
        courses = selectors.course_list(client=request.thinkific, page=page, limit=limit)
        return selectors.course_rows(
            client=request.thinkific, connection_id=request.school.pk, courses=courses
        )

    return searched_list(request, COURSES, "courses/course_list.html", load, kind="course")


@school_view(COURSES.permission("view"))
def course_detail(request, course_id: int):
    course = selectors.course_get(client=request.thinkific, course_id=course_id)
    instructor = selectors.course_instructor(
        client=request.thinkific, instructor_id=course.instructor_id
    )
    product_name = selectors.course_product_name(
        client=request.thinkific, connection_id=request.school.pk, product_id=course.product_id
    )
    context = {"course": course, "instructor": instructor, "product_name": product_name}
    return detail_page(
        request, COURSES, "courses/course_detail.html", course, ids=[course_id], context=context
    )


@school_view(COURSES.permission("view"))
def course_chapters(request, course_id: int):
    """The course's chapters, each opening onto its contents: a panel of the course page."""
    template = "courses/course_chapters.html"
    return panel_page(
        request, template, selectors.course_chapters, limit=MAX_LIMIT, course_id=course_id
    )


@school_view(COURSES.permission("view"))
def chapter_contents(request, course_id: int, chapter_id: int):
    """One chapter's contents: loaded into the chapter when it is opened."""
    return panel_page(
        request,
        "courses/chapter_contents.html",
        selectors.chapter_contents,
        limit=MAX_LIMIT,
        context={"course_id": course_id},
        chapter_id=chapter_id,
    )


@school_view(COURSES.permission("view"))
def course_reviews(request, course_id: int):
    """The course's reviews, approved or not: a panel of the course page."""
    return panel_page(
        request, "courses/course_reviews.html", selectors.course_reviews, course_id=course_id
    )
