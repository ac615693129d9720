"""Agency pages (/don-vi/): an agency's dossiers, drafts, files and exemplars.

Every lookup is scoped by `request.agency` (access.get_nomination_for_user): another agency's
objects answer 404. State changes are POST-only and go through services.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from movements.access import agency_head_required, agency_member_required
from tayninh_thidua.lib.storage import image_content_type, private_file_response
from tayninh_thidua.lib.uploads import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE
from tayninh_thidua.lib.views import run_service

from .. import services
from ..access import (
    get_exemplar_for_agency,
    get_initiative_for_user,
    get_nomination_for_user,
    get_proposal_for_user,
    initiatives_visible_to,
    nominations_visible_to,
    proposals_visible_to,
    replications_visible_to,
)
from ..forms import (
    AgencyProposalForm,
    AttachmentForm,
    FollowUpForm,
    InitiativeFileForm,
    InitiativeForm,
    NominationForm,
    NominationInitiativesForm,
    NurturingPlanForm,
    RegistrationEntryForm,
    ReplicationForm,
    ResubmitForm,
    VerificationAnswerForm,
)
from ..models import (
    Exemplar,
    Initiative,
    InitiativeAttachment,
    Nomination,
    NominationAttachment,
    NurturingPlan,
    Proposal,
    Registration,
    RegistrationEntry,
    Replication,
)
from ..services import registration as registry
from ..services import rules

State = Nomination.State


@require_GET
@agency_member_required
def dashboard(request: HttpRequest) -> HttpResponse:
    nominations = Nomination.objects.for_agency(request.agency).with_relations()
    counts = dict(nominations.order_by().values_list("state").annotate(n=Count("pk")))
    selected = request.GET.get("trang-thai", "")
    if selected in State.values:
        nominations = nominations.filter(state=selected)
    states = [(value, label, counts.get(value, 0)) for value, label in State.choices]
    page = Paginator(nominations, 25).get_page(request.GET.get("trang"))
    context = {
        "nominations": page.object_list,
        "page_obj": page,
        "query_string": urlencode({"trang-thai": selected}) if selected else "",
        "states": states,
        "selected": selected,
        "exemplar_count": Exemplar.objects.for_agency(request.agency).count(),
    }
    return render(request, "exemplars/agency/dashboard.html", context)


def _save_document(form, nomination: Nomination, actor) -> None:
    document = form.cleaned_data.get("document")
    if document:
        services.add_attachment(
            nomination,
            actor=actor,
            document_type=form.cleaned_data["document_type"],
            file=document,
            **form.document_info,
        )


@require_http_methods(["GET", "POST"])
@agency_member_required
def nomination_create(request: HttpRequest) -> HttpResponse:
    form = NominationForm(request.POST or None, request.FILES or None, agency=request.agency)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            nomination = services.create_nomination(form.save(commit=False), actor=request.user)
            _save_document(form, nomination, request.user)
        messages.success(request, _("Đã lưu hồ sơ nháp. Bổ sung tệp đính kèm rồi gửi hồ sơ khi hoàn tất."))
        return redirect("agency:nomination.detail", pk=nomination.pk)
    return render(request, "exemplars/agency/nomination_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@agency_member_required
def nomination_edit(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_nomination_for_user(request, pk)
    if not nomination.is_editable_by_agency:
        messages.error(request, _("Hồ sơ đã gửi, không thể chỉnh sửa."))
        return redirect("agency:nomination.detail", pk=pk)
    form = NominationForm(request.POST or None, request.FILES or None, instance=nomination, agency=request.agency)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            nomination = services.update_nomination(
                form.save(commit=False), actor=request.user, changed=form.changed_data
            )
            _save_document(form, nomination, request.user)
        messages.success(request, _("Đã lưu thay đổi."))
        return redirect("agency:nomination.detail", pk=pk)
    return render(request, "exemplars/agency/nomination_form.html", {"form": form, "nomination": nomination})


def _detail(request: HttpRequest, nomination: Nomination, attachment_form=None, status: int = 200) -> HttpResponse:
    checklist = rules.dossier_checklist(nomination)
    context = {
        "nomination": nomination,
        "attachments": nomination.attachments.all(),
        "events": nomination.events.select_related("actor"),
        "checklist": checklist,
        "unmet": [check for check in checklist if not check.ok],
        "attachment_form": (attachment_form or AttachmentForm()) if nomination.is_editable_by_agency else None,
        "resubmit_form": ResubmitForm(),
        # What this user may do now, by move name: the template shows these and never compares states.
        "actions": {move.name: move for move in nomination.actions_for(request.user)},
    }
    return render(request, "exemplars/agency/nomination_detail.html", context, status=status)


@require_GET
@agency_member_required
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_nomination_for_user(request, pk))


@require_POST
@agency_member_required
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_nomination_for_user(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        run_service(request, lambda: _save_document(form, nomination, request.user), _("Đã tải lên tệp đính kèm."))
        return redirect("agency:nomination.detail", pk=pk)
    return _detail(request, nomination, attachment_form=form, status=400)


@require_POST
@agency_member_required
def attachment_delete(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    nomination = get_nomination_for_user(request, pk)
    attachment = get_object_or_404(nomination.attachments, pk=attachment_pk)
    run_service(request, lambda: services.remove_attachment(attachment, actor=request.user), _("Đã xóa tệp đính kèm."))
    return redirect("agency:nomination.detail", pk=pk)


def _warn_unmet(request: HttpRequest, nomination: Nomination | None) -> None:
    """A dossier sent incomplete is not refused, but the sender is told what approval will still need."""
    unmet = rules.unmet_rules(nomination) if nomination is not None else []
    if unmet:
        messages.warning(
            request,
            _("Lưu ý: hồ sơ chưa đạt %(count)s điều kiện, chưa thể được phê duyệt nếu không bổ sung: %(items)s.")
            % {"count": len(unmet), "items": "; ".join(str(check) for check in unmet)},
        )


@require_POST
@agency_head_required
def nomination_submit(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_nomination_for_user(request, pk)
    sent = run_service(
        request,
        lambda: services.submit_nomination(nomination, actor=request.user),
        _("Đã gửi hồ sơ đến cơ quan thường trực thi đua – khen thưởng."),
    )
    _warn_unmet(request, sent)
    return redirect("agency:nomination.detail", pk=pk)


@require_POST
@agency_head_required
def nomination_resubmit(request: HttpRequest, pk: int) -> HttpResponse:
    form = ResubmitForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    nomination = get_nomination_for_user(request, pk)
    sent = run_service(
        request,
        lambda: services.resubmit_nomination(nomination, actor=request.user, comment=comment),
        _("Đã gửi lại hồ sơ đã bổ sung."),
    )
    _warn_unmet(request, sent)
    return redirect("agency:nomination.detail", pk=pk)


@require_GET
@agency_member_required
def exemplar_list(request: HttpRequest) -> HttpResponse:
    exemplars = (
        Exemplar.objects.for_agency(request.agency).select_related("field").with_honour_counts().order_by("name")
    )
    return render(request, "exemplars/agency/exemplar_list.html", {"exemplars": exemplars})


# --- private files: agency members of the dossier's agency, or provincial reviewers -------------
@require_GET
@login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    attachment = get_object_or_404(
        NominationAttachment.objects.filter(nomination__in=nominations_visible_to(request.user)), pk=pk
    )
    return private_file_response(attachment.file, attachment.download_name, attachment.content_type)


@require_GET
@login_required
def nomination_portrait(request: HttpRequest, pk: int) -> HttpResponseBase:
    nomination = get_object_or_404(nominations_visible_to(request.user).exclude(nominee_portrait=""), pk=pk)
    name = nomination.nominee_portrait.name
    ext = name.rsplit(".", 1)[-1].lower()
    return private_file_response(
        nomination.nominee_portrait, f"chan-dung-{nomination.pk}.{ext}", image_content_type(name)
    )


# --- the exemplar's life: proposals to verify, nurturing plans and follow-ups, replications ----------
@require_GET
@agency_member_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    proposals = Proposal.objects.for_agency(request.agency).with_relations()
    page = Paginator(proposals, 25).get_page(request.GET.get("trang"))
    return render(request, "exemplars/agency/proposal_list.html", {"proposals": page.object_list, "page_obj": page})


@require_http_methods(["GET", "POST"])
@agency_member_required
def proposal_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    initial = {"proposer_name": user.get_full_name() or user.get_username(), "proposer_email": user.email}
    form = AgencyProposalForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        proposal = run_service(
            request,
            lambda: services.submit_proposal(data, photo=data.get("photo") or None, actor=user, agency=request.agency),
            _("Đã gửi lời giới thiệu đến cơ quan thường trực thi đua – khen thưởng."),
        )
        if proposal is not None:
            return redirect("agency:proposal.detail", pk=proposal.pk)
    return render(request, "exemplars/agency/proposal_form.html", {"form": form})


def _proposal_page(request: HttpRequest, proposal: Proposal, form=None, status: int = 200) -> HttpResponse:
    actions = {move.name: move for move in proposal.actions_for(request.user)}
    asked = proposal.agency_id == request.agency.pk
    context = {
        "proposal": proposal,
        "asked": asked,
        "form": (form or VerificationAnswerForm()) if asked and ("confirm" in actions or "reject" in actions) else None,
        "events": proposal.events.select_related("actor"),
    }
    return render(request, "exemplars/agency/proposal_detail.html", context, status=status)


@require_GET
@agency_member_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _proposal_page(request, get_proposal_for_user(request, pk))


@require_POST
@agency_member_required
def proposal_verify(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request, pk)
    if proposal.agency_id != request.agency.pk:
        raise PermissionDenied
    form = VerificationAnswerForm(request.POST)
    if not form.is_valid():
        return _proposal_page(request, proposal, form=form, status=400)
    done = run_service(
        request,
        lambda: services.verify_proposal(proposal, actor=request.user, **form.cleaned_data),
        _("Đã ghi kết quả xác minh."),
    )
    if done is None:
        return _proposal_page(request, get_proposal_for_user(request, pk), form=form, status=400)
    return redirect("agency:proposal.detail", pk=pk)


@require_GET
@login_required
def proposal_photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    proposal = get_object_or_404(proposals_visible_to(request.user).exclude(photo=""), pk=pk)
    name = proposal.photo.name
    return private_file_response(
        proposal.photo, f"gioi-thieu-{proposal.pk}.{name.rsplit('.', 1)[-1]}", image_content_type(name), inline=True
    )


def _nurturing_page(request: HttpRequest, exemplar: Exemplar, **forms) -> HttpResponse:
    plan = NurturingPlan.objects.filter(exemplar=exemplar).first()
    initial = {"goals": plan.goals, "support": plan.support} if plan else None
    context = {
        "exemplar": exemplar,
        "plan": plan,
        "plan_form": forms.get("plan_form") or NurturingPlanForm(initial=initial),
        "follow_up_form": forms.get("follow_up_form") or FollowUpForm(),
        "follow_ups": plan.follow_ups.all() if plan else [],
        "replications": exemplar.replications.select_related("agency"),
    }
    return render(request, "exemplars/agency/exemplar_nurturing.html", context, status=400 if forms else 200)


@require_http_methods(["GET", "POST"])
@agency_member_required
def exemplar_nurturing(request: HttpRequest, pk: int) -> HttpResponse:
    exemplar = get_exemplar_for_agency(request, pk)
    if request.method == "GET":
        return _nurturing_page(request, exemplar)
    form = NurturingPlanForm(request.POST)
    if form.is_valid():
        saved = run_service(
            request,
            lambda: services.save_nurturing_plan(exemplar, actor=request.user, **form.cleaned_data),
            _("Đã lưu kế hoạch bồi dưỡng."),
        )
        if saved is not None:
            return redirect("agency:exemplar.nurturing", pk=pk)
    return _nurturing_page(request, exemplar, plan_form=form)


@require_POST
@agency_member_required
def follow_up_create(request: HttpRequest, pk: int) -> HttpResponse:
    exemplar = get_exemplar_for_agency(request, pk)
    plan = NurturingPlan.objects.filter(exemplar=exemplar).first()
    form = FollowUpForm(request.POST)
    if plan is None:
        messages.error(request, _("Hãy lập kế hoạch bồi dưỡng trước khi ghi theo dõi."))
        return redirect("agency:exemplar.nurturing", pk=pk)
    if form.is_valid():
        saved = run_service(
            request,
            lambda: services.add_follow_up(plan, actor=request.user, **form.cleaned_data),
            _("Đã ghi lần theo dõi."),
        )
        if saved is not None:
            return redirect("agency:exemplar.nurturing", pk=pk)
    return _nurturing_page(request, exemplar, follow_up_form=form)


@require_http_methods(["GET", "POST"])
@agency_member_required
def replication_list(request: HttpRequest) -> HttpResponse:
    """The agency's replication records, and the form to record one (a published exemplar of another agency)."""
    form = ReplicationForm(request.POST or None, request.FILES or None, agency=request.agency)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = run_service(
            request,
            lambda: services.record_replication(
                data["exemplar"],
                actor=request.user,
                agency=request.agency,
                date=data["date"],
                what=data["what"],
                results=data["results"],
                evidence_link=data["evidence_link"],
                evidence_file=data["evidence"],
                evidence_name=getattr(form, "evidence_name", ""),
            ),
            _("Đã ghi nhận việc nhân rộng."),
        )
        if saved is not None:
            return redirect("agency:replication.list")
    replications = Replication.objects.for_agency(request.agency).select_related("exemplar")
    status = 400 if request.method == "POST" else 200
    context = {"replications": replications, "form": form}
    return render(request, "exemplars/agency/replication_list.html", context, status=status)


