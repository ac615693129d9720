"""A review report returned or accepted by provincial staff: the agency that owes it hears of it (#11 item 30)."""

from __future__ import annotations

import pytest
from django.core import mail

from movements.models import ReviewReport, ReviewReportEvent
from movements.services import reports
from tayninh_thidua.lib.models import OutgoingMail
from tayninh_thidua.lib.tasks import send_outgoing_mail
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(member, report_factory):
    movement = factories.MovementFactory(name="Dân vận khéo")
    return report_factory(agency=member.agency, movement=movement, state=ReviewReport.State.SUBMITTED)


def _agency_addresses(member) -> list[str]:
    return sorted([member.agency.email.lower(), member.user.email.lower()])


def test_returning_a_report_tells_the_agency_with_the_reason(
    member, other_member, staff_user, submitted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        reports.return_report(submitted, staff_user, "Thiếu số liệu mô hình nhân rộng.")
    assert len(callbacks) == 1
    assert [sorted(m.to) for m in mail.outbox] == [_agency_addresses(member)]  # not the other agency
    notice = mail.outbox[0]
    assert notice.subject == "Báo cáo được trả lại để bổ sung: Báo cáo sơ kết – Dân vận khéo"
    assert "Thiếu số liệu mô hình nhân rộng." in notice.body and "Lý do" in notice.body
    assert f"/don-vi/bao-cao/{submitted.pk}/" in notice.body
    event = ReviewReportEvent.objects.get(report=submitted)
    row = OutgoingMail.objects.get(key=f"report-event:{event.pk}")
    assert row.kind == "report" and row.sent_at is not None
    assert send_outgoing_mail(mail_id=row.pk) is False and len(mail.outbox) == 1


def test_accepting_a_report_tells_the_agency(member, staff_user, submitted, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reports.accept_report(submitted, staff_user, "Báo cáo đầy đủ.")
    assert [sorted(m.to) for m in mail.outbox] == [_agency_addresses(member)]
    notice = mail.outbox[0]
    assert notice.subject == "Báo cáo đã được tiếp nhận: Báo cáo sơ kết – Dân vận khéo"
    assert "Báo cáo đầy đủ." in notice.body and submitted.get_absolute_url() in notice.body


def test_submitting_a_report_mails_no_one(member, report_factory, django_capture_on_commit_callbacks):
    report = report_factory(agency=member.agency, summary="Đã triển khai ở 12 xã.")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        reports.submit_report(report, member.user, member.agency)
    assert callbacks == [] and not OutgoingMail.objects.exists()


def test_a_refused_move_mails_no_one(member, staff_user, report_factory, django_capture_on_commit_callbacks):
    pending = report_factory(agency=member.agency)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(reports.NotAllowedNow):
        reports.accept_report(pending, staff_user)
    assert not OutgoingMail.objects.exists() and not mail.outbox


def test_an_agency_without_any_address_has_its_notice_wait(
    staff_user, report_factory, django_capture_on_commit_callbacks
):
    report = report_factory(agency=factories.AgencyFactory(email=""), state=ReviewReport.State.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        reports.accept_report(report, staff_user)
    row = OutgoingMail.objects.get(kind="report")
    assert row.sent_at is None and "Chưa có người nhận (cán bộ của đơn vị)" in row.last_error and not mail.outbox
