"""Council members' pages: the sessions open for their vote and the secret ballot itself (/hoi-dong/)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tayninh_thidua.lib.views import run_service

from ..forms_decision import BallotForm
from ..models import BallotReceipt, CouncilSession
from ..services import council as council_services


@login_required
@require_GET
def session_list(request: HttpRequest) -> HttpResponse:
    sessions = (
        CouncilSession.objects.filter(council__members__user=request.user, state=CouncilSession.State.VOTING)
        .select_related("council")
        .distinct()
    )
    voted = set(
        BallotReceipt.objects.filter(member__user=request.user, session__in=sessions).values_list(
            "session_id", flat=True
        )
    )
    return render(request, "exemplars/council/session_list.html", {"sessions": sessions, "voted": voted})


@login_required
@require_http_methods(["GET", "POST"])
def ballot(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(CouncilSession.objects.select_related("council"), pk=pk)
    member = council_services.member_for(session, request.user)
    if member is None:
        raise Http404  # a non-member learns nothing of the session
    nominations = list(session.agenda.select_related("agency", "award_type").order_by("pk"))
    form = BallotForm(request.POST or None, nominations=nominations)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            lambda: council_services.cast_ballot(session, user=request.user, choices=form.choices()) or True,
            _("Đã ghi nhận phiếu bầu của bạn. Phiếu là phiếu kín: hệ thống chỉ ghi nhận bạn đã bỏ phiếu."),
        )
        if done:
            return redirect(reverse("council:session.list"))
    already = BallotReceipt.objects.filter(session=session, member=member).exists()
    context = {"session": session, "form": form, "nominations": nominations, "already": already}
    return render(request, "exemplars/council/ballot.html", context)
