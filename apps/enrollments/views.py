from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.views.decorators.http import require_POST

from apps.core.decorators import also_requires, school_view
from apps.core.htmx import is_fragment_request, render
from apps.core.pages import (
    create_page,
    detail_page,
    edit_view,
    posted,
    record_crumbs,
    record_url,
)
from apps.core.resources import resource
from apps.core.responses import redirect_after_post
from apps.enrollments import selectors, services
from apps.enrollments.forms import EnrollmentEditForm, EnrollmentFilterForm, EnrollmentForm
from apps.index.selectors import ENROLLMENT_SORT, indexed_list, ready_index
from apps.users.selectors import user_get, user_search
from apps.users.views import user_picker_matches
from apps.webhooks.selectors import record_events

ENROLLMENTS = resource("enrollments")
FIELDS = "enrollments/enrollment_fields.html"
# The feed's last events shown on an enrollment's page.
EVENTS_SHOWN = 10


def _courses(request):
    return selectors.course_choices(client=request.thinkific, connection_id=request.school.pk)


@school_view(ENROLLMENTS.permission("view"))
def enrollment_list(request):
    # The course filter's choices are only drawn on a whole page; results come alone.
    courses = () if is_fragment_request(request) else _courses(request)
    form = EnrollmentFilterForm(request.GET, courses=courses)
    params = form.params
    index = ready_index(request.school)
    listed = indexed_list(request, index, "enrollments", ENROLLMENT_SORT, params)
    if index:
        page = selectors.enrollment_list_indexed(connection_id=request.school.pk, **params)
    else:
        page = selectors.enrollment_list(client=request.thinkific, **params)
    context = {"resource": ENROLLMENTS, "form": form, "page": page, **listed}
    return render(request, "enrollments/enrollment_list.html", context, fragment="results")


@school_view(ENROLLMENTS.permission("view"))
def enrollment_detail(request, enrollment_id: int):
    enrollment = selectors.enrollment_get(client=request.thinkific, enrollment_id=enrollment_id)
    events = None
    if request.user.has_perm("core.view_events"):
        events = record_events(
            connection=request.school,
            resource="enrollment",
            record_id=enrollment_id,
            limit=EVENTS_SHOWN,
        )
    context = {"enrollment": enrollment, "events": events, "undo": _undo(request, enrollment_id)}
    template = "enrollments/enrollment_detail.html"
    return detail_page(
        request, ENROLLMENTS, template, enrollment, ids=[enrollment_id], context=context
    )


def _chosen_user(request, form) -> dict:
    """The user the picker shows as chosen: named as the picker named them, or looked up
    once when the form opens for a given user (as "Enroll this user" does)."""
    user_id = str(form["user_id"].value() or "")
    label = (request.POST or request.GET).get(f"user_label_{user_id}", "")
    may_look = request.method == "GET" and request.user.has_perm("core.view_users")
    if user_id.isdigit() and not label and may_look:
        person = user_get(client=request.thinkific, user_id=int(user_id))
        label = f"{person.name} ({person.email})"
    return {"chosen_id": user_id, "chosen_label": label}


@school_view(ENROLLMENTS.permission("add"))
def enrollment_create(request):
    form = EnrollmentForm(
        posted(request), courses=_courses(request), initial=request.GET.dict() or None
    )
    find = "_find_user" in request.POST
    if find and not request.user.has_perm("core.view_users"):
        raise PermissionDenied
    context = _chosen_user(request, form)
    if find:  # without JavaScript "Find" posts the form: show the matches, validate nothing
        email = request.POST.get("user_email", "").strip()
        context["matches"] = (
            user_search(client=request.thinkific, email=email, connection=request.school)
            if email
            else None
        )
        form = EnrollmentForm(courses=_courses(request), initial=request.POST.dict())
    create = services.enrollment_create
    return create_page(request, ENROLLMENTS, form, create, fields=FIELDS, context=context)


enrollment_edit = edit_view(ENROLLMENTS, EnrollmentEditForm, selectors, services)


@school_view(ENROLLMENTS.permission("change"))
def enrollment_expire(request, enrollment_id: int):
    """ "Expire now" (Thinkific has no delete): a confirmation, then the expiry in the past.
    The expiry it had is kept in the session, so the enrollment's page can undo it."""
    enrollment = selectors.enrollment_get(client=request.thinkific, enrollment_id=enrollment_id)
    detail_url = record_url(request, ENROLLMENTS, "detail", enrollment_id)
    if request.method == "POST":
        previous = services.enrollment_expire(client=request.thinkific, enrollment=enrollment)
        request.session[_undo_key(request, enrollment_id)] = (
            previous.isoformat() if previous else ""
        )
        messages.success(
            request,
            f"Expired the enrollment #{enrollment_id}: access has ended. Undo below gives it back.",
        )
        return redirect_after_post(request, detail_url)
    name = ENROLLMENTS.name_of(enrollment)
    context = {
        "enrollment": enrollment,
        "crumbs": record_crumbs(request, ENROLLMENTS, name, [enrollment_id]),
        "cancel_url": detail_url,
    }
    return render(request, "enrollments/enrollment_expire.html", context, fragment="confirm")


@require_POST
@school_view(ENROLLMENTS.permission("change"))
def enrollment_undo_expire(request, enrollment_id: int):
    """Give back the expiry "Expire now" replaced, once."""
    detail_url = record_url(request, ENROLLMENTS, "detail", enrollment_id)
    undo = request.session.pop(_undo_key(request, enrollment_id), None)
    if undo is None:
        messages.info(request, "Nothing to undo: this enrollment was not expired from here.")
        return redirect_after_post(request, detail_url)
    previous = datetime.fromisoformat(undo) if undo else None
    # Read first, so that the history's "before" is the expiry the undo replaces.
    selectors.enrollment_get(client=request.thinkific, enrollment_id=enrollment_id)
    services.enrollment_unexpire(
        client=request.thinkific, enrollment_id=enrollment_id, expiry_date=previous
    )
    messages.success(request, f"Undone: the enrollment #{enrollment_id} has its access back.")
    return redirect_after_post(request, detail_url)


def _undo_key(request, enrollment_id: int) -> str:
    return f"enrollments:undo:{request.school.pk}:{enrollment_id}"


def _undo(request, enrollment_id: int) -> dict | None:
    """The expiry an undo would give back ({"expiry_date": None} is "never"), if any."""
    undo = request.session.get(_undo_key(request, enrollment_id))
    if undo is None:
        return None
    return {"expiry_date": datetime.fromisoformat(undo) if undo else None}


@school_view("core.view_users")
@also_requires(ENROLLMENTS.permission("add"))
def enrollment_user_search(request):
    """The enroll form's user picker: users whose email matches (HTMX)."""
    return user_picker_matches(request)
