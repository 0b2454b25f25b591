from typing import Any

from django.db import migrations, models


def first_versions_were_written_by_their_planner(apps: Any, schema_editor: Any) -> None:
    """An own operation still at its first plan was written by the one who planned it."""
    operation = apps.get_model("groups", "Operation")
    operation.objects.filter(plan_version=1, owner__is_own=True).update(
        plan_written_by=models.F("created_by")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0002_lead_files_and_partners_without_members"),
    ]

    operations = [
        migrations.AddField(
            model_name="operation",
            name="plan_written_by",
            field=models.CharField(blank=True, max_length=150, verbose_name="plan written by"),
        ),
        migrations.RunPython(
            first_versions_were_written_by_their_planner, migrations.RunPython.noop
        ),
    ]
