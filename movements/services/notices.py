"""E-mail notices about review reports, queued in the outbox by the move that causes them.

The same mechanism as the nominations' notices: the workflow's `Move.notify` decides which moves send mail,
each notice is keyed by its log row (queued once), and its recipients are resolved when it is sent.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tayninh_thidua.lib import outbox
from tayninh_thidua.lib.models import OutgoingMail
from tayninh_thidua.lib.workflow import notifying_move

from .. import audiences
from ..models import ReviewReport, ReviewReportEvent

State = ReviewReport.State

SUBJECTS = {
    State.ACCEPTED: gettext_noop("Báo cáo đã được tiếp nhận: %(report)s"),
    State.RETURNED: gettext_noop("Báo cáo được trả lại để bổ sung: %(report)s"),
}
HEADLINES = {
    State.ACCEPTED: gettext_noop("Báo cáo của đơn vị đã được cán bộ thi đua – khen thưởng tỉnh tiếp nhận."),
    State.RETURNED: gettext_noop(
        "Báo cáo của đơn vị được trả lại để bổ sung. Đề nghị đơn vị hoàn thiện và nộp lại báo cáo."
    ),
}


def queue_report_notice(event: ReviewReportEvent) -> OutgoingMail | None:
    """Queue the notice of one logged move of a report, in the caller's transaction; None if the move notifies
    no one (a submission).

    Side effects: one outbox row (keyed by the event, so queueing twice keeps one) addressed to the agency that
    owes the report, its own address and its members' as they are when it is sent (with none, it waits in the
    outbox); sent after commit.
    """
    move = notifying_move(State, event.from_state, event.to_state)
    if move is None:
        return None
    report = event.report
    with translation.override(settings.LANGUAGE_CODE):
        title = f"{report.get_kind_display()} – {report.movement}"
        subject = _(SUBJECTS[event.to_state]) % {"report": title}
        body = render_to_string(
            "emails/report_notice.txt",
            {
                "event": event,
                "report": report,
                "headline": _(HEADLINES[event.to_state]),
                "comment_label": _("Lý do") if move.reason_required else _("Ý kiến của cán bộ thi đua"),
                "link": f"{settings.SITE_URL}{report.get_absolute_url()}",
                "SITE_NAME": settings.SITE_NAME,
            },
        )
    return outbox.queue_mail(
        kind="report",
        key=f"report-event:{event.pk}",
        audience=audiences.AGENCY_MEMBERS,
        audience_args={"agency_id": report.agency_id},
        subject=subject,
        body=body,
    )
