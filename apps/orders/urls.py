from django.urls import path

from apps.core.resources import resource
from apps.index import views as index_views
from apps.orders import views

# Read-only: Thinkific's orders come from checkouts, so the portal has no form for them.
urlpatterns = resource("orders").pages(
    views, path("export.csv", index_views.order_export, name="export")
)
