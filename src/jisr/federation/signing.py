"""HTTP Message Signatures (RFC 9421) with Ed25519, and Content-Digest (RFC 9530).

One profile only, written for Jisr and checked strictly:

    Content-Type: application/json
    Content-Digest: sha-256=:<base64 of SHA-256(body)>:
    Signature-Input: jisr=("@method" "@path" "content-digest" "content-type");created=<unix>;keyid="<id>";nonce="<nonce>";alg="ed25519"
    Signature: jisr=:<base64 Ed25519 signature of the signature base>:

The signature base is built as RFC 9421 section 2.5 says: one line per covered
component, ``"<name>": <value>``, then ``"@signature-params": <the inner list as sent>``,
joined by LF without a trailing newline. Anything that does not fit this profile is
refused; nothing here is lenient.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

LABEL = "jisr"
ALGORITHM = "ed25519"
COVERED = ("@method", "@path", "content-digest", "content-type")
CONTENT_TYPE = "application/json"
WINDOW_SECONDS = 300

_SF_KEY = r"[a-z][a-z0-9_.*-]*"
_SIG_INPUT = re.compile(
    rf'^(?P<label>{_SF_KEY})=(?P<params>\((?P<components>(?:"[^"\\\s]+"(?: "[^"\\\s]+")*)?)\)'
    rf'(?P<rest>(?:;{_SF_KEY}=(?:-?\d{{1,15}}|"[^"\\]*"))*))$'
)
_PARAM = re.compile(rf';({_SF_KEY})=(-?\d{{1,15}}|"[^"\\]*")')
_SIGNATURE = re.compile(rf"^(?P<label>{_SF_KEY})=:(?P<value>[A-Za-z0-9+/]+={{0,2}}):$")
_DIGEST = re.compile(r"^sha-256=:(?P<value>[A-Za-z0-9+/]+={0,2}):$")
_NONCE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_KEYID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class SignatureRejected(Exception):
    """The request is not signed as the profile requires. ``reason`` is a short code."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class VerifiedSignature:
    key_id: str
    nonce: str
    created: int


def _b64_strict(value: str) -> bytes:
    """Decode base64 and insist on the one canonical encoding (no stray padding bits)."""
    raw = base64.b64decode(value, validate=True)
    if base64.b64encode(raw).decode() != value:
        raise ValueError("non-canonical base64")
    return raw


def content_digest(body: bytes) -> str:
    return "sha-256=:" + base64.b64encode(hashlib.sha256(body).digest()).decode() + ":"


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


def signature_params(*, created: int, key_id: str, nonce: str, alg: str = ALGORITHM) -> str:
    components = " ".join(f'"{name}"' for name in COVERED)
    return f'({components});created={created};keyid="{key_id}";nonce="{nonce}";alg="{alg}"'


def _authority(headers: Mapping[str, str], scheme: str) -> str:
    host = headers.get("host", "").strip().lower()
    default = ":443" if scheme == "https" else ":80"
    return host[: -len(default)] if host.endswith(default) else host


def signature_base(
    *,
    method: str,
    path: str,
    headers: Mapping[str, str],
    components: tuple[str, ...],
    params: str,
    scheme: str = "https",
    query: str = "",
) -> bytes:
    """RFC 9421 section 2.5. ``query`` is the request's query string, without its ``?``."""
    lines = []
    for name in components:
        if name == "@method":
            value = method.upper()
        elif name == "@path":
            value = path
        elif name == "@authority":
            value = _authority(headers, scheme)
            if not value:
                raise SignatureRejected("missing-header", "host")
        elif name == "@scheme":
            value = scheme.lower()
        elif name == "@query":
            value = "?" + query
        elif name == "@request-target":
            value = path + ("?" + query if query else "")
        elif name == "@target-uri":
            authority = _authority(headers, scheme)
            if not authority:
                raise SignatureRejected("missing-header", "host")
            value = f"{scheme.lower()}://{authority}{path}" + ("?" + query if query else "")
        elif name.startswith("@"):
            raise SignatureRejected("unsupported-component", name)
        else:
            raw = headers.get(name)
            if raw is None:
                raise SignatureRejected("missing-header", name)
            value = raw.strip()
        if "\n" in value or "\r" in value:
            raise SignatureRejected("malformed-header", name)
        lines.append(f'"{name}": {value}')
    lines.append(f'"@signature-params": {params}')
    return "\n".join(lines).encode()


