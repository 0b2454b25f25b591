"""Reads for user administration: which accounts are locked out, who has an authenticator."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice


def _failure_limit() -> int:
    limit = getattr(settings, "AXES_FAILURE_LIMIT", 5)
    return int(limit) if isinstance(limit, int) else 5


def _recent_attempts() -> object:
    # django-axes keeps attempts on its own (real) clock; a lock lasts the cool-off time.
    cool_off = get_cool_off() or dt.timedelta(hours=1)
    return AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cool_off)


def locked_usernames(usernames: Iterable[str]) -> set[str]:
    """The usernames among ``usernames`` that django-axes locks out right now."""
    names = list(usernames)
    if not names:
        return set()
    rows = (
        _recent_attempts()  # type: ignore[attr-defined]
        .filter(username__in=names)
        .values("username")
        .annotate(failures=Sum("failures_since_start"))
    )
    limit = _failure_limit()
    return {row["username"] for row in rows if row["failures"] >= limit}


def is_locked(username: str) -> bool:
    return username in locked_usernames([username])


def failed_attempts(username: str) -> int:
    """Failed logins counted against the account in the current cool-off window."""
    total = (
        _recent_attempts()  # type: ignore[attr-defined]
        .filter(username=username)
        .aggregate(total=Sum("failures_since_start"))["total"]
    )
    return int(total or 0)


def totp_status(user_ids: Iterable[int]) -> dict[int, bool]:
    """Per user id: True when the user has a confirmed authenticator."""
    ids = list(user_ids)
    confirmed = set(
        TOTPDevice.objects.filter(user_id__in=ids, confirmed=True).values_list("user_id", flat=True)
    )
    return {uid: uid in confirmed for uid in ids}
