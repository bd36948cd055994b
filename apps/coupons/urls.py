from apps.core.resources import resource
from apps.coupons import views

app_name = "coupons"

urlpatterns = resource("coupons").pages(views)
