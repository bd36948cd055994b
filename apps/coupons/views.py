from operator import attrgetter

from django.urls import reverse
from django.utils import timezone

from apps.core.decorators import school_view
from apps.core.display import iso
from apps.core.htmx import is_fragment_request, render
from apps.core.listcsv import csv_link, live_csv
from apps.core.pages import create_page, delete_page, detail_page, edit_page, posted
from apps.core.paging import ListingForm
from apps.core.resources import resource
from apps.coupons import selectors, services
from apps.coupons.forms import CouponForm
from apps.promotions.selectors import promotion_get

COUPONS = resource("coupons")
PANEL = "coupon-results"  # the id of the promotion page's coupons panel


def _promotion(request, promotion_id: int):
    """The promotion the coupons are of, and the breadcrumbs down to it."""
    promotion = promotion_get(client=request.thinkific, promotion_id=promotion_id)
    slug = request.school.slug
    detail_url = reverse("promotions:detail", args=[slug, promotion_id])
    parents = [
        ("Promotions", reverse("promotions:list", args=[slug])),
        (promotion.name or f"#{promotion_id}", detail_url),
    ]
    return promotion, parents


def _coupon(request, promotion_id: int, coupon_id: int):
    return selectors.coupon_get(
        client=request.thinkific, promotion_id=promotion_id, coupon_id=coupon_id
    )


@school_view(COUPONS.permission("view"))
def coupon_list(request, promotion_id: int):
    """The promotion's coupons: a page, its results alone, or the promotion page's panel."""
    form = ListingForm(request.GET)
    page = selectors.coupon_list(client=request.thinkific, promotion_id=promotion_id, **form.params)
    context = {"resource": COUPONS, "form": form, "page": page, "promotion_id": promotion_id}
    if is_fragment_request(request):
        # In the promotion page's panel, the pager pages the panel and leaves the URL be.
        context["panel"] = PANEL if request.htmx.target == PANEL else ""
    else:
        context["promotion"], context["parents"] = _promotion(request, promotion_id)
        export = reverse("coupons:export", args=[request.school.slug, promotion_id])
        context["csv_url"] = csv_link(request, export)
    return render(request, "coupons/coupon_list.html", context, fragment="results")


@school_view(COUPONS.permission("view"))
def coupon_export(request, promotion_id: int):
    """Every coupon of the promotion, as CSV, read live from Thinkific page by page
    (apps.core.listcsv); another school's or an unknown promotion is not found."""
    promotion = promotion_get(client=request.thinkific, promotion_id=promotion_id)
    zone = timezone.get_current_timezone()
    columns = {
        "id": attrgetter("id"),
        "code": attrgetter("code"),
        "note": attrgetter("note"),
        "quantity": attrgetter("quantity"),  # blank: unlimited uses
        "quantity_used": attrgetter("quantity_used"),
        "promotion_id": attrgetter("promotion_id"),
        "created_at": lambda coupon: iso(coupon.created_at, zone),
    }
    slug = request.school.slug
    return live_csv(
        request,
        lambda **page: selectors.coupon_list(
            client=request.thinkific, promotion_id=promotion.id, **page
        ),
        columns,
        noun="coupons of this promotion",
        filename=f"{slug}-promotion-{promotion.id}-coupons.csv",
        back=reverse("coupons:list", args=[slug, promotion.id]),
    )


@school_view(COUPONS.permission("view"))
def coupon_detail(request, promotion_id: int, coupon_id: int):
    coupon = _coupon(request, promotion_id, coupon_id)
    promotion, parents = _promotion(request, promotion_id)
    context = {"coupon": coupon, "promotion": promotion}
    template = "coupons/coupon_detail.html"
    return detail_page(
        request,
        COUPONS,
        template,
        coupon,
        ids=[promotion_id, coupon_id],
        parents=parents,
        context=context,
    )


@school_view(COUPONS.permission("add"))
def coupon_create(request, promotion_id: int):
    parents = _promotion(request, promotion_id)[1]
    form = CouponForm(posted(request))
    return create_page(
        request,
        COUPONS,
        form,
        services.coupon_create,
        given={"promotion_id": promotion_id},
        ids=[promotion_id],
        parents=parents,
    )


@school_view(COUPONS.permission("change"))
def coupon_edit(request, promotion_id: int, coupon_id: int):
    coupon = _coupon(request, promotion_id, coupon_id)
    parents = _promotion(request, promotion_id)[1]
    form = CouponForm(posted(request), record=coupon)
    ids = [promotion_id, coupon.id]
    return edit_page(request, COUPONS, form, services.coupon_update, ids=ids, parents=parents)


@school_view(COUPONS.permission("delete"))
def coupon_delete(request, promotion_id: int, coupon_id: int):
    # Only the confirmation names the promotion; the POST deletes and goes back.
    parents = _promotion(request, promotion_id)[1] if request.method == "GET" else ()
    return delete_page(
        request,
        COUPONS,
        ids=[promotion_id, coupon_id],
        load=lambda: _coupon(request, promotion_id, coupon_id),
        delete=lambda: _delete(request, promotion_id, coupon_id),
        detail=_uses,
        consequence="Buyers can no longer use the code; orders that used it keep it. "
        "This cannot be undone.",
        parents=parents,
    )


def _delete(request, promotion_id: int, coupon_id: int) -> None:
    """Delete the coupon once it is known to be the promotion's (another's: 404)."""
    coupon = _coupon(request, promotion_id, coupon_id)
    services.coupon_delete(client=request.thinkific, coupon_id=coupon.id)


def _uses(coupon) -> str:
    limit = coupon.quantity if coupon.quantity is not None else "unlimited"
    return f"Used {coupon.quantity_used} of {limit}"
