"""RSS and Atom feeds of newly honoured exemplars (published exemplars, honours in force)."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from ..models import Exemplar, Honour

FEED_ITEMS = 30


class HonouredExemplarsFeed(Feed):
    title = _("Thi đua Tây Ninh – điển hình mới được khen thưởng")
    description = _("Các điển hình tiên tiến vừa được khen thưởng, kèm số quyết định.")
    link = reverse_lazy("exemplars:exemplar.list")

    def items(self):
        return (
            Honour.objects.in_force()
            .filter(exemplar__in=Exemplar.objects.published())
            .select_related("exemplar", "award_type")
            .order_by("-decision_date", "-pk")[:FEED_ITEMS]
        )

    def item_title(self, item: Honour) -> str:
        return f"{item.exemplar.name} – {item.award_type.name} {item.year}"

    def item_description(self, item: Honour) -> str:
        decision = _("Quyết định số %(number)s ngày %(day)s") % {
            "number": item.decision_number,
            "day": item.decision_date.strftime("%d/%m/%Y"),
        }
        return f"{item.exemplar.summary}\n{decision}"

    def item_link(self, item: Honour) -> str:
        return item.exemplar.get_absolute_url()

    def item_guid(self, item: Honour) -> str:
        return f"honour-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Honour) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(item.decision_date, dt.time(8, 0)))


class HonouredExemplarsAtomFeed(HonouredExemplarsFeed):
    feed_type = Atom1Feed
    subtitle = HonouredExemplarsFeed.description
