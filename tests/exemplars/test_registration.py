"""Issue #16, annual registration: before and after the deadline; a nomination for an unregistered title flagged,
and refused where the award type version requires registration; the reminder sent once to the agencies that
have not registered; staff's board and xlsx; a merged agency's registration found under its successor."""

import datetime as dt
import io
import time
from collections import Counter

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from exemplars import services
from exemplars.models import Nomination, Registration, RegistrationEntry, RegistrationPeriod
from exemplars.services import registration as registry
from exemplars.services import rules
from movements.models import ReminderLog
from tayninh_thidua.lib import outbox
from tayninh_thidua.portal.reminders import plan_reminders
from tayninh_thidua.portal.tasks import plan_reminders_task
from tests.factories import AgencyFactory, AwardTypeFactory, MembershipFactory, NominationFactory, UserFactory
from tests.portal.test_reminder_delivery import wait_until

pytestmark = pytest.mark.django_db
S = Nomination.State
DECIDED = services.Decision(number="15/QĐ-UBND", date=dt.date(2025, 12, 20), authority="Chủ tịch UBND tỉnh")
DEADLINE = dt.date(2025, 3, 31)


@pytest.fixture
def period():
    return RegistrationPeriod.objects.create(year=2025, deadline=DEADLINE)


@pytest.fixture
def title():
    return AwardTypeFactory(name="Chiến sĩ thi đua cơ sở thử", kind="title", recipient="individual")


def _register(agency, actor, award, name="Nguyễn Thị Đăng", day=DEADLINE):
    return services.register_title(
        agency, 2025, actor=actor, award_type=award, nominee_kind="individual", nominee_name=name, today=day
    )


def test_registration_before_the_deadline_is_kept_and_after_it_refused(agency, head, period, title):
    entry = _register(agency, head, title, day=DEADLINE)  # the deadline day itself is still open
    assert entry.registration.agency == agency and entry.nominee_name == "Nguyễn Thị Đăng"
    with pytest.raises(services.WorkflowError) as info:
        _register(agency, head, title, name="Trần Văn Muộn", day=DEADLINE + dt.timedelta(days=1))
    assert "Đã hết hạn đăng ký thi đua năm 2025 (hạn 31/03/2025)" in " ".join(info.value.messages)
    with pytest.raises(services.WorkflowError):
        services.remove_entry(entry, actor=head, today=DEADLINE + dt.timedelta(days=1))
    assert RegistrationEntry.objects.count() == 1


def test_registration_refused_before_staff_open_the_year_and_twice_for_one_name(agency, head, title):
    with pytest.raises(services.WorkflowError) as info:
        _register(agency, head, title)
    assert "Chưa mở đăng ký" in " ".join(info.value.messages)
    RegistrationPeriod.objects.create(year=2025, deadline=DEADLINE)
    _register(agency, head, title)
    with pytest.raises(services.WorkflowError):
        _register(agency, head, title, name="  nguyễn thị  đăng ")


def test_agency_page_registers_before_the_deadline_and_says_so_after(client, agency, officer, title):
    today = timezone.localdate()
    RegistrationPeriod.objects.create(year=today.year, deadline=today)
    client.force_login(officer)
    data = {"nam": today.year, "award_type": title.pk, "nominee_kind": "individual", "nominee_name": "Lê Văn Một"}
    response = client.post(reverse("agency:registration.add"), data)
    assert response.status_code == 302 and Registration.objects.get().agency == agency
    page = client.get(reverse("agency:registration"), {"nam": today.year}).content.decode()
    assert "Lê Văn Một" in page and today.strftime("%d/%m/%Y") in page
    RegistrationPeriod.objects.update(deadline=today - dt.timedelta(days=1))
    late = client.post(reverse("agency:registration.add"), {**data, "nominee_name": "Trần Văn Muộn"})
    assert late.status_code == 400 and "Đã hết hạn đăng ký" in late.content.decode()
    assert "Trần Văn Muộn" in late.content.decode()  # what was typed is kept
    assert RegistrationEntry.objects.count() == 1


def _dossier(agency, award, name="Nguyễn Thị Đăng"):
    return NominationFactory(
        agency=agency, award_type=award, nominee_name=name, nominee_kind="individual", state=S.IN_REVIEW, complete=True
    )


def test_unregistered_title_is_flagged_where_the_rule_does_not_require_registration(agency, head, reviewer, period):
    award = AwardTypeFactory(recipient="individual")
    _register(agency, head, award, name="Người Đã Đăng Ký")
    registered, unregistered = _dossier(agency, award, "người đã đăng ký"), _dossier(agency, award, "Người Khác")
    ok = next(c for c in rules.dossier_checklist(registered) if c.code == "registration")
    flagged = next(c for c in rules.dossier_checklist(unregistered) if c.code == "registration")
    assert ok.ok and not ok.warning
    assert flagged.ok and flagged.warning and "Chưa đăng ký" in flagged.detail
    assert services.approve_nomination(unregistered, actor=reviewer, decision=DECIDED).state == S.APPROVED


