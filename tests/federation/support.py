"""Helpers for federation tests: a fake partner that signs, and a snapshot of node state."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from jisr.core import clock, ids
from jisr.federation.signing import sign_request


@dataclass
class FakePartner:
    """The partner FR-DGPN as seen from this node: its private key lives in the test."""

    code: str
    key: Ed25519PrivateKey
    key_id: str
    partner: Any = None

    @property
    def agency(self) -> Any:
        return self.partner.agency

    def envelope(
        self, envelope_type: str = "bench.ping", body: dict[str, Any] | None = None, **fields: Any
    ) -> dict[str, Any]:
        data = {
            "id": str(ids.new_id()),
            "type": envelope_type,
            "version": 1,
            "sender": self.code,
            "recipient": "MA-DGSN",
            "created": clock.now().isoformat(),
            "body": body if body is not None else {"seq": 1},
        }
        data.update(fields)
        return data

    def sign(
        self,
        body: bytes,
        *,
        created: int | None = None,
        nonce: str | None = None,
        key: Ed25519PrivateKey | None = None,
        key_id: str | None = None,
        path: str = "/federation/inbox",
    ) -> dict[str, str]:
        return sign_request(
            method="POST",
            path=path,
            body=body,
            private_key=key or self.key,
            key_id=key_id or self.key_id,
            created=created if created is not None else int(clock.now().timestamp()),
            nonce=nonce,
        )


def post_signed(client: Any, body: bytes, headers: dict[str, str]) -> Any:
    """POST to the inbox with exactly these headers (content type included)."""
    extra = {k: v for k, v in headers.items() if k.lower() != "content-type"}
    content_type = headers.get("Content-Type", headers.get("content-type", ""))
    return client.generic(
        "POST", "/federation/inbox", body, content_type=content_type, headers=extra
    )


def encode(envelope: dict[str, Any]) -> bytes:
    return json.dumps(envelope, separators=(",", ":"), sort_keys=True).encode()


def state_snapshot() -> dict[str, Any]:
    """Everything an envelope could change on this node, except the audit log."""
    from jisr.federation.models import (
        BenchPing,
        InboxEnvelope,
        Nonce,
        OutboxEnvelope,
        Partner,
        PartnerKey,
        Replica,
        SharedRecord,
    )

    return {
        "inbox": InboxEnvelope.objects.count(),
        "nonces": Nonce.objects.count(),
        "pings": BenchPing.objects.count(),
        "replicas": list(Replica.objects.values_list("record_id", "version", "withdrawn")),
        "shared": SharedRecord.objects.count(),
        "outbox": OutboxEnvelope.objects.count(),
        "keys": list(PartnerKey.objects.values_list("key_id", "valid_until")),
        "partners": list(Partner.objects.values_list("agency__code", "status", "out_of_sync")),
    }


def new_id() -> str:
    return str(ids.new_id())


class InProcessPartner:
    """The partner FR-DGPN's inbox in this process, as an injected relay transport.

    It checks each request with the real verification code against this node's public
    keys, refuses replayed nonces, applies each envelope id once, and learns a rotated
    key from ``key.rotated``. Tests make it ``down``, skew its clock or lose answers.
    Called from the relay's threads: no database access here.
    """

    def __init__(self, public_keys: dict[str, Any], known_types: set[str] | None = None) -> None:
        import threading

        self.keys = dict(public_keys)
        self.known_types = known_types or {"bench.ping", "key.rotated"}
        self.applied: list[str] = []
        self.key_ids_used: list[str] = []
        self.down = False
        self.clock_offset = 0
        self.lose_answers = 0
        self._ids: set[str] = set()
        self._nonces: set[str] = set()
        self._lock = threading.Lock()

    def post(self, url: str, body: bytes, headers: dict[str, str]) -> Any:
        from urllib.parse import urlsplit

        from jisr.federation import keys
        from jisr.federation.relay import Answer, TransportError
        from jisr.federation.signing import SignatureRejected, verify_request

        if self.down:
            raise TransportError("ConnectError: [Errno 111] Connection refused")
        with self._lock:
            try:
                verified = verify_request(
                    method="POST",
                    path=urlsplit(url).path,
                    headers={k.lower(): v for k, v in headers.items()},
                    body=body,
                    lookup_key=self.keys.get,
                    now=int(clock.now().timestamp()) + self.clock_offset,
                )
            except SignatureRejected as exc:
                return Answer(401, exc.reason)
            if verified.nonce in self._nonces:
                return Answer(409, "replay")
            self._nonces.add(verified.nonce)
            envelope = json.loads(body)
            if envelope["type"] not in self.known_types:
                return Answer(422, "unknown-type")
            self.key_ids_used.append(verified.key_id)
            if envelope["id"] not in self._ids:
                self._ids.add(envelope["id"])
                self.applied.append(envelope["id"])
                if envelope["type"] == "key.rotated":
                    announced = envelope["body"]
                    self.keys[announced["key_id"]] = keys.load_public_key_b64(
                        announced["public_key"]
                    )
            if self.lose_answers:
                self.lose_answers -= 1
                raise TransportError("ReadTimeout: the answer was lost")
            return Answer(200)
