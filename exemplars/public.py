"""Querysets for public pages: only published rows, and only published related rows.

`Exemplar.objects.with_public_relations()` prefetches every movement; a public page must not name
a movement that is still a draft, so the public pages use these instead.
"""

from __future__ import annotations

from django.db.models import Prefetch

from movements.models import Movement

from .models import Exemplar, Honour


def published_movements():
    return Movement.objects.published().only("pk", "slug", "name", "kind", "position")


def public_exemplars():
    """Published exemplars with what a list card or API row shows, in a fixed number of queries."""
    return (
        Exemplar.objects.published()
        .select_related("agency", "field")
        .prefetch_related(Prefetch("movements", queryset=published_movements()))
    )


def public_exemplar_pages():
    """Published exemplars with everything their own page shows."""
    honours = Honour.objects.select_related("award_type", "movement").order_by("-year", "-decision_date", "-pk")
    return (
        Exemplar.objects.published()
        .select_related("agency__successor__successor", "field", "phase")
        .prefetch_related(
            Prefetch("movements", queryset=published_movements()),
            Prefetch("honours", queryset=honours),
            "photos",
        )
    )
