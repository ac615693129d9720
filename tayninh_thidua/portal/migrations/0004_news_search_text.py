"""News get a folded search column (text.fold of title, summary and body), filled for existing rows."""

from django.db import migrations, models

from tayninh_thidua.lib.text import fold


def fill(apps, schema_editor):
    NewsArticle = apps.get_model("tayninh_thidua", "NewsArticle")
    for article in NewsArticle.objects.only("pk", "title", "summary", "body").iterator():
        article.search_text = fold(f"{article.title} {article.summary} {article.body}")
        article.save(update_fields=["search_text"])


class Migration(migrations.Migration):
    dependencies = [("tayninh_thidua", "0003_feedback_notices_go_through_the_outbox")]

    operations = [
        migrations.AddField(
            model_name="newsarticle",
            name="search_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
