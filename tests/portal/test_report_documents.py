"""The sơ kết / tổng kết report documents: DOCX (python-docx), PDF (pypdf), xlsx annex, the background job and its
progress, permissions and agency isolation (issue #13)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from movements.models import AgencyMembership
from tayninh_thidua.portal.models import ReportJob
from tayninh_thidua.portal.reporting.context import NATION, Subject, build_context
from tayninh_thidua.portal.reporting.documents import make_template, render_annex, render_docx, render_pdf
from tests.factories import MembershipFactory, StaffUserFactory, UserFactory

from .stats_data import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return build()


def _docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _movement_ctx(data, **kwargs):
    return build_context(Subject(data.plan, data.b, data.m1, kind="final"), **kwargs)


def test_docx_has_the_administrative_layout_figures_tables_and_missing_reports(data):
    ctx = _movement_ctx(data, signer_title="TRƯỞNG BAN", signer_name="Lê Văn Ký")
    content = render_docx(ctx)
    doc = Document(io.BytesIO(content))
    text = _docx_text(content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert ctx["place_date"].startswith("Tây Ninh, ngày ") and ctx["place_date"] in text
    assert "Số:" in text and "BÁO CÁO" in text
    assert "Tổng kết Phong trào Dân vận khéo, Giai đoạn 2023–2025" in text
    # staff figures of M1 in phase B: exemplars e2 and e4 (e1 was found in phase A); honours e1 2024 and e4 2024
    assert ctx["figures"].exemplars == 2 and ctx["figures"].honours == 2
    assert "đã phát hiện, bồi dưỡng 2 điển hình tiên tiến" in text
    assert "Trần Thị Bốn Chưa Công Bố" in text  # staff reports count unpublished work
    assert "Huyện Đoàn Thử" in text  # the agency whose report is missing
    assert "Báo cáo chưa nộp hoặc phải bổ sung (1)" in text and "Báo cáo đã nhận (1)" in text
    assert "TRƯỞNG BAN" in text and "Lê Văn Ký" in text
    assert len(doc.tables) >= 6
    styles = {p.style.name for p in doc.paragraphs}
    assert {"ND30 Tên loại", "ND30 Trích yếu", "ND30 Nội dung"} <= styles


def test_the_issuing_body_is_named_once_under_its_superior():
    from movements.models import Agency
    from tayninh_thidua.portal.reporting.context import body_code, issuing_parent

    committee = Agency(name="UBND tỉnh Tây Ninh")
    assert issuing_parent(committee) == ""  # no superior line: never "UBND TỈNH TÂY NINH" twice
    assert issuing_parent(Agency(name="Sở Nội vụ")) == "UBND TỈNH TÂY NINH"
    assert (
        issuing_parent(Agency(name="Phòng Nội vụ", parent=Agency(pk=1, name="UBND huyện Tân Biên")))
        == "UBND HUYỆN TÂN BIÊN"
    )
    codes = [body_code(Agency(short_name=name)) for name in ("UBND tỉnh", "SVHTTDL", "sở nv", "")]
    assert codes == ["UBND", "SVHTTDL", "SỞNV", "TĐKT"]  # the letters of "Số: …/BC-UBND"


def test_pdf_has_the_same_text(data):
    content = render_pdf(_movement_ctx(data))
    assert content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    text = " ".join(text.split())
    assert NATION in text
    assert "Tây Ninh, ngày" in text and "Phong trào Dân vận khéo" in text and "Giai đoạn 2023–2025" in text
    assert "Huyện Đoàn Thử" in text


def test_xlsx_annex_rows_equal_the_counts(data):
    ctx = _movement_ctx(data)
    book = openpyxl.load_workbook(io.BytesIO(render_annex(ctx)))
    exemplars = list(book["Điển hình"].iter_rows(values_only=True))[1:]
    honours = list(book["Khen thưởng"].iter_rows(values_only=True))[1:]
    assert len(exemplars) == ctx["figures"].exemplars and len(honours) == ctx["figures"].honours
    first = book.worksheets[0]
    table = ctx["tables"][0]
    assert [list(r) for r in first.iter_rows(values_only=True)] == [
        table.header,
        *table.as_rows(),
        ["Cộng", *table.totals],
    ]


def test_template_in_the_repository_has_the_styles_the_writer_uses(tmp_path):
    from tayninh_thidua.portal.reporting.documents import STYLES, template_path

    names = {s.name for s in Document(str(template_path())).styles}
    assert set(STYLES) <= names
    assert make_template(tmp_path / "t.docx").exists()


def test_staff_download_of_a_movement_report(client, data):
    client.force_login(StaffUserFactory())
    url = reverse("stats:report.download", kwargs={"fmt": "docx"})
    params = {"plan": data.plan.pk, "phase": data.b.pk, "movement": data.m1.pk, "kind": "final"}
    response = client.get(url, params)
    assert response.status_code == 200
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in _docx_text(response.content)
    # the whole plan goes to the background; a phase of another plan is refused in Vietnamese
    response = client.get(url, {"plan": data.plan.pk})
    assert response.status_code == 400 and "chế độ nền" in response.content.decode()
    assert client.get(reverse("stats:report.download", kwargs={"fmt": "exe"}), params).status_code == 404


def test_plan_wide_report_job_runs_and_reports_progress(client, data, django_capture_on_commit_callbacks):
    client.force_login(StaffUserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("stats:report"), {"plan": data.plan.pk, "kind": "final"})
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "stats:report.job", kwargs={"token": job.token}
    )
    page = client.get(response["Location"]).content.decode()
    assert "<progress" in page and "js/report_progress.js" in page
    progress = client.get(reverse("stats:report.progress", kwargs={"token": job.token})).json()
    assert progress["state"] == "done" and progress["progress"] == 100
    assert set(progress["files"]) == {"docx", "pdf", "xlsx"}
    docx = client.get(progress["files"]["docx"])
    text = _docx_text(b"".join(docx.streaming_content) if docx.streaming else docx.content)
    assert "toàn kế hoạch" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


def test_report_pages_need_the_permissions(client, data):
    job = ReportJob.objects.create(params={"plan": data.plan.pk})
    urls = [
        reverse("stats:report"),
        reverse("stats:report.job", kwargs={"token": job.token}),
        reverse("stats:report.progress", kwargs={"token": job.token}),
        reverse("stats:report.download", kwargs={"fmt": "pdf"}),
    ]
    client.force_login(UserFactory(is_staff=True))
    assert [client.get(url).status_code for url in urls] == [403] * 4
    member = MembershipFactory(agency=data.new).user
    client.force_login(member)
    assert all(client.get(url).status_code in (302, 403) for url in urls)


def test_agency_sees_its_own_figures_and_draft_never_another_agencys(client, data):
    member = MembershipFactory(agency=data.new, role=AgencyMembership.Role.HEAD).user
    client.force_login(member)
    response = client.get(reverse("agency:statistics"))
    assert response.status_code == 200
    figures = response.context["figures"]
    assert (figures.exemplars, figures.honours) == (3, 5)  # e1 (merged OLD), e2, e4
    html = response.content.decode()
    assert "Mô hình Ba" not in html and "Huyện Đoàn Thử" not in html
    draft = client.get(reverse("agency:statistics.report", kwargs={"fmt": "docx"}), {"don-vi": data.other.pk})
    text = _docx_text(draft.content)
    assert "Sở Văn hóa mới" in text.upper() or "SỞ VĂN HÓA MỚI" in text
    assert "Mô hình Ba" not in text and "Huyện Đoàn Thử" not in text  # the other agency's name, data and report
    # someone of no agency gets 403; a visitor is sent to sign in
    client.force_login(UserFactory())
    assert client.get(reverse("agency:statistics.report", kwargs={"fmt": "docx"})).status_code == 403
    client.logout()
    assert client.get(reverse("agency:statistics")).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_plan_wide_report_finishes_through_a_real_worker(celery_worker, client):
    import time

    data = build()
    client.force_login(StaffUserFactory())
    response = client.post(reverse("stats:report"), {"plan": data.plan.pk, "kind": "final"})
    job = ReportJob.objects.get()
    progress_url = reverse("stats:report.progress", kwargs={"token": job.token})
    seen, deadline = [], time.monotonic() + 90
    while time.monotonic() < deadline:
        state = client.get(progress_url).json()
        seen.append(state["progress"])
        if state["state"] in ("done", "failed"):
            break
        time.sleep(0.2)
    assert response.status_code == 302
    assert state["state"] == "done" and seen[-1] == 100 and seen == sorted(seen)
    job.refresh_from_db()
    assert job.docx and job.pdf and job.xlsx and job.finished_at


def test_a_failed_job_says_so_instead_of_spinning(client, data):
    from tayninh_thidua.portal.reporting.jobs import build_report

    client.force_login(StaffUserFactory())
    job = build_report(ReportJob.objects.create(params={"plan": 999999}))
    assert job.state == ReportJob.State.FAILED and "Kế hoạch" in job.error
    progress = client.get(reverse("stats:report.progress", kwargs={"token": job.token})).json()
    assert progress["state"] == "failed" and progress["files"] == {}
    file_url = reverse("stats:report.job.file", kwargs={"token": job.token, "fmt": "docx"})
    assert client.get(file_url).status_code == 404
    assert client.get(reverse("stats:report.job", kwargs={"token": "khong-phai-uuid"})).status_code == 404
