"""Federation writes: partners, keys, the outbox and owner-side replication.

Every function here takes keyword-only arguments and writes its audit row in the
same transaction as its change.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jisr.accounts.models import Agency
from jisr.accounts.reference import KNOWN_AGENCIES
from jisr.accounts.selectors import own_agency
from jisr.accounts.services import agency_upsert
from jisr.audit.actions import AuditAction
from jisr.audit.services import audit_record
from jisr.core import clock, ids
from jisr.federation import keys
from jisr.federation.models import OutboxEnvelope, Partner, PartnerKey, SharedRecord

ENVELOPE_SCHEMA_VERSION = 1


def _actor(acting_user: Any) -> Any:
    return acting_user if acting_user is not None else "system"


def _parse_public_key(public_key: str) -> str:
    try:
        raw = base64.b64decode(public_key.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValidationError({"public_key": _("The public key is not valid base64.")}) from exc
    if len(raw) != 32:
        raise ValidationError({"public_key": _("An Ed25519 public key is 32 bytes long.")})
    return base64.b64encode(raw).decode()


def partner_add(*, acting_user: Any, agency_code: str, url: str, public_key: str) -> Partner:
    """Register a partner node, or update its address and key when it is already known.

    A key given here replaces the partner's earlier keys at once (a manual re-keying);
    a key announced by the partner itself (``key.rotated``) overlaps with the old one.
    """
    agency_code = agency_code.strip()
    url = url.strip().rstrip("/")
    if not agency_code:
        raise ValidationError({"agency_code": _("An agency code is required.")})
    if not url.startswith(("http://", "https://")):
        raise ValidationError({"url": _("The address must start with http:// or https://.")})
    encoded = _parse_public_key(public_key)
    key_id = keys.key_id_for(keys.load_public_key_b64(encoded))
    now = clock.now()
    with transaction.atomic():
        agency = Agency.objects.filter(code=agency_code).first()
        if agency is None:
            names = KNOWN_AGENCIES.get(
                agency_code,
                {"name_ar": agency_code, "name_fr": agency_code, "name_en": agency_code},
            )
            agency = agency_upsert(
                code=agency_code,
                name_ar=names["name_ar"],
                name_fr=names["name_fr"],
                name_en=names["name_en"],
                country=names.get("country", ""),
            )
        if agency.is_own:
            raise ValidationError({"agency_code": _("This is this node's own agency.")})
        clash = PartnerKey.objects.filter(key_id=key_id).exclude(agency=agency).first()
        if clash is not None:
            raise ValidationError({"public_key": _("This key belongs to another agency.")})
        partner, created = Partner.objects.update_or_create(
            agency=agency,
            defaults={"url": url, "status": Partner.Status.ACTIVE},
            create_defaults={"url": url, "status": Partner.Status.ACTIVE, "created_at": now},
        )
        key, _key_created = PartnerKey.objects.get_or_create(
            key_id=key_id,
            defaults={"agency": agency, "public_key": encoded, "valid_from": now},
        )
        if key.valid_until is not None:
            key.valid_until = None
            key.save(update_fields=["valid_until"])
        PartnerKey.objects.filter(agency=agency, valid_until__isnull=True).exclude(
            key_id=key_id
        ).update(valid_until=now)
        audit_record(
            _actor(acting_user),
            AuditAction.FEDERATION_PARTNER_ADD
            if created
            else AuditAction.FEDERATION_PARTNER_UPDATE,
            target=partner,
            recipient=agency.code,
            extra={"url": url, "key_id": key_id},
        )
    from jisr.federation.inbox import clear_caches

    clear_caches()
    return partner


def node_identity_sync() -> PartnerKey | None:
    """Record this node's current public key in the key table (``jisr node init`` calls this)."""
    agency = own_agency()
    private = keys.load_private_key(Path(settings.JISR_HOME))
    if agency is None or private is None:
        return None
    public = private.public_key()
    key_id = keys.key_id_for(public)
    with transaction.atomic():
        key, created = PartnerKey.objects.get_or_create(
            key_id=key_id,
            defaults={
                "agency": agency,
                "public_key": keys.public_key_b64(public),
                "valid_from": clock.now(),
            },
        )
        if created:
            audit_record("system", AuditAction.FEDERATION_OWN_KEY, target=("key", key_id))
    return key


