"""One exemplar's life in Chromium: a visitor proposes it (a bad photo refused first, nothing typed lost), gets the
confirmation e-mail and the status page; the locality confirms through its single-use link; the agency nurtures it;
two other agencies replicate it; once published, its public page shows both."""

from __future__ import annotations

import os
import re

import pytest
from django.contrib.auth import get_user_model

from exemplars import services
from exemplars.models import Exemplar, Proposal
from tayninh_thidua.lib.models import OutgoingMail
from tests.contests.conftest import png
from tests.factories import AgencyFactory, MembershipFactory, StaffUserFactory
from tests.lib.test_upload_fields import BAD_IMAGES
from tests.signin import sign_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    if os.environ.get("KEEP_SCREENSHOTS"):
        os.makedirs("test-artifacts", exist_ok=True)
        page.screenshot(path=f"test-artifacts/life-{name}.png", full_page=True)


def _signed_in(browser, live_server, user):
    context = browser.new_context(locale="vi-VN", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in_page(page, get_user_model().objects.get(pk=user.pk))
    return page


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_an_exemplar_from_proposal_to_replication(page, browser, live_server, tmp_path):
    commune = AgencyFactory(name="UBND xã Thạnh Đức")
    officer = MembershipFactory(agency=commune, role="officer").user
    staff = StaffUserFactory()
    learners = [
        MembershipFactory(agency=AgencyFactory(name=n)).user for n in ("UBND xã Phước Chỉ", "Trường THCS Hòa Hội")
    ]
    bad, good = tmp_path / "doc-hai.jpg", tmp_path / "anh-that.png"
    bad.write_bytes(BAD_IMAGES["polyglot.jpg"][0])
    good.write_bytes(png().read())
    csp_errors = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and csp_errors.append(msg.text))

    # A visitor proposes, from the header link; a PHP polyglot photo is refused in Vietnamese, the text is kept.
    page.goto("/")
    page.get_by_role("link", name="Giới thiệu gương tốt").first.click()
    page.get_by_label("Loại").select_option("individual")
    page.get_by_label("Tên cá nhân, tập thể, mô hình").fill("Ông Sáu Đò")
    page.get_by_label("Địa phương").fill("Xã Thạnh Đức")
    page.get_by_label("Câu chuyện, việc làm tốt").fill("Ba mươi năm chở học sinh qua sông miễn phí.")
    page.locator("#id_photo").set_input_files(str(bad))
    page.get_by_label("Người giới thiệu", exact=False).first.fill("Nguyễn Thị Kể")
    page.locator("#id_proposer_email").fill("nguoike@example.org")
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Gửi lời giới thiệu").click()
    page.get_by_text("Tệp chứa mã lệnh").wait_for()
    _shot(page, "1-anh-bi-tu-choi")
    assert page.get_by_label("Câu chuyện, việc làm tốt").input_value() == "Ba mươi năm chở học sinh qua sông miễn phí."
    assert page.locator("#id_proposer_email").input_value() == "nguoike@example.org"
    assert not Proposal.objects.exists()
    page.locator("#id_photo").set_input_files(str(good))
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Gửi lời giới thiệu").click()
    page.get_by_test_id("trang-thai").wait_for()
    assert page.get_by_test_id("trang-thai").inner_text() == "Đã tiếp nhận"
    _shot(page, "2-trang-tinh-trang")
    proposal = Proposal.objects.get()
    assert proposal.photo

    # The confirmation e-mail went through the outbox and its link opens the status page.
    receipt = OutgoingMail.objects.get(kind="proposal-receipt")
    assert receipt.sent_at is not None and receipt.recipients == ["nguoike@example.org"]
    link = re.search(r"https?://\S+/gioi-thieu/\S+/", receipt.body).group(0)
    page.goto(_path(link))
    assert "Ông Sáu Đò" in page.content() and "nguoike@example.org" not in page.content()

    # Staff send it to the commune, which answers through the e-mailed link, once.
    services.send_for_verification(proposal, commune, actor=staff)
    request = OutgoingMail.objects.get(kind="proposal-verification")
    verify = _path(re.search(r"https?://\S+/gioi-thieu/xac-minh/\S+/", request.body).group(0))
    commune_page = browser.new_page(base_url=live_server.url, locale="vi-VN")
    commune_page.goto(verify)
    commune_page.get_by_label("Xác nhận đúng sự thật").check()
    commune_page.get_by_label("Người xác minh").fill("Trần Văn Xã, Chủ tịch UBND xã")
    commune_page.get_by_role("button", name="Gửi kết quả xác minh").click()
    commune_page.get_by_text("Cảm ơn quý cơ quan").wait_for()
    assert commune_page.goto(verify).status == 410
    exemplar = Exemplar.objects.get()
    assert exemplar.proposals.get() == proposal and not exemplar.is_published
    page.goto(proposal.get_status_url())
    assert "Đã xác minh" in page.get_by_test_id("trang-thai").inner_text()

    # The commune keeps a nurturing plan and a follow-up on its pages.
    officer_page = _signed_in(browser, live_server, officer)
    officer_page.goto(f"/don-vi/dien-hinh/{exemplar.pk}/boi-duong/")
    officer_page.get_by_label("Mục tiêu, nội dung bồi dưỡng").fill("Hỗ trợ sửa đò, giới thiệu trên báo.")
    officer_page.get_by_role("button", name="Lưu kế hoạch").click()
    officer_page.get_by_text("Đã lưu kế hoạch bồi dưỡng").wait_for()
    officer_page.get_by_label("Ngày theo dõi").fill("05/01/2026")
    officer_page.get_by_label("Hỗ trợ đã thực hiện").fill("Tặng áo phao cho học sinh.")
    officer_page.get_by_label("Lần theo dõi tiếp theo").fill("05/04/2026")
    officer_page.get_by_role("button", name="Ghi lần theo dõi").click()
    officer_page.get_by_text("Đã ghi lần theo dõi").wait_for()
    _shot(officer_page, "3-boi-duong")

    # Staff publish it; two other agencies record that they replicated it.
    services.publish_exemplar(exemplar, actor=staff)
    for user, day in zip(learners, ("10/02/2026", "20/03/2026"), strict=True):
        learner_page = _signed_in(browser, live_server, user)
        learner_page.goto("/don-vi/nhan-rong/")
        learner_page.get_by_label("Điển hình, mô hình đã học tập").select_option(str(exemplar.pk))
        learner_page.get_by_label("Ngày áp dụng").fill(day)
        learner_page.get_by_label("Nội dung học tập, nhân rộng").fill("Tổ chức đưa đón học sinh qua sông.")
        learner_page.get_by_role("button", name="Ghi nhận").click()
        learner_page.get_by_text("Đã ghi nhận việc nhân rộng").wait_for()
        learner_page.context.close()

    # The public page shows how far it spread.
    page.goto(exemplar.get_absolute_url())
    spread = page.get_by_test_id("lan-toa")
    assert "UBND xã Phước Chỉ" in spread.inner_text() and "Trường THCS Hòa Hội" in spread.inner_text()
    assert "10/02/2026" in spread.inner_text() and page.get_by_test_id("giai-doan").inner_text() == "Đã nhân rộng"
    _shot(page, "4-trang-cong-khai")
    assert csp_errors == []
