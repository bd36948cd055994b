from django.urls import path

from apps.promotions import views

app_name = "promotions"

urlpatterns = [
    path("", views.promotion_list, name="list"),
    path("by-coupon/", views.promotion_by_coupon, name="by_coupon"),
    path("new/", views.promotion_create, name="create"),
    path("<thinkific_id:promotion_id>/", views.promotion_detail, name="detail"),
    path("<thinkific_id:promotion_id>/edit/", views.promotion_edit, name="edit"),
    path("<thinkific_id:promotion_id>/delete/", views.promotion_delete, name="delete"),
]
