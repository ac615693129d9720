"""AgencyMembership moved to movements (movements 0004): state only, the table stays."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('exemplars', '0007_award_type_versions_unique_on_every_database'),
        ('movements', '0004_membership_moves_here'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name='AgencyMembership')]),
    ]
