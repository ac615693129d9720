"""Public pages of the road from dossier to decision: consultations open for comment (/lay-y-kien/), the
decision register (/quyet-dinh/) and the certificate status page (/xac-thuc/<code>/).

Only what the public may know is shown: a consulted dossier's name, agency, proposed honour and summary of
achievements; a decision's recipients that are published exemplars."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tayninh_thidua.lib import ratelimit
from tayninh_thidua.lib.pagecache import cache_public_page
from tayninh_thidua.lib.xlsx import Workbook

from .. import verification
from ..forms_decision import CommentForm
from ..models import AwardDecision, Consultation, DecisionRecipient, Exemplar, Nomination
from ..services import consultation as consultation_services

COMMENTS_PER_HOUR = 5


def _consulted() -> Prefetch:
    return Prefetch("nominations", queryset=Nomination.objects.select_related("agency", "award_type").order_by("pk"))


@require_GET
@cache_public_page
def consultation_list(request: HttpRequest) -> HttpResponse:
    consultations = Consultation.objects.open_now().prefetch_related(_consulted())
    return render(request, "exemplars/consultation_list.html", {"consultations": consultations})


def _comment_allowed(request: HttpRequest) -> bool:
    return not ratelimit.hit(
        "consultation-comment", ratelimit.client_address(request), limit=COMMENTS_PER_HOUR, window=3600
    )


@require_http_methods(["GET", "POST"])
def consultation_comment(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_object_or_404(Consultation.objects.open_now().prefetch_related(_consulted()), pk=pk)
    nominations = list(consultation.nominations.all())
    form = CommentForm(request.POST or None, nominations=nominations)
    if request.method == "POST" and form.is_valid() and not _comment_allowed(request):
        form.add_error(None, _("Bạn đã gửi nhiều ý kiến trong thời gian ngắn. Vui lòng thử lại sau."))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not data["website"]:  # the honeypot: bots fill it, people never see it
            nomination = next(n for n in nominations if n.pk == data["nomination"])
            try:
                consultation_services.submit_comment(
                    consultation,
                    nomination,
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    comment=data["comment"],
                )
            except ValidationError as exc:
                form.add_error(None, " ".join(exc.messages))
        if not form.errors:
            messages.success(
                request,
                _("Đã nhận ý kiến. Vui lòng mở thư chúng tôi vừa gửi và bấm đường dẫn để xác nhận ý kiến của bạn."),
            )
            return redirect(reverse("consultations:list"))
    context = {"consultation": consultation, "nominations": nominations, "form": form}
    return render(request, "exemplars/consultation_comment.html", context)


@require_http_methods(["GET", "POST"])
def comment_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the confirmation mail: a page with one button (a mail scanner's GET confirms nothing)."""
    if request.method == "POST":
        comment = consultation_services.confirm_comment(token)
        if comment is None:
            return render(request, "exemplars/comment_confirm.html", {"unknown": True}, status=404)
        messages.success(request, _("Cảm ơn bạn: ý kiến đã được xác nhận và chuyển tới cán bộ thi đua – khen thưởng."))
        return redirect(reverse("consultations:list"))
    known = len(token) <= 64 and consultation_services.comment_exists(token)
    return render(request, "exemplars/comment_confirm.html", {"unknown": not known}, status=200 if known else 404)


DECISIONS_PAGE_SIZE = 20


def _public_recipients() -> Prefetch:
    """A decision's recipients the public may see: those whose exemplar is published (drafts never show)."""
    return Prefetch(
        "recipients",
        queryset=DecisionRecipient.objects.filter(honour__exemplar__in=Exemplar.objects.published())
        .select_related("honour__exemplar", "honour__award_type", "nomination__agency")
        .order_by("pk"),
        to_attr="public_recipients",
    )


@require_GET
@cache_public_page
def decision_list(request: HttpRequest) -> HttpResponse:
    decisions = AwardDecision.objects.issued().prefetch_related(_public_recipients())
    page = Paginator(decisions, DECISIONS_PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(request, "exemplars/decision_list.html", {"page_obj": page, "decisions": page.object_list})


@require_GET
def decision_export(request: HttpRequest) -> HttpResponse:
    """The register as xlsx: one row per public recipient of every issued decision."""
    book = Workbook()
    sheet = book.create_sheet(_("Quyết định khen thưởng"))
    sheet.append(
        [
            _("Số, ký hiệu"),
            _("Ngày ký"),
            _("Cơ quan ban hành"),
            _("Người ký"),
            _("Trích yếu"),
            _("Cá nhân, tập thể"),
            _("Đơn vị"),
            _("Hình thức"),
            _("Năm"),
            _("Thu hồi"),
        ]
    )
    for decision in AwardDecision.objects.issued().prefetch_related(_public_recipients()):
        for recipient in decision.public_recipients:
            honour = recipient.honour
            sheet.append(
                [
                    decision.full_number,
                    decision.date,
                    decision.issuing_body,
                    f"{decision.signer_position} {decision.signer_name}",
                    decision.title,
                    honour.exemplar.name,
                    recipient.nomination.agency.name,
                    honour.award_type.name,
                    honour.year,
                    honour.revoked_reason if honour.is_revoked else "",
                ]
            )
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="quyet-dinh-khen-thuong.xlsx"'
    return response


@require_GET
@cache_public_page
def certificate_status(request: HttpRequest, code: str) -> HttpResponse:
    """The public status of a printed certificate: valid, or revoked with the reason (page cache refreshed by
    the revocation service, so a revocation shows at once)."""
    found = verification.find(code) if len(code) <= 40 else None
    if found is None:
        raise Http404
    template, context = found
    return render(request, template, context)
