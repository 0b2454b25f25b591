import datetime as dt
from typing import Any

from django.db import migrations
from django.db.models import F, Min


def mark_restricted_alerts(apps: Any, schema_editor: Any) -> None:
    """Alerts restricted before the mark lived on the alert: screening reads the mark now.

    A new version each, so the catch-up task sends the marked alert to the partners'
    copies (the mark travels in the alert's body).
    """

    alert = apps.get_model("wanted", "Alert")
    action = apps.get_model("privacy", "DsrRecordAction")
    open_restrictions = (
        action.objects.filter(kind="wanted.alert", action="restrict", lifted_at__isnull=True)
        .values("record_id")
        .annotate(since=Min("at"))
    )
    for row in open_restrictions:
        alert.objects.filter(pk=row["record_id"], is_copy=False).update(
            restricted_at=row["since"],
            version=F("version") + 1,
            updated_at=dt.datetime.now(dt.UTC),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0002_dsr_record_actions"),
        ("wanted", "0009_alert_restricted_at"),
    ]

    operations = [
        migrations.RunPython(mark_restricted_alerts, migrations.RunPython.noop),
    ]
