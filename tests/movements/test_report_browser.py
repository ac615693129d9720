import pytest

from tests.signin import sign_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("default_rules")]


def test_agency_officer_fills_and_submits_a_review_report(page, member, report_factory):
    report = report_factory(agency=member.agency)
    csp_errors = []
    page.on("console", lambda msg: csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None)
    sign_in_page(page, member.user)
    page.get_by_role("button", name="Tài khoản").click()
    page.get_by_role("link", name="Báo cáo sơ kết, tổng kết").first.click()
    page.get_by_role("link", name=report.movement.name).click()
    page.get_by_label("Tóm tắt kết quả").fill("Phát hiện 4 điển hình, nhân rộng 2 mô hình dân vận khéo.")
    page.get_by_label("Số mô hình được nhân rộng").fill("2")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text("Đã lưu báo cáo.").wait_for()
    page.get_by_role("button", name="Nộp báo cáo").click()
    page.get_by_text("Đã nộp báo cáo.").wait_for()
    report.refresh_from_db()
    assert report.state == "submitted" and report.models_replicated == 2
    assert csp_errors == []
