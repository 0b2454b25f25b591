from django.db import migrations


class Migration(migrations.Migration):
    """The Notification table, now copied into notices.Notice (0003)."""

    dependencies = [("exchange", "0004_message_reminders_and_notices_data")]

    operations = [migrations.DeleteModel("Notification")]
