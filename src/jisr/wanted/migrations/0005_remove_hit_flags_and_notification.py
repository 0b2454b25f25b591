from django.db import migrations


class Migration(migrations.Migration):
    """The old deadline columns and the Notification table, now copied (0003)."""

    dependencies = [("wanted", "0004_hit_deadlines_and_notices_data")]

    operations = [
        migrations.RemoveField("hit", "deadline"),
        migrations.RemoveField("hit", "reminder_sent"),
        migrations.RemoveField("hit", "escalated"),
        migrations.DeleteModel("Notification"),
    ]
