"""Partners, their keys, the outbox and inbox of envelopes, and replication bookkeeping."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jisr.accounts.models import Agency


class Partner(models.Model):
    """A partner agency's node: where to send envelopes, and how the link is doing."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")

    agency = models.OneToOneField(
        Agency, on_delete=models.PROTECT, related_name="partner", verbose_name=_("agency")
    )
    url = models.URLField(_("node address"), max_length=300)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = models.DateTimeField(_("registered"))
    last_contact_at = models.DateTimeField(_("last contact"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    # Link-level backoff: set when the partner's node does not answer at all.
    retry_at = models.DateTimeField(null=True, blank=True)
    link_failures = models.PositiveIntegerField(default=0)
    # Which of this node's keys signs envelopes to this partner (rotation overlap).
    signing_key_id = models.CharField(max_length=64, blank=True)
    # Reconciliation.
    out_of_sync = models.BooleanField(_("out of sync"), default=False)
    out_of_sync_since = models.DateTimeField(null=True, blank=True)
    out_of_sync_detail = models.CharField(max_length=500, blank=True)
    last_digest_sent_at = models.DateTimeField(null=True, blank=True)
    last_sync_ok_at = models.DateTimeField(_("last reconciled"), null=True, blank=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["agency__code"]
        permissions = [("manage_federation", _("Can administer the links with partner nodes"))]

    def __str__(self) -> str:
        return f"{self.agency.code} @ {self.url}"


class PartnerKey(models.Model):
    """A public Ed25519 key of an agency (partners' keys and this node's own).

    Several keys of one agency can be valid at once: that is the rotation overlap.
    """

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="public_keys")
    key_id = models.CharField(max_length=64, unique=True)
    public_key = models.CharField(max_length=100)
    valid_from = models.DateTimeField()
    valid_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["agency__code", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.agency.code}:{self.key_id}"


class OutboxEnvelope(models.Model):
    """An envelope waiting to be (or already) delivered to a partner node."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        DEAD = "dead", _("Failed")

    id = models.UUIDField(primary_key=True, editable=False)
    type = models.CharField(max_length=64)
    version = models.PositiveIntegerField(default=1)
    sender = models.CharField(max_length=32)
    recipient = models.CharField(max_length=32)
    created = models.DateTimeField()
    body = models.JSONField(default=dict)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    # Set only for envelopes that must be signed by a given key (``key.rotated``).
    signing_key_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["created", "id"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="fed_outbox_due"),
            models.Index(fields=["recipient", "state"], name="fed_outbox_recipient"),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.id} -> {self.recipient} ({self.state})"


class InboxEnvelope(models.Model):
    """An envelope applied on this node. Its id is unique: a redelivery changes nothing."""

    id = models.UUIDField(primary_key=True, editable=False)
    type = models.CharField(max_length=64)
    sender = models.CharField(max_length=32)
    created = models.DateTimeField()
    received_at = models.DateTimeField()

    class Meta:
        ordering = ["received_at"]

    def __str__(self) -> str:
        return f"{self.type} {self.id} from {self.sender}"


class Nonce(models.Model):
    """Signature nonces seen within the freshness window: a replayed request is refused."""

    nonce = models.CharField(max_length=128, unique=True)
    key_id = models.CharField(max_length=64)
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.nonce


class _RecordVersion(models.Model):
    """Which version of a replicated record one side knows of, and whether it is withdrawn."""

    record_type = models.CharField(max_length=64)
    record_id = models.CharField(max_length=64)
    version = models.PositiveIntegerField()
    withdrawn = models.BooleanField(default=False)
    updated_at = models.DateTimeField()

    class Meta:
        abstract = True


class SharedRecord(_RecordVersion):
    """Owner side: what this node shared with which partner, at which version."""

    recipient = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "record_id", "recipient"], name="fed_shared_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.record_type}:{self.record_id} -> {self.recipient} v{self.version}"


class Replica(_RecordVersion):
    """Receiver side: the version of a partner's record this node holds a copy of.

    A withdrawn replica stays as a tombstone so a late, older upsert cannot revive it.
    """

    owner = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "record_type", "record_id"], name="fed_replica_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.owner}/{self.record_type}:{self.record_id} v{self.version}"


class BenchPing(models.Model):
    """Test and benchmark envelopes (``bench.ping``) as applied: deliberately NOT unique,

    so a duplicate application would show up as two rows.
    """

    envelope_id = models.UUIDField(db_index=True)
    sender = models.CharField(max_length=32)
    seq = models.BigIntegerField(default=0)
    received_at = models.DateTimeField()

    def __str__(self) -> str:
        return str(self.envelope_id)
