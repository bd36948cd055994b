from django.urls import path

from apps.jobs import views

app_name = "jobs"

urlpatterns = [
    path("jobs/", views.job_list, name="list"),
    path("jobs/new/enroll/", views.enroll_bulk, name="enroll_bulk"),
    path("jobs/new/import/", views.user_import, name="user_import"),
    path(
        "jobs/new/import/<thinkific_id:upload_id>/",
        views.user_import_map,
        name="user_import_map",
    ),
    path("jobs/<thinkific_id:job_id>/", views.job_detail, name="detail"),
    path("jobs/<thinkific_id:job_id>/start/", views.job_start, name="start"),
    path("jobs/<thinkific_id:job_id>/cancel/", views.job_cancel, name="cancel"),
    path("jobs/<thinkific_id:job_id>/results.csv", views.job_results_csv, name="csv"),
    path(
        "promotions/<thinkific_id:promotion_id>/coupons/bulk/",
        views.coupon_bulk,
        name="coupon_bulk",
    ),
]
