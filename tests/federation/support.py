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