def _json_body(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise TypeError("an envelope body is a JSON object")
    # Round-trip: what is stored is exactly what will be sent.
    result: dict[str, Any] = json.loads(json.dumps(body, allow_nan=False))
    return result


def outbox_enqueue(
    *,
    envelope_type: str,
    recipient: str,
    body: dict[str, Any],
    version: int = ENVELOPE_SCHEMA_VERSION,
    signing_key_id: str = "",
) -> OutboxEnvelope:
    """Write an envelope to the outbox, in the caller's transaction; the relay delivers it."""
    agency = own_agency()
    if agency is None:
        raise ValidationError(_("This node has no agency yet: run `jisr node init`."))
    if not Partner.objects.filter(agency__code=recipient).exists():
        raise ValidationError(
            {"recipient": _("%(code)s is not a partner of this node.") % {"code": recipient}}
        )
    now = clock.now()
    with transaction.atomic():
        return OutboxEnvelope.objects.create(
            id=ids.new_id(),
            type=envelope_type,
            version=version,
            sender=agency.code,
            recipient=recipient,
            created=now,
            body=_json_body(body),
            next_attempt_at=now,
            signing_key_id=signing_key_id,
        )


def _replicate(
    envelope_type: str,
    *,
    record_type: str,
    record_id: str,
    version: int,
    recipients: list[str],
    extra: dict[str, Any],
) -> list[OutboxEnvelope]:
    """Record what each recipient holds (the shared-record table) and enqueue the envelope."""
    withdrawn = envelope_type == "replica.withdraw"
    now = clock.now()
    sent = []
    with transaction.atomic():
        for recipient in recipients:
            SharedRecord.objects.update_or_create(
                record_type=record_type,
                record_id=str(record_id),
                recipient=recipient,
                defaults={"version": version, "withdrawn": withdrawn, "updated_at": now},
            )
            sent.append(
                outbox_enqueue(
                    envelope_type=envelope_type,
                    recipient=recipient,
                    body={
                        "record_type": record_type,
                        "record_id": str(record_id),
                        "version": version,
                        **extra,
                    },
                )
            )
    return sent


def replicate_upsert(
    *, record_type: str, record_id: str, version: int, body: dict[str, Any], recipients: list[str]
) -> list[OutboxEnvelope]:
    """Send the owner's current state of a record to each recipient (owner-authoritative)."""
    return _replicate(
        "replica.upsert",
        record_type=record_type,
        record_id=record_id,
        version=version,
        recipients=recipients,
        extra={"body": body},
    )


def replicate_withdraw(
    *, record_type: str, record_id: str, version: int, recipients: list[str]
) -> list[OutboxEnvelope]:
    """Tell each recipient to delete its copy (a tombstone carrying the owner's version)."""
    return _replicate(
        "replica.withdraw",
        record_type=record_type,
        record_id=record_id,
        version=version,
        recipients=recipients,
        extra={},
    )


def replicas_catch_up() -> int:
    """Send shared records to the linked partners that lack them (or hold an older version).

    One task for every replicated type, driven by the shared-record table: a record shared
    before its partner's node was linked (or while the link was suspended) reaches the
    partner as soon as the link exists. Returns how many (record, partner) pairs were sent.
    """
    from jisr.federation.registry import replicated_types
    from jisr.federation.selectors import partner_agencies

    linked = {agency.code for agency in partner_agencies()}
    if not linked:
        return 0
    sent = 0
    for kind in replicated_types():
        if kind.audience is None:
            continue
        held: dict[tuple[str, str], int] = {
            (row.record_id, row.recipient): -1 if row.withdrawn else row.version
            for row in SharedRecord.objects.filter(record_type=kind.record_type)
        }
        for record_id, version, agencies in kind.audience():
            missing = sorted(
                code
                for code in set(agencies) & linked
                if held.get((str(record_id), code), -1) < version
            )
            if not missing:
                continue
            with transaction.atomic():
                current = kind.body_for(str(record_id))
                if current is None:
                    continue
                replicate_upsert(
                    record_type=kind.record_type,
                    record_id=str(record_id),
                    version=current[0],
                    body=current[1],
                    recipients=missing,
                )
            sent += len(missing)
    return sent


def outbox_retry(*, acting_user: Any, envelope: OutboxEnvelope) -> OutboxEnvelope:
    """An administrator sends a dead letter again (from the federation page)."""
    with transaction.atomic():
        envelope = OutboxEnvelope.objects.select_for_update().get(pk=envelope.pk)
        if envelope.state != OutboxEnvelope.State.DEAD:
            raise ValidationError(_("Only a failed envelope can be retried."))
        envelope.state = OutboxEnvelope.State.PENDING
        envelope.attempts = 0
        envelope.next_attempt_at = clock.now()
        envelope.save(update_fields=["state", "attempts", "next_attempt_at"])
        Partner.objects.filter(agency__code=envelope.recipient).update(retry_at=None)
        audit_record(
            _actor(acting_user),
            AuditAction.FEDERATION_RETRY,
            target=("envelope", str(envelope.id)),
            recipient=envelope.recipient,
            extra={"type": envelope.type, "reason": envelope.last_error[:200]},
        )
    return envelope


def key_rotate(*, acting_user: Any, overlap_hours: float = 72) -> PartnerKey:
    """Make a new signing key current; the old one stays valid for ``overlap_hours``.

    Each partner is told by a ``key.rotated`` envelope signed with the OLD key; this
    node keeps signing with the old key for that partner until the envelope is delivered.
    """
    agency = own_agency()
    if agency is None:
        raise ValidationError(_("This node has no agency yet: run `jisr node init`."))
    home = Path(settings.JISR_HOME)
    now = clock.now()
    until = now + dt.timedelta(hours=overlap_hours)
    old, new = keys.rotate_private_key(home)
    old_id = keys.key_id_for(old.public_key())
    new_id = keys.key_id_for(new.public_key())
    with transaction.atomic():
        PartnerKey.objects.update_or_create(
            key_id=old_id,
            defaults={
                "agency": agency,
                "public_key": keys.public_key_b64(old.public_key()),
                "valid_until": until,
            },
            create_defaults={
                "agency": agency,
                "public_key": keys.public_key_b64(old.public_key()),
                "valid_from": now,
                "valid_until": until,
            },
        )
        key = PartnerKey.objects.create(
            agency=agency,
            key_id=new_id,
            public_key=keys.public_key_b64(new.public_key()),
            valid_from=now,
        )
        for partner in Partner.objects.select_related("agency"):
            partner.signing_key_id = old_id
            partner.save(update_fields=["signing_key_id"])
            outbox_enqueue(
                envelope_type="key.rotated",
                recipient=partner.agency.code,
                body={
                    "key_id": new_id,
                    "public_key": keys.public_key_b64(new.public_key()),
                    "previous_key_id": old_id,
                    "previous_valid_until": until.isoformat(),
                },
                signing_key_id=old_id,
            )
        audit_record(
            _actor(acting_user),
            AuditAction.FEDERATION_KEY_ROTATE,
            target=("key", new_id),
            extra={"previous_key_id": old_id, "overlap_until": until.isoformat()},
        )
    return key
