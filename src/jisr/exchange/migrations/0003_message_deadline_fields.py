from django.db import migrations, models


class Migration(migrations.Migration):
    """Messages take the one deadline shape; renamed columns keep their values."""

    dependencies = [("exchange", "0002_siena_handling_vocabulary")]

    operations = [
        migrations.RemoveIndex("message", "exchange_me_deadlin_658401_idx"),
        migrations.RenameField("message", "deadline", "due_at"),
        migrations.AlterField(
            "message", "due_at", models.DateTimeField(blank=True, db_index=True, null=True)
        ),
        migrations.RenameField("message", "reminder_sent_at", "reminded_at"),
        migrations.AddField("message", "remind_at", models.DateTimeField(blank=True, null=True)),
        migrations.AddField("message", "escalated_at", models.DateTimeField(blank=True, null=True)),
        migrations.AddIndex(
            "message",
            models.Index(fields=["due_at", "answered_at"], name="exchange_msg_due_answered"),
        ),
    ]
