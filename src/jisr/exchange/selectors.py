"""Reads on cases and messages, with the need-to-know checks and the audit of consultations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.audit.actions import AuditAction
from jisr.audit.services import audit_record
from jisr.core import clock
from jisr.core.access import require_perm
from jisr.core.registry import WorkRow, WorkSection
from jisr.exchange.models import (
    REQUEST_KINDS,
    Acknowledgement,
    Attachment,
    Case,
    CaseStatus,
    Message,
)
from jisr.exchange.permissions import VIEW_CASES, VIEW_OVERDUE_DASHBOARD

#: Score at or above which a person named in a message matches a searched name.
NAME_MATCH_THRESHOLD = 0.8


def _check_viewer(user: Any) -> None:
    require_perm(user, VIEW_CASES, _("You may not see cases."))
    if user.agency_id is None:
        raise PermissionDenied(_("You may not see cases."))


def cases_visible_to(user: Any) -> QuerySet[Case]:
    """Cases in which the user's agency takes part, if the user's role allows it."""
    _check_viewer(user)
    return Case.objects.filter(participants=user.agency_id).select_related("owner").distinct()


def messages_visible_to(user: Any) -> QuerySet[Message]:
    return Message.objects.filter(case__in=cases_visible_to(user)).select_related("case", "sender")


def access_case_for_view(case_id: Any, user: Any) -> Case:
    """Fetch a case for a participant; 403 for anyone else (404 when it does not exist)."""
    _check_viewer(user)
    case = Case.objects.select_related("owner").filter(id=case_id).first()
    if case is None:
        raise Http404
    require_perm(user, VIEW_CASES, _("Your agency does not take part in this case."), obj=case)
    return case


def _message(message_id: Any, user: Any) -> Message:
    _check_viewer(user)
    message = (
        Message.objects.select_related("case", "case__owner", "sender")
        .filter(id=message_id)
        .first()
    )
    if message is None:
        raise Http404
    require_perm(user, VIEW_CASES, _("Your agency does not take part in this case."), obj=message)
    return message


def access_message_for_view(message_id: Any, user: Any) -> Message:
    """Open a message; an opening of personal data is written to the audit log."""
    message = _message(message_id, user)
    if message.contains_personal_data:
        with transaction.atomic():
            audit_record(
                user,
                AuditAction.MESSAGE_VIEW,
                target=message,
                justification=_("case %(reference)s") % {"reference": message.case.reference},
                extra={"case": message.case.reference, "handling_code": message.handling_code},
            )
    return message


def access_message_for_action(message_id: Any, user: Any) -> Message:
    """Fetch a message to forward, export or consent on (the action itself is audited)."""
    return _message(message_id, user)


def access_attachment_for_download(message_id: Any, attachment_id: Any, user: Any) -> Attachment:
    message = _message(message_id, user)
    attachment = message.attachments.filter(id=attachment_id).first()
    if attachment is None:
        raise Http404
    with transaction.atomic():
        audit_record(
            user,
            AuditAction.ATTACHMENT_DOWNLOAD,
            target=attachment,
            justification=_("case %(reference)s") % {"reference": message.case.reference},
            extra={"message": str(message.id), "sha256": attachment.sha256},
        )
    return attachment


def thread_for(case: Case) -> list[Message]:
    """The case's messages, oldest first, with their bodies (shown inline), acknowledgements and
    attachment metadata."""
    return list(
        case.messages.select_related("sender")
        .prefetch_related(
            "acks__agency",
            Prefetch("attachments", queryset=Attachment.objects.defer("data")),
            "recipients",
        )
        .order_by("created_at")
    )


def inbox_messages(user: Any) -> QuerySet[Message]:
    """Messages received by the user's agency, newest first (a list page sorts them)."""
    return (
        messages_visible_to(user)
        .exclude(sender=user.agency_id)
        .select_related("case", "sender")
        .defer("body")
        .order_by("-created_at")
    )


def with_read_marks(user: Any, messages: Any) -> list[dict[str, Any]]:
    """Each message with the user's read mark, in one query for the whole page."""
    rows = list(messages)
    read = set(
        Acknowledgement.objects.filter(
            kind=Acknowledgement.Kind.READ,
            by_username=user.get_username(),
            message_id__in=[m.id for m in rows],
        ).values_list("message_id", flat=True)
    )
    return [{"message": m, "read": m.id in read} for m in rows]


