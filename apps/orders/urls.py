from apps.core.resources import resource
from apps.orders import views

# Read-only: Thinkific's orders come from checkouts, so the portal has no form for them.
urlpatterns = resource("orders").pages(views)
