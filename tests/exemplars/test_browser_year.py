"""The emulation year in Chromium: an agency head registers a title before the deadline, records an
initiative, and hands in its bloc's self-score; the visitor finds the recognised initiative on /sang-kien/."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from exemplars.models import Initiative, RegistrationEntry, RegistrationPeriod
from movements.models import Bloc, BlocMembership, Covenant, CovenantCriterion, ScoreSheet
from tests.factories import AwardTypeFactory, MembershipFactory, UserFactory
from tests.signin import sign_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_head_registers_records_an_initiative_and_self_scores(page, live_server):
    today = timezone.localdate()
    RegistrationPeriod.objects.create(year=today.year, deadline=today + dt.timedelta(days=10))
    award = AwardTypeFactory(name="Chiến sĩ thi đua cơ sở thử", kind="title", recipient="individual")
    head = MembershipFactory(user=UserFactory(username="thutruongnam"), role="head").user
    bloc = Bloc.objects.create(name="Khối thử nghiệm trình duyệt")
    covenant = Covenant.objects.create(bloc=bloc, year=today.year)
    criterion = CovenantCriterion.objects.create(
        covenant=covenant, text="Hoàn thành nhiệm vụ", max_points=100, evidence_required=True
    )
    BlocMembership.objects.create(bloc=bloc, agency=head.membership.agency, year=today.year, role="leader")

    sign_in_page(page, get_user_model().objects.get(username=head.username), "/don-vi/")
    page.get_by_role("navigation", name="Trang đơn vị").get_by_role("link", name="Đăng ký thi đua").click()
    page.locator("#id_award_type").select_option(str(award.pk))
    page.locator("#id_nominee_name").fill("Nguyễn Thị Đăng Ký")
    page.locator("#id_nominee_position").fill("Trưởng phòng")
    page.get_by_role("button", name="Đăng ký", exact=True).click()
    page.get_by_text("Đã đăng ký danh hiệu.").wait_for()
    assert RegistrationEntry.objects.get().nominee_name == "Nguyễn Thị Đăng Ký"

    page.get_by_role("navigation", name="Trang đơn vị").get_by_role("link", name="Sáng kiến", exact=True).click()
    page.get_by_role("link", name="Thêm sáng kiến").click()
    page.locator("#id_title").fill("Sổ tay điện tử thi đua")
    page.locator("#id_authors").fill("Lê Văn Sáng")
    page.locator("#id_summary").fill("Hướng dẫn thủ tục thi đua trên điện thoại.")
    page.locator("#id_recognition_level").select_option("base")
    page.locator("#id_recognised_on").fill(today.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.get_by_text("Đã lưu sáng kiến.").wait_for()
    assert Initiative.objects.get().recognised_on == today

    page.get_by_role("navigation", name="Trang đơn vị").get_by_role("link", name="Cụm, khối thi đua").click()
    page.get_by_role("link", name=f"{bloc.name} – năm {today.year}").click()
    page.locator(f"#id_tu-cham-diem_{criterion.pk}").fill("92.5")
    page.locator(f"#id_tu-cham-minh_chung_{criterion.pk}").fill("Báo cáo tổng kết số 10/BC")
    page.get_by_role("button", name="Gửi điểm tự chấm").click()
    page.get_by_text("Đã gửi phiếu chấm điểm.").wait_for()
    sheet = ScoreSheet.objects.get()
    assert sheet.is_self and sheet.lines.get().points == 92.5

    page.context.clear_cookies()
    page.goto("/sang-kien/")
    assert page.get_by_role("heading", name="Sổ tay điện tử thi đua").is_visible()
