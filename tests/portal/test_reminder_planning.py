import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from movements.models import ReminderLog, ReminderRule
from movements.reminders import Planned
from tayninh_thidua.portal import reminders
from tayninh_thidua.portal.reminders import plan_reminders
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_rules")]


def _items(kind: str, email: str) -> set[int]:
    row = ReminderLog.objects.get(kind=kind, recipient_email=email)
    return {item["report"] for item in row.items}


def test_default_rules_and_daily_schedule_are_seeded_by_migration():
    import importlib

    from django.apps import apps

    # Run the data migration again (idempotent): a transactional test before this one flushes its rows.
    importlib.import_module("movements.migrations.0003_seed_reminder_rules_and_schedule").seed(apps, None)
    rules = {r.kind: r for r in ReminderRule.objects.all()}
    assert rules["report-due"].days_before == [14, 7, 1, 0]
    assert (rules["report-overdue"].days_after, rules["report-overdue"].repeat_every_days) == (1, 7)
    assert rules["judge-unscored"].days_before == [3, 1]
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="portal.plan_reminders")
    assert str(task.crontab.timezone) == "Asia/Ho_Chi_Minh" and task.crontab.hour == "7"


def test_planning_on_a_fixed_day_gives_exactly_the_due_and_overdue_reminders(day, member, reports_around_day):
    r = reports_around_day
    plan_reminders(day)
    recipients = {member.user.email.lower(), member.agency.email.lower()}
    assert set(ReminderLog.objects.values_list("recipient_email", flat=True)) == recipients
    assert ReminderLog.objects.count() == 4  # due + overdue, for each of two recipients
    for email in recipients:
        assert _items("report-due", email) == {r["due14"].pk, r["due7"].pk, r["due0"].pk, r["due1_returned"].pk}
        assert _items("report-overdue", email) == {r["overdue1"].pk, r["overdue8"].pk}
    row = ReminderLog.objects.get(kind="report-due", recipient_email=member.user.email.lower())
    assert row.agency == member.agency and row.recipient == member.user and row.day == day
    assert "4 báo cáo" in row.subject


def test_nothing_is_planned_for_submitted_or_accepted_reports(day, member, report_factory):
    for state in ("submitted", "accepted"):
        for offset in (14, 7, 1, 0, -1, -8):
            report_factory(agency=member.agency, state=state, due_date=day + dt.timedelta(days=offset))
    assert plan_reminders(day) == 0
    assert not ReminderLog.objects.exists()


def test_planning_twice_records_each_reminder_once(day, reports_around_day):
    plan_reminders(day)
    first = set(ReminderLog.objects.values_list("pk", "key", "recipient_email"))
    plan_reminders(day)
    assert set(ReminderLog.objects.values_list("pk", "key", "recipient_email")) == first


def test_each_reminder_gets_its_outbox_row_under_the_same_key_once(day, member, reports_around_day):
    from tayninh_thidua.lib.models import OutgoingMail

    plan_reminders(day)
    plan_reminders(day)
    rows = list(ReminderLog.objects.select_related("mail"))
    assert len(rows) == 4 and OutgoingMail.objects.count() == 4
    for row in rows:
        assert row.mail.key == f"reminder:{row.recipient_email}:{row.key}" and row.mail.kind == "reminder"
        assert row.mail.recipients == [row.recipient_email] and row.mail.subject == row.subject
        assert row.mail.sent_at is None and row.mail.body == "" and row.mail.renderer == "reminder"


def test_two_days_later_only_the_matching_offsets_are_planned(day, reports_around_day):
    r = reports_around_day
    plan_reminders(day + dt.timedelta(days=2))
    # due in 12, 5, 1 (due3), 0 → -2, returned 1 → -1 (first overdue day), overdue 1/8/5 → 3/10/7 days
    items = {kind: {i["report"] for i in items} for kind, items in ReminderLog.objects.values_list("kind", "items")}
    assert items == {"report-due": {r["due3"].pk}, "report-overdue": {r["due1_returned"].pk}}


def test_disabled_rule_plans_nothing(day, reports_around_day):
    ReminderRule.objects.update(enabled=False)
    assert plan_reminders(day) == 0


def test_rule_offsets_are_data(day, member, report_factory):
    report = report_factory(agency=member.agency, due_date=day + dt.timedelta(days=3))
    assert plan_reminders(day) == 0
    ReminderRule.objects.filter(kind="report-due").update(days_before=[3])
    plan_reminders(day)
    assert {i["report"] for i in ReminderLog.objects.first().items} == {report.pk}


def _nomination(day, state, waited_days):
    nomination = factories.NominationFactory(state=state)
    submitted = timezone.make_aware(dt.datetime.combine(day - dt.timedelta(days=waited_days), dt.time(9)))
    type(nomination).objects.filter(pk=nomination.pk).update(submitted_at=submitted)
    return nomination


