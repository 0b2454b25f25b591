from django.db import migrations, models


def _field() -> models.DateTimeField:
    return models.DateTimeField(blank=True, null=True)


class Migration(migrations.Migration):
    """Hits take the one deadline shape (jisr.core.models.DeadlineMixin)."""

    dependencies = [("wanted", "0002_siena_handling_vocabulary")]

    operations = [
        migrations.AddField(
            "hit", "due_at", models.DateTimeField(blank=True, db_index=True, null=True)
        ),
        migrations.AddField("hit", "remind_at", _field()),
        migrations.AddField("hit", "reminded_at", _field()),
        migrations.AddField("hit", "overdue_notified_at", _field()),
        migrations.AddField("hit", "escalated_at", _field()),
    ]
