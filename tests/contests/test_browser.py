"""One edition end to end in Chromium: entry with a photo, judging, advancing, awarding, publishing."""

import pytest
from django.contrib.auth import get_user_model
from pypdf import PdfReader

from contests.models import Entry, Vote
from tests.contests.conftest import close_judging, png
from tests.factories import EditionFactory, EntryFactory, JudgeFactory, StaffUserFactory, words
from tests.signin import sign_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(browser, live_server, username: str):
    context = browser.new_context(locale="vi-VN", base_url=live_server.url, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in_page(page, get_user_model().objects.get(username=username))
    return page


def test_an_edition_from_entry_to_published_results(page, browser, live_server, tmp_path):
    edition = EditionFactory()
    edition.rounds.filter(kind="chung-khao").delete()  # this edition runs sơ khảo then chung kết
    judges = [JudgeFactory(), JudgeFactory()]
    staff = StaffUserFactory()
    photo = tmp_path / "nhan-vat.png"
    photo.write_bytes(png().read())

    csp_errors = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and csp_errors.append(msg.text))

    # A visitor, without an account, sends an entry with a photo and gets a code.
    page.goto("/cuoc-thi/")
    page.get_by_role("link", name="Gửi bài dự thi").first.click()
    page.get_by_label("Họ và tên tác giả").fill("Phạm Thị Ngọc Diệp")
    page.get_by_label("Thư điện tử").fill("ngocdiep@example.org")
    page.get_by_label("Điện thoại").fill("0987654321")
    page.get_by_label("Địa chỉ liên hệ").fill("Phường 1, thành phố Tây Ninh")
    page.get_by_label("Nơi công tác, học tập").fill("Trường Tiểu học Hiệp Ninh")
    page.get_by_label("Thể loại").select_option("ky-chan-dung")
    page.get_by_label("Tên bài dự thi").fill("Người lái đò không lấy tiền")
    page.get_by_label("Nội dung bài dự thi").fill(words(30, "đò"))
    page.get_by_label("Ảnh kèm theo").set_input_files(str(photo))
    page.get_by_label("Tên nhân vật, tập thể").fill("Ông Tư Đò")
    page.get_by_label("Nơi nhân vật sinh sống, làm việc").fill("Xã Trường Tây, thị xã Hoà Thành")
    page.get_by_label("Việc tốt của nhân vật").fill("Ba mươi năm chở học sinh qua sông miễn phí.")
    page.get_by_label("Cam đoan là tác phẩm của mình").check()
    page.get_by_role("button", name="Gửi bài dự thi").click()
    code = page.locator(".entry-code").inner_text()
    assert code == f"GNT-{edition.year}-0001"
    entry = Entry.objects.get(code=code)
    assert entry.photos.count() == 1

    # Staff assign the judges of the sơ khảo round.
    staff_page = log_in(browser, live_server, staff.username)
    staff_page.goto(f"/cuoc-thi/quan-ly/{edition.year}/")
    staff_page.get_by_role("button", name="Phân công giám khảo").first.click()
    staff_page.get_by_text("Đã phân công giám khảo").wait_for()

    # Each judge scores it, blind.
    for judge, marks in zip(judges, [("8", "9", "7"), ("9", "9", "8")], strict=True):
        judge_page = log_in(browser, live_server, judge.username)
        judge_page.goto("/giam-khao/")
        judge_page.get_by_role("link", name="Người lái đò không lấy tiền").click()
        assert "Phạm Thị Ngọc Diệp" not in judge_page.content()
        assert "Hiệp Ninh" not in judge_page.content()
        judge_page.get_by_label("Nội dung").fill(marks[0])
        judge_page.get_by_label("Giá trị nêu gương").fill(marks[1])
        judge_page.get_by_label("Bút pháp").fill(marks[2])
        judge_page.get_by_role("button", name="Lưu điểm").click()
        judge_page.get_by_text(f"Đã lưu điểm bài {code}").wait_for()
        judge_page.context.close()

    # Staff advance the top entry to the final, record the locality's confirmation, award and publish.
    staff_page.reload()
    staff_page.get_by_role("button", name="Chọn bài vào vòng sau").click()
    staff_page.get_by_text("vào vòng sau").first.wait_for()
    finalist = staff_page.locator(f'.finalist[data-code="{code}"]')
    finalist.get_by_label("Xác nhận đúng sự thật").check()
    finalist.get_by_label("Ghi chú").fill("UBND xã xác nhận")
    finalist.get_by_role("button", name="Lưu xác minh").click()
    staff_page.get_by_text("Đã ghi kết quả xác minh").wait_for()
    finalist = staff_page.locator(f'.finalist[data-code="{code}"]')
    finalist.get_by_label("Giải", exact=True).select_option(label="Giải Nhất (1)")
    finalist.get_by_role("button", name="Lưu giải").click()
    staff_page.get_by_text("Đã cập nhật giải").wait_for()
    close_judging(edition)  # time passes: the final round ends; results come last
    staff_page.reload()
    staff_page.get_by_role("button", name="Công bố kết quả").click()
    assert "Phạm Thị Ngọc Diệp" in staff_page.locator("table").inner_text()  # the list about to be public
    staff_page.get_by_role("button", name="Xác nhận công bố kết quả").click()
    staff_page.get_by_text("Đã công bố kết quả cuộc thi").wait_for()
    staff_page.context.close()

    # The public page shows the prize; the certificate downloads with the winner's name.
    page.goto(f"/cuoc-thi/{edition.year}/")
    row = page.locator("tr.winner")
    assert "Giải Nhất" in row.inner_text() and "Phạm Thị Ngọc Diệp" in row.inner_text()
    page.get_by_role("link", name="Người lái đò không lấy tiền").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải giấy chứng nhận (PDF)").click()
    pdf_path = download_info.value.path()
    text = PdfReader(pdf_path).pages[0].extract_text()
    assert "Phạm Thị Ngọc Diệp" in text and "GIẢI NHẤT" in text
    assert csp_errors == []


def test_a_reader_votes_for_a_finalist_and_confirms_by_email(page):
    import datetime as dt
    import re

    from django.core import mail
    from django.utils import timezone

    today = timezone.localdate()
    edition = EditionFactory(
        public_vote_enabled=True, vote_opens=today - dt.timedelta(days=1), vote_closes=today + dt.timedelta(days=3)
    )
    finalist = EntryFactory(edition=edition, stage=3, title="Bếp cơm từ thiện của cô Ba")
    mail.outbox.clear()
    page.goto(f"/cuoc-thi/{edition.year}/")
    page.get_by_label("Thư điện tử của bạn").fill("bandoc@example.org")
    page.get_by_role("button", name="Bình chọn").click()
    page.get_by_text("Đã gửi thư xác nhận").wait_for()
    assert finalist.author_name not in page.content()
    link = re.search(r"/cuoc-thi/binh-chon/xac-nhan/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Xác nhận bình chọn").click()
    page.get_by_text("Lượt bình chọn đã được ghi nhận").wait_for()
    assert Vote.objects.get().confirmed_at is not None
