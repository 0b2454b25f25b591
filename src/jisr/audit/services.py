"""Writing to the audit log. Call ``audit_record`` inside the transaction of the change."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from jisr.audit.actions import AuditAction, known_action
from jisr.audit.models import GENESIS_HASH, AuditChainHead, AuditChainStart, AuditEntry
from jisr.core import clock


class AuditHeadMissing(RuntimeError):
    """The chain has existed but its head row is gone: nothing is written until it is repaired."""


def _start_chain() -> AuditChainHead:
    """Write the first head, only on a node whose chain never existed."""
    if AuditChainStart.objects.exists() or AuditEntry.objects.exists():
        raise AuditHeadMissing(
            "the audit chain head is missing: run `jisr audit verify`, then "
            "`jisr audit repair-head --reason …`"
        )
    head, _created = AuditChainHead.objects.select_for_update().get_or_create(
        id=1, defaults={"last_seq": 0, "last_hash": GENESIS_HASH}
    )
    AuditChainStart.objects.get_or_create(id=1, defaults={"started_at": clock.now()})
    return head


def _actor_fields(actor: Any) -> dict[str, Any]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        name = actor if isinstance(actor, str) else ""
        return {"actor_id": None, "actor_username": name, "actor_agency": ""}
    agency = getattr(actor, "agency", None)
    return {
        "actor_id": actor.pk,
        "actor_username": actor.get_username(),
        "actor_agency": agency.code if agency else "",
    }


def _target_fields(target: Any) -> tuple[str, str]:
    if target is None:
        return "", ""
    if isinstance(target, models.Model):
        return target._meta.label_lower, str(target.pk)
    if isinstance(target, tuple):
        kind, ident = target
        return str(kind), str(ident)
    return "", str(target)


def field_changes(
    obj: models.Model, new_values: dict[str, Any], *, withheld: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """What an update changes, for ``extra``: ``{"changes": {field: [old, new]}}``.

    Call it before assigning the new values. Related objects are given by primary key.
    Fields in ``withheld`` (personal data) are only named under ``"withheld"``: the log
    is append-only and outlives the record, so it must not become a second copy of it.
    """
    changes: dict[str, list[Any]] = {}
    named: list[str] = []
    for field, new in new_values.items():
        old = getattr(obj, field)
        if old == new:
            continue
        if field in withheld:
            named.append(field)
            continue
        changes[field] = [
            value.pk if isinstance(value, models.Model) else value for value in (old, new)
        ]
    out: dict[str, Any] = {"changes": changes}
    if named:
        out["withheld"] = sorted(named)
    return out


def audit_record(
    actor: Any,
    action: AuditAction | str,
    target: Any = None,
    justification: str = "",
    recipient: str = "",
    extra: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one row to the audit log and return it.

    ``actor`` is a user, a string (e.g. a partner agency code or "system") or None;
    ``target`` a model instance, a ``(type, id)`` pair or None; ``recipient`` the
    agency a disclosure goes to. Runs in the caller's transaction when there is one.
    ``action`` must be one of :class:`AuditAction` or of an app's declared ``audit_actions``:
    an unknown one raises ``ValueError``.
    """
    stored = known_action(action)
    if stored is None:
        raise ValueError(
            f"unknown audit action {action!r}: add it to jisr.audit.actions.AuditAction "
            "or to the app's audit_actions"
        )
    target_type, target_id = _target_fields(target)
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(id=1).first()
        if head is None:
            head = _start_chain()
        entry = AuditEntry(
            seq=head.last_seq + 1,
            created_at=clock.now(),
            action=stored,
            target_type=target_type,
            target_id=target_id[:64],
            justification=justification or "",
            recipient=recipient or "",
            extra=extra or {},
            prev_hash=head.last_hash,
            **_actor_fields(actor),
        )
        # Normalise through the database round-trip form before hashing: the
        # microseconds of the timestamp are what both backends keep.
        entry.hash = entry.compute_hash(head.last_hash)
        entry.save(force_insert=True)
        head.last_seq = entry.seq
        head.last_hash = entry.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return entry


def audit_head_repair(*, acting_user: Any, reason: str) -> AuditEntry:
    """Write the chain head again from the last row, after ``verify`` found it missing.

    The explicit, audited way back: the repair is itself the first row written on the
    repaired chain, with the reason and what the head was rebuilt from. Rows removed
    with the head stay removed; the partners' witness anchors still show the cut.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("a reason is required to repair the audit chain head")
    with transaction.atomic():
        if AuditChainHead.objects.select_for_update().filter(id=1).exists():
            raise ValueError("the audit chain head is present: there is nothing to repair")
        last = AuditEntry.objects.order_by("-seq").first()
        AuditChainHead.objects.create(
            id=1,
            last_seq=last.seq if last else 0,
            last_hash=last.hash if last else GENESIS_HASH,
        )
        AuditChainStart.objects.get_or_create(id=1, defaults={"started_at": clock.now()})
        return audit_record(
            acting_user,
            AuditAction.AUDIT_HEAD_REPAIR,
            justification=reason[:500],
            extra={"rebuilt_from_seq": last.seq if last else 0},
        )
