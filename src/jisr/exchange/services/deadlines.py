"""Answer deadlines of information requests"""

from __future__ import annotations

from django.db import transaction

from jisr.accounts.selectors import own_agency
from jisr.audit.actions import AuditAction
from jisr.audit.services import audit_record
from jisr.core import clock
from jisr.exchange.models import (
    REQUEST_KINDS,
    Message,
    Notification,
)
from jisr.exchange.services.common import _notify, exchange_users

# --- deadlines -----------------------------------------------------------------------------


def deadlines_check() -> dict[str, int]:
    """Half-time reminders and overdue notices. Runs in the worker; reads the node's clock."""
    own = own_agency()
    if own is None:
        return {"reminders": 0, "overdue": 0}
    now = clock.now()
    reminders = overdue = 0
    pending = Message.objects.filter(
        kind__in=REQUEST_KINDS, deadline__isnull=False, answered_at__isnull=True
    ).select_related("case", "sender", "author")
    for message in pending.filter(reminder_sent_at__isnull=True).exclude(sender=own):
        assert message.deadline is not None
        half = message.created_at + (message.deadline - message.created_at) / 2
        if now < half:
            continue
        with transaction.atomic():
            if Message.objects.filter(id=message.id, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            ):
                _notify(exchange_users(own), kind=Notification.Kind.REMINDER, message=message)
                audit_record("system", AuditAction.MESSAGE_REMINDER, target=message)
                reminders += 1
    for message in pending.filter(overdue_notified_at__isnull=True, deadline__lt=now):
        with transaction.atomic():
            if Message.objects.filter(id=message.id, overdue_notified_at__isnull=True).update(
                overdue_notified_at=now
            ):
                if message.sender_id == own.id:
                    users = [message.author] if message.author else []
                else:
                    users = exchange_users(own)
                _notify(users, kind=Notification.Kind.OVERDUE, message=message)
                audit_record("system", AuditAction.MESSAGE_OVERDUE, target=message)
                overdue += 1
    return {"reminders": reminders, "overdue": overdue}
