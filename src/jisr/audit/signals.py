"""Logins, logouts and failed logins go into the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from jisr.audit.actions import AuditAction
from jisr.audit.services import audit_record


def _client(request: Any) -> dict[str, str]:
    if request is None:
        return {}
    return {
        "ip": request.META.get("REMOTE_ADDR", ""),
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200],
    }


@receiver(user_logged_in)
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(user, AuditAction.AUTH_LOGIN, target=user, extra=_client(request))


@receiver(user_logged_out)
def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(user, AuditAction.AUTH_LOGOUT, target=user, extra=_client(request))


@receiver(user_login_failed)
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    extra = _client(request)
    extra["reason"] = str(kwargs.get("reason", credentials.get("reason", "password")))
    audit_record(username or None, AuditAction.AUTH_LOGIN_FAILED, extra=extra)
