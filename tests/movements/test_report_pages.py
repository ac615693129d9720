import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from movements.models import MovementParticipant, ReminderLog, ReviewReport
from movements.services import reports
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_rules")]


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


# ---------------------------------------------------------------------------
# Agency pages
# ---------------------------------------------------------------------------
def test_report_pages_need_login(client, member, report_factory):
    report = report_factory(agency=member.agency)
    for url in (reverse("agency:report.list"), reverse("agency:report.detail", kwargs={"pk": report.pk})):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response.url


def test_user_without_agency_is_refused(client, report_factory):
    client.force_login(factories.UserFactory())
    assert client.get(reverse("agency:report.list")).status_code == 403


def test_other_agencys_report_is_404(agency_client, other_member, report_factory):
    theirs = report_factory(agency=other_member.agency)
    for name in ("agency:report.detail",):
        assert agency_client.get(reverse(name, kwargs={"pk": theirs.pk})).status_code == 404
    for name in ("agency:report.submit", "agency:report.attachment.create"):
        assert agency_client.post(reverse(name, kwargs={"pk": theirs.pk})).status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == ReviewReport.State.PENDING


def test_agency_lists_only_its_reports_and_reminders(agency_client, member, other_member, report_factory, day):
    mine = report_factory(agency=member.agency)
    theirs = report_factory(agency=other_member.agency)
    ReminderLog.objects.create(
        kind="report-due", key="k1", day=day, recipient_email="a@example.org", agency=member.agency, subject="Của tôi"
    )
    ReminderLog.objects.create(
        kind="report-due", key="k2", day=day, recipient_email="b@example.org", agency=other_member.agency, subject="X"
    )
    body = agency_client.get(reverse("agency:report.list")).content.decode()
    assert mine.movement.name in body and theirs.movement.name not in body
    assert "Của tôi" in body and "b@example.org" not in body
    assert "01/06/2026" in body


def test_agency_fills_attaches_and_submits_a_report(agency_client, member, report_factory):
    report = report_factory(agency=member.agency)
    url = reverse("agency:report.detail", kwargs={"pk": report.pk})
    response = agency_client.post(
        url,
        {
            "summary": "Phát hiện 5 điển hình, nhân rộng 2 mô hình.",
            "exemplars_found": 5,
            "models_found": 3,
            "models_replicated": 2,
            "exemplar_notes": "",
        },
    )
    assert response.status_code == 302
    document = docx_bytes()  # once: the zip records the time it was made
    upload = SimpleUploadedFile("bao-cao.docx", document)
    agency_client.post(
        reverse("agency:report.attachment.create", kwargs={"pk": report.pk}), {"title": "", "file": upload}
    )
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf")
    agency_client.post(
        reverse("agency:report.attachment.create", kwargs={"pk": report.pk}), {"title": "x", "file": fake}
    )
    assert [a.content_type for a in report.attachments.all()] == [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ]
    attachment = report.attachments.get()
    download = agency_client.get(
        reverse("agency:report.attachment.download", kwargs={"pk": report.pk, "attachment_pk": attachment.pk})
    )
    assert download.status_code == 200 and b"".join(download.streaming_content) == document
    agency_client.post(reverse("agency:report.submit", kwargs={"pk": report.pk}))
    report.refresh_from_db()
    assert report.state == ReviewReport.State.SUBMITTED and report.submitted_by == member.user
    assert report.models_replicated == 2
    assert list(report.events.values_list("from_state", "to_state")) == [("pending", "submitted")]


def test_empty_report_cannot_be_submitted(agency_client, member, report_factory):
    report = report_factory(agency=member.agency)
    agency_client.post(reverse("agency:report.submit", kwargs={"pk": report.pk}))
    report.refresh_from_db()
    assert report.state == ReviewReport.State.PENDING


def test_oversized_attachment_is_refused(agency_client, member, report_factory, settings):
    settings.MAX_UPLOAD_BYTES = 100
    report = report_factory(agency=member.agency)
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.7" + b"0" * 200)
    agency_client.post(reverse("agency:report.attachment.create", kwargs={"pk": report.pk}), {"file": upload})
    assert not report.attachments.exists()


