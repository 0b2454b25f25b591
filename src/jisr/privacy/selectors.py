"""Reads of data protection, each checking that the reader is the DPO."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from jisr.audit.actions import action_label
from jisr.audit.models import AuditEntry
from jisr.core import clock
from jisr.core.access import parse_uuid, require_perm
from jisr.core.registry import WorkRow, WorkSection, role_permissions
from jisr.privacy import schedule
from jisr.privacy.actions import PrivacyAction
from jisr.privacy.models import (
    ConsultationReceipt,
    DataSubjectRequest,
    DsrRecordAction,
    PatternFinding,
    RetentionReview,
)
from jisr.privacy.permissions import ACT_AS_DPO, REVIEW_RETENTION
from jisr.privacy.reference import DsrStatus, ReviewStatus

DPO_ONLY = "Only the data protection officer may do this."


def require_dpo(user: Any) -> None:
    require_perm(user, ACT_AS_DPO, _("Only the data protection officer may do this."))


def users_with_perm(perm: str) -> QuerySet[Any]:
    """Active users of our own agency whose roles grant ``perm``."""
    roles = [role for role, perms in role_permissions().items() if perm in perms]
    return (
        get_user_model()
        .objects.filter(is_active=True, agency__is_own=True, groups__name__in=roles)
        .distinct()
    )


def retention_report_for_dpo(user: Any) -> list[schedule.KindReport]:
    require_dpo(user)
    return schedule.report(clock.now())


def reviews_pending_for(user: Any) -> QuerySet[RetentionReview]:
    require_perm(user, REVIEW_RETENTION, _("You may not decide on retention reviews."))
    return RetentionReview.objects.filter(status=ReviewStatus.PENDING).order_by("due_since")


@dataclass
class PersonResult:
    records: list[dict[str, Any]]
    events: list[dict[str, Any]]


#: Receipts and audit rows shown per search (most recent first).
MAX_EVENTS = 2000


def person_search(
    user: Any, *, name: str = "", birth_date: str = "", document: str = ""
) -> PersonResult:
    """Every record of the node about a person, and every event on those records.

    Events are the audit rows whose object is one of the records (who, when, the
    purpose given, to whom) and the partners' consultation receipts. The caller audits
    the search (``privacy.services.person_search_record``): this read writes nothing.
    """
    from jisr.privacy.person_index import person_index
    from jisr.privacy.person_sources import source_labels

    require_dpo(user)
    found = person_index().search(name=name, birth_date=birth_date, document=document)
    labels = source_labels()
    records = [
        {
            "kind": f.kind,
            "kind_label": labels.get(f.kind, f.kind),
            "id": f.record_id,
            "owner": f.owner,
            "score": f.score,
        }
        for f in found
    ]
    ids = [f.record_id for f in found]
    restricted = set(
        DsrRecordAction.objects.filter(
            record_id__in=ids, action=DsrRecordAction.Action.RESTRICT, lifted_at__isnull=True
        ).values_list("kind", "record_id")
    )
    alert_ids = [f.record_id for f in found if f.kind == "wanted.alert"]
    if alert_ids and apps.is_installed("jisr.wanted"):
        # A partner's copy restricted by its owner carries the mark on the alert itself.
        from jisr.wanted.models import Alert

        restricted |= {
            ("wanted.alert", str(pk))
            for pk in Alert.objects.filter(
                pk__in=alert_ids, restricted_at__isnull=False
            ).values_list("pk", flat=True)
        }
    for record in records:
        record["restricted"] = (record["kind"], record["id"]) in restricted
    events: list[dict[str, Any]] = []
    if ids:
        for entry in (
            AuditEntry.objects.filter(target_id__in=ids)
            .exclude(action=PrivacyAction.RECEIPTS_RECEIVE)
            .order_by("-seq")
        )[:MAX_EVENTS]:
            events.append(audit_event(entry))
        for receipt in ConsultationReceipt.objects.filter(
            direction=ConsultationReceipt.Direction.INCOMING, record_id__in=ids
        ).order_by("-at")[:MAX_EVENTS]:
            events.append(receipt_event(receipt))
    events.sort(key=lambda e: e["at"], reverse=True)
    return PersonResult(records, events[:MAX_EVENTS])


def audit_event(entry: AuditEntry) -> dict[str, Any]:
    """One audit row as a line of a person's or a record's history."""
    return {
        "at": entry.created_at,
        "actor": entry.actor_username,
        "agency": entry.actor_agency,
        "action": entry.action,
        "action_label": entry.action_label,
        "purpose": entry.justification,
        "recipient": entry.recipient,
        "record_id": entry.target_id,
        "receipt": False,
    }


def receipt_event(receipt: ConsultationReceipt) -> dict[str, Any]:
    return {
        "at": receipt.at,
        "actor": receipt.username,
        "agency": receipt.agency,
        "action": "privacy.partner_consultation",
        "action_label": _("Consulted by a partner's officer (%(role)s)") % {"role": receipt.role}
        if receipt.role
        else _("Consulted by a partner's officer"),
        "purpose": receipt.purpose,
        "recipient": "",
        "record_id": receipt.record_id,
        "receipt": True,
    }


def record_events_for_dpo(user: Any, record_id: str) -> list[dict[str, Any]]:
    """Every audit row about one record and the partners' receipts for it, newest first."""
    require_dpo(user)
    record_id = str(record_id)[:64]
    events: list[dict[str, Any]] = [
        audit_event(entry)
        for entry in AuditEntry.objects.filter(target_id=record_id)
        .exclude(action=PrivacyAction.RECEIPTS_RECEIVE)
        .order_by("-seq")[:MAX_EVENTS]
    ]
    events += [
        receipt_event(receipt)
        for receipt in ConsultationReceipt.objects.filter(
            direction=ConsultationReceipt.Direction.INCOMING, record_id=record_id
        ).order_by("-at")[:MAX_EVENTS]
    ]
    events.sort(key=lambda e: e["at"], reverse=True)
    return events


