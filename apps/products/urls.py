from django.urls import path

from apps.core.resources import resource
from apps.products import views

urlpatterns = resource("products").pages(
    views,
    path("<thinkific_id:product_id>/categories/", views.product_categories, name="categories"),
    path("<thinkific_id:product_id>/related/", views.product_related, name="related"),
)
