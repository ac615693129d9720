"""Staff doors and pages: the council's minutes and the honour certificates (served from private storage to staff
holding the permission), and the emulation year's registrations with their xlsx export."""

from __future__ import annotations

import io

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from tayninh_thidua.lib.access import staff_permission_required
from tayninh_thidua.lib.storage import private_file_response

from ..models import CouncilSession
from ..services import registration as registry

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@staff_permission_required("exemplars.view_councilsession")
def session_minutes(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    session = get_object_or_404(CouncilSession, pk=pk)
    field = {"docx": session.minutes_docx, "pdf": session.minutes_pdf}.get(fmt)
    if not field:
        raise Http404
    content_type = DOCX_TYPE if fmt == "docx" else "application/pdf"
    return private_file_response(field, f"bien-ban-kiem-phieu-{session.pk}.{fmt}", content_type)


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