def _pending_requests(user: Any) -> QuerySet[Message]:
    return messages_visible_to(user).filter(
        kind__in=REQUEST_KINDS, due_at__isnull=False, answered_at__isnull=True
    )


@dataclass
class Overdue:
    incoming: list[Message]
    outgoing: list[Message]


def overdue_for(user: Any) -> Overdue:
    """Requests past their deadline: those we owe an answer to, and those partners owe us."""
    overdue = _pending_requests(user).filter(due_at__lt=clock.now()).order_by("due_at")
    return Overdue(
        incoming=list(overdue.exclude(sender=user.agency_id)),
        outgoing=list(overdue.filter(sender=user.agency_id)),
    )


def access_overdue_for_dashboard(user: Any) -> Overdue:
    require_perm(user, VIEW_OVERDUE_DASHBOARD, _("You may not see the overdue dashboard."))
    return overdue_for(user)


def figures_for(user: Any) -> dict[str, int]:
    pending = _pending_requests(user).exclude(sender=user.agency_id)
    read = Acknowledgement.objects.filter(
        kind=Acknowledgement.Kind.READ, by_username=user.get_username()
    ).values("message_id")
    return {
        "open_cases": cases_visible_to(user).filter(status=CaseStatus.OPEN).count(),
        "unread": messages_visible_to(user)
        .exclude(sender=user.agency_id)
        .exclude(id__in=read)
        .count(),
        "awaiting": pending.count(),
        "overdue": _pending_requests(user).filter(due_at__lt=clock.now()).count(),
    }


def requests_due_section(user: Any) -> WorkSection:
    """The home page's "requests due": partners' requests awaiting our answer."""
    from django.urls import reverse

    due = _pending_requests(user).exclude(sender=user.agency_id).select_related("case", "sender")
    due = due.order_by("due_at")
    return WorkSection(
        key="requests",
        title=gettext_lazy("Requests awaiting our answer"),
        rows=[
            WorkRow(
                text=message.subject,
                url=reverse("exchange:message_detail", args=[message.pk]),
                detail=message.sender.code if message.sender else "",
                deadline=message.deadline,
                kind="request",
            )
            for message in due[:10]
        ],
        order=20,
        url=reverse("exchange:inbox"),
        total=due.count(),
    )


def _names_match(query: str, names: list[str]) -> float:
    """Best matching-engine score between a searched name and the people named.

    A whole name is scored as a person; a part of a name ("Tazi") counts when every word
    typed is found in a name, in either script (Ettazi, التازي).
    """
    from jisr.matching import Person, score_pair
    from jisr.matching.search import name_part_score, query_words

    if not names:
        return 0.0
    match = score_pair(Person("query", [query]), Person("candidate", list(names)))
    return max(float(match.score), name_part_score(query_words(query), list(names)))


@dataclass
class SearchResults:
    cases: list[Case]
    messages: list[tuple[Message, float | None]]


def search_for(user: Any, query: str) -> SearchResults:
    """Cases and messages the user may see, by subject, body, reference or a person's name.

    Names go through the matching engine, so "Youssef El Amrani" finds "يوسف العمراني".
    Bodies are not audited as openings: results show the subject only.
    """
    query = (query or "").strip()
    if not query:
        return SearchResults([], [])
    cases = list(
        cases_visible_to(user)
        .filter(Q(reference__icontains=query) | Q(title__icontains=query))
        .order_by("-updated_at")[:50]
    )
    visible = messages_visible_to(user).order_by("-created_at")
    text_hits = visible.filter(
        Q(subject__icontains=query) | Q(body__icontains=query) | Q(case__reference__icontains=query)
    )[:100]
    found: dict[Any, tuple[Message, float | None]] = {m.id: (m, None) for m in text_hits}
    for message in visible.exclude(id__in=list(found)).defer("body")[:2000]:
        if not message.person_names:
            continue
        score = _names_match(query, list(message.person_names))
        if score >= NAME_MATCH_THRESHOLD:
            found[message.id] = (message, round(score, 3))
    ordered = sorted(found.values(), key=lambda item: (item[1] is None, -(item[1] or 0)))
    return SearchResults(cases, ordered)


