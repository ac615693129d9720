"""Public pages under /cuoc-thi/: the edition, entry form, finalists' vote, results, archive."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contests import certificates, services
from contests.forms import EntryForm, VerificationLinkForm, VoteForm
from contests.models import Edition, Entry, EntryPhoto
from tayninh_thidua.lib import ratelimit
from tayninh_thidua.lib.access import staff_may_see
from tayninh_thidua.lib.storage import image_content_type, private_file_response

ENTRY_RATE = {"limit": 5, "window": 3600}  # stored entries per address per hour
ENTRY_POST_RATE = {"limit": 30, "window": 600}  # posts of the entry form per address (floods), stored or not
VOTE_RATE = {"limit": 10, "window": 3600}  # vote requests per client address per hour
VOTE_NETWORK_RATE = {"limit": 30, "window": 3600}  # … per network (/24 IPv4, /64 IPv6): rotating addresses
VOTE_MAILBOX_RATE = {"limit": 3, "window": 3600}  # … per mailbox, however spelt (each request sends a mail)


def _edition(year: int) -> Edition:
    return get_object_or_404(Edition.objects.with_related(), year=year)


def edition_current(request: HttpRequest) -> HttpResponse:
    edition = services.current_edition()
    if edition is None:
        return render(request, "contests/no_edition.html", {"archive": Edition.objects.archived()})
    return redirect(edition)


def edition_detail(request: HttpRequest, year: int) -> HttpResponse:
    edition = _edition(year)
    context = {
        "edition": edition,
        "tiers": edition.prize_tiers.all(),
        "rounds": edition.rounds.all(),
        "archive": Edition.objects.archived().exclude(pk=edition.pk),
        "is_judge": services.is_judge(request.user),
    }
    if edition.results_published_at:
        context["winners"] = Entry.objects.filter(edition=edition).winners()
    if edition.vote_is_open():
        context["ballot"] = services.finalists(edition)
        context["vote_form"] = VoteForm()
    return render(request, "contests/edition_detail.html", context)


def edition_archive(request: HttpRequest) -> HttpResponse:
    return render(
        request, "contests/archive.html", {"editions": Edition.objects.archived().select_related("organiser")}
    )


@require_http_methods(["GET", "POST"])
def entry_submit(request: HttpRequest, year: int) -> HttpResponse:
    edition = _edition(year)
    form = EntryForm(request.POST or None, request.FILES or None, edition=edition)
    if not edition.accepts_entries():
        try:
            services.check_window(edition)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        if request.method == "GET":
            return redirect(edition)
        # The window closed while the author was typing: show the text back so nothing is lost.
        return render(request, "contests/entry_form.html", {"edition": edition, "form": form, "closed": True})
    if request.method == "POST":
        address = ratelimit.client_address(request)
        if form.data.get("website"):
            # Honeypot filled in: answer like a success, store nothing.
            messages.success(request, _("Đã nhận bài dự thi."))
            return redirect(edition)
        refusal = _entry_throttled(address)
        if refusal:
            messages.error(request, refusal)
            return render(request, "contests/entry_form.html", {"edition": edition, "form": form}, status=429)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in EntryForm.Meta.fields}
            try:
                entry = services.submit_entry(edition, data, form.cleaned_data["photos"])
            except ValidationError as exc:
                field = (
                    "photos"
                    if exc.code in {"too_many_photos", "too_large", "too_many_pixels", "invalid_image", "bad_format"}
                    else None
                )
                field = "text" if exc.code == "word_limits" else field
                form.add_error(field, exc)
            else:
                ratelimit.hit("entry", address, **ENTRY_RATE)  # only stored entries count toward the limit
                request.session["contests_last_code"] = entry.code
                return redirect("contests:entry.submitted", year=edition.year)
        if request.FILES:
            messages.warning(
                request,
                _(
                    "Bài chưa gửi được. Nội dung bạn đã nhập vẫn được giữ, nhưng trình duyệt không giữ được ảnh đã chọn: vui lòng chọn lại ảnh."
                ),
            )
    return render(request, "contests/entry_form.html", {"edition": edition, "form": form})


def _entry_throttled(address: str) -> str:
    """Why this address may not post the entry form now, or "". Every post counts toward the flood limit;
    the entry limit only reads the count of entries stored (counted after a successful submission)."""
    if ratelimit.hit("entry-post", address, **ENTRY_POST_RATE):
        return _("Bạn đã gửi biểu mẫu quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ít phút.")
    if ratelimit.reached("entry", address, limit=ENTRY_RATE["limit"]):
        return _("Bạn đã gửi quá nhiều bài trong thời gian ngắn. Vui lòng thử lại sau một giờ.")
    return ""


def entry_submitted(request: HttpRequest, year: int) -> HttpResponse:
    edition = _edition(year)
    code = request.session.get("contests_last_code")
    if not code:
        return redirect(edition)
    return render(request, "contests/entry_submitted.html", {"edition": edition, "code": code})


def entry_detail(request: HttpRequest, year: int, code: str) -> HttpResponse:
    """A winning entry once results are published, or a finalist's while the public vote is open (without its
    author, with the vote form); the text only with the author's consent."""
    entry = get_object_or_404(
        Entry.objects.select_related("edition", "prize").prefetch_related("photos"), edition__year=year, code=code
    )
    if not services.on_public_view(entry):
        raise Http404
    winner = bool(entry.edition.results_published_at)
    return render(request, "contests/entry_detail.html", {"entry": entry, "edition": entry.edition, "winner": winner})


