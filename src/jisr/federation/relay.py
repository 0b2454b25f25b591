"""The sending side: the worker's relay delivers pending outbox envelopes over HTTP.

Outcomes per envelope:
- 2xx: delivered (the receiver applied it, or had already applied it);
- 400, 410, 413, 415, 422: the partner says it can never be applied: dead letter at once;
- any other HTTP status: a failure; retried with exponential backoff and full jitter,
  and a dead letter after ``MAX_ATTEMPTS`` failures;
- no answer at all (connection refused, timeout): a *link* failure. The envelope keeps
  its attempts; the whole link backs off instead, and the admin page shows the partner
  as unreachable. Nothing is lost while a partner is down, however long.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import random
import time
import uuid
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q

from jisr.audit.actions import AuditAction
from jisr.audit.services import audit_record
from jisr.core import clock
from jisr.federation import keys
from jisr.federation.inbox import INBOX_PATH
from jisr.federation.models import OutboxEnvelope, Partner, PartnerKey
from jisr.federation.signing import sign_request

log = logging.getLogger("jisr.federation")

MAX_ATTEMPTS = 12
BACKOFF_BASE_SECONDS = 1.0
BACKOFF_CAP_SECONDS = 600.0
LINK_BACKOFF_CAP_SECONDS = 30.0
BATCH_SIZE = 128
RECORD_CHUNK = 16
PARALLEL_REQUESTS = 8
PERMANENT_STATUSES = {400, 410, 413, 415, 422}

_pool: ThreadPoolExecutor | None = None
_key_cache: dict[str, Ed25519PrivateKey] = {}


class TransportError(Exception):
    """No HTTP answer at all. ``stale_connection``: a kept-alive connection was closed."""

    def __init__(self, message: str, *, stale_connection: bool = False) -> None:
        super().__init__(message)
        self.stale_connection = stale_connection


@dataclass(frozen=True)
class Answer:
    status: int
    reason: str = ""


class Transport(Protocol):
    """How the relay reaches a partner: POST ``body`` with ``headers`` to ``url``.

    Returns the partner's answer, or raises :class:`TransportError` when there is none.
    The worker uses :class:`HttpTransport`; tests pass an in-process partner instead.
    """

    def post(self, url: str, body: bytes, headers: dict[str, str]) -> Answer: ...


class HttpTransport:
    """HTTP with kept-alive connections (httpx), shared by the relay's threads."""

    def __init__(self) -> None:
        self._client = httpx.Client(
            timeout=httpx.Timeout(15.0, connect=3.0),
            limits=httpx.Limits(
                max_connections=PARALLEL_REQUESTS * 2,
                max_keepalive_connections=PARALLEL_REQUESTS * 2,
            ),
        )

    def post(self, url: str, body: bytes, headers: dict[str, str]) -> Answer:
        try:
            response = self._client.post(url, content=body, headers=headers)
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            raise TransportError(f"{type(exc).__name__}: {exc}", stale_connection=True) from exc
        except httpx.HTTPError as exc:
            raise TransportError(f"{type(exc).__name__}: {exc}") from exc
        reason = ""
        if not 200 <= response.status_code < 300:
            try:
                reason = str(response.json().get("reason", ""))
            except (ValueError, AttributeError):
                reason = ""
        return Answer(response.status_code, reason)


_http: HttpTransport | None = None


def default_transport() -> Transport:
    global _http
    if _http is None:
        _http = HttpTransport()
    return _http


def _executor() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=PARALLEL_REQUESTS, thread_name_prefix="jisr-relay")
    return _pool


def backoff_seconds(
    attempts: int, *, base: float = BACKOFF_BASE_SECONDS, cap: float = BACKOFF_CAP_SECONDS
) -> float:
    """Exponential backoff with jitter: uniformly in [ceiling/2, ceiling]."""
    ceiling = min(cap, base * (2 ** max(0, attempts - 1)))
    return random.uniform(ceiling / 2, ceiling)


def envelope_bytes(row: OutboxEnvelope) -> bytes:
    """The wire form of an envelope: compact JSON, keys sorted."""
    return json.dumps(
        {
            "id": str(row.id),
            "type": row.type,
            "version": row.version,
            "sender": row.sender,
            "recipient": row.recipient,
            "created": row.created.isoformat(),
            "body": row.body,
        },
        separators=(",", ":"),
        sort_keys=True,
        ensure_ascii=False,
    ).encode()


