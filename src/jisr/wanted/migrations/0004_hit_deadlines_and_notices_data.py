"""Keep every hit's deadline state and copy every wanted notification into notices.Notice.

The boolean flags become timestamps: a reminder already sent is dated at half time,
an escalation at the deadline (the moments the old sweep would have sent them).
"""

from typing import Any

import uuid6
from django.db import migrations

URGENT = {"hit_received", "hit_reminder", "hit_overdue", "hit_response"}


def forward(apps: Any, schema_editor: Any) -> None:
    Hit = apps.get_model("wanted", "Hit")
    Notification = apps.get_model("wanted", "Notification")
    Notice = apps.get_model("notices", "Notice")
    for hit in Hit.objects.all().iterator():
        hit.due_at = hit.deadline
        hit.remind_at = hit.reported_at + (hit.deadline - hit.reported_at) / 2
        hit.reminded_at = hit.remind_at if hit.reminder_sent else None
        hit.escalated_at = hit.deadline if hit.escalated else None
        hit.save(update_fields=["due_at", "remind_at", "reminded_at", "escalated_at"])
    batch = []
    for n in Notification.objects.all().order_by("pk").iterator():
        if n.hit_id is not None:
            target = ("wanted.hit", str(n.hit_id), f"/wanted/hits/{n.hit_id}/")
        elif n.alert_id is not None:
            target = ("wanted.alert", str(n.alert_id), f"/wanted/alerts/{n.alert_id}/")
        else:
            target = ("", "", "")
        batch.append(
            Notice(
                id=uuid6.uuid7(),
                user_id=n.user_id,
                kind=f"wanted.{n.kind}",
                target_type=target[0],
                target_id=target[1],
                url=target[2],
                urgent=n.kind in URGENT,
                created_at=n.created_at,
                read_at=n.read_at,
            )
        )
    Notice.objects.bulk_create(batch, batch_size=500)


def backward(apps: Any, schema_editor: Any) -> None:
    Hit = apps.get_model("wanted", "Hit")
    Notification = apps.get_model("wanted", "Notification")
    Notice = apps.get_model("notices", "Notice")
    for hit in Hit.objects.all().iterator():
        hit.deadline = hit.due_at or hit.reported_at
        hit.reminder_sent = hit.reminded_at is not None
        hit.escalated = hit.escalated_at is not None
        hit.save(update_fields=["deadline", "reminder_sent", "escalated"])
    hits = set(Hit.objects.values_list("pk", flat=True))
    for notice in Notice.objects.filter(kind__startswith="wanted.").iterator():
        target = notice.target_id if notice.target_type else None
        is_hit = notice.target_type == "wanted.hit" and target and target in {str(h) for h in hits}
        Notification.objects.create(
            user_id=notice.user_id,
            kind=notice.kind.removeprefix("wanted."),
            hit_id=target if is_hit else None,
            alert_id=target if notice.target_type == "wanted.alert" else None,
            created_at=notice.created_at,
            read_at=notice.read_at,
        )
    Notice.objects.filter(kind__startswith="wanted.").delete()


class Migration(migrations.Migration):
    dependencies = [("wanted", "0003_hit_deadline_fields"), ("notices", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