def certificate(request: HttpRequest, year: int, code: str) -> HttpResponse:
    """A winner's certificate: the stored file once results are published (issued on first request if the task
    has not yet done it); before that, a preview rendered for staff only, never stored."""
    entry = get_object_or_404(
        Entry.objects.select_related("edition__organiser", "prize"), edition__year=year, code=code
    )
    filename = f"giay-chung-nhan-{entry.code}.pdf"
    if entry.prize is None:
        raise Http404
    if not entry.edition.results_published_at and not staff_may_see(request.user, "contests.view_entry"):
        raise Http404
    if not entry.edition.results_published_at:
        response = HttpResponse(certificates.certificate_pdf(entry), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="ban-xem-truoc-{filename}"'
        response["Cache-Control"] = "private, no-store"
        return response
    if not entry.certificate:
        entry = services.issue_certificate(entry)
    return private_file_response(entry.certificate, filename, "application/pdf")


@require_GET
def entry_photo(request: HttpRequest, year: int, code: str, pk: int) -> HttpResponse:
    """An entry's photo: public once the entry won in published results, or while it is on the public vote's
    ballot; otherwise only staff and the judges assigned to the entry may see it (photos are stored privately)."""
    photo = get_object_or_404(
        EntryPhoto.objects.select_related("entry__edition", "entry__prize"),
        pk=pk,
        entry__code=code,
        entry__edition__year=year,
    )
    entry = photo.entry
    public = services.on_public_view(entry)
    judge = request.user.is_authenticated and entry.assignments.filter(judge=request.user).exists()
    if not (public or judge or staff_may_see(request.user, "contests.view_entry")):
        raise Http404
    return private_file_response(
        photo.image,
        f"{entry.code}-{photo.pk}.{photo.image.name.rsplit('.', 1)[-1]}",
        image_content_type(photo.image.name),
        inline=True,
    )


@require_POST
def vote_request(request: HttpRequest, year: int) -> HttpResponse:
    edition = _edition(year)
    form = VoteForm(request.POST)
    address = ratelimit.client_address(request)
    if ratelimit.hit("vote", address, **VOTE_RATE):
        messages.error(request, _("Quá nhiều lượt bình chọn từ địa chỉ mạng này. Vui lòng thử lại sau."))
        return redirect(edition)
    if ratelimit.hit("vote-network", ratelimit.network_key(address), **VOTE_NETWORK_RATE):
        messages.error(request, _("Quá nhiều lượt bình chọn từ mạng này. Vui lòng thử lại sau."))
        return redirect(edition)
    if not form.is_valid():
        messages.error(request, _("Vui lòng nhập một địa chỉ thư điện tử hợp lệ."))
        return redirect(edition)
    if ratelimit.hit("vote-mailbox", services.mailbox_key(form.cleaned_data["email"]), **VOTE_MAILBOX_RATE):
        messages.error(
            request,
            _(
                "Địa chỉ thư điện tử này đã yêu cầu bình chọn quá nhiều lần. Vui lòng kiểm tra hộp thư hoặc thử lại sau."
            ),
        )
        return redirect(edition)
    entry = Entry.objects.filter(edition=edition, pk=form.cleaned_data["entry"]).first()
    try:
        if entry is None:
            raise ValidationError(_("Không tìm thấy bài dự thi."))
        services.request_vote(edition, entry, form.cleaned_data["email"])
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request, _("Đã gửi thư xác nhận. Lượt bình chọn chỉ được tính khi bạn bấm vào liên kết trong thư.")
        )
    return redirect(edition)


@require_http_methods(["GET", "POST"])
def vote_confirm(request: HttpRequest, token: str) -> HttpResponse:
    vote = services.vote_for_token(token)
    if vote is None:
        raise Http404
    if request.method == "POST":
        try:
            counted = services.confirm_vote(vote)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            if counted:
                messages.success(request, _("Cảm ơn bạn! Lượt bình chọn đã được ghi nhận."))
            else:
                messages.info(request, _("Lượt bình chọn này đã được ghi nhận trước đó."))
        return redirect(vote.edition)
    return render(request, "contests/vote_confirm.html", {"vote": vote})


@require_http_methods(["GET", "POST"])
def verification_respond(request: HttpRequest, token: str) -> HttpResponse:
    """The locality's answer through the signed link e-mailed to it; no account needed. Single use: a closed
    link answers 410 with the reason."""
    entry = services.entry_for_verification_token(token)
    if entry is None:
        raise Http404
    closed = services.link_closed_reason(entry, token)
    form = VerificationLinkForm(request.POST or None)
    if not closed and request.method == "POST" and form.is_valid():
        try:
            services.answer_verification_link(
                token,
                confirmed=form.cleaned_data["confirmed"],
                note=form.cleaned_data["note"],
                responder=form.cleaned_data["responder"],
            )
        except ValidationError as exc:
            closed = " ".join(exc.messages)
        else:
            messages.success(request, _("Cảm ơn quý cơ quan đã gửi kết quả xác minh."))
            return redirect(entry.edition)
    if closed:
        return render(request, "contests/verification_closed.html", {"entry": entry, "reason": closed}, status=410)
    return render(request, "contests/verification_respond.html", {"entry": entry, "form": form})