def test_unregistered_title_is_refused_where_the_rule_requires_registration(agency, head, reviewer, period):
    award = AwardTypeFactory(recipient="individual", requires_registration=True)
    nomination = _dossier(agency, award, "Người Chưa Đăng Ký")
    with pytest.raises(services.WorkflowError) as info:
        services.approve_nomination(nomination, actor=reviewer, decision=DECIDED)
    assert "Đăng ký thi đua đầu năm" in " ".join(info.value.messages)
    _register(agency, head, award, name="Người Chưa Đăng Ký")
    assert services.approve_nomination(nomination, actor=reviewer, decision=DECIDED).state == S.APPROVED


def test_the_agency_sees_on_its_dossier_whether_the_title_was_registered(client, agency, head, period):
    award = AwardTypeFactory(recipient="individual", requires_registration=True)
    nomination = NominationFactory(agency=agency, award_type=award, nominee_name="Người Chưa Đăng Ký")
    client.force_login(head)
    page = client.get(reverse("agency:nomination.detail", args=[nomination.pk])).content.decode()
    assert "Đăng ký thi đua đầu năm" in page and "Chưa đăng ký" in page


def test_registration_reminder_goes_once_to_the_agencies_that_have_not_registered(default_rules, title):
    day = DEADLINE - dt.timedelta(days=7)  # the default rule reminds 7 and 1 days before
    RegistrationPeriod.objects.create(year=2025, deadline=DEADLINE)
    registered, late_a, late_b = (MembershipFactory(role="head", user=UserFactory()) for _ in range(3))
    AgencyFactory(email="sapnhap@example.org", active_until=dt.date(2024, 12, 31))  # merged: gone before the deadline
    _register(registered.agency, registered.user, title)
    plan_reminders(day)
    plan_reminders(day)  # a second run on the same day plans nothing new
    sent, unsent = outbox.drain(kind="reminder")
    expected = {m.user.email for m in (late_a, late_b)} | {m.agency.email for m in (late_a, late_b)}
    assert (sent, unsent) == (4, 0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(expected)
    assert ReminderLog.objects.filter(kind="registration-due").count() == 4
    body = mail.outbox[0].body
    assert "31/03/2025" in body and "/don-vi/dang-ky/?nam=2025" in body
    plan_reminders(day + dt.timedelta(days=1))  # not a reminder day
    assert ReminderLog.objects.count() == 4


def test_merged_agency_registration_is_found_under_its_successor(head, title, period):
    successor = AgencyFactory(active_from=dt.date(2025, 7, 1))
    merged = AgencyFactory(active_until=dt.date(2025, 6, 30), successor=successor)
    member = MembershipFactory(agency=merged, role="head", user=UserFactory()).user
    entry = _register(merged, member, title, name="Phạm Văn Cũ")
    assert list(Registration.objects.for_agency(successor)) == [entry.registration]
    nomination = NominationFactory(agency=successor, award_type=title, nominee_name="Phạm Văn Cũ", year=2025)
    assert registry.is_registered(nomination) is True


def test_staff_board_and_xlsx_show_who_registered_what(client, staff_user, agency, head, other_agency, period, title):
    _register(agency, head, title, name="Võ Thị Xuất")
    client.force_login(head)
    assert client.get(reverse("agency:registration.board"), {"nam": 2025}).status_code in (302, 403)
    client.force_login(staff_user)
    page = client.get(reverse("agency:registration.board"), {"nam": 2025}).content.decode()
    assert "Võ Thị Xuất" in page and other_agency.name in page and "Chưa đăng ký" in page
    response = client.get(reverse("agency:registration.export"), {"nam": 2025})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert (agency.name, "Có", title.name, "Cá nhân", "Võ Thị Xuất") == rows[1][:5] or any(
        r[:5] == (agency.name, "Có", title.name, "Cá nhân", "Võ Thị Xuất") for r in rows
    )
    assert any(r[0] == other_agency.name and r[1] == "Chưa" for r in rows)


@pytest.mark.parametrize("count", [2, 10])
def test_board_and_agency_page_query_counts_are_fixed(
    client, staff_user, period, title, count, django_assert_max_num_queries
):
    members = [MembershipFactory(role="head", user=UserFactory()) for _ in range(count)]
    for m in members:
        _register(m.agency, m.user, title)
        _register(m.agency, m.user, title, name="Người Thứ Hai")
    client.force_login(staff_user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("agency:registration.board"), {"nam": 2025}).status_code == 200
    client.force_login(members[0].user)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("agency:registration"), {"nam": 2025}).status_code == 200


@pytest.mark.services
def test_registration_reminder_through_the_worker_goes_once(celery_worker, default_rules, title):
    """The daily task twice, through Redis and a real Celery worker: each late agency's recipients once."""
    day = DEADLINE - dt.timedelta(days=1)
    RegistrationPeriod.objects.create(year=2025, deadline=DEADLINE)
    registered, late = (MembershipFactory(role="head", user=UserFactory()) for _ in range(2))
    _register(registered.agency, registered.user, title)
    plan_reminders_task.delay(day=day.isoformat())
    plan_reminders_task.delay(day=day.isoformat())
    wait_until(lambda: len(mail.outbox) >= 2 and not ReminderLog.objects.filter(mail__sent_at__isnull=True).exists())
    time.sleep(1.0)  # let any duplicate sending task run out
    assert Counter(m.to[0] for m in mail.outbox) == {late.user.email: 1, late.agency.email: 1}
