from django.urls import path

from apps.jobs import views

app_name = "jobs"

urlpatterns = [
    path("jobs/", views.job_list, name="list"),
    path("jobs/<int:job_id>/", views.job_detail, name="detail"),
    path("jobs/<int:job_id>/start/", views.job_start, name="start"),
    path("jobs/<int:job_id>/cancel/", views.job_cancel, name="cancel"),
    path("jobs/<int:job_id>/results.csv", views.job_results_csv, name="csv"),
    path("promotions/<int:promotion_id>/coupons/bulk/", views.coupon_bulk, name="coupon_bulk"),
]
