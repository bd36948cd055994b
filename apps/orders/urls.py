from django.urls import path

from apps.index import views as index_views
from apps.orders import views

app_name = "orders"

# Read-only: Thinkific's orders come from checkouts, so the portal has no form for them.
urlpatterns = [
    path("", views.order_list, name="list"),
    path("export.csv", index_views.order_export, name="export"),
    path("<thinkific_id:order_id>/", views.order_detail, name="detail"),
]
