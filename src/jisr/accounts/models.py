"""Agencies, users and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jisr.accounts.roles import Role


class Agency(models.Model):
    """A national police agency. Exactly one row is this node's own agency."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    country = models.CharField(_("country"), max_length=2, blank=True)
    is_own = models.BooleanField(_("this node's agency"), default=False)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_own"],
                condition=models.Q(is_own=True),
                name="one_own_agency",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def name(self) -> str:
        """The agency's name in the active language."""
        lang = (get_language() or "en")[:2]
        return str(getattr(self, f"name_{lang}", None) or self.name_en)


class User(AbstractUser):
    """A person who works in Jisr. Belongs to one agency; roles are Django groups."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="users", null=True, verbose_name=_("agency")
    )
    preferred_language = models.CharField(_("preferred language"), max_length=5, blank=True)
    # Blank: the node's time zone. An IANA name otherwise (checked in the form).
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    # Set when an administrator gives a temporary password: the next login asks for a new one.
    must_change_password = models.BooleanField(_("must change password"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [
            ("manage_users", _("Can manage users of the node")),
            ("view_home_figures", _("Can see the agency's figures on the home page")),
            ("manage_node_settings", _("Can change the node's run-time settings")),
        ]

    def has_role(self, role: Role | str) -> bool:
        value = role.value if isinstance(role, Role) else role
        return self.groups.filter(name=value).exists()

    @property
    def role_names(self) -> list[str]:
        return sorted(group.name for group in self.groups.all())

    @property
    def role_labels(self) -> list[str]:
        """The user's roles in the active language."""
        labels = {role.value: str(role.label) for role in Role}
        return [labels.get(name, name) for name in self.role_names]


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


TOKEN_DEFAULT_DAYS = 90
TOKEN_MAX_DAYS = 365


def account_locked(username: str) -> bool:
    """True while django-axes holds the account locked after too many failed logins."""
    import datetime as dt

    from axes.models import AccessAttempt
    from django.conf import settings

    since = timezone.now() - dt.timedelta(hours=float(settings.AXES_COOLOFF_TIME))
    locked: bool = AccessAttempt.objects.filter(
        username=username,
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=since,
    ).exists()
    return locked


def address_throttled(address: str) -> bool:
    """True when ``address`` failed more logins, over all accounts, than the window allows."""
    import datetime as dt

    from axes.models import AccessAttempt
    from django.conf import settings
    from django.db.models import Sum

    since = timezone.now() - dt.timedelta(minutes=settings.JISR_LOGIN_ADDRESS_WINDOW_MINUTES)
    failures = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return (failures or 0) >= settings.JISR_LOGIN_ADDRESS_LIMIT


class ApiTokenManager(models.Manager["ApiToken"]):
    def issue(
        self, user: User, label: str = "", *, days: int = TOKEN_DEFAULT_DAYS, scope: str = ""
    ) -> tuple[ApiToken, str]:
        """Create a token; return the row and the raw secret (shown once, never stored)."""
        import datetime as dt

        raw = "jisr_" + secrets.token_urlsafe(32)
        now = timezone.now()
        token = self.create(
            created_at=now,
            user=user,
            key_hash=_hash_token(raw),
            prefix=raw[:12],
            label=label,
            scope=scope,
            expires_at=now + dt.timedelta(days=days),
        )
        return token, raw

    def authenticate(self, raw: str) -> ApiToken | None:
        """The live token for ``raw``: not revoked, not expired, its user active and not locked."""
        now = timezone.now()
        token = (
            self.select_related("user", "user__agency")
            .filter(key_hash=_hash_token(raw), revoked_at__isnull=True, expires_at__gt=now)
            .first()
        )
        if token is None or not token.user.is_active or account_locked(token.user.username):
            return None
        # Written at most once a minute, so a busy client does not write on every call.
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            type(token).objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return token


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored.

    A token expires (90 days by default), may be limited to a scope, and stops working
    while its user's account is locked out or disabled.
    """

    class Scope(models.TextChoices):
        FULL = "", _("everything the user may do")
        READ = "read", _("read only")
        SCREENING = "screening", _("screening only")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=16)
    label = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices, blank=True)

    objects = ApiTokenManager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    def allows(self, method: str, path: str) -> bool:
        """Whether the token's scope covers this API call."""
        if self.scope == self.Scope.READ:
            return method in ("GET", "HEAD", "OPTIONS")
        if self.scope == self.Scope.SCREENING:
            return path.startswith("/api/v1/screenings") or (
                method == "GET" and path.startswith("/api/v1/reference/")
            )
        return True
