"""The receiving side: verify a signed request, then apply its envelope exactly once.

A request is refused, with an audit row and no other change, when it is not signed
by a known, valid key of an active partner under the profile in :mod:`signing`, when
its ``created`` is more than 300 s away from this node's clock, or when its nonce was
seen before. An accepted envelope is applied in ONE transaction that also records its
id (unique) and its nonce: a redelivery is acknowledged and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.db import IntegrityError, connection, transaction
from django.db.models import Field, Model, Q

from jisr.accounts.selectors import own_agency
from jisr.audit.actions import AuditAction
from jisr.audit.services import audit_record
from jisr.core import clock
from jisr.core.uploads import json_problem
from jisr.federation import keys
from jisr.federation.models import InboxEnvelope, Nonce, Partner, PartnerKey
from jisr.federation.registry import (
    Envelope,
    MalformedEnvelope,
    PermanentEnvelopeError,
    RetryLater,
    handler_spec,
)
from jisr.federation.signing import SignatureRejected, verify_request

log = logging.getLogger("jisr.federation")

INBOX_PATH = "/federation/inbox"
#: Bounds on what a partner may send: the envelope's size and how deeply its JSON nests.
MAX_ENVELOPE_BYTES = 16 * 1024 * 1024
MAX_JSON_DEPTH = 32
_KEYID_HINT = re.compile(r'keyid="([A-Za-z0-9_-]{1,64})"')


@dataclass(frozen=True)
class InboxResult:
    status: int
    payload: dict[str, Any]


def _reject(
    reason: str,
    *,
    status: int,
    detail: str = "",
    sender: str = "",
    key_hint: str = "",
    envelope_id: str = "",
) -> InboxResult:
    """Refuse the request: one audit row, nothing else."""
    audit_record(
        sender or "unknown",
        AuditAction.FEDERATION_REJECT,
        target=("envelope", envelope_id) if envelope_id else None,
        extra={"reason": reason, "detail": detail[:200], "key_id": key_hint[:64]},
    )
    return InboxResult(status, {"status": "rejected", "reason": reason})


class EnvelopeTooDeep(ValueError):
    """The JSON nests deeper than :data:`MAX_JSON_DEPTH`."""


def _check_decoded(data: Any) -> None:
    """Refuse JSON nested deeper than :data:`MAX_JSON_DEPTH`, or holding invalid text."""
    problem = json_problem(data, MAX_JSON_DEPTH)
    if problem == "depth":
        raise EnvelopeTooDeep(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    if problem:
        raise ValueError("text that is not valid Unicode (a lone surrogate)")


def parse_envelope(body: bytes) -> Envelope:
    """Decode and check an envelope's fields; ValueError when anything is off."""
    import json

    try:
        data = json.loads(body.decode("utf-8"))
    except RecursionError:
        raise EnvelopeTooDeep(f"JSON nested deeper than {MAX_JSON_DEPTH} levels") from None
    _check_decoded(data)
    if not isinstance(data, dict):
        raise ValueError("not an object")
    expected = {"id", "type", "version", "sender", "recipient", "created", "body"}
    if set(data) != expected:
        raise ValueError("fields")
    envelope_id = str(uuid.UUID(str(data["id"])))
    if not isinstance(data["type"], str) or not re.fullmatch(
        r"[a-z][a-z0-9_.-]{0,63}", data["type"]
    ):
        raise ValueError("type")
    if (
        not isinstance(data["version"], int)
        or isinstance(data["version"], bool)
        or data["version"] < 1
    ):
        raise ValueError("version")
    for name in ("sender", "recipient"):
        if not isinstance(data[name], str) or not 0 < len(data[name]) <= 32:
            raise ValueError(name)
    created = dt.datetime.fromisoformat(str(data["created"]))
    if created.tzinfo is None:
        raise ValueError("created")
    if not isinstance(data["body"], dict):
        raise ValueError("body")
    return Envelope(
        id=envelope_id,
        type=data["type"],
        version=data["version"],
        sender=data["sender"],
        recipient=data["recipient"],
        created=created,
        body=data["body"],
    )


def refuse_too_large(headers: Mapping[str, str]) -> InboxResult:
    """A request bigger than the web server accepts: refused, with its audit row."""
    hint = _KEYID_HINT.search(headers.get("signature-input", ""))
    return _reject(
        "too-large",
        status=413,
        detail=f"{headers.get('content-length', '?')} bytes",
        key_hint=hint.group(1) if hint else "",
    )