def sign_request(
    *,
    method: str,
    path: str,
    body: bytes,
    private_key: Ed25519PrivateKey,
    key_id: str,
    created: int,
    nonce: str | None = None,
) -> dict[str, str]:
    """Return the headers that sign ``method path`` with ``body``."""
    headers = {"content-type": CONTENT_TYPE, "content-digest": content_digest(body)}
    params = signature_params(created=created, key_id=key_id, nonce=nonce or new_nonce())
    base = signature_base(
        method=method, path=path, headers=headers, components=COVERED, params=params
    )
    signature = base64.b64encode(private_key.sign(base)).decode()
    return {
        "Content-Type": headers["content-type"],
        "Content-Digest": headers["content-digest"],
        "Signature-Input": f"{LABEL}={params}",
        "Signature": f"{LABEL}=:{signature}:",
    }


def verify_request(
    *,
    method: str,
    path: str,
    headers: Mapping[str, str],
    body: bytes,
    lookup_key: Callable[[str], Ed25519PublicKey | None],
    now: int,
    scheme: str = "https",
    query: str = "",
) -> VerifiedSignature:
    """Check a request against the profile; raise :class:`SignatureRejected` on any fault.

    ``headers`` maps lower-case header names to values. The signature must cover at
    least the components in :data:`COVERED`; it may cover more (``@authority``, other
    headers), each checked. The nonce is returned, not checked: the caller records it
    in the same transaction as the effect.
    """
    sig_input = headers.get("signature-input")
    sig_value = headers.get("signature")
    if not sig_input or not sig_value:
        raise SignatureRejected("no-signature")
    match = _SIG_INPUT.match(sig_input.strip())
    if match is None or match.group("label") != LABEL:
        raise SignatureRejected("malformed-signature-input")
    components = tuple(c.strip('"') for c in match.group("components").split(" ") if c)
    params: dict[str, str] = {}
    for name, value in _PARAM.findall(match.group("rest")):
        if name in params:
            raise SignatureRejected("malformed-signature-input", f"duplicate {name}")
        params[name] = value
    alg = params.get("alg", "").strip('"')
    if alg != ALGORITHM:
        raise SignatureRejected("algorithm-not-allowed", alg or "none")
    if len(set(components)) != len(components) or set(COVERED) - set(components):
        raise SignatureRejected("missing-component")
    created_raw = params.get("created", "")
    if not re.fullmatch(r"-?\d+", created_raw):
        raise SignatureRejected("malformed-signature-input", "created")
    created = int(created_raw)
    if abs(now - created) > WINDOW_SECONDS:
        raise SignatureRejected("stale", f"created={created} now={now}")
    if "expires" in params:
        expires = params["expires"]
        if not re.fullmatch(r"-?\d+", expires) or int(expires) < now:
            raise SignatureRejected("stale", "expired")
    key_id = params.get("keyid", "").strip('"')
    nonce = params.get("nonce", "").strip('"')
    if not _KEYID.match(key_id) or not params.get("keyid", "").startswith('"'):
        raise SignatureRejected("unknown-key", key_id)
    if not _NONCE.match(nonce) or not params.get("nonce", "").startswith('"'):
        raise SignatureRejected("malformed-signature-input", "nonce")
    public_key = lookup_key(key_id)
    if public_key is None:
        raise SignatureRejected("unknown-key", key_id)
    if headers.get("content-type", "").strip() != CONTENT_TYPE:
        raise SignatureRejected("bad-content-type")
    digest = _DIGEST.match(headers.get("content-digest", "").strip())
    if digest is None:
        raise SignatureRejected("bad-digest", "missing or not sha-256")
    try:
        claimed = _b64_strict(digest.group("value"))
    except (binascii.Error, ValueError) as exc:
        raise SignatureRejected("bad-digest", "not base64") from exc
    if not secrets.compare_digest(claimed, hashlib.sha256(body).digest()):
        raise SignatureRejected("bad-digest")
    sig = _SIGNATURE.match(sig_value.strip())
    if sig is None or sig.group("label") != LABEL:
        raise SignatureRejected("malformed-signature")
    try:
        signature = _b64_strict(sig.group("value"))
    except (binascii.Error, ValueError) as exc:
        raise SignatureRejected("malformed-signature") from exc
    base = signature_base(
        method=method,
        path=path,
        headers=headers,
        components=components,
        params=match.group("params"),
        scheme=scheme,
        query=query,
    )
    try:
        public_key.verify(signature, base)
    except InvalidSignature as exc:
        raise SignatureRejected("bad-signature") from exc
    return VerifiedSignature(key_id=key_id, nonce=nonce, created=created)
