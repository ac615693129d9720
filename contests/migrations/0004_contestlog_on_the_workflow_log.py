"""ContestLog on the workflow kit's StateLog: from/to named like every workflow log; actions a fixed list."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("contests", "0003_receipts_go_through_the_outbox")]

    operations = [
        migrations.RenameField("contestlog", "from_value", "from_state"),
        migrations.RenameField("contestlog", "to_value", "to_state"),
    ]