@require_GET
@login_required
def replication_evidence(request: HttpRequest, pk: int) -> HttpResponseBase:
    replication = get_object_or_404(replications_visible_to(request.user).exclude(evidence_file=""), pk=pk)
    name = replication.evidence_file.name
    types = {"pdf": PDF_CONTENT_TYPE, "docx": DOCX_CONTENT_TYPE}
    content_type = types.get(name.rsplit(".", 1)[-1], image_content_type(name))
    return private_file_response(replication.evidence_file, replication.evidence_name or name, content_type)


# --- the initiative register ---------------------------------------------------------------------
@require_GET
@agency_member_required
def initiative_list(request: HttpRequest) -> HttpResponse:
    initiatives = (
        Initiative.objects.for_agency(request.agency)
        .with_relations()
        .annotate(used=Count("nominations"))
        .order_by("-recognised_on", "title")
    )
    page = Paginator(initiatives, 25).get_page(request.GET.get("trang"))
    return render(request, "exemplars/agency/initiative_list.html", {"page_obj": page, "initiatives": page.object_list})


@require_http_methods(["GET", "POST"])
@agency_member_required
def initiative_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    initiative = get_initiative_for_user(request, pk) if pk is not None else None
    form = InitiativeForm(request.POST or None, instance=initiative, agency=request.agency)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            request,
            lambda: services.save_initiative(form.save(commit=False), actor=request.user),
            _("Đã lưu sáng kiến."),
        )
        if saved is not None:
            return redirect("agency:initiative.detail", pk=saved.pk)
    return render(request, "exemplars/agency/initiative_form.html", {"form": form, "initiative": initiative})


