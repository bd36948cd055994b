from operator import attrgetter

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.debug import sensitive_post_parameters

from apps.core.decorators import also_requires, school_view
from apps.core.htmx import is_fragment_request, render
from apps.core.pages import (
    create_view,
    delete_view,
    detail_page,
    edit_page,
    panel_page,
    posted,
    record_url,
)
from apps.core.paging import ListingForm
from apps.core.resources import resource
from apps.index.selectors import USER_SORT, freshness, indexed_list, ready_index
from apps.orders.selectors import order_list_indexed
from apps.thinkific import errors
from apps.users import selectors, services
from apps.users.forms import UserCreateForm, UserEditForm, UserFilterForm, UserLookupForm

USERS = resource("users")
FIELDS = "users/user_fields.html"


@school_view(USERS.permission("view"))
def user_list(request):
    # The filter form's choices are only drawn on a whole page; results come alone.
    options = {}
    if not is_fragment_request(request):
        options = selectors.user_filter_options(
            client=request.thinkific, connection_id=request.school.pk
        )
    index = ready_index(request.school)
    form = UserFilterForm(request.GET, students=index is not None, **options)
    params = form.params
    listed = indexed_list(request, index, "users", USER_SORT, params)
    if index:
        page = selectors.user_list_indexed(
            client=request.thinkific, connection_id=request.school.pk, **params
        )
    else:
        page = selectors.user_list(client=request.thinkific, **params)
    context = {"resource": USERS, "form": form, "page": page, "lookup_form": UserLookupForm()}
    return render(request, "users/user_list.html", {**context, **listed}, fragment="results")


@school_view(USERS.permission("view"))
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
            url = record_url(request, USERS, "detail", user.id)
            if url:
                return redirect(url)
            name = user.name or user.email or "with no name"
            messages.warning(
                request, f"Thinkific's user {name} has the id {user.id}, which has no page here."
            )
    return render(request, "users/user_lookup.html", {"lookup_form": form})


@school_view(USERS.permission("view"))
def user_detail(request, user_id: int):
    person = selectors.user_get(client=request.thinkific, user_id=user_id)
    created_with = selectors.user_created_with(connection=request.school, user_id=user_id)
    context = {"person": person, "created_with": created_with}
    return detail_page(
        request, USERS, "users/user_detail.html", person, ids=[user_id], context=context
    )


def _definitions(request):
    return selectors.custom_field_list(client=request.thinkific, connection_id=request.school.pk)


def _form_kwargs(request) -> dict:
    return {"definitions": _definitions(request)}


FORM = {"fields": FIELDS, "form_kwargs": _form_kwargs}
DELETED = "Thinkific deletes the user with their enrollments and progress; this cannot be undone."
hide_password = sensitive_post_parameters("password")  # from the error reports
user_create = hide_password(create_view(USERS, UserCreateForm, services, **FORM))
user_delete = delete_view(USERS, selectors, services, DELETED, detail=attrgetter("email"))


@hide_password
@school_view(USERS.permission("change"))
def user_edit(request, user_id: int):
    """The edit form, with what only a create takes shown as the portal set it."""
    person = selectors.user_get(client=request.thinkific, user_id=user_id)
    form = UserEditForm(posted(request), record=person, **_form_kwargs(request))
    created_with = selectors.user_created_with(connection=request.school, user_id=user_id)
    context = {"created_with": created_with}
    return edit_page(request, USERS, form, services.user_update, fields=FIELDS, context=context)


@school_view(USERS.permission("view"))
@also_requires("core.view_enrollments")
def user_enrollments(request, user_id: int):
    """The user's enrollments: a panel of the detail page, or a page of its own."""
    template = "users/user_enrollments.html"
    return panel_page(request, template, selectors.user_enrollments, user_id=user_id)


@school_view(USERS.permission("view"))
@also_requires("core.view_orders")
def user_orders(request, user_id: int):
    """The user's orders: at once from the school's index; until it is ready, those found
    on one page of the school's orders (Thinkific can't filter them by user)."""
    params = ListingForm(request.GET).params
    index = ready_index(request.school)
    if index is not None:
        page = order_list_indexed(connection_id=request.school.pk, user_id=user_id, **params)
        context = {"page": page, "index": index, "freshness": freshness(index, "orders")}
    else:
        scan = selectors.user_orders_scan(
            client=request.thinkific, user_id=user_id, page=params["page"]
        )
        context = {"scan": scan}
    context["user_id"] = user_id
    return render(request, "users/user_orders.html", context, fragment="panel")


def user_picker_matches(request):
    """A form's user picker (components/user_picker.html): the users whose email matches,
    with the user already chosen. Its views check who may use it."""
    email = request.GET.get("user_email", "").strip()
    matches = (
        selectors.user_search(client=request.thinkific, email=email, connection=request.school)
        if email
        else None
    )
    selected = request.GET.get("user_id", "")
    label = request.GET.get(f"user_label_{selected}", "")
    context = {"matches": matches, "chosen_id": selected, "chosen_label": label}
    return render(request, "instructors/user_matches.html", context)
