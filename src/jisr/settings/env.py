"""The one place that reads the environment.

Every setting that varies between nodes or deployments comes from here, so an
operator can see at a glance what a node can be told.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def home() -> Path:
    """The node's data folder (``--home`` or ``JISR_HOME``), created on demand."""
    path = Path(os.environ.get("JISR_HOME", "var/default")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key(folder: Path) -> str:
    """Return the node's secret key, generating it on first start (mode 0600)."""
    from_env = os.environ.get("JISR_SECRET_KEY")
    if from_env:
        return from_env
    key_file = folder / "secret_key"
    if not key_file.exists():
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(64))
    return key_file.read_text().strip()


def database_url() -> str | None:
    return os.environ.get("JISR_DATABASE_URL") or None


def allowed_hosts() -> list[str]:
    raw = os.environ.get("JISR_ALLOWED_HOSTS", "127.0.0.1,localhost")
    return [h.strip() for h in raw.split(",") if h.strip()]


def trusted_proxies() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """Addresses or networks (``JISR_TRUSTED_PROXIES``) of the proxies whose X-Forwarded-* count."""
    raw = os.environ.get("JISR_TRUSTED_PROXIES", "")
    networks = []
    for value in (v.strip() for v in raw.split(",")):
        if not value:
            continue
        try:
            networks.append(ipaddress.ip_network(value, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"JISR_TRUSTED_PROXIES: {value!r} is not an address or network"
            ) from None
    return networks


def csrf_trusted_origins() -> list[str]:
    raw = os.environ.get("JISR_CSRF_TRUSTED_ORIGINS", "")
    return [h.strip() for h in raw.split(",") if h.strip()]


def default_language() -> str | None:
    return os.environ.get("JISR_LANGUAGE") or None


def time_zone() -> str:
    """The node's IANA time zone (``JISR_TIME_ZONE``, e.g. Africa/Casablanca), UTC by default."""
    import zoneinfo

    name = os.environ.get("JISR_TIME_ZONE", "").strip() or "UTC"
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(f"JISR_TIME_ZONE={name!r} is not an IANA time zone") from None
    return name


def email_backend() -> str:
    return os.environ.get("JISR_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")


def flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def hours(name: str, default: float) -> float:
    """A positive number of hours from ``name`` (decimals allowed), else ``default``."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        number = float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a number of hours") from None
    if not 0 < number < 24 * 365:
        raise ImproperlyConfigured(f"{name}={value!r} must be between 0 and 8760 hours")
    return number


def megabytes(name: str, default: int) -> int:
    """A positive whole number of megabytes from ``name``, else ``default``, in bytes."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default * 1024 * 1024
    if not value.strip().isdigit() or int(value) < 1:
        raise ImproperlyConfigured(f"{name}={value!r} is not a positive whole number of megabytes")
    return int(value) * 1024 * 1024


def choice(name: str, allowed: tuple[str, ...], default: str) -> str:
    """One of ``allowed`` from ``name``, else ``default``; anything else stops the start."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    value = value.strip()
    if value not in allowed:
        raise ImproperlyConfigured(f"{name}={value!r} must be one of: {', '.join(allowed)}")
    return value


def minutes(name: str, default: int) -> int:
    """A whole number of minutes from 1 to one week from ``name``, else ``default``."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    if not value.strip().isdigit() or not 1 <= int(value) <= 7 * 24 * 60:
        raise ImproperlyConfigured(f"{name}={value!r} must be a whole number of minutes (1-10080)")
    return int(value)
