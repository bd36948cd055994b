"""What the pages of every resource share: links that keep the list state, the message
after a save or a delete, where each of the admin's save buttons goes, and the form and
delete pages themselves. A resource's views only say what to load and what to send.

`ids` are the record's URL arguments after the school: `(user_id,)`, or
`(promotion_id, coupon_id)` for a resource nested in another.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from apps.core.decorators import school_view
from apps.core.forms import submit
from apps.core.htmx import render
from apps.core.links import link
from apps.core.liststate import list_url, with_state
from apps.core.paging import ListingForm
from apps.core.resources import PortalResource
from apps.core.responses import redirect_after_post

FORM_PAGE = "components/form_page.html"
FORM_FIELDS = "components/form_fields.html"  # a form's fields, in order, without fieldsets
DELETE_PAGE = "components/delete_page.html"
Crumbs = Sequence[tuple[str, str]]


def posted(request: HttpRequest):
    """The form data of a POST, or None: a GET shows the form unbound."""
    return request.POST if request.method == "POST" else None


def record_url(request: HttpRequest, resource: PortalResource, page: str, *ids) -> str:
    """The record's `page` ("detail", "edit", ...), carrying on the list state; "" when
    an id Thinkific gave the record has no URL (see `apps.core.links`)."""
    url = link(f"{resource.name}:{page}", request.school.slug, *ids)
    return with_state(request, url) if url else ""


def back_to_list(request: HttpRequest, resource: PortalResource, *parent_ids) -> str:
    """The resource's list page, with the filters it was left with."""
    return list_url(request, f"{resource.name}:list", request.school.slug, *parent_ids)


def record_crumbs(
    request: HttpRequest,
    resource: PortalResource,
    name: str = "",
    ids: Sequence = (),
    *,
    parents: Crumbs = (),
    new: bool = False,
) -> list[tuple[str, str]]:
    """Breadcrumbs down to the record: its list, then the record itself when `name` is
    given. `ids` are the record's, or for a `new` one (not created yet) its parents'."""
    parent_ids = ids if new else ids[:-1]
    crumbs = [*parents, (resource.label, back_to_list(request, resource, *parent_ids))]
    if name:
        crumbs.append((name, record_url(request, resource, "detail", *ids)))
    return crumbs


# -- messages -------------------------------------------------------------------------


def say_created(request: HttpRequest, resource: PortalResource, name: str) -> None:
    messages.success(request, f"Created the {resource.singular} {name}.")


def say_saved(request: HttpRequest, name: str, *, changed: bool) -> None:
    note = "Saved the changes to" if changed else "Nothing to save: no change to"
    messages.success(request, f"{note} {name}.")


def say_deleted(request: HttpRequest, resource: PortalResource, name: str) -> None:
    messages.success(request, f"Deleted the {resource.singular} {name}.")


# -- pages ----------------------------------------------------------------------------


def after_save(request: HttpRequest, resource: PortalResource, ids: Sequence) -> HttpResponse:
    """Where the admin's buttons go: *Save and continue editing* back to the form, *Save
    and add another* to a blank one, *Save* to the record's page."""
    if "_continue" in request.POST:
        url = record_url(request, resource, "edit", *ids)
    elif "_addanother" in request.POST:
        url = record_url(request, resource, "create", *ids[:-1])
    else:
        url = record_url(request, resource, "detail", *ids)
    if not url:  # the write is done, but Thinkific gave the record an id with no page
        messages.info(
            request, f"Thinkific gave it the id {ids[-1]}, which has no page here: see the list."
        )
        url = back_to_list(request, resource, *ids[:-1])
    return redirect_after_post(request, url)


