from django.urls import path

from exemplars.feeds import HonouredExemplarsAtomFeed, HonouredExemplarsFeed

from . import views
from .feeds import NewsAtomFeed, NewsFeed
from .public_cache import cache_public_page

app_name = "portal"
urlpatterns = [
    path("tin-tuc/", views.news_list, name="news.list"),
    path("tin-tuc/<slug:slug>/", views.news_detail, name="news.detail"),
    path("phan-hoi/", views.feedback, name="feedback"),
    path("rss/dien-hinh/", cache_public_page(HonouredExemplarsFeed()), name="feed.exemplars.rss"),
    path("atom/dien-hinh/", cache_public_page(HonouredExemplarsAtomFeed()), name="feed.exemplars.atom"),
    path("rss/tin-tuc/", cache_public_page(NewsFeed()), name="feed.news.rss"),
    path("atom/tin-tuc/", cache_public_page(NewsAtomFeed()), name="feed.news.atom"),
]
