"""Exchange events get a folded search column (text.fold of title, place and summary), filled for existing rows."""

from django.db import migrations, models

from tayninh_thidua.lib.text import fold


def fill(apps, schema_editor):
    ExchangeEvent = apps.get_model("exemplars", "ExchangeEvent")
    for event in ExchangeEvent.objects.only("pk", "title", "place", "summary").iterator():
        event.search_text = fold(f"{event.title} {event.place} {event.summary}")
        event.save(update_fields=["search_text"])


class Migration(migrations.Migration):
    dependencies = [("exemplars", "0011_workflow_log_fields")]

    operations = [
        migrations.AddField(
            model_name="exchangeevent",
            name="search_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
