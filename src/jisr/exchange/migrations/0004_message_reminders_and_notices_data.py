"""Plan the half-time reminder of partners' requests, and copy every exchange notification.

The old sweep reminded only requests sent by partners, at half time between sending
and the deadline; ``remind_at`` now says so. Notifications become notices.Notice.
"""

from typing import Any

import uuid6
from django.db import migrations


def forward(apps: Any, schema_editor: Any) -> None:
    Message = apps.get_model("exchange", "Message")
    Notification = apps.get_model("exchange", "Notification")
    Notice = apps.get_model("notices", "Notice")
    requests = Message.objects.filter(due_at__isnull=False).exclude(sender__is_own=True)
    for message in requests.iterator():
        message.remind_at = message.created_at + (message.due_at - message.created_at) / 2
        message.save(update_fields=["remind_at"])
    batch = []
    for n in Notification.objects.all().order_by("pk").iterator():
        has_message = n.message_id is not None
        batch.append(
            Notice(
                id=uuid6.uuid7(),
                user_id=n.user_id,
                kind=f"exchange.{n.kind}",
                target_type="exchange.message" if has_message else "",
                target_id=str(n.message_id) if has_message else "",
                url=f"/exchange/messages/{n.message_id}/" if has_message else "",
                text=n.text,
                urgent=True,
                created_at=n.created_at,
                read_at=n.read_at,
            )
        )
    Notice.objects.bulk_create(batch, batch_size=500)


def backward(apps: Any, schema_editor: Any) -> None:
    Notification = apps.get_model("exchange", "Notification")
    Notice = apps.get_model("notices", "Notice")
    Message = apps.get_model("exchange", "Message")
    for notice in Notice.objects.filter(kind__startswith="exchange.").iterator():
        message_id = notice.target_id if notice.target_type == "exchange.message" else None
        if message_id and not Message.objects.filter(pk=message_id).exists():
            message_id = None
        Notification.objects.create(
            user_id=notice.user_id,
            kind=notice.kind.removeprefix("exchange."),
            message_id=message_id,
            text=notice.text,
            created_at=notice.created_at,
            read_at=notice.read_at,
        )
    Notice.objects.filter(kind__startswith="exchange.").delete()


class Migration(migrations.Migration):
    dependencies = [("exchange", "0003_message_deadline_fields"), ("notices", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
