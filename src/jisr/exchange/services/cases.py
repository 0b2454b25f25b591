"""Cases"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jisr.accounts.models import Agency, User
from jisr.audit.actions import AuditAction
from jisr.audit.services import audit_record, field_changes
from jisr.core import clock
from jisr.core.access import parse_uuid, require_perm
from jisr.exchange.models import (
    Case,
    CaseCounter,
    CaseLink,
    CaseStatus,
    CrimeArea,
)
from jisr.exchange.permissions import CHANGE_CASE, OPEN_CASES
from jisr.exchange.services.common import CASE_RECORD, _own, _require

# --- cases ---------------------------------------------------------------------------------


def _next_reference(owner: Agency) -> str:
    year = clock.now().year
    counter, _created = CaseCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{owner.code}-{year}-{counter.last:04d}"


def case_body(case: Case) -> dict[str, Any]:
    """The replicated form of a case (what participants receive)."""
    return {
        **case.summary(),
        "participants": sorted(a.code for a in case.participants.all()),
        "links": [
            {"kind": link.kind, "id": str(link.target_id), "label": link.label}
            for link in case.links.order_by("kind", "target_id")
        ],
        "created_at": case.created_at.isoformat(),
        "updated_at": case.updated_at.isoformat(),
    }


def _replicate_case(case: Case) -> None:
    from jisr.federation.services import replicate_upsert

    recipients = [a.code for a in case.participants.all() if not a.is_own]
    if recipients:
        replicate_upsert(
            record_type=CASE_RECORD,
            record_id=str(case.id),
            version=case.version,
            body=case_body(case),
            recipients=recipients,
        )


def _partner_codes() -> set[str]:
    from jisr.federation.selectors import partner_agencies

    return {a.code for a in partner_agencies()}


@dataclass(frozen=True)
class LinkInput:
    kind: str
    target_id: str
    label: str = ""


def case_open(
    *,
    acting_user: User,
    title: str,
    crime_area: str,
    partners: Sequence[str],
    links: Sequence[LinkInput] = (),
) -> Case:
    """Open a case owned by this node's agency and share it with the partner agencies."""
    _require(acting_user, OPEN_CASES)
    own = _own()
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    if not title:
        errors.setdefault("title", []).append(_("A case needs a title."))
    if crime_area not in CrimeArea.values:
        errors.setdefault("crime_area", []).append(_("Choose a crime area from the list."))
    codes = sorted({c for c in partners if c and c != own.code})
    if not codes:
        errors.setdefault("partners", []).append(_("Choose at least one partner agency."))
    unknown = [c for c in codes if c not in _partner_codes()]
    if unknown:
        errors.setdefault("partners", []).append(
            _("Not a partner agency of this node: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    for link in links:
        if link.kind not in CaseLink.Kind.values or parse_uuid(link.target_id) is None:
            errors.setdefault("links", []).append(
                _("A link needs a kind (alert or hit) and a UUID.")
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        now = clock.now()
        case = Case.objects.create(
            reference=_next_reference(own),
            title=title,
            crime_area=crime_area,
            owner=own,
            created_at=now,
            updated_at=now,
            created_by=acting_user,
        )
        case.participants.set([own, *Agency.objects.filter(code__in=codes)])
        for link in links:
            CaseLink.objects.get_or_create(
                case=case,
                kind=link.kind,
                target_id=uuid.UUID(link.target_id),
                defaults={"label": link.label[:200]},
            )
        audit_record(
            acting_user, AuditAction.CASE_OPEN, target=case, extra={"reference": case.reference}
        )
        for code in codes:
            audit_record(acting_user, AuditAction.CASE_SHARE, target=case, recipient=code)
        _replicate_case(case)
    return case


def _bump(case: Case) -> None:
    case.version += 1
    case.updated_at = clock.now()
    case.save(update_fields=["version", "updated_at"])


def case_set_status(*, acting_user: User, case: Case, status: str) -> Case:
    """Change a case's status (owner agency only)."""
    _require(acting_user, OPEN_CASES)
    require_perm(
        acting_user,
        CHANGE_CASE,
        _("Only the agency that owns the case may change its status."),
        obj=case,
    )
    if status not in CaseStatus.values:
        raise ValidationError({"status": [_("Choose a status from the list.")]})
    changes = field_changes(case, {"status": status})
    with transaction.atomic():
        case.status = status
        case.save(update_fields=["status"])
        _bump(case)
        audit_record(
            acting_user, AuditAction.CASE_STATUS, target=case, extra={"status": status, **changes}
        )
        _replicate_case(case)
    return case


def case_link_add(*, acting_user: User, case: Case, kind: str, target_id: str, label: str) -> Case:
    """Link an owned case to an alert or a hit."""
    _require(acting_user, OPEN_CASES)
    require_perm(
        acting_user, CHANGE_CASE, _("Only the agency that owns the case may change it."), obj=case
    )
    with transaction.atomic():
        _link, created = CaseLink.objects.get_or_create(
            case=case,
            kind=kind,
            target_id=uuid.UUID(str(target_id)),
            defaults={"label": label[:200]},
        )
        if created:
            _bump(case)
            audit_record(
                acting_user,
                AuditAction.CASE_LINK,
                target=case,
                extra={"kind": kind, "id": str(target_id)},
            )
            _replicate_case(case)
    return case


def case_open_or_join_for_hit(
    *, acting_user: User, hit_id: str, alert_id: str, partner_agency_code: str, title: str
) -> Case:
    """A hit follow-up opens a case or joins one.

    Returns the case already linked to the hit; else a case linked to the alert in which
    the partner participates (an owned one gains a link to the hit); else a new case
    owned by this node, shared with the partner and linked to both.
    """
    own = _own()
    hit_uuid, alert_uuid = uuid.UUID(str(hit_id)), uuid.UUID(str(alert_id))
    visible = Case.objects.filter(participants=own).filter(participants__code=partner_agency_code)
    by_hit = visible.filter(links__kind=CaseLink.Kind.HIT, links__target_id=hit_uuid).first()
    if by_hit is not None:
        return by_hit
    by_alert = (
        visible.filter(links__kind=CaseLink.Kind.ALERT, links__target_id=alert_uuid)
        .exclude(status=CaseStatus.CLOSED)
        .first()
    )
    if by_alert is not None:
        if by_alert.owner.is_own:
            case_link_add(
                acting_user=acting_user,
                case=by_alert,
                kind=CaseLink.Kind.HIT,
                target_id=str(hit_uuid),
                label=title,
            )
        return by_alert
    return case_open(
        acting_user=acting_user,
        title=title,
        crime_area=CrimeArea.OTHER,
        partners=[partner_agency_code],
        links=[
            LinkInput(CaseLink.Kind.ALERT, str(alert_uuid), title),
            LinkInput(CaseLink.Kind.HIT, str(hit_uuid), title),
        ],
    )