def _initiative_detail(request: HttpRequest, initiative: Initiative, form=None, status: int = 200) -> HttpResponse:
    context = {
        "initiative": initiative,
        "attachments": initiative.attachments.all(),
        "nominations": initiative.nominations.select_related("award_type").order_by("-year"),
        "file_form": form or InitiativeFileForm(),
    }
    return render(request, "exemplars/agency/initiative_detail.html", context, status=status)


@require_GET
@agency_member_required
def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _initiative_detail(request, get_initiative_for_user(request, pk))


@require_POST
@agency_member_required
def initiative_file_upload(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = get_initiative_for_user(request, pk)
    form = InitiativeFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _initiative_detail(request, initiative, form, status=400)
    run_service(
        request,
        lambda: services.add_initiative_file(
            initiative, actor=request.user, file=form.cleaned_data["document"], **form.document_info
        ),
        _("Đã tải lên tệp đính kèm."),
    )
    return redirect("agency:initiative.detail", pk=pk)


@require_GET
@login_required
def initiative_file_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    attachment = get_object_or_404(
        InitiativeAttachment.objects.filter(initiative__in=initiatives_visible_to(request.user)), pk=pk
    )
    return private_file_response(attachment.file, attachment.download_name, attachment.content_type)


@require_http_methods(["GET", "POST"])
@agency_member_required
def nomination_initiatives(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_nomination_for_user(request, pk)
    initial = {"initiatives": list(nomination.initiatives.all())}
    form = NominationInitiativesForm(request.POST or None, initial=initial, agency=request.agency)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            lambda: services.link_initiatives(nomination, form.cleaned_data["initiatives"], actor=request.user),
            _("Đã cập nhật sáng kiến làm căn cứ."),
        )
        if done is not None:
            return redirect("agency:nomination.detail", pk=pk)
    context = {"nomination": nomination, "form": form}
    return render(request, "exemplars/agency/nomination_initiatives.html", context)


# --- annual registration -------------------------------------------------------------------------
def _year(request: HttpRequest) -> int:
    value = request.GET.get("nam") or request.POST.get("nam") or ""
    year = int(value) if value.isdigit() and len(value) == 4 else timezone.localdate().year
    return min(max(year, 1945), 2100)


def _registration_page(request: HttpRequest, year: int, form=None, status: int = 200) -> HttpResponse:
    registrations = Registration.objects.for_agency(request.agency).filter(year=year).select_related("agency")
    entries = [e for r in registrations.prefetch_related("entries__award_type") for e in r.entries.all()]
    period = registry.period_for(year)
    context = {
        "year": year,
        "period": period,
        "is_open": period is not None and timezone.localdate() <= period.deadline,
        "entries": entries,
        "form": form or RegistrationEntryForm(year=year),
    }
    return render(request, "exemplars/agency/registration.html", context, status=status)


@require_GET
@agency_member_required
def registration(request: HttpRequest) -> HttpResponse:
    return _registration_page(request, _year(request))


@require_POST
@agency_member_required
def registration_add(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    form = RegistrationEntryForm(request.POST, year=year)
    if not form.is_valid():
        return _registration_page(request, year, form, status=400)
    done = run_service(
        request,
        lambda: services.register_title(request.agency, year, actor=request.user, **form.cleaned_data),
        _("Đã đăng ký danh hiệu."),
    )
    if done is None:
        return _registration_page(request, year, form, status=400)
    return redirect(f"{reverse('agency:registration')}?nam={year}")


@require_POST
@agency_member_required
def registration_remove(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(
        RegistrationEntry.objects.filter(registration__in=Registration.objects.for_agency(request.agency)), pk=pk
    )
    year = entry.registration.year
    run_service(request, lambda: services.remove_entry(entry, actor=request.user), _("Đã bỏ danh hiệu khỏi đăng ký."))
    return redirect(f"{reverse('agency:registration')}?nam={year}")
