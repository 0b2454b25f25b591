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


class ApiTokenManager(models.Manager["ApiToken"]):
    def issue(self, user: User, label: str = "") -> tuple[ApiToken, str]:
        """Create a token; return the row and the raw secret (shown once, never stored)."""
        raw = "jisr_" + secrets.token_urlsafe(32)
        token = self.create(user=user, key_hash=_hash_token(raw), prefix=raw[:12], label=label)
        return token, raw

    def authenticate(self, raw: str) -> ApiToken | None:
        token = (
            self.select_related("user", "user__agency")
            .filter(key_hash=_hash_token(raw), revoked_at__isnull=True)
            .first()
        )
        if token is None or not token.user.is_active:
            return None
        return token


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=16)
    label = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenManager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
