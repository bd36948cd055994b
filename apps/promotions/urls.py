from django.urls import path

from apps.core.resources import resource
from apps.promotions import views

urlpatterns = resource("promotions").pages(
    views,
    path("by-coupon/", views.promotion_by_coupon, name="by_coupon"),
    path("export.csv", views.promotion_export, name="export"),
)
