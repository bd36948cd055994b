from apps.core.decorators import school_view
from apps.core.htmx import is_fragment_request, render
from apps.core.pages import detail_page
from apps.core.paging import ListingForm
from apps.core.resources import resource
from apps.index import selectors as index_selectors
from apps.index.selectors import ORDER_SORT, indexed_list, ready_index
from apps.orders import selectors
from apps.orders.forms import OrderFilterForm

ORDERS = resource("orders")


@school_view(ORDERS.permission("view"))
def order_list(request):
    """From the index when it is ready, with filters and sorting; else Thinkific's pages."""
    index = ready_index(request.school)
    if index is None:
        form = ListingForm(request.GET)
        page = selectors.order_list(client=request.thinkific, **form.params)
        listed = {"index": None}
    else:
        form = order_filter_form(request)
        params = form.params
        listed = indexed_list(request, index, "orders", ORDER_SORT, params)
        page = selectors.order_list_indexed(connection_id=request.school.pk, **params)
    context = {"resource": ORDERS, "form": form, "page": page, **listed}
    return render(request, "orders/order_list.html", context, fragment="results")


def order_filter_form(request) -> OrderFilterForm:
    """The filters, with the school's products and statuses on a whole page."""
    if is_fragment_request(request):
        return OrderFilterForm(request.GET)
    school = request.school.pk
    return OrderFilterForm(
        request.GET,
        products=index_selectors.names(connection_id=school, kind="product"),
        statuses=index_selectors.order_statuses(connection_id=school),
    )


@school_view(ORDERS.permission("view"))
def order_detail(request, order_id: int):
    order = selectors.order_get(client=request.thinkific, order_id=order_id)
    related = selectors.order_context(client=request.thinkific, order=order)
    context = {"order": order, "coupon": related.coupon, "currency": related.currency}
    return detail_page(
        request, ORDERS, "orders/order_detail.html", order, ids=[order_id], context=context
    )