def receive(
    *,
    method: str,
    path: str,
    headers: Mapping[str, str],
    body: bytes,
    scheme: str = "https",
    query: str = "",
) -> InboxResult:
    """Verify and apply one signed request. ``headers`` has lower-case names."""
    now = clock.now()
    hint = _KEYID_HINT.search(headers.get("signature-input", ""))
    key_hint = hint.group(1) if hint else ""
    if len(body) > MAX_ENVELOPE_BYTES:
        return _reject("too-large", status=413, detail=f"{len(body)} bytes", key_hint=key_hint)
    found: dict[str, PartnerKey] = {}

    def lookup(key_id: str) -> Ed25519PublicKey | None:
        key = _active_key(key_id, now)
        if key is None:
            return None
        found["key"] = key
        return keys.load_public_key_b64(key.public_key)

    try:
        verified = verify_request(
            method=method,
            path=path,
            headers=headers,
            body=body,
            lookup_key=lookup,
            now=int(now.timestamp()),
            scheme=scheme,
            query=query,
        )
    except SignatureRejected as exc:
        sender = found["key"].agency.code if "key" in found else ""
        return _reject(exc.reason, status=401, detail=exc.detail, sender=sender, key_hint=key_hint)
    sender = found["key"].agency.code
    try:
        envelope = parse_envelope(body)
    except EnvelopeTooDeep as exc:
        return _reject("too-deep", status=400, detail=str(exc), sender=sender, key_hint=key_hint)
    except (ValueError, TypeError, UnicodeDecodeError) as exc:
        return _reject(
            "bad-envelope", status=400, detail=str(exc), sender=sender, key_hint=key_hint
        )
    if envelope.sender != sender:
        return _reject(
            "sender-mismatch",
            status=401,
            detail=envelope.sender,
            sender=sender,
            key_hint=key_hint,
            envelope_id=envelope.id,
        )
    if envelope.recipient != _own_code():
        return _reject(
            "wrong-recipient",
            status=400,
            detail=envelope.recipient,
            sender=sender,
            key_hint=key_hint,
            envelope_id=envelope.id,
        )
    spec = handler_spec(envelope.type)
    if spec is None:
        return _reject(
            "unknown-type",
            status=422,
            detail=envelope.type,
            sender=sender,
            key_hint=key_hint,
            envelope_id=envelope.id,
        )
    for attempt in range(2):
        try:
            with transaction.atomic():
                fresh_nonce = _insert_ignore(
                    Nonce, nonce=verified.nonce, key_id=verified.key_id, seen_at=now
                )
                if not fresh_nonce:
                    raise _Replay
                first_time = _insert_ignore(
                    InboxEnvelope,
                    id=uuid.UUID(envelope.id),
                    type=envelope.type,
                    sender=sender,
                    created=envelope.created,
                    received_at=now,
                )
                if not first_time:
                    audit_record(
                        sender,
                        AuditAction.FEDERATION_RECEIVE_DUPLICATE,
                        target=("envelope", envelope.id),
                        extra={"type": envelope.type, "peer": sender},
                    )
                    _touch(sender, now)
                    return InboxResult(200, {"status": "duplicate", "id": envelope.id})
                _one_envelope_at_a_time(sender)
                try:
                    spec.handle(envelope)
                except PermanentEnvelopeError:
                    raise
                except RetryLater:
                    raise
                except spec.malformed as exc:
                    raise MalformedEnvelope(f"malformed {envelope.type}: {exc!r}"[:300]) from exc
                audit_record(
                    sender,
                    AuditAction.FEDERATION_RECEIVE,
                    target=("envelope", envelope.id),
                    extra={"type": envelope.type, "peer": sender},
                )
                _touch(sender, now)
        except _Replay:
            return _reject(
                "replay", status=409, sender=sender, key_hint=key_hint, envelope_id=envelope.id
            )
        except PermanentEnvelopeError as exc:
            return _reject(
                exc.reason,
                status=422,
                detail=str(exc),
                sender=sender,
                key_hint=key_hint,
                envelope_id=envelope.id,
            )
        except RetryLater as exc:
            # Not applied, nothing recorded but the deferral: the relay sends it again later.
            audit_record(
                sender,
                AuditAction.FEDERATION_DEFER,
                target=("envelope", envelope.id),
                extra={"type": envelope.type, "peer": sender, "detail": str(exc)[:200]},
            )
            return InboxResult(503, {"status": "retry-later", "reason": "retry-later"})
        except (RecursionError, EnvelopeTooDeep) as exc:
            return _reject(
                "too-deep",
                status=400,
                detail=str(exc)[:200],
                sender=sender,
                key_hint=key_hint,
                envelope_id=envelope.id,
            )
        except IntegrityError as exc:
            # A concurrent request won the race: same nonce (a replay) or same envelope id.
            if Nonce.objects.filter(nonce=verified.nonce).exists():
                return _reject(
                    "replay", status=409, sender=sender, key_hint=key_hint, envelope_id=envelope.id
                )
            if InboxEnvelope.objects.filter(id=envelope.id).exists():
                return InboxResult(200, {"status": "duplicate", "id": envelope.id})
            if attempt == 0:
                # Another envelope inserted the same row meanwhile (a case's replica and the
                # stub its message left, sent by different partners) and has committed: apply
                # again, now seeing that row.
                continue
            # Anything else is the content breaking a constraint: it will never apply.
            return _reject(
                "integrity",
                status=422,
                detail=str(exc)[:200],
                sender=sender,
                key_hint=key_hint,
                envelope_id=envelope.id,
            )
        return InboxResult(200, {"status": "applied", "id": envelope.id})
    raise AssertionError("unreachable: the second attempt returns")


