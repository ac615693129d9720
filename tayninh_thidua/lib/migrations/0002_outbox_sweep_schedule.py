"""The outbox sweep in django-celery-beat's database schedule: every minute, re-queue what is left unsent.

Staff may edit or pause it in the admin afterwards; this migration only creates it when missing.
"""

import json

from django.db import migrations

NAME = "Gửi lại thư còn tồn trong hộp thư đi"
TASK = "sitelib.sweep_outbox"


def seed(apps, schema_editor):
    Interval = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = Interval.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=NAME, defaults={"task": TASK, "interval": every_minute, "kwargs": json.dumps({}), "enabled": True}
    )


def unseed(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sitelib", "0001_outbox"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
