"""Staff doors of the decision road: the council's minutes and the honour certificates, served from private
storage to staff holding the permission."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from tayninh_thidua.lib.access import staff_permission_required
from tayninh_thidua.lib.storage import private_file_response

from ..models import CouncilSession

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@staff_permission_required("exemplars.view_councilsession")
def session_minutes(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    session = get_object_or_404(CouncilSession, pk=pk)
    field = {"docx": session.minutes_docx, "pdf": session.minutes_pdf}.get(fmt)
    if not field:
        raise Http404
    content_type = DOCX_TYPE if fmt == "docx" else "application/pdf"
    return private_file_response(field, f"bien-ban-kiem-phieu-{session.pk}.{fmt}", content_type)
