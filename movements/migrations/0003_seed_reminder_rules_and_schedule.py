"""Default reminder rules and the daily beat schedule (django-celery-beat, Asia/Ho_Chi_Minh).

Both are data staff edit in the admin afterwards; this migration only creates missing rows.
"""

import json

from django.db import migrations

RULES = [
    ("report-due", [14, 7, 1, 0], None, None, "Nhắc đơn vị 14, 7, 1 ngày trước hạn và đúng ngày hạn nộp báo cáo."),
    ("report-overdue", [], 1, 7, "Nhắc đơn vị ngày đầu tiên quá hạn, sau đó mỗi tuần cho đến khi nộp."),
    ("nomination-waiting", [], 10, 7, "Nhắc cán bộ thẩm định khi hồ sơ chờ quá 10 ngày, sau đó mỗi tuần."),
    ("judge-unscored", [3, 1], None, None, "Nhắc giám khảo còn bài chưa chấm 3 ngày và 1 ngày trước khi vòng thi đóng."),
]

TASKS = [
    # (name, task, hour, minute)
    ("Đồng bộ báo cáo sơ kết, tổng kết hằng ngày", "movements.sync_review_reports", "6", "0"),
    ("Lập và gửi nhắc việc hằng ngày", "movements.plan_reminders", "7", "0"),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("movements", "ReminderRule")
    for kind, before, after, every, note in RULES:
        Rule.objects.get_or_create(
            kind=kind, defaults={"days_before": before, "days_after": after, "repeat_every_days": every, "note": note}
        )
    Crontab = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, hour, minute in TASKS:
        schedule, _ = Crontab.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="Asia/Ho_Chi_Minh",
        )
        PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": task, "crontab": schedule, "kwargs": json.dumps({}), "enabled": True}
        )


def unseed(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[t[0] for t in TASKS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("movements", "0002_review_reports_reminders"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
