"""sitemap.xml: public pages only (published exemplars, movements, news, exchange events)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from exemplars.models import ExchangeEvent, Exemplar
from movements.models import Movement

from .models import NewsArticle


class StaticSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self) -> list[str]:
        return [
            "home",
            "exemplars:exemplar.list",
            "movements:movement.list",
            "portal:news.list",
            "exchanges:event.list",
            "exchanges:gallery",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class ExemplarSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Exemplar.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item: Exemplar):
        return item.updated_at


class MovementSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Movement.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item: Movement):
        return item.updated_at


class NewsSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return NewsArticle.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item: NewsArticle):
        return item.updated_at


class EventSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return ExchangeEvent.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item: ExchangeEvent):
        return item.updated_at


SITEMAPS = {
    "static": StaticSitemap,
    "exemplars": ExemplarSitemap,
    "movements": MovementSitemap,
    "news": NewsSitemap,
    "events": EventSitemap,
}
