"""AgencyMembership moves from exemplars to movements (agencies own their membership and access).

State only: the table keeps its name and rows. Its content type (and so its permissions) follows it.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="movements", model="agencymembership").exists():
        ContentType.objects.filter(app_label="exemplars", model="agencymembership").update(app_label="movements")


class Migration(migrations.Migration):

    dependencies = [
        ('movements', '0003_seed_reminder_rules_and_schedule'),
        ('exemplars', '0007_award_type_versions_unique_on_every_database'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.CreateModel(
            name='AgencyMembership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('head', 'Thủ trưởng đơn vị'), ('officer', 'Cán bộ phụ trách')], default='officer', max_length=16, verbose_name='vai trò')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='tạo lúc')),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='memberships', to='movements.agency', verbose_name='cơ quan, đơn vị')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='membership', to=settings.AUTH_USER_MODEL, verbose_name='tài khoản')),
            ],
            options={
                'verbose_name': 'thành viên đơn vị',
                'verbose_name_plural': 'thành viên đơn vị',
                'db_table': 'exemplars_agencymembership',
                'indexes': [models.Index(fields=['agency', 'role'], name='membership_agency_role')],
            },
        ),
        ]),
        migrations.RunPython(move_content_type, migrations.RunPython.noop),
    ]