# --- the request desk ----------------------------------------------------------------------

#: Desk queue sorts: key in the URL -> fields. "left" (time left) is the default.
DESK_SORTS = {
    "left": "due_at",
    "received": "created_at",
    "partner": "sender__code",
    "assignee": "assignee__username",
    "state": "outcome",
}


def _check_desk(user: Any) -> None:
    from jisr.exchange.permissions import WORK_DESK

    require_perm(user, WORK_DESK, _("You do not work the request desk."))
    if user.agency_id is None:
        raise PermissionDenied(_("You do not work the request desk."))


def desk_queue(user: Any, *, direction: str = "incoming", state: str = "open") -> QuerySet[Message]:
    """Requests at the desk: the partners' requests (incoming), or the copies of what our
    officers asked partners directly (outgoing). ``state``: open, closed or all."""
    _check_desk(user)
    rows = (
        messages_visible_to(user)
        .filter(kind__in=REQUEST_KINDS)
        .select_related("case", "sender", "assignee")
        .prefetch_related("recipients")
        .defer("body", "translation")
    )
    rows = (
        rows.filter(sender=user.agency_id)
        if direction == "outgoing"
        else rows.exclude(sender=user.agency_id)
    )
    if state == "open":
        rows = rows.filter(answered_at__isnull=True, outcome="")
    elif state == "closed":
        rows = rows.exclude(answered_at__isnull=True, outcome="")
    return rows


def release_queue(user: Any) -> QuerySet[Message]:
    """Our outgoing messages waiting for a second person's release, oldest first."""
    from jisr.exchange.models import ReleaseStatus
    from jisr.exchange.permissions import RELEASE_MESSAGES

    require_perm(user, RELEASE_MESSAGES, _("You may not release messages."))
    return (
        Message.objects.filter(
            release_status=ReleaseStatus.PENDING, sender=user.agency_id, sender__is_own=True
        )
        .select_related("case", "sender", "author")
        .prefetch_related("recipients")
        .order_by("created_at")
    )


def releases_waiting_section(user: Any) -> WorkSection:
    from django.urls import reverse

    rows = release_queue(user).exclude(author=user)
    return WorkSection(
        key="releases",
        title=gettext_lazy("Releases waiting"),
        rows=[
            WorkRow(
                text=message.subject,
                url=reverse("exchange:message_detail", args=[message.pk]),
                detail=f"{message.case.reference} · {message.author_name}",
                at=message.created_at,
                kind="release",
            )
            for message in rows[:10]
        ],
        order=15,
        url=reverse("exchange:release_queue"),
        total=rows.count(),
    )


def assigned_to_me_section(user: Any) -> WorkSection:
    from django.urls import reverse

    rows = (
        Message.objects.filter(
            assignee=user, kind__in=REQUEST_KINDS, answered_at__isnull=True, outcome=""
        )
        .select_related("case", "sender")
        .order_by("due_at")
    )
    return WorkSection(
        key="assigned",
        title=gettext_lazy("Requests assigned to me"),
        rows=[
            WorkRow(
                text=message.subject,
                url=reverse("exchange:message_detail", args=[message.pk]),
                detail=message.sender.code
                + (f" · {message.get_suspension_reason_display()}" if message.suspended_at else ""),
                deadline=None if message.suspended_at else message.deadline,
                kind="request",
            )
            for message in rows[:10]
        ],
        order=18,
        url=reverse("exchange:desk"),
        total=rows.count(),
    )


def correlations_for(user: Any, message: Message) -> list[Any]:
    """The places, among those the user may open, where the message's entities also occur.

    Running the check is written to the audit log with the request as purpose.
    """
    from jisr.exchange.services.messages import cross_check_message

    stored = list(message.entities.all())
    if not stored:
        return []
    with transaction.atomic():
        return cross_check_message(user, message, stored)


def desk_members(user: Any) -> list[Any]:
    """Active users of the user's agency who work the desk (the people a request can go to)."""
    from jisr.accounts.models import User
    from jisr.exchange.permissions import WORK_DESK

    users = User.objects.filter(agency=user.agency_id, is_active=True).prefetch_related("groups")
    return [u for u in users.order_by("username") if WORK_DESK in u.get_all_permissions()]
