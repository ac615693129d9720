"""The emulation year's figures (issue #16) on the statistics pages: registration, blocs and initiatives for one
year, the whole province or one agency (with the agencies merged into it). The counting lives in the apps'
services (registration_counts, bloc_counts, initiative_counts); this only picks the year and the audience."""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone

from exemplars.models import Initiative
from exemplars.services.initiatives import initiative_counts
from exemplars.services.registration import registration_counts
from movements.models import Agency, Covenant
from movements.services.blocs import bloc_counts


def chosen_year(form) -> int:
    """The statistics filter's year, else the current year."""
    year = form.cleaned_data.get("year") if form.is_bound and form.is_valid() else None
    return year or timezone.localdate().year


def year_figures(year: int, agency: Agency | None = None) -> dict:
    """For staff and agencies: everything, unpublished rankings and unrecognised initiatives included."""
    return {
        "year": year,
        "registration": registration_counts(year, agency=agency),
        "blocs": bloc_counts(year, agency=agency),
        "initiatives": initiative_counts(year, agency=agency),
        "levels": dict(Initiative.Level.choices),
    }


def public_year_figures(year: int) -> dict:
    """For the public page: recognised initiatives of the year by level, and the year's published rankings (two
    queries)."""
    recognised = Initiative.objects.recognised().filter(recognised_on__year=year).order_by()
    found = dict(recognised.values_list("recognition_level").annotate(n=Count("pk")))  # one query
    by_level = {level: found.get(level, 0) for level in Initiative.Level.values}
    return {
        "year": year,
        "initiatives": {"recognised": sum(by_level.values()), "by_level": by_level},
        "levels": dict(Initiative.Level.choices),
        "rankings": list(Covenant.objects.published().filter(year=year).select_related("bloc").order_by("bloc__name")),
    }
