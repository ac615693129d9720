"""The reminder planner moved from movements to the portal: the beat schedule calls its new task name."""

from django.db import migrations

RENAMED = {"movements.plan_reminders": "portal.plan_reminders"}


def rename(apps, schema_editor, names=RENAMED):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for old, new in names.items():
        PeriodicTask.objects.filter(task=old).update(task=new)


def unrename(apps, schema_editor):
    rename(apps, schema_editor, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("tayninh_thidua", "0001_portal_news_links_feedback"),
        ("movements", "0003_seed_reminder_rules_and_schedule"),
    ]

    operations = [migrations.RunPython(rename, unrename)]
