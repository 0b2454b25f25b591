"""names_text is now folded (case and accents) for accent-insensitive search; recompute it.

Only the derived search column changes; every row is kept.
"""

from django.db import migrations

from jisr.core.scripts import fold


def refold(apps, schema_editor):
    Alert = apps.get_model("wanted", "Alert")
    batch = []
    for alert in Alert.objects.only("id", "names", "aliases").iterator(chunk_size=2000):
        alert.names_text = fold(" | ".join([*alert.names, *alert.aliases]))
        batch.append(alert)
        if len(batch) >= 2000:
            Alert.objects.bulk_update(batch, ["names_text"])
            batch = []
    if batch:
        Alert.objects.bulk_update(batch, ["names_text"])


class Migration(migrations.Migration):
    dependencies = [("wanted", "0007_candidate_rejection")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