def form_page(
    request: HttpRequest,
    resource: PortalResource,
    form,
    *,
    save: Callable[[], Any],
    fields: str,
    record: Any = None,
    ids: Sequence = (),
    parents: Crumbs = (),
    context: dict | None = None,
) -> HttpResponse:
    """A create form (no `record`) or an edit form, on one shared page.

    `save` makes the write: for a create it returns the new record, for an edit whether
    anything changed. `fields` is the template of the form's fieldsets; `ids` are the
    record's (for a create, its parents'). The input and Thinkific's errors stay on the
    form (see `apps.core.forms.submit`).
    """
    post = submit(form, save)
    if post.saved:
        if record is None:
            say_created(request, resource, form.display_name())
            return after_save(request, resource, (*ids, post.result.id))
        say_saved(request, form.display_name(), changed=post.result)
        return after_save(request, resource, ids)
    name = resource.name_of(record) if record is not None else ""
    page = {
        "resource": resource,
        "form": form,
        "record": record,
        "fields_template": fields,
        "heading": f"Edit {name}" if record is not None else f"Add {resource.a_singular}",
        "crumbs": record_crumbs(request, resource, name, ids, parents=parents, new=record is None),
        "cancel_url": (
            record_url(request, resource, "detail", *ids)
            if record is not None
            else back_to_list(request, resource, *ids)
        ),
        "can_add": request.user.has_perm(resource.permission("add")),
        **(context or {}),
    }
    return render(request, FORM_PAGE, page, fragment="form", status=post.status)


def create_page(
    request: HttpRequest,
    resource: PortalResource,
    form,
    create: Callable[..., Any],
    *,
    given: dict | None = None,
    fields: str = FORM_FIELDS,
    **page: Any,
) -> HttpResponse:
    """The create form of a `RecordForm`: a valid post calls the service
    `create(client=, **given, **form.create_payload())`. `page` goes to `form_page`
    (`ids` of the parents, `parents`, `context`)."""
    return form_page(
        request,
        resource,
        form,
        save=lambda: create(client=request.thinkific, **(given or {}), **form.create_payload()),
        fields=fields,
        **page,
    )


def edit_page(
    request: HttpRequest,
    resource: PortalResource,
    form,
    update: Callable[..., bool],
    *,
    fields: str = FORM_FIELDS,
    **page: Any,
) -> HttpResponse:
    """The edit form of a `RecordForm` of `form.record`: a valid post calls the service
    `update(client=, <singular>_id=, **form.changes())`, which says whether anything
    changed. `page` goes to `form_page` (`ids` when the record is nested, `parents`, ...)."""
    record = form.record
    page.setdefault("ids", [record.id])
    return form_page(
        request,
        resource,
        form,
        save=lambda: update(
            client=request.thinkific, **{f"{resource.singular}_id": record.id}, **form.changes()
        ),
        fields=fields,
        record=record,
        **page,
    )


def delete_page(
    request: HttpRequest,
    resource: PortalResource,
    *,
    ids: Sequence,
    load: Callable[[], Any],
    delete: Callable[[], None],
    consequence: str,
    detail: Callable[[Any], str] | None = None,
    parents: Crumbs = (),
) -> HttpResponse:
    """A confirmation naming the record (inline for HTMX, a page without); the POST
    deletes and goes back to the list. Only the GET reads the record."""
    if request.method == "POST":
        delete()
        say_deleted(request, resource, request.POST.get("name") or f"#{ids[-1]}")
        return redirect_after_post(request, back_to_list(request, resource, *ids[:-1]))
    record = load()
    name = resource.name_of(record)
    context = {
        "resource": resource,
        "record": record,
        "name": name,
        "detail": detail(record) if detail else "",
        "consequence": consequence,
        "crumbs": record_crumbs(request, resource, name, ids, parents=parents),
        "cancel_url": record_url(request, resource, "detail", *ids),
    }
    return render(request, DELETE_PAGE, context, fragment="confirm")


def record_delete_page(
    request: HttpRequest,
    resource: PortalResource,
    record_id: int,
    *,
    get: Callable[..., Any],
    delete: Callable[..., None],
    **confirm: Any,
) -> HttpResponse:
    """`delete_page` of a record that the selector `get` reads and the service `delete`
    deletes, both called with `client=` and `<singular>_id=`. `confirm` goes to
    `delete_page` (`consequence`, `detail`)."""
    key = {f"{resource.singular}_id": record_id}
    return delete_page(
        request,
        resource,
        ids=[record_id],
        load=lambda: get(client=request.thinkific, **key),
        delete=lambda: delete(client=request.thinkific, **key),
        **confirm,
    )


# -- views made from declarations --------------------------------------------------------
# A resource's selectors and services modules name their functions after its singular:
# `selectors.<singular>_get` reads a record, `services.<singular>_create`, `_update` and
# `_delete` write one (each called with `client=`, and `<singular>_id=` for a record).


