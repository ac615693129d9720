"""Staff pages of the emulation year: who registered what, and its xlsx export."""

from __future__ import annotations

import io

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tayninh_thidua.lib.access import staff_permission_required

from ..services import registration as registry

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request: HttpRequest) -> int:
    value = request.GET.get("nam", "")
    year = int(value) if value.isdigit() and len(value) == 4 else timezone.localdate().year
    return min(max(year, 1945), 2100)


@staff_permission_required("exemplars.view_registration")
def registration_board(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    rows = registry.registration_board(year)
    context = {
        "year": year,
        "period": registry.period_for(year),
        "rows": rows,
        "registered": sum(1 for row in rows if row.registration is not None),
    }
    return render(request, "exemplars/staff/registration_board.html", context)


@staff_permission_required("exemplars.view_registration")
def registration_export(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    buffer = io.BytesIO()
    registry.registration_workbook(year).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="dang-ky-thi-dua-{year}.xlsx"'
    return response
