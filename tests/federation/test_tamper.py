"""Property tests: 10,000 tampered requests in all, every one refused with no state change.

Each case builds a correctly signed request for a fresh envelope, tampers with it one
way, and hands it to the inbox view (in process, without the middleware stack, for
speed: tests/federation/test_inbox.py covers the full stack). Every case must be
refused; after each test the node must hold exactly one audited refusal per case and
nothing else new (inbox, nonces, applied envelopes) beyond the genuine deliveries the
replay cases make first.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.test import RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jisr.audit.models import AuditEntry
from jisr.core import clock
from jisr.federation import keys, views
from jisr.federation.models import BenchPing, InboxEnvelope, Nonce
from tests.federation.support import FakePartner, encode

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CASES = settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


TALLY = {"refused": 0, "delivered": 0}
EXECUTED: dict[str, int] = {}
FACTORY = RequestFactory()


def _counts() -> tuple[int, int, int, int]:
    return (
        InboxEnvelope.objects.count(),
        Nonce.objects.count(),
        BenchPing.objects.count(),
        AuditEntry.objects.filter(action="federation.reject").count(),
    )


@pytest.fixture(autouse=True)
def _nothing_changed_but_refusals(request: Any) -> Iterator[None]:
    if "fr_partner" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("fr_partner")
    TALLY.update(refused=0, delivered=0)
    inbox, nonces, pings, refusals = _counts()
    yield
    delivered = TALLY["delivered"]
    # Every requested case really ran (hypothesis stops early on a small search space).
    wanted = request.function._hypothesis_internal_use_settings.max_examples
    EXECUTED[request.function.__name__] = TALLY["refused"]
    assert TALLY["refused"] >= wanted, (TALLY["refused"], wanted)
    assert _counts() == (
        inbox + delivered,
        nonces + delivered,
        pings + delivered,
        refusals + TALLY["refused"],
    )


def _post(body: bytes, headers: dict[str, str]) -> Any:
    meta = {
        "HTTP_" + name.upper().replace("-", "_"): value
        for name, value in headers.items()
        if name.lower() != "content-type"
    }
    content_type = headers.get("Content-Type", "")
    request = FACTORY.generic("POST", "/federation/inbox", body, content_type=content_type, **meta)
    return views.inbox(request)


def _assert_refused(partner: FakePartner, body: bytes, headers: dict[str, str]) -> None:
    response = _post(body, headers)
    assert response.status_code in (400, 401, 409, 422), (response.status_code, headers)
    assert json.loads(response.content)["status"] == "rejected"
    TALLY["refused"] += 1


def _fresh(partner: FakePartner, seq: int = 1) -> tuple[bytes, dict[str, str]]:
    body = encode(partner.envelope(body={"seq": seq, "note": "x" * (seq % 50)}))
    return body, partner.sign(body)


def _flip(value: bytes, index: int, bit: int) -> bytes:
    index %= len(value)
    return value[:index] + bytes([value[index] ^ (1 << bit)]) + value[index + 1 :]


@settings(CASES, max_examples=2000)
@given(seq=st.integers(0, 10**6), index=st.integers(0, 10**6), bit=st.integers(0, 7))
def test_a_flipped_bit_in_the_body_is_refused(
    fr_partner: FakePartner, seq: int, index: int, bit: int
) -> None:
    body, headers = _fresh(fr_partner, seq)
    _assert_refused(fr_partner, _flip(body, index, bit), headers)


@settings(CASES, max_examples=2000)
@given(
    seq=st.integers(0, 10**9),
    header=st.sampled_from(["Content-Digest", "Content-Type", "Signature-Input"]),
    index=st.integers(0, 10**6),
    bit=st.integers(0, 6),
)
def test_a_flipped_bit_in_a_covered_header_is_refused(
    fr_partner: FakePartner, seq: int, header: str, index: int, bit: int
) -> None:
    body, headers = _fresh(fr_partner, seq)
    flipped = _flip(headers[header].encode(), index, bit)
    if not all(32 <= c < 127 for c in flipped):
        flipped = _flip(headers[header].encode(), index, 0)  # keep it a legal header value
    headers[header] = flipped.decode("latin-1")
    _assert_refused(fr_partner, body, headers)


@settings(CASES, max_examples=1500)
@given(seq=st.integers(0, 10**9), index=st.integers(0, 10**6), bit=st.integers(0, 6))
def test_a_flipped_bit_in_the_signature_is_refused(
    fr_partner: FakePartner, seq: int, index: int, bit: int
) -> None:
    body, headers = _fresh(fr_partner, seq)
    flipped = _flip(headers["Signature"].encode(), index, bit)
    if not all(32 <= c < 127 for c in flipped):
        flipped = _flip(headers["Signature"].encode(), index, 0)
    headers["Signature"] = flipped.decode("latin-1")
    _assert_refused(fr_partner, body, headers)


@settings(CASES, max_examples=1000)
@given(claim_partner_key_id=st.booleans(), seq=st.integers(0, 10**9))
def test_a_request_signed_with_a_wrong_key_is_refused(
    fr_partner: FakePartner, claim_partner_key_id: bool, seq: int
) -> None:
    wrong = Ed25519PrivateKey.generate()
    body = encode(fr_partner.envelope(body={"seq": seq}))
    key_id = fr_partner.key_id if claim_partner_key_id else keys.key_id_for(wrong.public_key())
    _assert_refused(fr_partner, body, fr_partner.sign(body, key=wrong, key_id=key_id))


@settings(CASES, max_examples=1000)
@given(
    alg=st.one_of(
        st.sampled_from(
            ["rsa-pss-sha512", "rsa-v1_5-sha256", "hmac-sha256", "ecdsa-p256-sha256", "ED25519", ""]
        ),
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", max_size=20),
    ).filter(lambda a: a != "ed25519"),
    seq=st.integers(0, 10**9),
)
def test_a_disallowed_algorithm_is_refused(fr_partner: FakePartner, alg: str, seq: int) -> None:
    body, headers = _fresh(fr_partner, seq)
    headers["Signature-Input"] = headers["Signature-Input"].replace('alg="ed25519"', f'alg="{alg}"')
    _assert_refused(fr_partner, body, headers)


@settings(CASES, max_examples=500)
@given(
    drop=st.sets(st.sampled_from(["Signature", "Signature-Input", "Content-Digest"]), min_size=1),
    seq=st.integers(0, 10**9),
)
def test_a_request_without_its_signature_or_digest_is_refused(
    fr_partner: FakePartner, drop: set[str], seq: int
) -> None:
    body, headers = _fresh(fr_partner, seq)
    for name in drop:
        headers.pop(name)
    _assert_refused(fr_partner, body, headers)


@settings(CASES, max_examples=1000)
@given(same_envelope=st.booleans(), seq=st.integers(0, 10**9))
def test_a_replayed_nonce_is_refused(
    fr_partner: FakePartner, same_envelope: bool, seq: int
) -> None:
    body, headers = _fresh(fr_partner, seq)
    assert _post(body, headers).status_code == 200
    TALLY["delivered"] += 1
    if not same_envelope:  # a new envelope signed again under the nonce already seen
        nonce = headers["Signature-Input"].split('nonce="')[1].split('"')[0]
        body = encode(fr_partner.envelope(body={"seq": seq + 1}))
        headers = fr_partner.sign(body, nonce=nonce)
    _assert_refused(fr_partner, body, headers)


# A future skew starts at 305 s, not 301: signing and checking read the clock a moment apart,
# and on a loaded machine that moment can be a second or more.
@settings(CASES, max_examples=1000)
@given(
    skew=st.one_of(st.integers(305, 10**8), st.integers(-(10**8), -301)), seq=st.integers(0, 10**9)
)
def test_a_stale_or_future_timestamp_is_refused(
    fr_partner: FakePartner, skew: int, seq: int
) -> None:
    body = encode(fr_partner.envelope(body={"seq": seq}))
    headers = fr_partner.sign(body, created=int(clock.now().timestamp()) + skew)
    _assert_refused(fr_partner, body, headers)


def test_the_property_cases_add_up_to_at_least_ten_thousand() -> None:
    import sys

    module = sys.modules[__name__]
    total = sum(
        obj._hypothesis_internal_use_settings.max_examples
        for name, obj in vars(module).items()
        if name.startswith("test_") and hasattr(obj, "_hypothesis_internal_use_settings")
    )
    assert total >= 10_000