def _one_envelope_at_a_time(sender: str) -> None:
    """Apply one partner's envelopes one after the other (PostgreSQL; on SQLite every write
    transaction already waits for the one before).

    The relay sends several envelopes at once. Applied side by side, two of them about the
    same record (a case and the message that overtook it, two versions of one record) each
    miss the other's uncommitted rows: a duplicate insert, or an older version written over
    a newer one. The lock is this sender's alone and is taken before the handler reads
    anything (the envelope's own nonce and id rows come first: no other envelope needs them),
    so it adds no lock-order cycle with the node's own requests.
    """
    if connection.vendor != "postgresql":
        return
    key = int.from_bytes(
        hashlib.blake2b(sender.encode(), digest_size=8).digest(), "big", signed=True
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


# Small in-process caches keep the hot path to the few queries that must run. A key
# removed or expired is refused at most KEY_CACHE_SECONDS later.
KEY_CACHE_SECONDS = 5.0
_key_cache: dict[str, tuple[float, PartnerKey | None]] = {}
_own_cache: dict[str, tuple[float, str]] = {}
_last_touch: dict[str, dt.datetime] = {}


def _active_key(key_id: str, now: dt.datetime) -> PartnerKey | None:
    tick = time.monotonic()
    cached = _key_cache.get(key_id)
    if cached is not None and tick - cached[0] < KEY_CACHE_SECONDS:
        key = cached[1]
    else:
        key = (
            PartnerKey.objects.select_related("agency")
            .filter(
                key_id=key_id, agency__is_own=False, agency__partner__status=Partner.Status.ACTIVE
            )
            .first()
        )
        if len(_key_cache) > 1000:
            _key_cache.clear()
        _key_cache[key_id] = (tick, key)
    if key is None or (key.valid_until is not None and key.valid_until <= now):
        return None
    return key


def clear_caches() -> None:
    """Forget cached keys and identity (tests, and after partner changes in-process)."""
    _key_cache.clear()
    _own_cache.clear()
    _last_touch.clear()


def _own_code() -> str:
    tick = time.monotonic()
    cached = _own_cache.get("own")
    if cached is not None and tick - cached[0] < KEY_CACHE_SECONDS:
        return cached[1]
    own = own_agency()
    code = own.code if own else ""
    _own_cache["own"] = (tick, code)
    return code


def _insert_ignore(model: type[Model], **values: Any) -> bool:
    """INSERT … ON CONFLICT DO NOTHING (SQLite and PostgreSQL); True when a row was added.

    One statement instead of a savepoint, an insert and a release: this is the hot path.
    """
    fields = [cast("Field[Any, Any]", model._meta.get_field(name)) for name in values]
    columns = ", ".join(connection.ops.quote_name(f.column or f.name) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    params = [f.get_db_prep_save(values[f.name], connection) for f in fields]
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({marks}) ON CONFLICT DO NOTHING",  # noqa: S608
            params,
        )
        return bool(cursor.rowcount == 1)


class _Replay(Exception):
    pass


def _touch(sender: str, now: dt.datetime) -> None:
    """Note the contact (at most every few seconds, to keep the hot path light)."""
    last = _last_touch.get(sender)
    if last is not None and abs((now - last).total_seconds()) < 5:
        return
    _last_touch[sender] = now
    Partner.objects.filter(agency__code=sender).filter(
        Q(last_contact_at__isnull=True) | Q(last_contact_at__lt=now - dt.timedelta(seconds=5))
    ).update(last_contact_at=now)
