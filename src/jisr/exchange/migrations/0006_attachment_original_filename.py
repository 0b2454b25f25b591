from typing import Any

from django.db import migrations, models


def sanitise_stored_names(apps: Any, schema_editor: Any) -> None:
    """Names stored before sanitising: keep each as the display name, store its safe form."""
    from jisr.core.filenames import display_filename, safe_filename

    Attachment = apps.get_model("exchange", "Attachment")
    for attachment in Attachment.objects.only("id", "filename").iterator():
        safe = safe_filename(attachment.filename)
        Attachment.objects.filter(pk=attachment.pk).update(
            filename=safe, original_filename=display_filename(attachment.filename)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0005_delete_notification"),
    ]

    operations = [
        migrations.AddField(
            model_name="attachment",
            name="original_filename",
            field=models.CharField(blank=True, max_length=255),
        ),
        migrations.RunPython(sanitise_stored_names, migrations.RunPython.noop),
    ]
