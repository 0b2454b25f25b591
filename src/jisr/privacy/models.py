"""Data protection's own state: retention choices, reviews and tallies, consultation
receipts, data-subject requests and pattern findings.

Nothing here copies the personal data of the records it is about: a review names a
record by kind and id, a tally counts, a receipt says who looked, when and why.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jisr.core import clock
from jisr.core.models import DeadlineMixin, UUIDModel
from jisr.privacy.reference import (
    DsrDecision,
    DsrGround,
    DsrKind,
    DsrStatus,
    PatternKind,
    ReviewStatus,
)


class RetentionSetting(models.Model):
    """The agency's chosen period for one declared kind (within the kind's bounds)."""

    kind = models.CharField(_("kind of record"), max_length=64, primary_key=True)
    days = models.PositiveIntegerField(_("retention period (days)"))
    changed_by = models.CharField(max_length=150, blank=True)
    changed_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("retention setting")
        permissions = [
            ("act_as_dpo", _("Can use the data protection officer's tools")),
            ("review_retention", _("Can decide on records due for a retention review")),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.days} d"


class RetentionRun(models.Model):
    """One daily run of the schedule, claimed by its UTC day so that one worker runs it."""

    day = models.DateField(_("day"), unique=True)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    removed = models.PositiveIntegerField(_("removed"), default=0)
    queued = models.PositiveIntegerField(_("queued for review"), default=0)

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day}: {self.removed} removed, {self.queued} queued"


class RetentionReview(models.Model):
    """A record whose period ended under a "review" rule, waiting for a person's decision."""

    kind = models.CharField(_("kind of record"), max_length=64)
    record_id = models.CharField(_("record"), max_length=64)
    due_since = models.DateTimeField(_("due since"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    extended_until = models.DateTimeField(_("kept until"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("retention review")
        ordering = ["due_since"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "record_id"], name="privacy_review_once")
        ]
        indexes = [models.Index(fields=["status", "kind"], name="privacy_review_status")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.record_id} {self.status}"


class RetentionTally(models.Model):
    """How many records of a kind the schedule removed on a day, under which rule.

    The action plan's indicators read these counts, so a figure over a past period
    does not drop when the rows it counted are deleted.
    """

    kind = models.CharField(max_length=64)
    day = models.DateField()
    rule = models.CharField(max_length=16)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("retention tally")
        constraints = [
            models.UniqueConstraint(fields=["kind", "day", "rule"], name="privacy_tally_once")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} {self.rule}: {self.count}"


class ConsultationReceipt(UUIDModel):
    """A partner's officer opened one of an agency's shared records: who, role, why, when.

    ``outgoing`` receipts are written on the node where the officer looked, about a
    partner's record, and sent in signed batches to the owner (``sent_at``); ``incoming``
    receipts are what the owner received. Nothing of the record itself is kept.
    """

    class Direction(models.TextChoices):
        OUTGOING = "outgoing", _("To send to the owner")
        INCOMING = "incoming", _("Received from a partner")

    direction = models.CharField(max_length=10, choices=Direction.choices)
    record_type = models.CharField(_("kind of record"), max_length=64)
    record_id = models.CharField(_("record"), max_length=64, db_index=True)
    owner_agency = models.CharField(_("owner agency"), max_length=32)
    agency = models.CharField(_("agency"), max_length=32)
    username = models.CharField(_("officer"), max_length=150)
    role = models.CharField(_("role"), max_length=200, blank=True)
    purpose = models.CharField(_("purpose"), max_length=500, blank=True)
    at = models.DateTimeField(_("when"))
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("consultation receipt")
        ordering = ["-at"]
        indexes = [models.Index(fields=["direction", "sent_at"], name="privacy_receipt_unsent")]

    def __str__(self) -> str:
        return f"{self.agency}/{self.username} {self.record_type}:{self.record_id}"


class DataSubjectRequest(DeadlineMixin, UUIDModel):
    """A person's request to know, correct, erase or restrict what the node holds on them.

    ``origin`` is the agency that received the request from the person: our own agency,
    or a partner that forwarded its request here (the same id on both nodes).
    """

    kind = models.CharField(_("request"), max_length=16, choices=DsrKind.choices)
    origin = models.CharField(_("received by"), max_length=32)
    subject_names: Any = models.JSONField(_("names"), default=list)
    subject_birth_date = models.CharField(_("date of birth"), max_length=10, blank=True)
    subject_documents: Any = models.JSONField(_("identity documents"), default=list, blank=True)
    identity_checked_by = models.CharField(_("identity checked by"), max_length=200, blank=True)
    identity_note = models.CharField(_("identity check note"), max_length=1000, blank=True)
    received = models.DateField(_("received on"))
    notes = models.TextField(_("notes"), blank=True)
    language = models.CharField(_("language of the answer"), max_length=2, default="fr")
    status = models.CharField(
        _("status"), max_length=10, choices=DsrStatus.choices, default=DsrStatus.OPEN
    )
    decision = models.CharField(
        _("decision"), max_length=10, choices=DsrDecision.choices, blank=True
    )
    ground = models.CharField(_("ground"), max_length=20, choices=DsrGround.choices, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    extension_reason = models.CharField(_("reason for the extension"), max_length=500, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        ordering = ["due_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.received}"

    @property
    def deadline(self) -> Any:
        return self.due_at


class DsrForward(models.Model):
    """The part of a request forwarded to a partner, and the partner's answer."""

    request = models.ForeignKey(
        DataSubjectRequest, on_delete=models.CASCADE, related_name="forwards"
    )
    agency = models.CharField(_("partner"), max_length=32)
    sent_at = models.DateTimeField(_("forwarded"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=DsrDecision.choices, blank=True
    )
    ground = models.CharField(_("ground"), max_length=20, choices=DsrGround.choices, blank=True)
    answer = models.TextField(_("answer"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "agency"], name="privacy_forward_once")
        ]

    def __str__(self) -> str:
        return f"{self.request_id} -> {self.agency}"


class PatternFinding(models.Model):
    """An unusual consultation pattern found on a day, told once to the DPO."""

    day = models.DateField(_("day"))
    kind = models.CharField(_("pattern"), max_length=10, choices=PatternKind.choices)
    username = models.CharField(_("user"), max_length=150)
    count = models.PositiveIntegerField(_("count"))
    baseline = models.FloatField(_("usual"), default=0)
    found_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-day", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["day", "kind", "username"], name="privacy_pattern_once")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} {self.username}"


class DsrRecordAction(models.Model):
    """What a decision did to one record the DPO picked from the request's person search.

    ``erase``: the record was removed the owning module's way (tombstones to partner
    copies); ``rectify``: the correction was recorded (and, for an own alert, applied and
    replicated); ``restrict``: the record is kept but left out of screening results until
    ``lifted_at``; ``forward``: the record is a partner's copy, the request went to its owner.
    ``note`` is the DPO's description of the correction; nothing of the record is copied.
    """

    class Action(models.TextChoices):
        ERASE = "erase", _("Erased")
        RECTIFY = "rectify", _("Rectified")
        RESTRICT = "restrict", _("Restricted")
        FORWARD = "forward", _("Forwarded to the owner")

    request = models.ForeignKey(
        DataSubjectRequest, on_delete=models.CASCADE, related_name="record_actions"
    )
    kind = models.CharField(_("kind of record"), max_length=64)
    record_id = models.CharField(_("record"), max_length=64, db_index=True)
    owner = models.CharField(_("owner agency"), max_length=32, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    note = models.CharField(_("correction"), max_length=1000, blank=True)
    at = models.DateTimeField(_("when"), default=clock.now)
    by = models.CharField(_("by"), max_length=150, blank=True)
    lifted_at = models.DateTimeField(_("restriction lifted"), null=True, blank=True)

    class Meta:
        verbose_name = _("record concerned by a request")
        ordering = ["at"]
        indexes = [models.Index(fields=["action", "kind"], name="privacy_dsr_action_kind")]

    def __str__(self) -> str:
        return f"{self.action} {self.kind}:{self.record_id}"