def test_staff_accept_and_return_through_admin_actions(staff_client, staff_user, report_factory):
    first = report_factory(state="submitted")
    second = report_factory(state="submitted", review_comment="Thiếu số liệu mô hình nhân rộng.")
    changelist = reverse("admin:movements_reviewreport_changelist")
    staff_client.post(changelist, {"action": "accept", "_selected_action": [first.pk]})
    staff_client.post(changelist, {"action": "return_for_changes", "_selected_action": [second.pk]})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == "accepted" and second.state == "returned"
    assert second.events.get().comment == "Thiếu số liệu mô hình nhân rộng."


def test_returning_needs_a_reason(staff_user, report_factory):
    report = report_factory(state="submitted")
    with pytest.raises(Exception, match="lý do"):
        reports.return_report(report, staff_user, "")


def test_reminder_log_is_read_only_in_admin(staff_client, day):
    reminder = ReminderLog.objects.create(
        kind="report-due", key="k", day=day, recipient_email="a@example.org", subject="Nhắc"
    )
    assert staff_client.get(reverse("admin:movements_reminderlog_changelist")).status_code == 200
    response = staff_client.post(reverse("admin:movements_reminderlog_change", args=[reminder.pk]), {"subject": "Sửa"})
    reminder.refresh_from_db()
    assert reminder.subject == "Nhắc" and response.status_code == 403


def test_sync_creates_reports_for_lead_coordinating_and_assigned_agencies():
    phase = factories.PlanPhaseFactory()
    movement = factories.MovementFactory(lead_agency=factories.AgencyFactory())
    movement.phases.add(phase)
    coordinating = factories.AgencyFactory()
    movement.coordinating_agencies.add(coordinating)
    assigned = MovementParticipant.objects.create(movement=movement, agency=factories.AgencyFactory()).agency
    reports.sync_review_reports()
    reports.sync_review_reports()
    rows = set(ReviewReport.objects.values_list("agency_id", "kind", "due_date"))
    expected = {
        (a.pk, kind, due)
        for a in (movement.lead_agency, coordinating, assigned)
        for kind, due in (("preliminary", phase.preliminary_review_date), ("final", phase.final_review_date))
    }
    assert rows == expected


# ---------------------------------------------------------------------------
# Staff compliance board
# ---------------------------------------------------------------------------
@pytest.fixture
def board_data(report_factory):
    today = timezone.localdate()
    movement, phase = factories.MovementFactory(name="Phong trào Dân vận khéo"), factories.PlanPhaseFactory()

    def make(name, due_in, state="pending"):
        agency = factories.AgencyFactory(name=name)
        return report_factory(
            movement=movement, phase=phase, agency=agency, due_date=today + dt.timedelta(days=due_in), state=state
        )

    make("Sở Nội vụ", 5, "submitted")
    make("Sở Y tế", -3, "accepted")
    make("Sở Tài chính", 3)
    make("Sở Xây dựng", 14)
    make("Sở Công Thương", -1)
    make("Sở Tư pháp", -20, "returned")
    make("Sở Giáo dục", 30)
    return movement, phase


def test_compliance_board_counts_and_agencies(staff_client, board_data):
    movement, phase = board_data
    rows = reports.compliance_rows(ReviewReport.objects.all(), timezone.localdate())
    assert [(r.total, r.reported, r.due_soon, r.overdue) for r in rows] == [(7, 2, 2, 2)]
    response = staff_client.get(reverse("agency:compliance.board"), {"movement": movement.pk})
    assert response.status_code == 200
    row = response.context["rows"][0]
    assert row.agencies == {
        "reported": ["Sở Nội vụ", "Sở Y tế"],
        "due_soon": ["Sở Tài chính", "Sở Xây dựng"],
        "overdue": ["Sở Công Thương", "Sở Tư pháp"],
    }


def test_compliance_board_is_staff_only(agency_client):
    from django.test import Client

    url = reverse("agency:compliance.board")
    assert reverse("admin:login") in Client().get(url).url
    assert reverse("admin:login") in agency_client.get(url).url
    assert reverse("admin:login") in agency_client.get(reverse("agency:compliance.export")).url


