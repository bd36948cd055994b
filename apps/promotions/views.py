from operator import attrgetter

from django.urls import reverse
from django.utils import timezone

from apps.core.decorators import school_view
from apps.core.display import iso
from apps.core.htmx import render
from apps.core.listcsv import csv_link, live_csv
from apps.core.pages import (
    create_view,
    delete_view,
    detail_page,
    edit_page,
    posted,
)
from apps.core.paging import name_matches, page_matching
from apps.core.resources import resource
from apps.index.forms import NameSearch
from apps.promotions import selectors, services
from apps.promotions.forms import CouponLookupForm, PromotionForm
from apps.thinkific import errors

PROMOTIONS = resource("promotions")
FIELDS = "promotions/promotion_fields.html"


def _products(request) -> dict:
    """The school's products (cached) and the currency they sell in."""
    products = selectors.product_choices(client=request.thinkific, connection_id=request.school.pk)
    return {"products": products, "currency": selectors.school_currency(products)}


@school_view(PROMOTIONS.permission("view"))
def promotion_list(request):
    # Neither Thinkific nor the index can search promotions: the page shown is searched.
    form = NameSearch(request.GET, indexed=False, held=False)
    params = form.params
    q = params.pop("q", "")
    page = page_matching(selectors.promotion_list(client=request.thinkific, **params), q)
    shop = _products(request)  # cached: the amounts' currency and the lookup's choices
    lookup_form = CouponLookupForm(products=shop["products"])
    context = {"resource": PROMOTIONS, "form": form, "page": page, "lookup_form": lookup_form}
    context["page_search"] = bool(q)
    context["currency"] = shop["currency"]
    context["csv_url"] = csv_link(request, reverse("promotions:export", args=[request.school.slug]))
    return render(request, "promotions/promotion_list.html", context, fragment="results")


@school_view(PROMOTIONS.permission("view"))
def promotion_export(request):
    """Every promotion (those whose name holds the list's search, `q`), as CSV, read live
    from Thinkific page by page (apps.core.listcsv)."""
    zone = timezone.get_current_timezone()
    columns = {
        "id": attrgetter("id"),
        "name": attrgetter("name"),
        "discount_type": attrgetter("discount_type"),
        "amount": attrgetter("amount"),  # money in the school's currency, or a percentage
        "description": attrgetter("description"),
        "starts_at": lambda promotion: iso(promotion.starts_at, zone),
        "expires_at": lambda promotion: iso(promotion.expires_at, zone),
        "duration": attrgetter("duration"),
        "coupons": lambda promotion: len(promotion.coupon_ids),
        "created_at": lambda promotion: iso(promotion.created_at, zone),
    }
    slug = request.school.slug
    return live_csv(
        request,
        lambda **page: selectors.promotion_list(client=request.thinkific, **page),
        columns,
        noun="promotions",
        filename=f"{slug}-promotions.csv",
        back=reverse("promotions:list", args=[slug]),
        keep=name_matches(request.GET.get("q", "")),
    )


@school_view(PROMOTIONS.permission("view"))
def promotion_by_coupon(request):
    """Which promotion a coupon code unlocks for a product: the list's lookup."""
    shop = _products(request)
    form = CouponLookupForm(request.GET or None, products=shop["products"])
    found = None
    if form.is_valid():
        try:
            found = selectors.promotion_by_coupon(client=request.thinkific, **form.cleaned_data)
        except errors.NotFoundError:
            found = False
    context = {"lookup_form": form, "found": found, "currency": shop["currency"]}
    return render(request, "promotions/promotion_lookup.html", context, fragment="lookup")


@school_view(PROMOTIONS.permission("view"))
def promotion_detail(request, promotion_id: int):
    promotion = selectors.promotion_get(client=request.thinkific, promotion_id=promotion_id)
    shop = _products(request)
    applies = selectors.promotion_applies_to(promotion=promotion, connection=request.school)
    context = {
        "promotion": promotion,
        "currency": shop["currency"],
        "applies": applies,
        "promotion_products": selectors.named_products(applies.product_ids or (), shop["products"]),
    }
    template = "promotions/promotion_detail.html"
    return detail_page(
        request, PROMOTIONS, template, promotion, ids=[promotion_id], context=context
    )


def _coupon_count(promotion) -> str:
    count = len(promotion.coupon_ids)
    return f"It has {count} coupon{'s' if count != 1 else ''}"


FORM = {"fields": FIELDS, "form_kwargs": _products}
DELETED = (
    "Thinkific deletes the promotion with its coupons, which stop working; this cannot be undone."
)
promotion_create = create_view(PROMOTIONS, PromotionForm, services, **FORM)
promotion_delete = delete_view(PROMOTIONS, selectors, services, DELETED, detail=_coupon_count)


@school_view(PROMOTIONS.permission("change"))
def promotion_edit(request, promotion_id: int):
    """The edit form, its products ticked as Thinkific reports them or the portal set them."""
    promotion = selectors.promotion_get(client=request.thinkific, promotion_id=promotion_id)
    applies = selectors.promotion_applies_to(promotion=promotion, connection=request.school)
    form = PromotionForm(posted(request), record=promotion, applies=applies, **_products(request))
    return edit_page(request, PROMOTIONS, form, services.promotion_update, fields=FIELDS)
