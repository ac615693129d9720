"""In Chromium: a visitor reads an open consultation, comments on one nominee, then confirms the comment from the
link of the e-mail (read from the outbox); staff then see it confirmed. No console or CSP error on the way."""

import re

import pytest
from django.utils import timezone

from exemplars.models import ConsultationComment
from exemplars.services import consultation as services
from tayninh_thidua.lib.models import OutgoingMail
from tests.exemplars.decision_road import in_review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_comments_and_confirms_by_the_mailed_link(page, reviewer):
    first, second = in_review(2)
    services.open_consultation(
        [first, second], actor=reviewer, title="Lấy ý kiến đề nghị tặng Bằng khen", opens_on=timezone.localdate()
    )
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto("/lay-y-kien/")
    assert page.get_by_role("heading", name="Lấy ý kiến đề nghị tặng Bằng khen").is_visible()
    assert page.get_by_role("cell", name=second.nominee_name).is_visible()
    page.get_by_role("link", name="Gửi ý kiến góp ý").click()
    page.get_by_label("Góp ý cho").select_option(str(second.pk))
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Góp Ý")
    page.get_by_label("Thư điện tử").fill("gopy@example.org")
    page.get_by_label("Nội dung góp ý").fill("Đề nghị làm rõ thành tích năm 2025.")
    # The honeypot stays out of sight (Bootstrap's d-none on its wrapper, as on the feedback form).
    assert "d-none" in page.locator("#id_website").locator("xpath=..").get_attribute("class")
    page.get_by_role("button", name="Gửi ý kiến").click()
    page.wait_for_url("**/lay-y-kien/")
    assert "vui lòng mở thư" in page.content().lower()
    comment = ConsultationComment.objects.get()
    assert comment.nomination_id == second.pk and not comment.is_confirmed
    body = OutgoingMail.objects.get(key=f"consultation-comment:{comment.pk}").body
    path = re.search(r"https?://[^/\s]+(/lay-y-kien/xac-nhan/\S+/)", body).group(1)
    page.goto(path)
    page.get_by_role("button", name="Xác nhận ý kiến").click()
    page.wait_for_url("**/lay-y-kien/")
    assert "đã được xác nhận" in page.content()
    comment.refresh_from_db()
    assert comment.is_confirmed
    assert errors == []
