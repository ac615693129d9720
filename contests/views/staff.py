"""Staff pages under /cuoc-thi/quan-ly/: rankings, assignment, advancing, verification, prizes, publication."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contests import services
from contests.forms import (
    AdvanceForm,
    AssignJudgesForm,
    PrizeForm,
    PublishForm,
    ReopenRoundForm,
    VerificationForm,
    VerificationRequestForm,
)
from contests.models import Edition, Entry, Round
from contests.services.ranking import TIE_RULE, rank_round
from movements.models import Agency
from tayninh_thidua.lib.access import staff_permission_required
from tayninh_thidua.lib.views import run_service


def _done(request: HttpRequest, edition: Edition, func, success: str) -> HttpResponse:
    run_service(request, func, success)
    return redirect("contests:manage.edition", year=edition.year)


def _refused(request: HttpRequest, edition: Edition, form) -> HttpResponse:
    """A staff form that did not validate: say why, in Vietnamese, field by field, and change nothing."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
    return redirect("contests:manage.edition", year=edition.year)


def _entry(edition: Edition, pk: int) -> Entry:
    return get_object_or_404(Entry.objects.select_related("edition"), edition=edition, pk=pk)


@staff_permission_required("contests.view_entry", "contests.view_score")
def manage_edition(request: HttpRequest, year: int) -> HttpResponse:
    edition = get_object_or_404(Edition.objects.with_related(), year=year)
    rounds = [(r, rank_round(r), services.short_of_judges(r)) for r in edition.rounds.all()]
    final = edition.final_round
    finalists = (
        list(
            Entry.objects.in_round(final).select_related("prize", "verification_agency", "exemplar").order_by("number")
        )
        if final
        else []
    )
    return render(
        request,
        "contests/manage/edition.html",
        {
            "edition": edition,
            "rounds": rounds,
            "tie_rule": TIE_RULE,
            "finalists": finalists,
            "tiers": edition.prize_tiers.all(),
            "agencies": Agency.objects.active_on().only("pk", "name"),
            "verification_form": VerificationForm(),
            "entry_count": edition.entries.count(),
            "blockers": services.publication_blockers(edition),
        },
    )


@staff_permission_required("contests.change_round")
@require_POST
def round_assign(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("edition"), pk=pk)
    form = AssignJudgesForm(request.POST)
    if not form.is_valid():
        return _refused(request, round_.edition, form)
    per_entry = form.cleaned_data["per_entry"]
    return _done(
        request,
        round_.edition,
        lambda: services.assign_judges(round_, per_entry=per_entry, actor=request.user),
        _("Đã phân công giám khảo cho vòng %(round)s.") % {"round": round_.get_kind_display()},
    )


@staff_permission_required("contests.change_round")
@require_POST
def round_advance(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("edition"), pk=pk)
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        return _refused(request, round_.edition, form)
    chosen = run_service(
        request, lambda: services.advance_top(round_, count=form.cleaned_data["count"], actor=request.user)
    )
    if chosen is not None:
        messages.success(
            request,
            _("Đã chọn %(n)s bài điểm cao nhất vào vòng sau. Nếu nhầm, có thể hoàn tác khi vòng sau chưa chấm điểm.")
            % {"n": len(chosen)},
        )
        short = services.under_scored(round_, chosen)
        if short:
            messages.warning(
                request,
                _("Lưu ý: thứ hạng của các bài %(codes)s dựa trên ít hơn %(n)s điểm chấm theo quy định.")
                % {"codes": ", ".join(e.code for e in short), "n": round_.judges_per_entry},
            )
    return redirect("contests:manage.edition", year=round_.edition.year)


@staff_permission_required("contests.change_round")
@require_POST
def round_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("edition"), pk=pk)
    form = ReopenRoundForm(request.POST)
    if not form.is_valid():
        return _refused(request, round_.edition, form)
    return _done(
        request,
        round_.edition,
        lambda: services.reopen_round(round_, actor=request.user, reason=form.cleaned_data["reason"]),
        _("Đã hoàn tác việc chọn bài vào vòng sau của vòng %(round)s.") % {"round": round_.get_kind_display()},
    )


@staff_permission_required("contests.change_entry")
@require_POST
def entry_verification_request(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    edition = get_object_or_404(Edition, year=year)
    entry = _entry(edition, pk)
    form = VerificationRequestForm(request.POST)
    if not form.is_valid():
        return _refused(request, edition, form)
    agency = form.cleaned_data["agency"]
    return _done(
        request,
        edition,
        lambda: services.request_verification(entry, agency, actor=request.user),
        _("Đã gửi đề nghị xác minh bài %(code)s tới %(agency)s.") % {"code": entry.code, "agency": agency.name},
    )


@staff_permission_required("contests.change_entry")
@require_POST
def entry_verification_record(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    edition = get_object_or_404(Edition, year=year)
    entry = _entry(edition, pk)
    form = VerificationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vui lòng chọn kết quả xác minh."))
        return redirect("contests:manage.edition", year=year)
    return _done(
        request,
        edition,
        lambda: services.record_verification(
            entry, confirmed=form.cleaned_data["confirmed"], note=form.cleaned_data["note"], actor=request.user
        ),
        _("Đã ghi kết quả xác minh bài %(code)s.") % {"code": entry.code},
    )


@staff_permission_required("contests.change_entry")
@require_POST
def entry_prize(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    edition = get_object_or_404(Edition, year=year)
    entry = _entry(edition, pk)
    form = PrizeForm(request.POST, edition=edition)
    if not form.is_valid():
        messages.error(request, _("Giải không hợp lệ."))
        return redirect("contests:manage.edition", year=year)
    tier = form.cleaned_data["tier"]
    return _done(
        request,
        edition,
        lambda: services.assign_prize(entry, tier, actor=request.user),
        _("Đã cập nhật giải cho bài %(code)s (chưa công bố).") % {"code": entry.code},
    )


@staff_permission_required("contests.change_entry", "exemplars.add_exemplar")
@require_POST
def entry_exemplar(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    edition = get_object_or_404(Edition, year=year)
    entry = _entry(edition, pk)
    return _done(
        request,
        edition,
        lambda: services.create_exemplar_from_entry(entry, actor=request.user),
        _("Đã tạo hồ sơ điển hình (chưa công khai) từ nhân vật bài %(code)s.") % {"code": entry.code},
    )


@staff_permission_required("contests.change_edition")
@require_POST
def edition_publish(request: HttpRequest, year: int) -> HttpResponse:
    """First post: the confirmation page (what will be public, or why it cannot be yet); with `confirm`: publish."""
    edition = get_object_or_404(Edition.objects.with_related(), year=year)
    if PublishForm(request.POST).is_valid():
        return _done(
            request,
            edition,
            lambda: services.publish_results(edition, actor=request.user),
            _("Đã công bố kết quả cuộc thi."),
        )
    return render(
        request,
        "contests/manage/publish_confirm.html",
        {
            "edition": edition,
            "blockers": services.publication_blockers(edition),
            "winners": Entry.objects.filter(edition=edition).winners(),
        },
    )