def test_compliance_export_xlsx(staff_client, board_data):
    movement, _phase = board_data
    response = staff_client.get(reverse("agency:compliance.export"), {"movement": movement.pk})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    summary = list(book["Tổng hợp"].values)
    assert summary[0][:5] == ("Phong trào", "Giai đoạn", "Loại báo cáo", "Hạn nộp", "Số đơn vị")
    assert summary[1][0] == "Phong trào Dân vận khéo" and summary[1][4:] == (7, 2, 2, 2)
    detail = {row[3]: row[5] for row in list(book["Chi tiết"].values)[1:]}
    assert detail == {
        "Sở Nội vụ": "Đã nộp",
        "Sở Y tế": "Đã tiếp nhận",
        "Sở Tài chính": "Sắp đến hạn",
        "Sở Xây dựng": "Sắp đến hạn",
        "Sở Công Thương": "Quá hạn",
        "Sở Tư pháp": "Quá hạn",
        "Sở Giáo dục": "Chưa đến hạn",
    }


# ---------------------------------------------------------------------------
# Query counts at two sizes
# ---------------------------------------------------------------------------
def _fill(report_factory, size: int, agency=None):
    movement, phase = factories.MovementFactory(), factories.PlanPhaseFactory()
    for i in range(size):
        report_factory(
            movement=movement if agency is None else factories.MovementFactory(),
            phase=phase,
            agency=agency or factories.AgencyFactory(),
            due_date=timezone.localdate() + dt.timedelta(days=i - size // 2),
        )
    return movement


@pytest.mark.parametrize("size", [3, 30])
def test_board_query_count_does_not_grow(staff_client, django_assert_max_num_queries, report_factory, size):
    movement = _fill(report_factory, size)
    with django_assert_max_num_queries(12):
        assert staff_client.get(reverse("agency:compliance.board")).status_code == 200
    with django_assert_max_num_queries(12):
        assert staff_client.get(reverse("agency:compliance.board"), {"movement": movement.pk}).status_code == 200


@pytest.mark.parametrize("size", [3, 20])
def test_agency_report_list_query_count_does_not_grow(
    agency_client, member, django_assert_max_num_queries, report_factory, size
):
    _fill(report_factory, size, agency=member.agency)
    with django_assert_max_num_queries(9):
        assert agency_client.get(reverse("agency:report.list")).status_code == 200


def test_sync_gives_reports_due_after_a_merger_to_the_successor():
    phase = factories.PlanPhaseFactory(
        start_date=dt.date(2023, 1, 1),
        end_date=dt.date(2025, 12, 31),
        preliminary_review_date=dt.date(2024, 6, 30),
        final_review_date=dt.date(2025, 12, 15),
    )
    successor = factories.AgencyFactory(active_from=dt.date(2025, 7, 1))
    merged = factories.AgencyFactory(active_until=dt.date(2025, 6, 30), successor=successor)
    movement = factories.MovementFactory(lead_agency=merged)
    movement.phases.add(phase)
    reports.sync_review_reports()
    assert set(ReviewReport.objects.values_list("kind", "agency_id")) == {
        ("preliminary", merged.pk),
        ("final", successor.pk),
    }


def test_staff_change_form_only_edits_the_comment(staff_client, report_factory):
    report = report_factory(state="submitted", summary="Nội dung của đơn vị")
    url = reverse("admin:movements_reviewreport_change", args=[report.pk])
    assert staff_client.get(url).status_code == 200
    inlines = {f"{prefix}-{key}": 0 for prefix in ("attachments", "events") for key in ("TOTAL_FORMS", "INITIAL_FORMS")}
    response = staff_client.post(
        url, {"review_comment": "Bổ sung số liệu.", "summary": "Sửa", "due_date": "2030-01-01", **inlines}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.review_comment, report.summary, report.due_date) == (
        "Bổ sung số liệu.",
        "Nội dung của đơn vị",
        dt.date(2026, 6, 1),
    )


def test_staff_download_attachments_from_the_admin_agencies_cannot(staff_user, agency_client, member, report_factory):
    from tests.signin import SignInClient

    staff_client = SignInClient()
    staff_client.force_login(staff_user)
    report = report_factory(agency=member.agency)
    attachment = reports.add_attachment(report, SimpleUploadedFile("a.pdf", b"%PDF-1.7 test"), "Báo cáo", member.user)
    change = staff_client.get(reverse("admin:movements_reviewreport_change", args=[report.pk])).content.decode()
    url = reverse("agency:report.attachment.staff_download", kwargs={"attachment_pk": attachment.pk})
    assert url in change
    response = staff_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert reverse("admin:login") in agency_client.get(url).url
