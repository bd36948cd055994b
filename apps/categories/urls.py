from django.urls import path

from apps.categories import views

app_name = "categories"

urlpatterns = [
    path("", views.category_list, name="list"),
    path("new/", views.category_create, name="create"),
    path("<thinkific_id:category_id>/", views.category_detail, name="detail"),
    path("<thinkific_id:category_id>/edit/", views.category_edit, name="edit"),
    path("<thinkific_id:category_id>/delete/", views.category_delete, name="delete"),
    path("<thinkific_id:category_id>/products/", views.category_products, name="products"),
    path(
        "<thinkific_id:category_id>/products/add/", views.category_add_products, name="add_products"
    ),
    path(
        "<thinkific_id:category_id>/products/<thinkific_id:product_id>/remove/",
        views.category_product_remove,
        name="remove_product",
    ),
]
