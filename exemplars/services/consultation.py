"""Public consultation: open a batch for comment, take the public's comments (confirmed by e-mail), record how
staff handled each. A dossier cannot go to the council while a consultation of it is open (council.py asks
`open_consultation_of`)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from movements.audiences import is_reviewer
from tayninh_thidua.lib import outbox
from tayninh_thidua.lib.publication import refresh_public_pages
from tayninh_thidua.lib.workflow import NotAllowedForYou, NotAllowedNow

from ..models import Consultation, ConsultationComment, Nomination, NominationEvent, ProcedureRule
from .calendar import window_end

State = Nomination.State


def open_consultation_of(nomination: Nomination, day: dt.date | None = None) -> Consultation | None:
    """The consultation of `nomination` still open on `day` (today), if any."""
    return nomination.consultations.open_on(day or timezone.localdate()).first()


def open_consultation(
    nominations, *, actor, title: str, opens_on: dt.date, working_days: int | None = None
) -> Consultation:
    """Publish `nominations` (dossiers in review) for public comment from `opens_on` for `working_days` working
    days (at least the rule's minimum, ProcedureRule CONSULTATION_DAYS; its value by default).

    Side effects: writes the Consultation (closes_on computed on the Vietnamese working-day calendar) and one
    NominationEvent per dossier; refreshes the public pages on commit (/lay-y-kien/ lists it)."""
    if not is_reviewer(actor):
        raise NotAllowedForYou(_("Bạn không có quyền mở đợt lấy ý kiến."))
    minimum = ProcedureRule.value_on(ProcedureRule.Code.CONSULTATION_DAYS, opens_on)
    days = working_days or minimum
    if days < minimum:
        raise NotAllowedNow(
            _("Thời gian lấy ý kiến tối thiểu là %(n)s ngày làm việc.") % {"n": minimum}, code="too_short"
        )
    with transaction.atomic():
        locked = list(Nomination.objects.select_for_update().filter(pk__in=[n.pk for n in nominations]))
        if not locked:
            raise NotAllowedNow(_("Chọn ít nhất một hồ sơ."), code="empty")
        wrong = [n.nominee_name for n in locked if n.state != State.IN_REVIEW]
        if wrong:
            raise NotAllowedNow(
                _("Chỉ lấy ý kiến hồ sơ đang thẩm định: %(names)s.") % {"names": ", ".join(wrong)}, code="state"
            )
        consultation = Consultation.objects.create(
            title=title.strip(),
            opens_on=opens_on,
            working_days=days,
            closes_on=window_end(opens_on, days),
            rule_basis=_("Tối thiểu %(n)s ngày làm việc") % {"n": minimum},
            created_by=actor,
        )
        consultation.nominations.set(locked)
        for nomination in locked:
            NominationEvent.record(
                nomination=nomination,
                actor=actor,
                comment=_("Lấy ý kiến công khai từ %(start)s đến hết %(end)s (%(n)s ngày làm việc).")
                % {"start": f"{opens_on:%d/%m/%Y}", "end": f"{consultation.closes_on:%d/%m/%Y}", "n": days},
            )
        refresh_public_pages()
    return consultation


def submit_comment(
    consultation: Consultation, nomination: Nomination, *, name: str, email: str, phone: str = "", comment: str
) -> ConsultationComment:
    """A comment from the public, kept unconfirmed until its author follows the link e-mailed to them.

    Refused when the consultation is not open or the dossier is not in it. Side effects: one ConsultationComment
    and one outbox row (the confirmation link, to the address given) in one transaction."""
    if not consultation.is_open:
        raise NotAllowedNow(_("Đợt lấy ý kiến này đã kết thúc."), code="closed")
    if not consultation.nominations.filter(pk=nomination.pk).exists():
        raise NotAllowedNow(_("Hồ sơ không thuộc đợt lấy ý kiến này."), code="not_in_consultation")
    with transaction.atomic():
        row = ConsultationComment.objects.create(
            consultation=consultation,
            nomination=nomination,
            name=name.strip(),
            email=email.strip(),
            phone=phone.strip(),
            comment=comment.strip(),
        )
        link = settings.SITE_URL + reverse("consultations:comment.confirm", args=[row.token])
        with translation.override(settings.LANGUAGE_CODE):
            body = render_to_string(
                "emails/consultation_comment_confirm.txt",
                {"comment": row, "nomination": nomination, "link": link, "SITE_NAME": settings.SITE_NAME},
            )
            subject = _("Xác nhận ý kiến góp ý về %(name)s") % {"name": nomination.nominee_name}
        outbox.queue_mail(
            kind="consultation", key=f"consultation-comment:{row.pk}", to=[row.email], subject=subject, body=body
        )
    return row


def confirm_comment(token: str) -> ConsultationComment | None:
    """Mark the comment of `token` confirmed (once; a second confirmation changes nothing). None if unknown."""
    with transaction.atomic():
        row = ConsultationComment.objects.select_for_update().filter(token=token).first()
        if row is not None and row.confirmed_at is None:
            row.confirmed_at = timezone.now()
            row.save(update_fields=["confirmed_at"])
    return row


def handle_comment(comment: ConsultationComment, *, actor, handling: str, note: str) -> ConsultationComment:
    """Record how staff handled a confirmed comment (accepted and checked, explained, dismissed), with a note.

    Side effects: saves the handling, note, who and when; logs a NominationEvent on the dossier."""
    if not is_reviewer(actor):
        raise NotAllowedForYou(_("Bạn không có quyền xử lý ý kiến góp ý."))
    if handling not in ConsultationComment.Handling.values or handling == ConsultationComment.Handling.PENDING:
        raise NotAllowedNow(_("Chọn cách xử lý."), code="handling")
    if not note.strip():
        raise NotAllowedNow(_("Vui lòng ghi kết quả xử lý."), code="reason_required")
    with transaction.atomic():
        row = ConsultationComment.objects.select_for_update().get(pk=comment.pk)
        if row.confirmed_at is None:
            raise NotAllowedNow(_("Ý kiến chưa được người gửi xác nhận."), code="unconfirmed")
        row.handling, row.handling_note = handling, note.strip()
        row.handled_by, row.handled_at = actor, timezone.now()
        row.save(update_fields=["handling", "handling_note", "handled_by", "handled_at"])
        NominationEvent.record(
            nomination=row.nomination,
            actor=actor,
            comment=_("Xử lý ý kiến góp ý của %(name)s: %(handling)s. %(note)s")
            % {"name": row.name, "handling": row.get_handling_display(), "note": row.handling_note},
        )
    return row


def comment_exists(token: str) -> bool:
    return ConsultationComment.objects.filter(token=token).exists()