def _private_key(key_id: str) -> Ed25519PrivateKey | None:
    key = _key_cache.get(key_id)
    if key is None:
        key = keys.load_private_key_by_id(Path(settings.JISR_HOME), key_id)
        if key is not None:
            _key_cache[key_id] = key
    return key


_current: dict[str, tuple[float, str, Ed25519PrivateKey]] = {}


def _current_key() -> tuple[str, Ed25519PrivateKey]:
    """The node's current key, re-read when its file changes (after a rotation)."""
    path = keys.key_dir(Path(settings.JISR_HOME)) / "current.pem"
    mtime = path.stat().st_mtime if path.exists() else 0.0
    cached = _current.get("key")
    if cached is not None and cached[0] == mtime:
        return cached[1], cached[2]
    key = keys.load_private_key(Path(settings.JISR_HOME))
    if key is None:
        raise RuntimeError("this node has no signing key: run `jisr node init`")
    key_id = keys.key_id_for(key.public_key())
    _current["key"] = (mtime, key_id, key)
    return key_id, key


def _signing_key(
    row: OutboxEnvelope, partner: Partner, now: dt.datetime
) -> tuple[str, Ed25519PrivateKey]:
    wanted = row.signing_key_id or partner.signing_key_id
    if wanted:
        still_valid = (
            PartnerKey.objects.filter(key_id=wanted)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=now))
            .exists()
        )
        key = _private_key(wanted) if still_valid else None
        if key is not None:
            return wanted, key
    return _current_key()


@dataclass
class Attempt:
    row: OutboxEnvelope
    status: int | None  # None: no HTTP answer
    error: str


def _post(
    transport: Transport,
    row: OutboxEnvelope,
    partner: Partner,
    key_id: str,
    key: Ed25519PrivateKey,
) -> Attempt:
    body = envelope_bytes(row)
    url = partner.url.rstrip("/") + INBOX_PATH
    path = urlsplit(url).path

    def signed() -> dict[str, str]:
        return sign_request(
            method="POST",
            path=path,
            body=body,
            private_key=key,
            key_id=key_id,
            created=int(clock.now().timestamp()),
        )

    try:
        try:
            answer = transport.post(url, body, signed())
        except TransportError as exc:
            if not exc.stale_connection:
                raise
            # A kept-alive connection the partner closed (it restarted): one fresh try,
            # with a fresh nonce. Safe even if the first was applied: the receiver dedups.
            answer = transport.post(url, body, signed())
    except TransportError as exc:
        return Attempt(row, None, str(exc)[:300])
    if 200 <= answer.status < 300:
        return Attempt(row, answer.status, "")
    return Attempt(row, answer.status, f"HTTP {answer.status} {answer.reason}".strip()[:300])


def _link_open(partner: Partner, now: dt.datetime) -> bool:
    if partner.retry_at is None or partner.retry_at <= now:
        return True
    # A retry time further away than the longest backoff means the clock went back
    # (NTP correction, restored snapshot): retry now rather than wait that long.
    return partner.retry_at > now + dt.timedelta(seconds=LINK_BACKOFF_CAP_SECONDS + 1)


def _claim(now: dt.datetime, partners: dict[str, Partner]) -> list[OutboxEnvelope]:
    open_links = [code for code, p in partners.items() if _link_open(p, now)]
    # Same reasoning for envelopes: nothing is ever scheduled beyond the backoff cap.
    horizon = now + dt.timedelta(seconds=BACKOFF_CAP_SECONDS + 1)
    query = OutboxEnvelope.objects.filter(
        Q(next_attempt_at__lte=now) | Q(next_attempt_at__gt=horizon),
        state=OutboxEnvelope.State.PENDING,
        recipient__in=open_links,
    ).order_by("next_attempt_at", "id")
    if connection.vendor == "postgresql":
        # Several workers may run: each takes rows nobody else holds.
        query = query.select_for_update(skip_locked=True, of=("self",))
    return list(query[:BATCH_SIZE])


