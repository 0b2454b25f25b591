"""Reminders through the shared deadline sweep: nomination deadline and session start."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from jisr.audit.services import audit_record
from jisr.core import clock
from jisr.notices.services import notify
from jisr.training.actions import TrainingAction
from jisr.training.models import SessionDeadline, TrainingSession
from jisr.training.permissions import MANAGE_TRAINING, NOMINATE
from jisr.training.reference import NoticeKind, SessionStatus
from jisr.training.services.common import users_holding

#: How long before the session starts its reminder goes out.
START_NOTICE = dt.timedelta(days=7)
DEADLINE_NOTICE = dt.timedelta(days=3)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def session_deadlines_set(session: TrainingSession) -> None:
    """(Re)plan the reminders this node needs for ``session``, in the caller's transaction.

    Every node reminds of a session's start; the partner's node also of its nomination
    deadline (the offering node has nobody to remind about it).
    """
    now = clock.now()
    wanted: dict[str, tuple[dt.datetime, dt.timedelta]] = {
        SessionDeadline.Kind.START: (_at(session.starts_on, 8), START_NOTICE)
    }
    if session.nomination_deadline and not session.is_own:
        wanted[SessionDeadline.Kind.NOMINATION] = (
            _at(session.nomination_deadline, 23),
            DEADLINE_NOTICE,
        )
    for kind, (due, notice) in wanted.items():
        row = SessionDeadline.objects.filter(session=session, kind=kind).first()
        if row is not None and row.due_at == due:
            continue
        row = row or SessionDeadline(session=session, kind=kind)
        row.due_at = due
        row.remind_at = max(due - notice, min(now, due))
        row.reminded_at = row.overdue_notified_at = row.escalated_at = None
        row.save()
    SessionDeadline.objects.filter(session=session).exclude(kind__in=list(wanted)).delete()


def deadlines_open() -> QuerySet[SessionDeadline]:
    """Reminders of sessions still ahead (the rows the sweep looks at)."""
    return SessionDeadline.objects.filter(
        session__status__in=[SessionStatus.OPEN, SessionStatus.CLOSED]
    ).select_related("session__course__owner")


def deadline_remind(row: SessionDeadline, now: dt.datetime) -> None:
    session = row.session
    url = reverse("training:session_detail", args=[session.id])
    if row.kind == SessionDeadline.Kind.NOMINATION:
        users: Any = users_holding(NOMINATE)
        kind = NoticeKind.NOMINATION_DEADLINE
    else:
        users = users_holding(MANAGE_TRAINING if session.is_own else NOMINATE)
        kind = NoticeKind.SESSION_STARTS
    notify(users, kind, session, url=url, text=str(session.course.title)[:300], due_at=row.due_at)
    audit_record("system", TrainingAction.REMINDER, target=session, extra={"kind": row.kind})
