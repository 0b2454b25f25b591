from django.db import migrations, models

from jisr.audit.trigger_sql import DROP_START_TRIGGER, START_TRIGGER


def record_existing_chain(apps, schema_editor):
    """A node whose chain already has rows (or a head) gets its start record now."""
    head = apps.get_model("audit", "AuditChainHead").objects.filter(id=1).first()
    entry = apps.get_model("audit", "AuditEntry").objects.order_by("seq").first()
    if head is None and entry is None:
        return
    started = entry.created_at if entry is not None else None
    if started is None:
        from django.utils import timezone

        started = timezone.now()
    apps.get_model("audit", "AuditChainStart").objects.get_or_create(
        id=1, defaults={"started_at": started}
    )


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(START_TRIGGER)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_START_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_witnesses")]

    operations = [
        migrations.CreateModel(
            name="AuditChainStart",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False),
                ),
                ("started_at", models.DateTimeField()),
            ],
            options={"verbose_name": "audit chain start"},
        ),
        migrations.RunPython(record_existing_chain, migrations.RunPython.noop),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
