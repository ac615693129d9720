"""RSS and Atom feeds of published news and announcements."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from ..models import NewsArticle


class NewsFeed(Feed):
    title = _("Thi đua Tây Ninh – tin tức, thông báo")
    description = _("Tin tức và thông báo về công tác thi đua – khen thưởng tỉnh Tây Ninh.")
    link = reverse_lazy("portal:news.list")

    def items(self):
        return NewsArticle.objects.published()[:30]

    def item_title(self, item: NewsArticle) -> str:
        return item.title

    def item_description(self, item: NewsArticle) -> str:
        return item.summary or item.body[:500]

    def item_pubdate(self, item: NewsArticle):
        return item.published_at


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description
