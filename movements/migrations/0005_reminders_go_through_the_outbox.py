"""Reminder e-mails go through the outbox: each ReminderLog row points to its outbox row (same unique key),
and its sent_at, attempts and last_error move to that outbox row (0006 drops them here; a separate migration,
as PostgreSQL refuses to alter a table with pending deferred-constraint checks in the same transaction).

Reminders that were still unsent and recent (the last two days, as the old sender retried them) wait in the
outbox and are sent; older unsent ones are marked given up, as the old sender had stopped trying them.
"""

import datetime as dt

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

BATCH = 1000
LOOKBACK_DAYS = 2


def move_sending_state(apps, schema_editor):
    ReminderLog = apps.get_model("movements", "ReminderLog")
    OutgoingMail = apps.get_model("sitelib", "OutgoingMail")
    now = timezone.now()
    oldest_retried = timezone.localdate() - dt.timedelta(days=LOOKBACK_DAYS)
    rows = list(ReminderLog.objects.order_by("pk"))
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        mails = []
        for row in batch:
            # The key format of movements.reminders.Planned.mail_key (migrations do not import live code).
            row.mail_id = f"reminder:{row.recipient_email}:{row.key}"
            given_up = row.sent_at is None and row.day < oldest_retried
            mails.append(
                OutgoingMail(
                    key=row.mail_id,
                    kind="reminder",
                    to=row.recipient_email,
                    subject=row.subject,
                    renderer="reminder",
                    created_at=row.created_at,
                    next_attempt_at=now,
                    sent_at=row.sent_at,
                    attempts=max(row.attempts, settings.OUTBOX_MAX_ATTEMPTS) if given_up else row.attempts,
                    last_error=row.last_error,
                )
            )
        OutgoingMail.objects.bulk_create(mails, ignore_conflicts=True)
        ReminderLog.objects.bulk_update(batch, ["mail"])


class Migration(migrations.Migration):
    dependencies = [
        ("movements", "0004_membership_moves_here"),
        ("sitelib", "0001_outbox"),
    ]

    operations = [
        migrations.AddField(
            model_name="reminderlog",
            name="mail",
            field=models.OneToOneField(
                blank=True,
                db_column="mail_key",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="reminder",
                to="sitelib.outgoingmail",
                to_field="key",
                verbose_name="thư",
            ),
        ),
        migrations.RunPython(move_sending_state, migrations.RunPython.noop),
    ]
