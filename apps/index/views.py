"""The index's card on the school home, and CSV exports of the lists served from the
index, with the list's own filters."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from apps.core.decorators import school_view
from apps.core.resources import resource
from apps.enrollments.forms import EnrollmentFilterForm
from apps.index import exports
from apps.index import selectors as index
from apps.index.selectors import ready_index
from apps.index.services import request_sync
from apps.orders.forms import OrderFilterForm
from apps.users.forms import UserFilterForm
from apps.users.selectors import user_rows_indexed


@school_view(resource("users").permission("view"))
def user_export(request):
    if ready_index(request.school) is None:
        return exports.not_ready(request, "users")
    params = exports.list_filters(UserFilterForm(request.GET))
    rows = user_rows_indexed(client=request.thinkific, connection_id=request.school.pk, **params)
    return exports.rows_csv(rows, exports.USER_COLUMNS, filename=f"{request.school.slug}-users.csv")


@school_view(resource("orders").permission("view"))
def order_export(request):
    if ready_index(request.school) is None:
        return exports.not_ready(request, "orders")
    params = exports.list_filters(OrderFilterForm(request.GET))
    rows = index.orders(connection_id=request.school.pk, **params)
    return exports.rows_csv(
        rows, exports.ORDER_COLUMNS, filename=f"{request.school.slug}-orders.csv"
    )


@school_view(resource("enrollments").permission("view"))
def enrollment_export(request):
    if ready_index(request.school) is None:
        return exports.not_ready(request, "enrollments")
    params = exports.list_filters(EnrollmentFilterForm(request.GET))
    rows = index.enrollments(connection_id=request.school.pk, **params)
    return exports.rows_csv(
        rows, exports.ENROLLMENT_COLUMNS, filename=f"{request.school.slug}-enrollments.csv"
    )


@school_view()
def index_status(request):
    """The index's card on the school's home (it reloads itself while a sync runs)."""
    return TemplateResponse(
        request, "index/status.html", {"progress": index.progress(request.school)}
    )


@require_POST
@school_view("core.check_connection")
def index_sync(request):
    """Start a full pass now (when no task holds the index already)."""
    if request_sync(request.school, force=True):
        messages.success(request, "The school's index is being rebuilt.")
    else:
        messages.info(request, "A sync of the school's index is already under way.")
    return redirect(request.school)
