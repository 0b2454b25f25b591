from django.db import migrations

from jisr.audit.trigger_sql import (
    APPEND_ONLY_FUNCTION,
    APPEND_ONLY_TRIGGER,
    DROP_FUNCTION,
    DROP_TRIGGER,
)


def create_trigger(apps, schema_editor):
    # PostgreSQL refuses UPDATE and DELETE on the audit table, whoever asks.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY_FUNCTION, params=None)
        schema_editor.execute(APPEND_ONLY_TRIGGER)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER)
        schema_editor.execute(DROP_FUNCTION)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(create_trigger, drop_trigger)]
