from django.urls import path

from apps.categories import views
from apps.core.resources import resource

urlpatterns = resource("categories").pages(
    views,
    path("<thinkific_id:category_id>/products/", views.category_products, name="products"),
    path(
        "<thinkific_id:category_id>/products/add/", views.category_add_products, name="add_products"
    ),
    path(
        "<thinkific_id:category_id>/products/<thinkific_id:product_id>/remove/",
        views.category_product_remove,
        name="remove_product",
    ),
)