def requests_for_dpo(user: Any) -> QuerySet[DataSubjectRequest]:
    require_dpo(user)
    return DataSubjectRequest.objects.order_by("status", "due_at")


def access_request_for_dpo(request_id: Any, user: Any) -> DataSubjectRequest:
    require_dpo(user)
    pk = parse_uuid(request_id)
    found = DataSubjectRequest.objects.filter(pk=pk).first() if pk else None
    if found is None:
        raise Http404
    return found


def patterns_for_dpo(user: Any) -> QuerySet[PatternFinding]:
    require_dpo(user)
    return PatternFinding.objects.order_by("-day", "kind")


def dpo_work_queue(user: Any) -> list[WorkSection]:
    """The DPO's requests due (with their countdown) and reviews waiting, on the home page."""
    if not getattr(user, "is_authenticated", False):
        return []
    sections = []
    if user.has_perm(ACT_AS_DPO):
        open_requests = DataSubjectRequest.objects.exclude(status=DsrStatus.DECIDED).order_by(
            "due_at"
        )
        sections.append(
            WorkSection(
                key="privacy.requests",
                title=_("Data-subject requests due"),
                rows=[
                    WorkRow(
                        text=f"{r.get_kind_display()} — {r.origin}",
                        url=reverse("privacy:request", args=[r.pk]),
                        deadline=r.due_at,
                        kind="request",
                    )
                    for r in open_requests[:10]
                ],
                order=25,
                url=reverse("privacy:home"),
                total=open_requests.count(),
            )
        )
    if user.has_perm(REVIEW_RETENTION):
        pending = RetentionReview.objects.filter(status=ReviewStatus.PENDING)
        total = pending.count()
        if total:
            sections.append(
                WorkSection(
                    key="privacy.reviews",
                    title=_("Records due for a retention review"),
                    rows=[
                        WorkRow(
                            text=_("%(n)s records due for review") % {"n": total},
                            url=reverse("privacy:home") + "#reviews",
                            kind="review",
                        )
                    ],
                    order=35,
                    url=reverse("privacy:home"),
                    total=total,
                )
            )
    return sections


def action_name(value: str) -> str:
    return action_label(value)
