"""The public statistics page /thong-ke/ and its downloads (CSV per table, xlsx of all tables).

Only published, non-revoked figures (reporting/figures.py). The page is cached per page-cache version like every
public page; the downloads are not (the cache keeps no Content-Disposition), they cost the same fixed queries.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tayninh_thidua.lib.pagecache import cache_public_page

from ..reporting.exports import XLSX_TYPE, download, table_csv, tables_workbook
from ..reporting.figures import Figures, Labels, compute
from ..reporting.filters import StatisticsFilterForm
from ..reporting.year_figures import chosen_year, public_year_figures


def figures_for(request: HttpRequest, *, include_unpublished: bool = False) -> tuple[StatisticsFilterForm, Figures]:
    labels = Labels.load(include_unpublished=include_unpublished)
    form = StatisticsFilterForm(request.GET or None, labels=labels)
    return form, compute(form.scope(include_unpublished=include_unpublished), labels=labels)


@require_GET
@cache_public_page
def statistics(request: HttpRequest) -> HttpResponse:
    form, figures = figures_for(request)
    context = {
        "form": form,
        "figures": figures,
        "query_string": form.query_string(),
        "public": True,
        "year_figures": public_year_figures(chosen_year(form)),
    }
    return render(request, "portal/statistics/public.html", context)


@require_GET
def statistics_csv(request: HttpRequest, key: str) -> HttpResponse:
    _form, figures = figures_for(request)
    table = figures.table(key)
    if table is None:
        raise Http404
    return download(table_csv(table), f"thong-ke-{key}-{timezone.localdate():%Y%m%d}.csv", "text/csv; charset=utf-8")


@require_GET
def statistics_xlsx(request: HttpRequest) -> HttpResponse:
    _form, figures = figures_for(request)
    return download(tables_workbook(figures.tables), f"thong-ke-{timezone.localdate():%Y%m%d}.xlsx", XLSX_TYPE)
