from django.urls import path

from apps.coupons import views

app_name = "coupons"

urlpatterns = [
    path("", views.coupon_list, name="list"),
    path("new/", views.coupon_create, name="create"),
    path("<thinkific_id:coupon_id>/", views.coupon_detail, name="detail"),
    path("<thinkific_id:coupon_id>/edit/", views.coupon_edit, name="edit"),
    path("<thinkific_id:coupon_id>/delete/", views.coupon_delete, name="delete"),
]