def create_view(
    resource: PortalResource,
    form_class,
    services,
    *,
    fields: str = FORM_FIELDS,
    form_kwargs: Callable[[HttpRequest], dict] = lambda request: {},
):
    """The view of a top-level resource's create form (`create_page`), behind its "add"
    permission; `form_kwargs(request)` gives the form what else it needs (its choices)."""
    create = getattr(services, f"{resource.singular}_create")

    @school_view(resource.permission("add"))
    def view(request):
        form = form_class(posted(request), **form_kwargs(request))
        return create_page(request, resource, form, create, fields=fields)

    return view


def edit_view(
    resource: PortalResource,
    form_class,
    selectors,
    services,
    *,
    fields: str = FORM_FIELDS,
    form_kwargs: Callable[[HttpRequest], dict] = lambda request: {},
):
    """The view of a top-level record's edit form (`edit_page`), behind the resource's
    "change" permission."""
    get = getattr(selectors, f"{resource.singular}_get")
    update = getattr(services, f"{resource.singular}_update")

    @school_view(resource.permission("change"))
    def view(request, **ids):
        record = get(client=request.thinkific, **ids)
        form = form_class(posted(request), record=record, **form_kwargs(request))
        return edit_page(request, resource, form, update, fields=fields)

    return view


def delete_view(resource: PortalResource, selectors, services, consequence: str, **confirm):
    """The view of a top-level record's delete confirmation (`record_delete_page`, saying
    the `consequence`), behind the resource's "delete" permission."""
    get = getattr(selectors, f"{resource.singular}_get")
    delete = getattr(services, f"{resource.singular}_delete")

    @school_view(resource.permission("delete"))
    def view(request, **ids):
        record_id = ids[f"{resource.singular}_id"]
        return record_delete_page(
            request, resource, record_id, get=get, delete=delete, consequence=consequence, **confirm
        )

    return view


def list_page(
    request: HttpRequest,
    resource: PortalResource,
    template: str,
    load: Callable[..., Any],
    *,
    form: ListingForm | None = None,
    context: dict | None = None,
    parent_ids: Sequence = (),
) -> HttpResponse:
    """A resource's list: `load(**form.params)` reads the page of records; an HTMX
    request gets only the `results` fragment. `form` holds the filters (default: paging);
    the page offers "Add ..." to those who may add."""
    form = form or ListingForm(request.GET)
    page = {"resource": resource, "form": form, "page": load(**form.params)}
    if "add" in resource.actions and request.user.has_perm(resource.permission("add")):
        page["add_url"] = reverse(
            f"{resource.name}:create", args=[request.school.slug, *parent_ids]
        )
    return render(request, template, {**page, **(context or {})}, fragment="results")


def panel_page(
    request: HttpRequest,
    template: str,
    select: Callable[..., Any],
    *,
    limit: int | None = None,
    context: dict | None = None,
    **ids: Any,
) -> HttpResponse:
    """A lazy panel of a record's page (components/panel.html), or without JavaScript a
    page of its own. `select(client=, page=, limit=, **ids)` reads one page of the related
    records (`limit` fixes its size); the template gets `page`, the `ids` and `context`."""
    params = ListingForm(request.GET).params
    page = select(
        client=request.thinkific, page=params["page"], limit=limit or params["limit"], **ids
    )
    return render(request, template, {"page": page, **ids, **(context or {})}, fragment="panel")


def detail_page(
    request: HttpRequest,
    resource: PortalResource,
    template: str,
    record: Any,
    *,
    ids: Sequence,
    parents: Crumbs = (),
    context: dict | None = None,
) -> HttpResponse:
    """A record's page (a template extending `components/detail_page.html`)."""
    page = {
        "resource": resource,
        "record": record,
        "name": resource.name_of(record),
        "crumbs": record_crumbs(request, resource, ids=ids, parents=parents),
        "actions": record_actions(request, resource, *ids),
        **(context or {}),
    }
    return render(request, template, page)


def record_actions(request: HttpRequest, resource: PortalResource, *ids) -> dict[str, str]:
    """The edit and delete links of a record's page, for those who may use them."""
    urls = {
        page: record_url(request, resource, page, *ids)
        for page in resource.record_pages(request.user)
    }
    return {page: url for page, url in urls.items() if url}
