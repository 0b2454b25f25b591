"""How cases and messages travel between nodes.

- ``exchange.case`` (replicated, owner = the agency that opened it): read-only copies on
  the participating agencies' nodes;
- ``exchange.message``, ``exchange.ack`` and ``exchange.consent``: envelopes to one
  partner. A malformed body is a permanent failure (the registry's default errors).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.dateparse import parse_datetime

from jisr.accounts.models import Agency
from jisr.audit.actions import AuditAction
from jisr.audit.services import audit_record
from jisr.core import clock
from jisr.core.access import parse_uuid
from jisr.exchange.models import Case, CaseLink, CaseStatus, CrimeArea
from jisr.federation.registry import PermanentEnvelopeError

CASE_RECORD = "exchange.case"

# -- receive: partner copies (``exchange.case``) ---------------------------------------------


def _agency(code: str) -> Agency | None:
    return Agency.objects.filter(code=code).first()


def _parse_dt(value: str | None) -> dt.datetime | None:
    return parse_datetime(value) if value else None


def case_apply_copy(*, sender: str, record_id: str, version: int, body: dict[str, Any]) -> Case:
    """Store or refresh the read-only copy of a partner's case."""
    if body.get("owner") != sender:
        raise PermanentEnvelopeError("a case can only be replicated by its owner")
    owner = _agency(sender)
    if owner is None or owner.is_own:
        raise PermanentEnvelopeError(f"unknown or own owner agency {sender}")
    case = Case.objects.filter(id=record_id).first()
    if case is not None and case.owner_id != owner.id:
        raise PermanentEnvelopeError("case owned by another agency")
    if case is not None and case.version >= version:
        return case
    fields = {
        "reference": body["reference"],
        "title": body["title"],
        "crime_area": body["crime_area"]
        if body["crime_area"] in CrimeArea.values
        else CrimeArea.OTHER,
        "status": body["status"] if body["status"] in CaseStatus.values else CaseStatus.OPEN,
        "owner": owner,
        "version": version,
        "created_at": _parse_dt(body.get("created_at")) or clock.now(),
        "updated_at": _parse_dt(body.get("updated_at")) or clock.now(),
    }
    if case is None:
        case = Case.objects.create(id=record_id, **fields)
    else:
        for key, value in fields.items():
            setattr(case, key, value)
        case.save()
    case.participants.set(Agency.objects.filter(code__in=body.get("participants", [])))
    case.links.all().delete()
    for link in body.get("links", []):
        if link.get("kind") in CaseLink.Kind.values and parse_uuid(link.get("id", "")):
            CaseLink.objects.create(
                case=case,
                kind=link["kind"],
                target_id=link["id"],
                label=link.get("label", "")[:200],
            )
    audit_record(sender, AuditAction.CASE_RECEIVE, target=case, extra={"version": version})
    return case


def case_withdraw_copy(*, sender: str, record_id: str) -> None:
    from jisr.exchange.models import Message
    from jisr.notices.services import notices_delete_for

    copy = Case.objects.filter(id=record_id, owner__code=sender, owner__is_own=False)
    # Notices name their messages (reference and subject): they go with the copy.
    message_ids = Message.objects.filter(case__in=copy).values_list("id", flat=True)
    notices_delete_for(target_type="exchange.message", target_ids=[str(i) for i in message_ids])
    copy.delete()
    audit_record(sender, AuditAction.CASE_WITHDRAWN, target=("exchange.case", record_id))


def case_state_for(record_id: str) -> tuple[int, dict[str, Any]] | None:
    """Owner side of reconciliation and catch-up: the current state of one of our cases."""
    from jisr.exchange.services.cases import case_body

    case = Case.objects.filter(id=record_id, owner__is_own=True).first()
    if case is None:
        return None
    return case.version, case_body(case)


# -- ownership, as the replication layer asks -------------------------------------------------


def case_owner(record_id: str) -> str | None:
    """Who owns the case with this id on this node (own cases included), or None."""
    return Case.objects.filter(id=record_id).values_list("owner__code", flat=True).first()


# -- receive: envelopes (their effects are services of the exchange app) -----------------------


def _on_message(envelope: Any) -> object:
    from jisr.exchange import services

    return services.message_receive(sender=envelope.sender, body=envelope.body)


def _on_ack(envelope: Any) -> None:
    from jisr.exchange import services

    services.ack_receive(sender=envelope.sender, body=envelope.body)


def _on_consent(envelope: Any) -> None:
    from jisr.exchange import services

    services.consent_receive(sender=envelope.sender, body=envelope.body)


# -- registration ---------------------------------------------------------------------------


def register() -> None:
    """Called from ExchangeConfig.ready()."""
    from jisr.exchange import services
    from jisr.federation.registry import register_handler, register_replicated_type

    register_handler(services.MESSAGE_ENVELOPE, _on_message)
    register_handler(services.ACK_ENVELOPE, _on_ack)
    register_handler(services.CONSENT_ENVELOPE, _on_consent)
    register_replicated_type(
        CASE_RECORD,
        on_upsert=lambda sender, record_id, version, body: case_apply_copy(
            sender=sender, record_id=record_id, version=version, body=body
        ),
        on_withdraw=lambda sender, record_id: case_withdraw_copy(
            sender=sender, record_id=record_id
        ),
        body_for=case_state_for,
        owner_of=case_owner,
    )
