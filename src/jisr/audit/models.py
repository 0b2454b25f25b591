"""The tamper-evident audit log (EU Law Enforcement Directive 2016/680, Art. 25).

Rows are only ever appended. Each row's ``hash`` is the SHA-256 of the previous
row's hash followed by the row's own canonical content, so editing, removing or
inserting a row breaks the chain from that point on (see ``jisr.audit.verify``).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from jisr.audit.actions import action_label
from jisr.core.models import UUIDModel

GENESIS_HASH = "0" * 64


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or remove an audit row."""


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("the audit log is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("the audit log is append-only")

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise AppendOnlyError("the audit log is append-only")


class AuditEntry(models.Model):
    """One consultation, disclosure, login or change: who, when (UTC), why, to whom."""

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    created_at = models.DateTimeField(_("time (UTC)"), db_index=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True)
    actor_username = models.CharField(_("actor"), max_length=150, blank=True, db_index=True)
    actor_agency = models.CharField(_("actor's agency"), max_length=32, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(_("object type"), max_length=64, blank=True)
    target_id = models.CharField(_("object"), max_length=64, blank=True, db_index=True)
    justification = models.TextField(_("justification"), blank=True)
    recipient = models.CharField(_("recipient"), max_length=64, blank=True)
    extra = models.JSONField(_("details"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-seq"]
        permissions = [("view_audit_log", _("Can browse the audit log"))]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.actor_username}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("the audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("the audit log is append-only")

    @property
    def action_label(self) -> str:
        """The translated name of the action, for the DPO's log page."""
        return action_label(self.action)

    def canonical(self) -> str:
        """The row's content in one fixed serialisation; what the hash covers."""
        created = self.created_at.isoformat(timespec="microseconds") if self.created_at else ""
        content = {
            "seq": int(self.seq),
            "created_at": created,
            "actor_id": self.actor_id,
            "actor_username": self.actor_username,
            "actor_agency": self.actor_agency,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "justification": self.justification,
            "recipient": self.recipient,
            "extra": self.extra,
        }
        return json.dumps(
            content,
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
            cls=DjangoJSONEncoder,
        )

    def compute_hash(self, prev_hash: str) -> str:
        return hashlib.sha256((prev_hash + self.canonical()).encode("utf-8")).hexdigest()


class AuditChainHead(models.Model):
    """Single row holding the last sequence number and hash.

    Locking it serialises appends, and it lets ``verify`` notice a removed last row.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"audit head #{self.last_seq}"


class AuditChainStart(models.Model):
    """Written once, with the first head: the chain has existed since ``started_at``.

    It outlives the head, so a head that goes missing (the last rows and the head row
    deleted together) is itself a broken chain, and only ``jisr audit repair-head``
    may write a head again. PostgreSQL refuses to update or delete it, like the rows.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    started_at = models.DateTimeField()

    class Meta:
        verbose_name = _("audit chain start")

    def __str__(self) -> str:
        return f"audit chain since {self.started_at:%Y-%m-%d}"


class WitnessedAnchor(models.Model):
    """A partner's audit chain head, as the partner announced it in a signed envelope.

    Each node keeps its partners' anchors: a node whose whole chain was later
    rewritten (rows and head together, which its own check cannot see) no longer
    matches what its partners witnessed (see ``jisr.audit.witness``).
    """

    partner = models.CharField(_("partner"), max_length=32, db_index=True)
    seq = models.PositiveBigIntegerField(_("sequence"))
    hash = models.CharField(max_length=64)
    announced_at = models.DateTimeField(_("announced at"))
    received_at = models.DateTimeField(_("received at"))

    class Meta:
        verbose_name = _("witnessed audit anchor")
        constraints = [
            models.UniqueConstraint(fields=["partner", "seq"], name="audit_anchor_partner_seq")
        ]
        ordering = ["partner", "-seq"]

    def __str__(self) -> str:
        return f"{self.partner} #{self.seq}"


class WitnessCheck(UUIDModel):
    """One comparison of this node's chain with the anchors a partner witnessed."""

    partner = models.CharField(_("partner"), max_length=32, db_index=True)
    requested_at = models.DateTimeField(_("requested at"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    anchors = models.PositiveIntegerField(_("anchors compared"), default=0)
    ok = models.BooleanField(_("consistent"), null=True)
    first_bad_seq = models.PositiveBigIntegerField(null=True, blank=True)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        verbose_name = _("witness check")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.partner} {self.requested_at:%Y-%m-%d %H:%M} {self.ok}"
