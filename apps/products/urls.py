from django.urls import path

from apps.products import views

app_name = "products"

urlpatterns = [
    path("", views.product_list, name="list"),
    path("<thinkific_id:product_id>/", views.product_detail, name="detail"),
    path("<thinkific_id:product_id>/categories/", views.product_categories, name="categories"),
    path("<thinkific_id:product_id>/related/", views.product_related, name="related"),
]