def relay_once(transport: Transport | None = None) -> int:
    """Deliver one batch of due envelopes; return how many were attempted."""
    transport = transport or default_transport()
    now = clock.now()
    partners = {
        p.agency.code: p
        for p in Partner.objects.select_related("agency").filter(status=Partner.Status.ACTIVE)
    }
    if not partners:
        return 0
    # On PostgreSQL the claim's row locks are held until the results are written (a
    # killed worker's locks go with its connection). On SQLite the worker's file lock
    # already makes this the only relay, and no write transaction is held over HTTP.
    holder = transaction.atomic() if connection.vendor == "postgresql" else _nullcontext()
    with holder:
        rows = _claim(now, partners)
        if not rows:
            return 0
        jobs = []
        for row in rows:
            partner = partners[row.recipient]
            key_id, key = _signing_key(row, partner, now)
            jobs.append((row, partner, key_id, key))
        # On SQLite, outcomes are recorded in small chunks as they come back, so the
        # partner keeps receiving while this node writes what was delivered. On
        # PostgreSQL they are recorded once every answer is in: recording writes audit
        # rows, which lock the chain's head until the claim's transaction ends, and a
        # head locked over HTTP stalls every audited request on this node, and the
        # partner's inbox when its own relay is waiting on us (each side then waits
        # for the other until the HTTP timeout).
        chunk_size = len(jobs) if connection.vendor == "postgresql" else RECORD_CHUNK
        futures = [_executor().submit(_post, transport, *job) for job in jobs]
        chunk: list[Attempt] = []
        for future in as_completed(futures):
            chunk.append(future.result())
            if len(chunk) >= chunk_size:
                _record(chunk, partners)
                chunk = []
        if chunk:
            _record(chunk, partners)
    return len(rows)


class _nullcontext:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _record(attempts: list[Attempt], partners: dict[str, Partner]) -> None:
    now = clock.now()
    link_down: dict[str, str] = {}
    link_up: set[str] = set()
    delivered: list[uuid.UUID] = []
    with transaction.atomic():
        for attempt in attempts:
            row = attempt.row
            if attempt.status is None:
                link_down[row.recipient] = attempt.error
                continue
            link_up.add(row.recipient)
            if 200 <= attempt.status < 300:
                delivered.append(row.id)
                audit_record(
                    row.sender,
                    AuditAction.FEDERATION_SEND,
                    target=("envelope", str(row.id)),
                    recipient=row.recipient,
                    extra={"type": row.type, "peer": row.recipient},
                )
                if row.type == "key.rotated":
                    # The partner knows our new key now: sign with it from here on.
                    Partner.objects.filter(agency__code=row.recipient).update(signing_key_id="")
                continue
            row.attempts += 1
            row.last_error = attempt.error
            if attempt.status in PERMANENT_STATUSES or row.attempts >= MAX_ATTEMPTS:
                row.state = OutboxEnvelope.State.DEAD
                audit_record(
                    row.sender,
                    AuditAction.FEDERATION_DEAD_LETTER,
                    target=("envelope", str(row.id)),
                    recipient=row.recipient,
                    extra={
                        "type": row.type,
                        "peer": row.recipient,
                        "reason": attempt.error[:200],
                        "attempts": row.attempts,
                    },
                )
            else:
                row.next_attempt_at = now + dt.timedelta(seconds=backoff_seconds(row.attempts))
            row.save(update_fields=["state", "attempts", "last_error", "next_attempt_at"])
        if delivered:
            OutboxEnvelope.objects.filter(id__in=delivered).update(
                state=OutboxEnvelope.State.SENT,
                sent_at=now,
                attempts=F("attempts") + 1,
                last_error="",
            )
        for code in link_up - set(link_down):
            partner = partners[code]
            Partner.objects.filter(pk=partner.pk).update(
                last_contact_at=now, link_failures=0, retry_at=None, last_error=""
            )
        for code, error in link_down.items():
            partner = partners[code]
            failures = partner.link_failures + 1
            delay = backoff_seconds(failures, base=0.5, cap=LINK_BACKOFF_CAP_SECONDS)
            Partner.objects.filter(pk=partner.pk).update(
                link_failures=failures, retry_at=now + dt.timedelta(seconds=delay), last_error=error
            )


def relay_run(max_seconds: float = 5.0, transport: Transport | None = None) -> int:
    """Deliver batches until nothing is due or ``max_seconds`` have passed."""
    started = time.monotonic()
    total = 0
    while time.monotonic() - started < max_seconds:
        done = relay_once(transport)
        total += done
        if done == 0:
            break
    return total
