"""sitemap.xml: public pages only (published exemplars, movements, news, exchange events, the contest's editions
and, once results are published, the winning entries, the published bloc rankings; the public lists of initiatives,
blocs, consultations and award decisions)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from contests.models import Edition, Entry
from exemplars.models import ExchangeEvent, Exemplar
from movements.models import Covenant, Movement

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
            "contests:edition.current",
            "contests:edition.archive",
            "initiatives:initiative.list",
            "blocs:list",
            "consultations:list",
            "decisions:list",
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


class BlocRankingSitemap(Sitemap):
    """Each bloc's published ranking for a year (an unpublished one is a 404 for the public). One query: a few
    dozen blocs publish once a year, so the items are listed rather than counted and sliced."""

    changefreq = "yearly"

    def items(self) -> list[Covenant]:
        published = Covenant.objects.published().select_related("bloc")
        return list(published.only("year", "published_at", "bloc__slug").order_by("pk"))

    def lastmod(self, item: Covenant):
        return item.published_at


class ContestSitemap(Sitemap):
    """The contest: every edition's page (rules, rounds, prizes; the results once published) and the winning
    entries of editions whose results are published (the only entry pages that stay public: a finalist's page
    is public only while the vote is open). Two queries whatever the size: editions are few (one every two
    years) and each has a dozen prizes, so the items are listed rather than counted and sliced."""

    changefreq = "weekly"

    def items(self) -> list:
        editions = list(Edition.objects.only("year", "results_published_at", "created_at").order_by("year"))
        winners = list(
            Entry.objects.filter(edition__results_published_at__isnull=False, prize__isnull=False)
            .select_related("edition")
            .only("code", "edition__year", "edition__results_published_at")
            .order_by("edition__year", "number")
        )
        return [*editions, *winners]

    def lastmod(self, item):
        if isinstance(item, Entry):
            return item.edition.results_published_at
        return item.results_published_at or item.created_at


SITEMAPS = {
    "static": StaticSitemap,
    "exemplars": ExemplarSitemap,
    "movements": MovementSitemap,
    "news": NewsSitemap,
    "events": EventSitemap,
    "contests": ContestSitemap,
    "blocs": BlocRankingSitemap,
}
