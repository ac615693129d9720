from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views
from .auth_forms import ThrottledAdminAuthenticationForm, ThrottledAuthenticationForm
from .public_cache import cache_public_page
from .sitemaps import SITEMAPS

admin.site.login_form = ThrottledAdminAuthenticationForm
admin.site.site_header = _("Quản trị Thi đua Tây Ninh")
admin.site.site_title = _("Thi đua Tây Ninh")
admin.site.index_title = _("Công tác thi đua – khen thưởng")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("phong-trao/", include("movements.urls")),
    path("dien-hinh/", include("exemplars.urls")),
    path("cuoc-thi/", include("contests.urls")),
    path("giam-khao/", include("contests.urls_judges")),
    path("don-vi/bao-cao/", include("movements.agency_urls")),
    path("", include("exemplars.urls_exchanges")),
    path("", include("tayninh_thidua.portal_urls")),
    path("api/", include("tayninh_thidua.api_urls")),
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        cache_public_page(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("dang-nhap/", auth_views.LoginView.as_view(authentication_form=ThrottledAuthenticationForm), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("tai-khoan/", include("exemplars.account_urls")),
    path("don-vi/", include("exemplars.agency_urls")),
    path("admin/", admin.site.urls),
]

if settings.BENCH_FLOOR_VIEW:  # the benchmark's floor: no database, no template
    urlpatterns.append(path("bench/floor", views.bench_floor, name="bench.floor"))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
