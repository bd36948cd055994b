from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from apps.core.decorators import school_view
from apps.core.forms import submit
from apps.core.htmx import render
from apps.core.listing import ListingForm
from apps.core.liststate import list_url, with_state
from apps.core.permissions import also_requires
from apps.core.responses import redirect_after_post
from apps.instructors import selectors, services
from apps.instructors.forms import InstructorForm
from apps.users.selectors import user_search

FORM = "instructors/instructor_form.html"


def _detail_url(request, instructor_id: int) -> str:
    url = reverse("instructors:detail", args=[request.school.slug, instructor_id])
    return with_state(request, url)


def _find_user(request, context: dict):
    """Without JavaScript, "Find" posts the form: show the matches, keep what was typed."""
    if not request.user.has_perm("core.view_users"):
        raise PermissionDenied
    email = request.POST.get("user_email", "").strip()
    matches = user_search(client=request.thinkific, email=email) if email else None
    form = InstructorForm(initial=request.POST.dict())
    return render(request, FORM, {**context, "form": form, "matches": matches}, fragment="form")


@school_view("core.view_instructors")
def instructor_list(request):
    form = ListingForm(request.GET)
    page = selectors.instructor_list(client=request.thinkific, **form.params)
    context = {"form": form, "page": page}
    return render(request, "instructors/instructor_list.html", context, fragment="results")


@school_view("core.view_instructors")
def instructor_detail(request, instructor_id: int):
    instructor = selectors.instructor_get(client=request.thinkific, instructor_id=instructor_id)
    return render(request, "instructors/instructor_detail.html", {"instructor": instructor})


@school_view("core.add_instructors")
def instructor_create(request):
    if "_find_user" in request.POST:
        return _find_user(request, {})
    form = InstructorForm(request.POST if request.method == "POST" else None)
    post = submit(
        form,
        lambda: services.instructor_create(client=request.thinkific, **form.fields_for_thinkific()),
    )
    if post.saved:
        instructor = post.result
        messages.success(request, f"Created the instructor {instructor.name}.")
        return redirect_after_post(request, _detail_url(request, instructor.id))
    return render(request, FORM, {"form": form}, fragment="form", status=post.status)


@school_view("core.change_instructors")
def instructor_edit(request, instructor_id: int):
    instructor = selectors.instructor_get(client=request.thinkific, instructor_id=instructor_id)
    if "_find_user" in request.POST:
        return _find_user(request, {"instructor": instructor})
    data = request.POST if request.method == "POST" else None
    form = InstructorForm(data, initial=InstructorForm.initial_for(instructor))

    def save() -> bool:
        if not form.has_changes:
            return False
        services.instructor_update(
            client=request.thinkific, instructor_id=instructor.id, **form.changes_for_thinkific()
        )
        return True

    post = submit(form, save)
    if post.saved:
        note = "Saved the changes to" if post.result else "Nothing to save: no change to"
        messages.success(request, f"{note} {instructor.name}.")
        return redirect_after_post(request, _detail_url(request, instructor.id))
    context = {"form": form, "instructor": instructor}
    return render(request, FORM, context, fragment="form", status=post.status)


@school_view("core.delete_instructors")
def instructor_delete(request, instructor_id: int):
    """A confirmation naming the instructor (inline for HTMX); the POST deletes."""
    if request.method == "POST":
        services.instructor_delete(client=request.thinkific, instructor_id=instructor_id)
        name = request.POST.get("name") or f"#{instructor_id}"
        messages.success(request, f"Deleted the instructor {name}.")
        url = list_url(request, "instructors:list", request.school.slug)
        return redirect_after_post(request, url)
    instructor = selectors.instructor_get(client=request.thinkific, instructor_id=instructor_id)
    context = {"instructor": instructor}
    return render(request, "instructors/instructor_delete.html", context, fragment="confirm")


@school_view("core.view_users")
@also_requires("core.add_instructors", "core.change_instructors", any_of=True)
def instructor_user_search(request):
    """The instructor form's user picker: users whose email matches (HTMX)."""
    email = request.GET.get("user_email", "").strip()
    matches = user_search(client=request.thinkific, email=email) if email else None
    context = {"matches": matches, "selected": request.GET.get("user_id", "")}
    return render(request, "instructors/user_matches.html", context)