def test_waiting_nominations_remind_staff_reviewers(day):
    reviewer = factories.StaffUserFactory()
    factories.StaffUserFactory(email="")  # no address: skipped
    due = [
        _nomination(day, "submitted", 10),
        _nomination(day, "in-review", 17),
        _nomination(day, "resubmitted", 24),
    ]
    _nomination(day, "in-review", 11)  # between weekly reminders
    _nomination(day, "submitted", 9)  # not yet
    _nomination(day, "draft", 10)
    _nomination(day, "approved", 10)
    plan_reminders(day)
    row = ReminderLog.objects.get()
    assert row.kind == "nomination-waiting" and row.recipient == reviewer
    assert {item["nomination"] for item in row.items} == {n.pk for n in due}


def test_judge_source_is_pluggable_and_planned_like_the_others(day):
    judge = factories.UserFactory(email="giamkhao@example.org")

    class Round:
        pk = 7

        def __str__(self):
            return "Vòng sơ khảo"

    def stub_source(d, rule):
        yield Planned(
            kind=rule.kind,
            key=f"{rule.kind}:round7:{d}",
            day=d,
            recipient_email=judge.email,
            recipient_id=judge.pk,
            subject="Còn bài chưa chấm",
            items=[{"round": str(Round()), "count": 2, "closes": d.isoformat(), "url": ""}],
        )

    plan_reminders(day, sources={"judge-unscored": stub_source})
    plan_reminders(day, sources={"judge-unscored": stub_source})
    assert ReminderLog.objects.get().recipient == judge


def test_judges_with_unscored_entries_in_a_real_round_are_reminded_3_and_1_days_before():
    """The contests app's function, through the reminder rule's offsets, on real assignments."""
    from contests.models import Assignment, Score
    from tests.factories import EditionFactory, EntryFactory, JudgeFactory

    edition = EditionFactory()
    round_ = edition.rounds.order_by("order").first()
    entries = EntryFactory.create_batch(2, edition=edition)
    busy, done = JudgeFactory(email="busy@example.org"), JudgeFactory(email="done@example.org")
    for entry in entries:
        Assignment.objects.create(round=round_, entry=entry, judge=busy)
        scored = Assignment.objects.create(round=round_, entry=entry, judge=done)
        Score.objects.create(assignment=scored, content=8, exemplary_value=7, writing=9)

    # Planned day by day: nothing 5 or 2 days before the close, one reminder 3 and 1 days before.
    for days_left, reminders_so_far in [(5, 0), (3, 1), (2, 1), (1, 2)]:
        plan_reminders(round_.ends_on - dt.timedelta(days=days_left))
        assert ReminderLog.objects.filter(kind="judge-unscored").count() == reminders_so_far, days_left
    rows = ReminderLog.objects.filter(kind="judge-unscored")
    assert {r.recipient_email for r in rows} == {"busy@example.org"}
    assert all(r.items[0]["count"] == 2 and r.items[0]["closes"] == round_.ends_on.isoformat() for r in rows)
    assert "chưa chấm" in rows[0].mail.subject and "chưa chấm" in reminders.reminder_body(rows[0])


def test_send_reminders_command_sends_each_reminder_once(day, member, reports_around_day, settings):
    settings.SITE_URL = "https://thidua.tayninh.gov.vn"
    call_command("send_reminders", "--date", day.isoformat())
    assert len(mail.outbox) == 4
    call_command("send_reminders", "--date", day.isoformat())
    assert len(mail.outbox) == 4
    assert ReminderLog.objects.filter(mail__sent_at__isnull=True).count() == 0
    message = next(m for m in mail.outbox if m.to == [member.user.email.lower()] and "quá hạn" in m.subject)
    report = reports_around_day["overdue8"]
    assert f"https://thidua.tayninh.gov.vn/don-vi/bao-cao/{report.pk}/" in message.body
    assert report.movement.name in message.body and report.phase.name in message.body
    assert "24/05/2026" in message.body  # due date, dd/mm/yyyy


def test_retry_backoff_is_exponential_and_bounded(settings):
    from tayninh_thidua.lib.outbox import backoff
    from tayninh_thidua.lib.tasks import send_outgoing_mail

    settings.OUTBOX_RETRY_BACKOFF, settings.OUTBOX_RETRY_BACKOFF_MAX = 30, 900
    assert [backoff(n) for n in range(7)] == [30, 60, 120, 240, 480, 900, 900]
    # Retries are bounded by the row's attempts (OUTBOX_MAX_ATTEMPTS), not by the task's own count.
    assert settings.OUTBOX_MAX_ATTEMPTS == 20 and send_outgoing_mail.acks_late


def test_daily_task_queues_sending_after_commit(day, member, reports_around_day, django_capture_on_commit_callbacks):
    from tayninh_thidua.portal.tasks import plan_reminders_task

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        plan_reminders_task.delay(day=day.isoformat())
    assert mail.outbox == [] and len(callbacks) == 1
    callbacks[0]()  # eager here: each sending task runs at once
    assert len(mail.outbox) == 4
