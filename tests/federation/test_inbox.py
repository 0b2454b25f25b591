"""The inbox view: refusals leave an audit row and change nothing; a redelivery is a no-op."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.test import Client

from jisr.audit.models import AuditEntry
from jisr.core import clock
from jisr.federation import keys
from jisr.federation.models import BenchPing, InboxEnvelope, Partner, PartnerKey
from jisr.federation.signing import content_digest
from tests.federation.support import FakePartner, encode, post_signed, state_snapshot

pytestmark = pytest.mark.django_db


def _last_rejection() -> AuditEntry | None:
    return AuditEntry.objects.filter(action="federation.reject").order_by("-seq").first()


def _assert_refused(response: Any, before: dict[str, Any], reason: str, status: int) -> None:
    assert response.status_code == status, response.content
    assert response.json()["reason"] == reason
    assert state_snapshot() == before
    entry = _last_rejection()
    assert entry is not None and entry.extra["reason"] == reason


def test_a_signed_envelope_from_a_partner_is_applied_once_and_audited(
    fr_partner: FakePartner,
) -> None:
    envelope = fr_partner.envelope()
    body = encode(envelope)
    response = post_signed(Client(), body, fr_partner.sign(body))
    assert response.status_code == 200
    assert response.json() == {"status": "applied", "id": envelope["id"]}
    assert BenchPing.objects.filter(envelope_id=envelope["id"]).count() == 1
    assert InboxEnvelope.objects.filter(id=envelope["id"]).exists()
    entry = AuditEntry.objects.filter(action="federation.receive").get()
    assert entry.target_id == envelope["id"] and entry.extra == {
        "type": "bench.ping",
        "peer": "FR-DGPN",
    }
    assert "seq" not in str(entry.extra) and entry.actor_username == "FR-DGPN"


def test_a_redelivery_is_acknowledged_and_changes_nothing(fr_partner: FakePartner) -> None:
    body = encode(fr_partner.envelope())
    client = Client()
    assert post_signed(client, body, fr_partner.sign(body)).json()["status"] == "applied"
    before = state_snapshot()
    again = post_signed(client, body, fr_partner.sign(body))  # a fresh signature, same envelope
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    after = state_snapshot()
    assert after["pings"] == before["pings"] == 1 and after["inbox"] == before["inbox"]


def test_an_unknown_key_is_refused(fr_partner: FakePartner) -> None:
    before = state_snapshot()
    stranger = Ed25519PrivateKey.generate()
    body = encode(fr_partner.envelope())
    headers = fr_partner.sign(body, key=stranger, key_id=keys.key_id_for(stranger.public_key()))
    _assert_refused(post_signed(Client(), body, headers), before, "unknown-key", 401)


def test_our_own_key_is_not_accepted_as_a_partner_key(
    fr_partner: FakePartner, settings: Any
) -> None:
    from pathlib import Path

    own = keys.load_private_key(Path(settings.JISR_HOME))
    assert own is not None
    before = state_snapshot()
    body = encode(fr_partner.envelope())
    headers = fr_partner.sign(body, key=own, key_id=keys.key_id_for(own.public_key()))
    _assert_refused(post_signed(Client(), body, headers), before, "unknown-key", 401)


def test_an_expired_partner_key_is_refused(fr_partner: FakePartner) -> None:
    PartnerKey.objects.filter(key_id=fr_partner.key_id).update(valid_until=clock.now())
    before = state_snapshot()
    body = encode(fr_partner.envelope())
    _assert_refused(post_signed(Client(), body, fr_partner.sign(body)), before, "unknown-key", 401)


def test_a_suspended_partner_is_refused(fr_partner: FakePartner) -> None:
    Partner.objects.update(status=Partner.Status.SUSPENDED)
    before = state_snapshot()
    body = encode(fr_partner.envelope())
    _assert_refused(post_signed(Client(), body, fr_partner.sign(body)), before, "unknown-key", 401)


def test_a_disallowed_algorithm_is_refused(fr_partner: FakePartner) -> None:
    before = state_snapshot()
    body = encode(fr_partner.envelope())
    headers = fr_partner.sign(body)
    headers["Signature-Input"] = headers["Signature-Input"].replace(
        'alg="ed25519"', 'alg="hmac-sha256"'
    )
    _assert_refused(post_signed(Client(), body, headers), before, "algorithm-not-allowed", 401)


def test_a_bad_digest_is_refused(fr_partner: FakePartner) -> None:
    before = state_snapshot()
    body = encode(fr_partner.envelope())
    headers = fr_partner.sign(body)
    tampered = body.replace(b'"seq":1', b'"seq":2')
    _assert_refused(post_signed(Client(), tampered, headers), before, "bad-digest", 401)


def test_a_bad_signature_is_refused_even_with_a_matching_digest(fr_partner: FakePartner) -> None:
    before = state_snapshot()
    body = encode(fr_partner.envelope())
    headers = fr_partner.sign(body)
    tampered = body.replace(b'"seq":1', b'"seq":2')
    headers["Content-Digest"] = content_digest(tampered)
    _assert_refused(post_signed(Client(), tampered, headers), before, "bad-signature", 401)


@pytest.mark.parametrize("skew", [-301, 301])
def test_a_request_created_more_than_300_seconds_away_is_refused(
    fr_partner: FakePartner, skew: int
) -> None:
    before = state_snapshot()
    body = encode(fr_partner.envelope())
    headers = fr_partner.sign(body, created=int(clock.now().timestamp()) + skew)
    _assert_refused(post_signed(Client(), body, headers), before, "stale", 401)


def test_a_replayed_request_is_refused(fr_partner: FakePartner) -> None:
    body = encode(fr_partner.envelope())
    headers = fr_partner.sign(body)
    client = Client()
    assert post_signed(client, body, headers).status_code == 200
    before = state_snapshot()
    _assert_refused(post_signed(client, body, headers), before, "replay", 409)


def test_a_replay_of_a_new_envelope_under_a_seen_nonce_is_refused(fr_partner: FakePartner) -> None:
    first = encode(fr_partner.envelope())
    client = Client()
    assert (
        post_signed(
            client, first, fr_partner.sign(first, nonce="same-nonce-1234567890")
        ).status_code
        == 200
    )
    before = state_snapshot()
    second = encode(fr_partner.envelope())
    headers = fr_partner.sign(second, nonce="same-nonce-1234567890")
    _assert_refused(post_signed(client, second, headers), before, "replay", 409)


def test_an_unsigned_request_is_refused(fr_partner: FakePartner) -> None:
    before = state_snapshot()
    body = encode(fr_partner.envelope())
    _assert_refused(
        post_signed(Client(), body, {"Content-Type": "application/json"}),
        before,
        "no-signature",
        401,
    )


def test_an_envelope_claiming_another_sender_is_refused(fr_partner: FakePartner) -> None:
    before = state_snapshot()
    body = encode(fr_partner.envelope(sender="ES-CNP"))
    _assert_refused(
        post_signed(Client(), body, fr_partner.sign(body)), before, "sender-mismatch", 401
    )


def test_an_envelope_for_another_recipient_is_refused(fr_partner: FakePartner) -> None:
    before = state_snapshot()
    body = encode(fr_partner.envelope(recipient="ES-CNP"))
    _assert_refused(
        post_signed(Client(), body, fr_partner.sign(body)), before, "wrong-recipient", 400
    )


def test_a_malformed_envelope_is_refused(fr_partner: FakePartner) -> None:
    before = state_snapshot()
    body = b'{"id": "not-a-uuid"}'
    _assert_refused(post_signed(Client(), body, fr_partner.sign(body)), before, "bad-envelope", 400)


def test_an_unknown_envelope_type_is_refused_permanently(fr_partner: FakePartner) -> None:
    before = state_snapshot()
    body = encode(fr_partner.envelope("no.such.type"))
    _assert_refused(post_signed(Client(), body, fr_partner.sign(body)), before, "unknown-type", 422)


def test_a_handler_refusing_the_content_rolls_everything_back(fr_partner: FakePartner) -> None:
    before = state_snapshot()
    body = encode(fr_partner.envelope("replica.upsert", body={"record_type": "nope"}))
    response = post_signed(Client(), body, fr_partner.sign(body))
    _assert_refused(response, before, "malformed", 422)


def test_the_inbox_only_takes_post(fr_partner: FakePartner) -> None:
    assert Client().get("/federation/inbox").status_code == 405


def _nested(depth: int) -> dict[str, Any]:
    value: Any = "x"
    for _ in range(depth):
        value = {"a": [value]}
    return value


@pytest.mark.parametrize("depth", [40, 100_000])
def test_deeply_nested_json_in_a_signed_envelope_is_refused_clearly(
    fr_partner: FakePartner, depth: int
) -> None:
    before = state_snapshot()
    head = encode(fr_partner.envelope(body={"seq": 1})).replace(b'"seq":1', b'"deep":XX')
    # Build the nesting as text: json.dumps would itself hit the recursion limit.
    deep = b'{"a":[' * (depth // 2) + b'"x"' + b"]}" * (depth // 2)
    body = head.replace(b"XX", deep)
    response = post_signed(Client(), body, fr_partner.sign(body))
    _assert_refused(response, before, "too-deep", 400)
    assert _last_rejection().actor_username == "FR-DGPN"  # type: ignore[union-attr]


def test_half_a_surrogate_pair_in_a_signed_envelope_is_refused_clearly(
    fr_partner: FakePartner,
) -> None:
    """JSON may escape a lone surrogate; no database can store it (the handler failed)."""
    before = state_snapshot()
    body = encode(fr_partner.envelope(body={"seq": 1, "name": "XX"})).replace(b"XX", b"\\ud800")
    response = post_signed(Client(), body, fr_partner.sign(body))
    _assert_refused(response, before, "bad-envelope", 400)
    assert "Unicode" in _last_rejection().extra["detail"]  # type: ignore[union-attr]


def test_json_nested_within_the_bound_is_still_accepted(fr_partner: FakePartner) -> None:
    body = encode(fr_partner.envelope(body={"seq": 1, "deep": _nested(12)}))
    response = post_signed(Client(), body, fr_partner.sign(body))
    assert response.status_code == 200, response.content


def test_an_envelope_over_the_size_bound_is_refused_with_an_audit_row(
    fr_partner: FakePartner, settings: Any
) -> None:
    from jisr.federation import inbox

    before = state_snapshot()
    body = encode(fr_partner.envelope(body={"seq": 1, "pad": "x" * 2000}))
    saved = inbox.MAX_ENVELOPE_BYTES
    inbox.MAX_ENVELOPE_BYTES = 1000
    try:
        response = post_signed(Client(), body, fr_partner.sign(body))
    finally:
        inbox.MAX_ENVELOPE_BYTES = saved
    _assert_refused(response, before, "too-large", 413)


def _sign_covering(
    partner: FakePartner, body: bytes, components: list[str], values: dict[str, str]
) -> dict[str, str]:
    """Sign as another RFC 9421 implementation would, covering the given components."""
    import base64

    from jisr.federation.signing import new_nonce

    listed = " ".join(f'"{c}"' for c in components)
    params = (
        f'({listed});created={int(clock.now().timestamp())};keyid="{partner.key_id}";'
        f'nonce="{new_nonce()}";alg="ed25519"'
    )
    headers = {"content-type": "application/json", "content-digest": content_digest(body)}
    lines = [f'"{c}": {values.get(c) or headers[c]}' for c in components]
    lines.append(f'"@signature-params": {params}')
    signature = base64.b64encode(partner.key.sign("\n".join(lines).encode())).decode()
    return {
        "Content-Type": "application/json",
        "Content-Digest": headers["content-digest"],
        "Signature-Input": f"jisr={params}",
        "Signature": f"jisr=:{signature}:",
    }


def test_a_signature_covering_more_than_the_required_components_is_accepted(
    fr_partner: FakePartner,
) -> None:
    body = encode(fr_partner.envelope())
    components = ["@method", "@authority", "@path", "content-digest", "content-type"]
    values = {"@method": "POST", "@authority": "testserver", "@path": "/federation/inbox"}
    response = post_signed(Client(), body, _sign_covering(fr_partner, body, components, values))
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "applied"


def test_a_superset_signature_with_a_wrong_authority_is_refused(fr_partner: FakePartner) -> None:
    before = state_snapshot()
    body = encode(fr_partner.envelope())
    components = ["@method", "@authority", "@path", "content-digest", "content-type"]
    values = {"@method": "POST", "@authority": "evil.example", "@path": "/federation/inbox"}
    response = post_signed(Client(), body, _sign_covering(fr_partner, body, components, values))
    _assert_refused(response, before, "bad-signature", 401)


def test_a_signature_missing_a_required_component_is_still_refused(
    fr_partner: FakePartner,
) -> None:
    before = state_snapshot()
    body = encode(fr_partner.envelope())
    components = ["@method", "@authority", "@path", "content-type"]
    values = {"@method": "POST", "@authority": "testserver", "@path": "/federation/inbox"}
    response = post_signed(Client(), body, _sign_covering(fr_partner, body, components, values))
    _assert_refused(response, before, "missing-component", 401)
