"""The nightly backup in django-celery-beat's database schedule: 02:30 Asia/Ho_Chi_Minh, the quietest hour.

Staff may move or pause it in the admin afterwards; this migration only creates it when missing.
"""

import json

from django.db import migrations

NAME = "Sao lưu cơ sở dữ liệu và tệp hằng đêm"
TASK = "sitelib.backup_site"


def seed(apps, schema_editor):
    Crontab = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    schedule, _ = Crontab.objects.get_or_create(
        minute="30", hour="2", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Ho_Chi_Minh"
    )
    PeriodicTask.objects.get_or_create(
        name=NAME, defaults={"task": TASK, "crontab": schedule, "kwargs": json.dumps({}), "enabled": True}
    )


def unseed(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sitelib", "0003_public_change"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
