"""The site's own pages. The root URLconf includes each list under its prefix and namespace."""

from django.contrib.auth import views as auth_views
from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from exemplars.views.feeds import HonouredExemplarsAtomFeed, HonouredExemplarsFeed
from tayninh_thidua.lib.pagecache import cache_public_page

from .sitemaps import SITEMAPS
from .views import accounts, agency, public, staff, statistics
from .views.feeds import NewsAtomFeed, NewsFeed

# /, no namespace: names Django's own views and the settings expect as they are
site_patterns = [
    path("", public.home, name="home"),
    path("healthz", public.healthz, name="healthz"),
    path("favicon.ico", public.favicon),
    path("robots.txt", public.robots_txt, name="robots"),
    path("sitemap.xml", cache_public_page(sitemap_views.sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    # Sign-in in two steps (password, then a code for accounts with an authenticator app): views/accounts.py
    path("dang-nhap/", accounts.login, name="login"),
    path("dang-nhap/xac-thuc/", accounts.login_verify, name="login.verify"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
]

# /tai-khoan/, no namespace (the auth views reverse these names as they are): password reset by e-mail (limited
# per address and per e-mail address), and the account's security page (two-factor sign-in)
account_patterns = [
    path("quen-mat-khau/", accounts.ThrottledPasswordResetView.as_view(), name="password_reset"),
    path("quen-mat-khau/da-gui/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("dat-lai-mat-khau/xong/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("bao-mat/", accounts.security, name="security"),
    path("bao-mat/thiet-lap/", accounts.security_setup, name="security.setup"),
    path("bao-mat/ma-du-phong/", accounts.security_backup_codes, name="security.backup_codes"),
    path("bao-mat/tat/", accounts.security_disable, name="security.disable"),
]

# /, namespace "portal": news, feedback, feeds
public_patterns = [
    path("tin-tuc/", public.news_list, name="news.list"),
    path("tin-tuc/<slug:slug>/", public.news_detail, name="news.detail"),
    path("phan-hoi/", public.feedback, name="feedback"),
    path("tim-kiem/", public.search, name="search"),
    path("rss/dien-hinh/", cache_public_page(HonouredExemplarsFeed()), name="feed.exemplars.rss"),
    path("atom/dien-hinh/", cache_public_page(HonouredExemplarsAtomFeed()), name="feed.exemplars.atom"),
    path("rss/tin-tuc/", cache_public_page(NewsFeed()), name="feed.news.rss"),
    path("atom/tin-tuc/", cache_public_page(NewsAtomFeed()), name="feed.news.atom"),
]

# /thong-ke/, namespace "stats": the public statistics, then the staff dashboard and the report documents
statistics_patterns = [
    path("", statistics.statistics, name="index"),
    path("tai-ve/<slug:key>.csv", statistics.statistics_csv, name="download.csv"),
    path("tai-ve.xlsx", statistics.statistics_xlsx, name="download.xlsx"),
    path("quan-ly/", staff.dashboard, name="dashboard"),
    path("quan-ly/tai-ve/<slug:key>.csv", staff.dashboard_csv, name="dashboard.csv"),
    path("quan-ly/tai-ve.xlsx", staff.dashboard_xlsx, name="dashboard.xlsx"),
    path("quan-ly/bao-cao/", staff.report_form, name="report"),
    path("quan-ly/bao-cao/tai-ve.<str:fmt>", staff.report_download, name="report.download"),
    path("quan-ly/bao-cao/<str:token>/", staff.report_job, name="report.job"),
    path("quan-ly/bao-cao/<str:token>/tien-do/", staff.report_job_progress, name="report.progress"),
    path("quan-ly/bao-cao/<str:token>/tai-ve.<str:fmt>", staff.report_job_file, name="report.job.file"),
]

# /don-vi/, namespace "agency": the agency's own figures and its report draft
agency_patterns = [
    path("thong-ke/", agency.statistics, name="statistics"),
    path("thong-ke/bao-cao.<str:fmt>", agency.report_draft, name="statistics.report"),
]
