from functools import partial

from apps.core.decorators import school_view
from apps.core.htmx import render
from apps.core.pages import detail_page, panel_page
from apps.core.resources import resource
from apps.index.lists import searched_list
from apps.products import selectors

PRODUCTS = resource("products")


@school_view(PRODUCTS.permission("view"))
def product_list(request):
    load = partial(selectors.product_list, client=request.thinkific)
    return searched_list(request, PRODUCTS, "products/product_list.html", load, kind="product")


@school_view(PRODUCTS.permission("view"))
def product_detail(request, product_id: int):
    product = selectors.product_get(client=request.thinkific, product_id=product_id)
    template = "products/product_detail.html"
    context = {"product": product}
    return detail_page(request, PRODUCTS, template, product, ids=[product_id], context=context)


@school_view(PRODUCTS.permission("view"))
def product_categories(request, product_id: int):
    """The categories the product is in: a panel of the product page."""
    categories = selectors.product_categories(client=request.thinkific, product_id=product_id)
    context = {"categories": categories, "product_id": product_id}
    return render(request, "products/product_categories.html", context, fragment="panel")


@school_view(PRODUCTS.permission("view"))
def product_related(request, product_id: int):
    """The products shown as related to this one: a panel of the product page."""
    template = "products/product_related.html"
    return panel_page(request, template, selectors.product_related, product_id=product_id)
