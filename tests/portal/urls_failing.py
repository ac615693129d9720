"""The site's URLconf plus one view that fails, for the error-tracking tests."""

from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from tayninh_thidua.urls import urlpatterns as site_patterns


@csrf_exempt
def failing_view(request):
    raise RuntimeError("lỗi thử nghiệm của hệ thống")


urlpatterns = [path("loi/", failing_view), *site_patterns]
