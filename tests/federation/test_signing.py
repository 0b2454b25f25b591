"""The RFC 9421 / RFC 9530 profile: what is signed, and what verification refuses."""

from __future__ import annotations

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from jisr.federation.signing import (
    SignatureRejected,
    content_digest,
    sign_request,
    signature_base,
    signature_params,
    verify_request,
)

NOW = 1_800_000_000
BODY = b'{"hello":"world"}'


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def _headers(key: Ed25519PrivateKey, **kwargs: object) -> dict[str, str]:
    args: dict[str, object] = {
        "method": "POST",
        "path": "/federation/inbox",
        "body": BODY,
        "private_key": key,
        "key_id": "k1",
        "created": NOW,
        "nonce": "n" * 22,
    }
    args.update(kwargs)
    signed = sign_request(**args)  # type: ignore[arg-type]
    return {name.lower(): value for name, value in signed.items()}


def _verify(
    key: Ed25519PrivateKey,
    headers: dict[str, str],
    body: bytes = BODY,
    now: int = NOW,
    path: str = "/federation/inbox",
) -> object:
    public = key.public_key()
    return verify_request(
        method="POST",
        path=path,
        headers=headers,
        body=body,
        lookup_key=lambda key_id: public if key_id == "k1" else None,
        now=now,
    )


def test_content_digest_is_the_rfc_9530_sha256_form() -> None:
    expected = base64.b64encode(hashlib.sha256(BODY).digest()).decode()
    assert content_digest(BODY) == f"sha-256=:{expected}:"


def test_the_signature_base_follows_rfc_9421_section_2_5() -> None:
    params = signature_params(created=NOW, key_id="k1", nonce="abc")
    base = signature_base(
        method="post",
        path="/federation/inbox",
        headers={"content-digest": "sha-256=:x:", "content-type": "application/json"},
        components=("@method", "@path", "content-digest", "content-type"),
        params=params,
    )
    assert base.decode().split("\n") == [
        '"@method": POST',
        '"@path": /federation/inbox',
        '"content-digest": sha-256=:x:',
        '"content-type": application/json',
        '"@signature-params": ("@method" "@path" "content-digest" "content-type")'
        f';created={NOW};keyid="k1";nonce="abc";alg="ed25519"',
    ]


def test_a_signed_request_verifies_and_yields_its_key_nonce_and_time(
    key: Ed25519PrivateKey,
) -> None:
    result = _verify(key, _headers(key))
    assert (result.key_id, result.nonce, result.created) == ("k1", "n" * 22, NOW)  # type: ignore[attr-defined]


def test_the_signature_is_an_ed25519_signature_over_the_base(key: Ed25519PrivateKey) -> None:
    headers = _headers(key)
    params = headers["signature-input"].removeprefix("jisr=")
    base = signature_base(
        method="POST",
        path="/federation/inbox",
        headers=headers,
        components=("@method", "@path", "content-digest", "content-type"),
        params=params,
    )
    signature = base64.b64decode(headers["signature"].removeprefix("jisr=:").removesuffix(":"))
    key.public_key().verify(signature, base)  # raises when wrong


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda h: h.pop("signature"), "no-signature"),
        (lambda h: h.pop("signature-input"), "no-signature"),
        (
            lambda h: h.update(
                {"signature-input": h["signature-input"].replace('"ed25519"', '"rsa-pss-sha512"')}
            ),
            "algorithm-not-allowed",
        ),
        (
            lambda h: h.update(
                {"signature-input": h["signature-input"].replace(';alg="ed25519"', "")}
            ),
            "algorithm-not-allowed",
        ),
        (
            lambda h: h.update(
                {"signature-input": h["signature-input"].replace(' "content-type"', "")}
            ),
            "missing-component",
        ),
        (
            lambda h: h.update(
                {"signature-input": h["signature-input"].replace('keyid="k1"', 'keyid="k2"')}
            ),
            "unknown-key",
        ),
        (lambda h: h.update({"content-digest": content_digest(b"other")}), "bad-digest"),
        (lambda h: h.update({"content-digest": "sha-512=:AAAA:"}), "bad-digest"),
        (lambda h: h.update({"content-type": "text/plain"}), "bad-content-type"),
        (
            lambda h: h.update(
                {"signature": "jisr=:" + base64.b64encode(b"x" * 64).decode() + ":"}
            ),
            "bad-signature",
        ),
        (
            lambda h: h.update(
                {"signature-input": h["signature-input"].replace("jisr=", "other=")}
            ),
            "malformed-signature-input",
        ),
    ],
)
def test_verification_refuses_each_fault(
    key: Ed25519PrivateKey, mutate: object, reason: str
) -> None:
    headers = _headers(key)
    mutate(headers)  # type: ignore[operator]
    with pytest.raises(SignatureRejected) as caught:
        _verify(key, headers)
    assert caught.value.reason == reason


def test_a_changed_body_or_path_breaks_the_signature(key: Ed25519PrivateKey) -> None:
    headers = _headers(key)
    with pytest.raises(SignatureRejected, match="bad-digest"):
        _verify(key, headers, body=BODY + b" ")
    with pytest.raises(SignatureRejected, match="bad-signature"):
        _verify(key, headers, path="/federation/other")


@pytest.mark.parametrize("skew", [-301, 301, -10_000])
def test_created_outside_300_seconds_is_stale(key: Ed25519PrivateKey, skew: int) -> None:
    with pytest.raises(SignatureRejected, match="stale"):
        _verify(key, _headers(key), now=NOW + skew)


@pytest.mark.parametrize("skew", [-300, 0, 300])
def test_created_within_300_seconds_is_fresh(key: Ed25519PrivateKey, skew: int) -> None:
    assert _verify(key, _headers(key), now=NOW + skew)


def test_another_key_signing_under_our_key_id_is_refused(key: Ed25519PrivateKey) -> None:
    impostor = Ed25519PrivateKey.generate()
    with pytest.raises(SignatureRejected, match="bad-signature"):
        _verify(key, _headers(impostor))
