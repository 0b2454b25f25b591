"""The node's Ed25519 signing key, kept in the node's data folder (mode 0600)."""

from __future__ import annotations

import base64
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


def key_dir(home: Path) -> Path:
    path = home / "keys"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def key_id_for(public_key: Ed25519PublicKey) -> str:
    """A short stable id for a public key: first 16 chars of its base64url raw bytes' SHA-256."""
    import hashlib

    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.urlsafe_b64encode(hashlib.sha256(raw).digest()).decode()[:16]


def public_key_b64(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def load_public_key_b64(value: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(value))


def generate_private_key(home: Path, name: str = "current") -> Ed25519PrivateKey:
    """Create a new key pair and write the private key with mode 0600."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path = key_dir(home) / f"{name}.pem"
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    os.chmod(tmp, 0o600)
    tmp.replace(path)
    return key


def load_private_key(home: Path, name: str = "current") -> Ed25519PrivateKey | None:
    path = key_dir(home) / f"{name}.pem"
    if not path.exists():
        return None
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path.name} is not an Ed25519 key")
    return key


def load_private_key_by_id(home: Path, key_id: str) -> Ed25519PrivateKey | None:
    """The current key or a retired one (kept during a rotation overlap), by its key id."""
    current = load_private_key(home)
    if current is not None and key_id_for(current.public_key()) == key_id:
        return current
    return load_private_key(home, f"retired-{key_id}")


def rotate_private_key(home: Path) -> tuple[Ed25519PrivateKey, Ed25519PrivateKey]:
    """Keep the current key as ``retired-<key id>.pem`` and make a new current key.

    Returns (old, new).
    """
    old = load_private_key(home)
    if old is None:
        raise ValueError("this node has no key yet: run `jisr node init` first")
    old_id = key_id_for(old.public_key())
    retired = key_dir(home) / f"retired-{old_id}.pem"
    current = key_dir(home) / "current.pem"
    if not retired.exists():
        os.link(current, retired)
    new = generate_private_key(home)
    return old, new


def fingerprint(public_key_b64_value: str) -> str:
    """SHA-256 of the raw public key, as 16 groups of 4 hex digits, for reading aloud.

    Both nodes show it for the same key, so two administrators can compare it by phone
    before trusting a key typed or pasted by hand.
    """
    import hashlib

    digest = hashlib.sha256(base64.b64decode(public_key_b64_value)).hexdigest().upper()
    return " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))
