from django.urls import path

from apps.core.resources import resource
from apps.coupons import views

urlpatterns = resource("coupons").pages(
    views, path("export.csv", views.coupon_export, name="export")
)
