from functools import partial
from operator import attrgetter

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from apps.core.decorators import also_requires, school_view
from apps.core.pages import (
    create_page,
    delete_view,
    detail_page,
    edit_page,
    form_page,
    list_page,
    posted,
)
from apps.core.resources import resource
from apps.index import exports
from apps.index.selectors import INSTRUCTOR_SORT, indexed_list, ready_index
from apps.instructors import selectors, services
from apps.instructors.forms import InstructorFilterForm, InstructorForm
from apps.users.selectors import user_search
from apps.users.views import user_picker_matches

INSTRUCTORS = resource("instructors")
FIELDS = "instructors/instructor_fields.html"


def _chosen_user(request, form) -> dict:
    """The user the picker shows as chosen, by name: as the picker named them in the form
    that was posted, or as Thinkific does when the form of an instructor first opens."""
    user_id = str(form["user_id"].value() or "")
    label = (request.POST or request.GET).get(f"user_label_{user_id}", "")
    may_look = request.method == "GET" and request.user.has_perm("core.view_users")
    if user_id and not label and may_look:
        user = selectors.instructor_user(client=request.thinkific, user_id=int(user_id))
        label = f"{user.name} ({user.email})" if user else "A user no longer in the school"
    return {"chosen_id": user_id, "chosen_label": label}


def _form_page(request, form, page, write):
    """`page` (create_page or edit_page) with the user picker, or its matches."""
    if "_find_user" in request.POST:
        ids = [form.record.id] if form.record is not None else []
        return _find_user(request, form, record=form.record, ids=ids)
    context = _chosen_user(request, form)
    return page(request, INSTRUCTORS, form, write, fields=FIELDS, context=context)


def _find_user(request, form, **kwargs):
    """Without JavaScript, "Find" posts the form: show the matches, keep what was typed."""
    if not request.user.has_perm("core.view_users"):
        raise PermissionDenied
    email = request.POST.get("user_email", "").strip()
    unbound = InstructorForm(initial=request.POST.dict())
    matches = (
        user_search(client=request.thinkific, email=email, connection=request.school)
        if email
        else None
    )
    context = {"matches": matches, **_chosen_user(request, unbound)}
    # Rendered as the form page would be, but not validated: nothing was submitted yet.
    return form_page(
        request, INSTRUCTORS, unbound, save=None, fields=FIELDS, context=context, **kwargs
    )


@school_view(INSTRUCTORS.permission("view"))
def instructor_list(request):
    """Searched (name, email) and sorted from the school's index once it is ready."""
    form = InstructorFilterForm(request.GET)
    params = form.params
    index = ready_index(request.school)
    listed = indexed_list(request, index, "instructors", INSTRUCTOR_SORT, params)
    if index:
        load = partial(selectors.instructor_list_indexed, connection_id=request.school.pk)
    else:
        # Thinkific can neither search nor sort instructors: a live page is a plain page.
        def load(page, limit, **search):
            return selectors.instructor_list(client=request.thinkific, page=page, limit=limit)

    template = "instructors/instructor_list.html"
    return list_page(request, INSTRUCTORS, template, load, form=form, context=listed)


@school_view(INSTRUCTORS.permission("view"))
def instructor_export(request):
    """The list's instructors, searched and sorted as it shows them, every page, as CSV
    from the index (like the users'; while it is being built the list is live, without)."""
    if ready_index(request.school) is None:
        return exports.not_ready(request, "instructors")
    params = exports.list_filters(InstructorFilterForm(request.GET))
    rows = selectors.instructor_rows_indexed(connection_id=request.school.pk, **params)
    columns = exports.instructor_columns(timezone.get_current_timezone())
    return exports.rows_csv(rows, columns, filename=f"{request.school.slug}-instructors.csv")


@school_view(INSTRUCTORS.permission("view"))
def instructor_detail(request, instructor_id: int):
    instructor = selectors.instructor_get(client=request.thinkific, instructor_id=instructor_id)
    user = None
    if request.user.has_perm("core.view_users"):
        user = selectors.instructor_user(client=request.thinkific, user_id=instructor.user_id)
    context = {"instructor": instructor, "instructor_user": user}
    template = "instructors/instructor_detail.html"
    return detail_page(
        request, INSTRUCTORS, template, instructor, ids=[instructor_id], context=context
    )


@school_view(INSTRUCTORS.permission("add"))
def instructor_create(request):
    form = InstructorForm(posted(request))
    return _form_page(request, form, create_page, services.instructor_create)


@school_view(INSTRUCTORS.permission("change"))
def instructor_edit(request, instructor_id: int):
    instructor = selectors.instructor_get(client=request.thinkific, instructor_id=instructor_id)
    form = InstructorForm(posted(request), record=instructor)
    return _form_page(request, form, edit_page, services.instructor_update)


DELETED = (
    "Courses taught by this instructor lose their instructor in Thinkific; this cannot be undone."
)
instructor_delete = delete_view(
    INSTRUCTORS, selectors, services, DELETED, detail=attrgetter("email")
)


@school_view("core.view_users")
@also_requires(INSTRUCTORS.permission("add"), INSTRUCTORS.permission("change"), any_of=True)
def instructor_user_search(request):
    """The instructor form's user picker: users whose email matches (HTMX)."""
    return user_picker_matches(request)
