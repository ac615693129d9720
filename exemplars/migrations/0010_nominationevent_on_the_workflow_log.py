"""NominationEvent on the workflow kit's StateLog: its time field is `at`, like every workflow log."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("exemplars", "0009_nomination_notices_go_through_the_outbox")]

    operations = [migrations.RenameField("nominationevent", "created_at", "at")]
