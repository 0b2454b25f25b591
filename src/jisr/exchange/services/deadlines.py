"""Answer deadlines of information requests.

Declared in ExchangeConfig.deadlines and run by the one sweep (jisr.core.deadlines),
which claims each step of each request before calling these.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from jisr.accounts.selectors import own_agency
from jisr.audit.actions import AuditAction
from jisr.audit.services import audit_record
from jisr.exchange.models import REQUEST_KINDS, Message
from jisr.exchange.notice_kinds import NoticeKind
from jisr.exchange.services.common import _notify, exchange_users


def requests_awaiting_answer() -> QuerySet[Message]:
    """Requests with a deadline and no answer yet: the rows the deadline sweep looks at."""
    return Message.objects.filter(
        kind__in=REQUEST_KINDS,
        due_at__isnull=False,
        answered_at__isnull=True,
        suspended_at__isnull=True,  # a suspended limit does not run: no reminder, no overdue
    ).select_related("case", "sender", "author")


def request_remind(message: Message, now: dt.datetime) -> None:
    """Half the time to answer a partner's request has passed: remind our exchange users."""
    own = own_agency()
    if own is None:
        return
    _notify(exchange_users(own), kind=NoticeKind.REMINDER, message=message)
    audit_record("system", AuditAction.MESSAGE_REMINDER, target=message)


def request_overdue(message: Message, now: dt.datetime) -> None:
    """The deadline passed: the author of our request, or our users for a partner's request."""
    own = own_agency()
    if own is None:
        return
    if message.sender_id == own.id:
        users = [message.author] if message.author else []
    else:
        users = exchange_users(own)
    _notify(users, kind=NoticeKind.OVERDUE, message=message)
    audit_record("system", AuditAction.MESSAGE_OVERDUE, target=message)


def request_escalate(message: Message, now: dt.datetime) -> None:
    """A partner's request is past its limit unanswered: tell the desk's supervisors."""
    from jisr.accounts.models import User
    from jisr.accounts.roles import Role
    from jisr.exchange.actions import DeskAction

    own = own_agency()
    if own is None or message.sender_id == own.id:
        return  # our own requests are the partner's to answer; the author has the overdue notice
    supervisors = User.objects.filter(
        is_active=True, agency=own, groups__name=Role.SUPERVISOR
    ).distinct()
    _notify(supervisors, kind=NoticeKind.ESCALATED, message=message)
    audit_record("system", DeskAction.ESCALATE, target=message)
