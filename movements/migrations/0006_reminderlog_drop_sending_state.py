"""ReminderLog's sending state now lives in its outbox row (0005 moved it there)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("movements", "0005_reminders_go_through_the_outbox")]

    operations = [
        migrations.RemoveIndex(model_name="reminderlog", name="reminder_day_unsent"),
        migrations.RemoveField(model_name="reminderlog", name="attempts"),
        migrations.RemoveField(model_name="reminderlog", name="last_error"),
        migrations.RemoveField(model_name="reminderlog", name="sent_at"),
    ]
