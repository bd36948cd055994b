from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters

from apps.core.decorators import school_view
from apps.core.forms import submit
from apps.core.htmx import is_fragment_request, render
from apps.core.listing import ListingForm
from apps.core.liststate import list_url, with_state
from apps.core.permissions import also_requires
from apps.core.responses import redirect_after_post
from apps.thinkific import errors
from apps.users import selectors, services
from apps.users.forms import UserCreateForm, UserEditForm, UserFilterForm, UserLookupForm


def _detail_url(request, user_id: int) -> str:
    return with_state(request, reverse("users:detail", args=[request.school.slug, user_id]))


@school_view("core.view_users")
def user_list(request):
    # The filter form's choices are only drawn on a whole page; results come alone.
    options = {}
    if not is_fragment_request(request):
        options = selectors.user_filter_options(
            client=request.thinkific, connection_id=request.school.pk
        )
    form = UserFilterForm(request.GET, **options)
    page = selectors.user_list(client=request.thinkific, **form.params)
    context = {"form": form, "page": page, "lookup_form": UserLookupForm()}
    return render(request, "users/user_list.html", context, fragment="results")


@school_view("core.view_users")
def user_lookup(request):
    """A user by the external id an SSO system knows them by."""
    form = UserLookupForm(request.GET or None)
    if form.is_valid():
        external_id, provider = form.cleaned_data["external_id"], form.cleaned_data["provider"]
        try:
            user = selectors.user_get(
                client=request.thinkific, user_id=external_id, provider=provider
            )
        except errors.NotFoundError:
            form.add_error("external_id", f"Thinkific has no user with this {provider} ID.")
        else:
            return redirect(_detail_url(request, user.id))
    return render(request, "users/user_lookup.html", {"lookup_form": form})


@school_view("core.view_users")
def user_detail(request, user_id: int):
    person = selectors.user_get(client=request.thinkific, user_id=user_id)
    return render(request, "users/user_detail.html", {"person": person})


@sensitive_post_parameters("password")
@school_view("core.add_users")
def user_create(request):
    definitions = selectors.custom_field_definitions(
        client=request.thinkific, connection_id=request.school.pk
    )
    data = request.POST if request.method == "POST" else None
    form = UserCreateForm(data, definitions=definitions)
    post = submit(
        form, lambda: services.user_create(client=request.thinkific, **form.fields_for_thinkific())
    )
    if post.saved:
        person = post.result
        messages.success(request, f"Created the user {person.name} ({person.email}).")
        return redirect_after_post(request, _detail_url(request, person.id))
    context = {"form": form}
    return render(request, "users/user_form.html", context, fragment="form", status=post.status)


@sensitive_post_parameters("password")
@school_view("core.change_users")
def user_edit(request, user_id: int):
    person = selectors.user_get(client=request.thinkific, user_id=user_id)
    definitions = selectors.custom_field_definitions(
        client=request.thinkific, connection_id=request.school.pk
    )
    data = request.POST if request.method == "POST" else None
    form = UserEditForm(data, initial=UserEditForm.initial_for(person), definitions=definitions)
    post = submit(
        form,
        lambda: services.user_update(
            client=request.thinkific, user_id=person.id, **form.changes_for_thinkific()
        ),
    )
    if post.saved:
        note = "Saved the changes to" if post.result else "Nothing to save: no change to"
        messages.success(request, f"{note} {person.name}.")
        return redirect_after_post(request, _detail_url(request, person.id))
    context = {"form": form, "person": person}
    return render(request, "users/user_form.html", context, fragment="form", status=post.status)


@school_view("core.delete_users")
def user_delete(request, user_id: int):
    """A confirmation naming the user (inline for HTMX); the POST deletes."""
    if request.method == "POST":
        services.user_delete(client=request.thinkific, user_id=user_id)
        name = request.POST.get("name") or f"#{user_id}"
        messages.success(request, f"Deleted the user {name}.")
        return redirect_after_post(request, list_url(request, "users:list", request.school.slug))
    person = selectors.user_get(client=request.thinkific, user_id=user_id)
    return render(request, "users/user_delete.html", {"person": person}, fragment="confirm")


@school_view("core.view_users")
@also_requires("core.view_enrollments")
def user_enrollments(request, user_id: int):
    """The user's enrollments: a panel of the detail page, or a page of its own."""
    params = ListingForm(request.GET).params
    page = selectors.user_enrollments(client=request.thinkific, user_id=user_id, **params)
    context = {"page": page, "user_id": user_id}
    return render(request, "users/user_enrollments.html", context, fragment="panel")


@school_view("core.view_users")
@also_requires("core.view_orders")
def user_orders(request, user_id: int):
    """The user's orders found on one page of the school's orders (Thinkific can't filter)."""
    page_number = ListingForm(request.GET).params["page"]
    scan = selectors.user_orders_scan(client=request.thinkific, user_id=user_id, page=page_number)
    context = {"scan": scan, "user_id": user_id}
    return render(request, "users/user_orders.html", context, fragment="panel")
