"""Writes: notify users, mark notices read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _

from jisr.core import clock
from jisr.core.mail import mail_moment, send_pointer_emails
from jisr.notices.kinds import email_enabled, kind_label
from jisr.notices.models import Notice


def target_key(target: models.Model | None) -> tuple[str, str]:
    """``("app_label.model", "pk")`` for a model instance, empty strings for none."""
    if target is None:
        return "", ""
    return target._meta.label_lower, str(target.pk)


def notify(
    users: Iterable[Any],
    kind: str,
    target: models.Model | None,
    *,
    url: str,
    urgent: bool = False,
    text: str = "",
    due_at: dt.datetime | None = None,
) -> list[Notice]:
    """Write one notice per user in the caller's transaction.

    An ``urgent`` notice cannot wait for the next login: once the transaction
    commits it also goes out as a pointer-only e-mail to the users who have an
    address, if the kind's app switches e-mail on. The e-mail says only that
    something waits in Jisr (the kind's label, and ``due_at`` when given): no
    name, place or content leaves the node by e-mail. ``text`` is shown in Jisr only.
    """
    recipients = list(dict.fromkeys(users))
    target_type, target_id = target_key(target)
    notices = Notice.objects.bulk_create(
        [
            Notice(
                user=user,
                kind=kind,
                target_type=target_type,
                target_id=target_id,
                url=url[:300],
                text=text[:300],
                urgent=urgent,
                created_at=clock.now(),
            )
            for user in recipients
        ]
    )
    if urgent and email_enabled(kind):

        def compose() -> tuple[str, str]:
            # Called once per recipient, in their language and time zone.
            subject = _("Jisr: %(notice)s") % {"notice": kind_label(kind)}
            body = _("Open Jisr to see it. No personal data is sent by e-mail.")
            if due_at is not None:
                deadline = _("Answer deadline: %(deadline)s.") % {"deadline": mail_moment(due_at)}
                body = f"{deadline}\n{body}"
            return subject, body

        send_pointer_emails(recipients, compose)
    return notices


def notice_mark_read(*, acting_user: Any, notice: Notice) -> Notice:
    """Mark one of the user's own notices read (the first reading time is kept)."""
    if notice.user_id != acting_user.pk:
        raise PermissionDenied(_("This notice is for someone else."))
    if notice.read_at is None:
        notice.read_at = clock.now()
        notice.save(update_fields=["read_at"])
    return notice


def notices_mark_all_read(*, acting_user: Any, app: str = "") -> int:
    """Mark all the user's unread notices read (only ``app``'s kinds when given)."""
    unread = Notice.objects.filter(user=acting_user, read_at__isnull=True)
    if app:
        unread = unread.filter(kind__startswith=f"{app}.")
    return unread.update(read_at=clock.now())


def notices_mark_read_for(*, acting_user: Any, target: models.Model) -> int:
    """The user opened ``target``: its notices to them are read."""
    target_type, target_id = target_key(target)
    return Notice.objects.filter(
        user=acting_user, target_type=target_type, target_id=target_id, read_at__isnull=True
    ).update(read_at=clock.now())


def notices_delete_for(*, target_type: str, target_ids: Iterable[str]) -> int:
    """Forget the notices about records that are withdrawn or deleted (their text may name them)."""
    ids = list(target_ids)
    if not ids:
        return 0
    deleted, _rows = Notice.objects.filter(target_type=target_type, target_id__in=ids).delete()
    return deleted
