from apps.core.decorators import school_view
from apps.core.htmx import render
from apps.core.pages import detail_page
from apps.core.paging import ListingForm
from apps.core.resources import resource
from apps.orders import selectors

ORDERS = resource("orders")


@school_view(ORDERS.permission("view"))
def order_list(request):
    form = ListingForm(request.GET)
    page = selectors.order_list(client=request.thinkific, **form.params)
    context = {"resource": ORDERS, "form": form, "page": page}
    return render(request, "orders/order_list.html", context, fragment="results")


@school_view(ORDERS.permission("view"))
def order_detail(request, order_id: int):
    order = selectors.order_get(client=request.thinkific, order_id=order_id)
    related = selectors.order_context(client=request.thinkific, order=order)
    context = {"order": order, "coupon": related.coupon, "currency": related.currency}
    return detail_page(
        request, ORDERS, "orders/order_detail.html", order, ids=[order_id], context=context
    )
