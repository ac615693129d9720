"""The whole path in Chromium: an agency head files a dossier, staff return it, the head completes
and resubmits, staff approve, and the exemplar is published."""

import re

import pytest
from django.contrib.auth import get_user_model

from exemplars.models import Exemplar, Nomination
from exemplars.services import seed_awards
from tests.factories import MembershipFactory, StaffUserFactory, UserFactory
from tests.signin import sign_in_page

from .helpers import PDF, jpeg_with_gps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, path: str, username: str) -> None:
    sign_in_page(page, get_user_model().objects.get(username=username), path)


def _admin_action(page, nomination_pk: int, action: str) -> None:
    page.goto("/admin/exemplars/nomination/")
    page.locator(f"input[name=_selected_action][value='{nomination_pk}']").check()
    page.locator("select[name=action]").select_option(action)
    page.locator("button[name=index]").click()
    page.wait_for_load_state()


def test_head_files_staff_returns_head_resubmits_staff_approves(page, browser, live_server, seeded):
    seed_awards()
    head = MembershipFactory(user=UserFactory(username="thutruong"), role="head").user
    staff = StaffUserFactory(username="canbothamdinh")

    # The head logs in at /dang-nhap/ and files a dossier with a portrait and a PDF.
    _login(page, "/dang-nhap/", head.username)
    page.get_by_role("button", name="Tài khoản").click()
    page.get_by_role("link", name="Trang đơn vị").click()
    page.get_by_role("link", name="Tạo hồ sơ mới").click()
    page.locator("#id_nominee_name").fill("Nguyễn Thị Thi Đua")
    page.locator("#id_nominee_locality").fill("Trảng Bàng")
    page.locator("#id_movement").select_option(index=1)
    page.locator("#id_phase").select_option(label="Giai đoạn 2023 – 2025")
    page.locator("#id_award_type").select_option(
        label="Bằng khen của Chủ tịch UBND tỉnh — hiệu lực từ 01/07/2025 (Nghị định 152/2025/NĐ-CP)"
    )
    page.locator("#id_year").fill("2025")
    page.locator("#id_achievements").fill("Ba năm liền dẫn đầu phong trào thi đua của đơn vị.")
    page.locator("#id_votes_for").fill("9")
    page.locator("#id_council_members").fill("10")
    page.locator("#id_nominee_portrait").set_input_files(
        {"name": "chan-dung.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}
    )
    page.locator("#id_document_type").select_option("achievement-report")
    page.locator("#id_document").set_input_files({"name": "bao-cao.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_role("button", name="Lưu hồ sơ").click()
    page.get_by_text("Đã lưu hồ sơ nháp").wait_for()
    assert page.get_by_role("link", name="bao-cao.pdf").is_visible()
    assert "Hồ sơ chưa đạt 2 điều kiện" in page.locator("#dieu-kien-chua-dat").inner_text()
    page.get_by_role("button", name="Gửi hồ sơ").click()
    page.get_by_text("Đã gửi hồ sơ đến").wait_for()
    page.get_by_text("Lưu ý: hồ sơ chưa đạt 2 điều kiện").wait_for()  # sent, with what is missing
    nomination = Nomination.objects.get()
    assert nomination.state == "submitted" and nomination.nominee_portrait

    # Staff take it into review and return it with a reason, in the admin.
    staff_context = browser.new_context(locale="vi-VN", base_url=live_server.url)
    staff_page = staff_context.new_page()
    staff_page.set_default_timeout(15_000)
    _login(staff_page, "/admin/login/", staff.username)
    _admin_action(staff_page, nomination.pk, "take_into_review")
    staff_page.get_by_text("Đã nhận 1 hồ sơ để thẩm định").wait_for()
    _admin_action(staff_page, nomination.pk, "return_for_completion")
    staff_page.get_by_label("Lý do").fill("Bổ sung tờ trình đề nghị của đơn vị.")  # and the minutes
    staff_page.get_by_role("button", name="Xác nhận").click()
    staff_page.get_by_text("Đã trả lại 1 hồ sơ").wait_for()

    # The head sees the reason, completes the dossier and resubmits.
    page.reload()
    assert page.locator("#y-kien-tham-dinh").inner_text().endswith("Bổ sung tờ trình đề nghị của đơn vị.")
    page.locator("#id_document_type").select_option("proposal")
    page.locator("#id_document").set_input_files({"name": "to-trinh.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_role("button", name="Tải lên").click()
    page.get_by_text("Đã tải lên tệp đính kèm").wait_for()
    page.locator("#id_document_type").select_option("meeting-minutes")
    page.locator("#id_document").set_input_files({"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_role("button", name="Tải lên").click()
    page.get_by_text("Đã tải lên tệp đính kèm").last.wait_for()
    assert page.locator("#dieu-kien-chua-dat").count() == 0  # complete now
    page.get_by_label("Giải trình nội dung đã bổ sung").fill("Đã bổ sung tờ trình và biên bản họp xét.")
    page.get_by_role("button", name="Gửi lại hồ sơ").click()
    page.get_by_text("Đã gửi lại hồ sơ đã bổ sung").wait_for()

    # Staff approve with the decision and publish.
    _admin_action(staff_page, nomination.pk, "take_into_review")
    _admin_action(staff_page, nomination.pk, "approve")
    staff_page.get_by_label("Số quyết định").fill("163/QĐ-UBND")
    staff_page.get_by_label("Ngày quyết định").fill("15/01/2027")
    assert staff_page.get_by_label("Công khai điển hình ngay").is_checked()
    staff_page.get_by_role("button", name="Xác nhận").click()
    staff_page.get_by_text("Đã phê duyệt 1 hồ sơ").wait_for()
    staff_context.close()

    exemplar = Exemplar.objects.get()
    assert exemplar.is_published and exemplar.slug == "nguyen-thi-thi-dua"
    page.goto(f"/dien-hinh/{exemplar.slug}/")
    assert page.get_by_role("heading", name="Nguyễn Thị Thi Đua").is_visible()
    honour = page.locator(".timeline-item").filter(has_text=re.compile("Bằng khen của Chủ tịch UBND tỉnh"))
    assert honour.is_visible() and "163/QĐ-UBND" in honour.inner_text()
    assert page.locator("img.exemplar-portrait").count() == 1
    page.goto("/don-vi/")
    assert page.get_by_text("Đã phê duyệt").first.is_visible()
