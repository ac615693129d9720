"""Judges' pages under /giam-khao/. Blind: templates here never receive the author's fields."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from contests import services
from contests.forms import ConflictForm, ScoreForm
from contests.models import Assignment, Score


def judge_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not services.is_judge(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@judge_required
def assignment_list(request: HttpRequest) -> HttpResponse:
    assignments = Assignment.objects.for_judge(request.user).select_related("score")
    assignments = assignments.only(
        "pk",
        "round__kind",
        "round__order",
        "round__ends_on",
        "round__advanced_at",
        "round__edition__year",
        "round__edition__title",
        "round__edition__results_published_at",
        "entry__code",
        "entry__number",
        "entry__title",
        "entry__genre",
        "entry__word_count",
        "score",
    )
    return render(request, "contests/judges/assignment_list.html", {"assignments": assignments})


@judge_required
@require_http_methods(["GET", "POST"])
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = services.get_assignment_for_judge(request.user, pk)
    score = Score.objects.filter(assignment=assignment).first()
    form = ScoreForm(request.POST or None, instance=score)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_score(assignment, request.user, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu điểm bài %(code)s.") % {"code": assignment.entry.code})
            return redirect("judges:assignment.list")
    entry = assignment.entry
    # Only what a blind judge may see: never author_name, author_email, author_phone, author_address, author_workplace.
    work = {
        "code": entry.code,
        "genre": entry.get_genre_display(),
        "title": entry.title,
        "text": entry.text,
        "word_count": entry.word_count,
        "subject_kind": entry.get_subject_kind_display(),
        "subject_name": entry.subject_name,
        "subject_locality": entry.subject_locality,
        "subject_activity": entry.subject_activity,
        "photos": [p.get_absolute_url() for p in entry.photos.all()],
    }
    return render(
        request,
        "contests/judges/assignment_detail.html",
        {
            "assignment": assignment,
            "round": assignment.round,
            "work": work,
            "form": form,
            "conflict_form": ConflictForm(),
            "open": assignment.round.is_open_for_scoring(),
        },
    )


@judge_required
@require_POST
def conflict_declare(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = services.get_assignment_for_judge(request.user, pk)
    form = ConflictForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    entry = assignment.entry
    services.declare_conflict(request.user, entry, reason=reason)
    if services.judges_missing(entry):
        message = _(
            "Đã ghi nhận xung đột lợi ích với bài %(code)s và rút bài khỏi danh sách chấm của bạn. Hiện chưa có "
            "giám khảo khác để nhận bài: Ban Tổ chức đã được báo để phân công thêm."
        )
    else:
        message = _(
            "Đã ghi nhận xung đột lợi ích với bài %(code)s; bài đã được giao cho giám khảo khác và rút khỏi danh "
            "sách chấm của bạn."
        )
    messages.success(request, message % {"code": entry.code})
    return redirect("judges:assignment.list")
