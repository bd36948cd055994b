from functools import partial

from django.contrib import messages
from django.template.defaultfilters import pluralize

from apps.categories import selectors, services
from apps.categories.forms import CategoryForm, CategoryProductsForm
from apps.core.decorators import school_view
from apps.core.forms import submit
from apps.core.htmx import render
from apps.core.pages import (
    create_view,
    delete_page,
    detail_page,
    edit_view,
    panel_page,
    posted,
    record_actions,
    record_crumbs,
    record_url,
)
from apps.core.resources import resource
from apps.core.responses import redirect_after_post
from apps.index.lists import searched_list

CATEGORIES = resource("categories")
# Thinkific keeps the school's default category ("All courses"); the portal never deletes it.
KEPT = 409


@school_view(CATEGORIES.permission("view"))
def category_list(request):
    load = partial(selectors.category_list, client=request.thinkific)
    template = "categories/category_list.html"
    return searched_list(request, CATEGORIES, template, load, kind="category")


@school_view(CATEGORIES.permission("view"))
def category_detail(request, category_id: int):
    category = selectors.category_get(client=request.thinkific, category_id=category_id)
    actions = record_actions(request, CATEGORIES, category_id)
    if category.default:
        actions.pop("delete", None)
    context = {"category": category, "actions": actions}
    template = "categories/category_detail.html"
    return detail_page(request, CATEGORIES, template, category, ids=[category_id], context=context)


@school_view(CATEGORIES.permission("view"))
def category_products(request, category_id: int):
    """The category's products: a panel of the detail page, or a page of its own."""
    template = "categories/category_products.html"
    return panel_page(request, template, selectors.category_products, category_id=category_id)


category_create = create_view(CATEGORIES, CategoryForm, services)
category_edit = edit_view(CATEGORIES, CategoryForm, selectors, services)


@school_view(CATEGORIES.permission("delete"))
def category_delete(request, category_id: int):
    category = selectors.category_get(client=request.thinkific, category_id=category_id)
    if category.default:
        return _default_kept(request, category)
    count = len(category.product_ids)
    return delete_page(
        request,
        CATEGORIES,
        ids=[category_id],
        load=lambda: category,
        delete=lambda: services.category_delete(client=request.thinkific, category_id=category_id),
        detail=lambda _category: f"It holds {count} product{pluralize(count)}",
        consequence="The products stay in the school, out of this category; this cannot be undone.",
    )


def _default_kept(request, category):
    """Both the confirmation and the delete itself are refused, with the reason."""
    name = CATEGORIES.name_of(category)
    context = {
        "name": name,
        "crumbs": record_crumbs(request, CATEGORIES, name, [category.id]),
        "detail_url": record_url(request, CATEGORIES, "detail", category.id),
    }
    return render(request, "categories/default_kept.html", context, fragment="refusal", status=KEPT)


@school_view(CATEGORIES.permission("change"))
def category_add_products(request, category_id: int):
    category = selectors.category_get(client=request.thinkific, category_id=category_id)
    search = request.GET.get("q", "")
    products = selectors.products_to_add(
        client=request.thinkific,
        connection_id=request.school.pk,
        category=category,
        search=search,
    )
    form = CategoryProductsForm(posted(request), products=products)
    post = submit(
        form,
        lambda: services.category_products_add(
            client=request.thinkific,
            category_id=category.id,
            product_ids=form.cleaned_data["product_ids"],
        ),
    )
    detail_url = record_url(request, CATEGORIES, "detail", category.id)
    if post.saved:
        count = len(form.cleaned_data["product_ids"])
        messages.success(request, f"Added {count} product{pluralize(count)} to {category.name}.")
        return redirect_after_post(request, detail_url)
    name = CATEGORIES.name_of(category)
    context = {
        "form": form,
        "category": category,
        "search": search,
        "crumbs": record_crumbs(request, CATEGORIES, name, [category.id]),
        "cancel_url": detail_url,
    }
    template = "categories/category_add_products.html"
    return render(request, template, context, fragment="form", status=post.status)


@school_view(CATEGORIES.permission("change"))
def category_product_remove(request, category_id: int, product_id: int):
    detail_url = record_url(request, CATEGORIES, "detail", category_id)
    if request.method == "POST":
        services.category_product_remove(
            client=request.thinkific, category_id=category_id, product_id=product_id
        )
        name = request.POST.get("name") or f"#{product_id}"
        messages.success(request, f"Removed the product {name} from this category.")
        return redirect_after_post(request, detail_url)
    category = selectors.category_get(client=request.thinkific, category_id=category_id)
    product = selectors.product_get(client=request.thinkific, product_id=product_id)
    name = CATEGORIES.name_of(category)
    context = {
        "category": category,
        "product": product,
        "question": f"Remove the product “{product.name}” from the category “{category.name}”?",
        "crumbs": record_crumbs(request, CATEGORIES, name, [category_id]),
        "cancel_url": detail_url,
    }
    return render(request, "categories/product_remove.html", context, fragment="confirm")
