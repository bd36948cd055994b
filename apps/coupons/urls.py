from apps.core.resources import resource
from apps.coupons import views

urlpatterns = resource("coupons").pages(views)
