"""The root URLconf: each app's named lists, under their prefixes and namespaces (see each app's urls.py)."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from contests import urls as contests_urls
from exemplars import urls as exemplars_urls
from movements import urls as movements_urls
from tayninh_thidua.portal import api as portal_api
from tayninh_thidua.portal import urls as portal_urls
from tayninh_thidua.portal.views import accounts as portal_accounts
from tayninh_thidua.portal.views import public as portal_views

# The admin signs in through the portal's two steps (password, then a code): one sign-in, one login lock.
admin.site.login = portal_accounts.admin_login
admin.site.site_header = _("Quản trị Thi đua Tây Ninh")
admin.site.site_title = _("Thi đua Tây Ninh")
admin.site.index_title = _("Công tác thi đua – khen thưởng")

urlpatterns = [
    path("", include(portal_urls.site_patterns)),
    path("", include((portal_urls.public_patterns, "portal"))),
    path("tai-khoan/", include(portal_urls.account_patterns)),
    path("api/", include((portal_api.api_patterns, "api"))),
    path("phong-trao/", include((movements_urls.public_patterns + exemplars_urls.movement_patterns, "movements"))),
    path("dien-hinh/", include((exemplars_urls.public_patterns, "exemplars"))),
    path("gioi-thieu/", include((exemplars_urls.proposal_patterns, "proposals"))),
    path("sang-kien/", include((exemplars_urls.initiative_patterns, "initiatives"))),
    path("khoi-thi-dua/", include((movements_urls.bloc_patterns, "blocs"))),
    path("", include((exemplars_urls.exchange_patterns, "exchanges"))),
    path("lay-y-kien/", include((exemplars_urls.consultation_patterns, "consultations"))),
    path("quyet-dinh/", include((exemplars_urls.decision_patterns, "decisions"))),
    path("xac-thuc/", include((exemplars_urls.verification_patterns, "verification"))),
    path("hoi-dong/", include((exemplars_urls.council_patterns, "council"))),
    path("cuoc-thi/", include((contests_urls.public_patterns, "contests"))),
    path("giam-khao/", include((contests_urls.judge_patterns, "judges"))),
    # One namespace and one navigation for everything an agency does: dossiers, exemplars, review reports.
    path(
        "don-vi/",
        include(
            (exemplars_urls.agency_patterns + movements_urls.agency_patterns + portal_urls.agency_patterns, "agency")
        ),
    ),
    path("thong-ke/", include((portal_urls.statistics_patterns, "stats"))),
    path("admin/", admin.site.urls),
]

if settings.BENCH_FLOOR_VIEW:  # the benchmark's floor: no database, no template
    urlpatterns.append(path("bench/floor", portal_views.bench_floor, name="bench.floor"))

if settings.DEBUG:
    from django.conf.urls.static import static  # development only: nginx or WhiteNoise serve files otherwise

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
