"""Cases, threaded messages, attachments, acknowledgements and consents.

A case belongs to its owner agency and is replicated read-only to the participating
agencies (``exchange.case``). A message belongs to the agency that sent it; it travels
once to each participating agency (``exchange.message``) and keeps the same UUID on
every node. Links to alerts and hits are loose (UUID + label) so this app does not
depend on the wanted-persons models.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jisr.accounts.models import Agency
from jisr.core import clock
from jisr.core.handling import HandlingCode
from jisr.core.models import DeadlineMixin, UUIDModel


class CrimeArea(models.TextChoices):
    DRUG_TRAFFICKING = "drug_trafficking", _("Drug trafficking")
    HUMAN_TRAFFICKING = "human_trafficking", _("Trafficking in human beings")
    MIGRANT_SMUGGLING = "migrant_smuggling", _("Migrant smuggling")
    TERRORISM = "terrorism", _("Terrorism")
    CYBERCRIME = "cybercrime", _("Cybercrime")
    FRAUD = "fraud", _("Fraud")
    PROPERTY_CRIME = "organised_property_crime", _("Organised property crime")
    FIREARMS = "firearms", _("Firearms")
    OTHER = "other", _("Other")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DORMANT = "dormant", _("Dormant")
    CLOSED = "closed", _("Closed")


class MessageKind(models.TextChoices):
    REQUEST_INFORMATION = "request_information", _("Request for information")
    REQUEST_ASSISTANCE = "request_assistance", _("Request for assistance")
    SPONTANEOUS_INFORMATION = "spontaneous_information", _("Spontaneous information")
    REPLY = "reply", _("Reply")
    HIT_FOLLOW_UP = "hit_follow_up", _("Hit follow-up")


REQUEST_KINDS = {MessageKind.REQUEST_INFORMATION.value, MessageKind.REQUEST_ASSISTANCE.value}


class SourceReliability(models.TextChoices):
    A = "A", _("A — no doubt about the source")
    B = "B", _("B — source mostly reliable")
    C = "C", _("C — source mostly not reliable")
    X = "X", _("X — reliability cannot be assessed")


class InformationAccuracy(models.TextChoices):
    ONE = "1", _("1 — known to be true without reservation")
    TWO = "2", _("2 — known personally to the source")
    THREE = "3", _("3 — not known personally, corroborated")
    FOUR = "4", _("4 — cannot be judged")


class Priority(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    NORMAL = "normal", _("Normal")


class Language(models.TextChoices):
    AR = "ar", _("Arabic")
    FR = "fr", _("French")
    EN = "en", _("English")


class Case(UUIDModel):
    """A cooperation case. The owner agency's node holds the authoritative copy."""

    reference = models.CharField(_("reference"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=200)
    crime_area = models.CharField(_("crime area"), max_length=32, choices=CrimeArea.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    owner = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="owned_cases", verbose_name=_("owner")
    )
    participants = models.ManyToManyField(
        Agency, related_name="cases", verbose_name=_("participating agencies")
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("opened"), default=clock.now)
    updated_at = models.DateTimeField(_("updated"), default=clock.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-updated_at"]
        permissions = [
            ("view_cases", _("Can see the cases of their agency")),
            ("open_cases", _("Can open cases and send messages")),
            ("view_overdue_dashboard", _("Can see the overdue requests dashboard")),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"

    @property
    def is_copy(self) -> bool:
        return not self.owner.is_own

    def summary(self) -> dict[str, Any]:
        """The case's identity, as the API and the replicated body both start with it."""
        return {
            "id": str(self.id),
            "reference": self.reference,
            "title": self.title,
            "crime_area": self.crime_area,
            "status": self.status,
            "owner": self.owner.code,
        }


class CaseCounter(models.Model):
    """Per-year numbering of the cases this node opens (FR-DGPN-2026-0007)."""

    year = models.PositiveIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class CaseLink(models.Model):
    """A loose link from a case to an alert or a hit (UUID + a label)."""

    class Kind(models.TextChoices):
        ALERT = "alert", _("Alert")
        HIT = "hit", _("Hit")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    target_id = models.UUIDField()
    label = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "target_id"], name="exchange_link_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.target_id}"


class Message(DeadlineMixin, UUIDModel):
    """One item in a case's thread, with its handling and evaluation codes.

    A request is due at ``due_at`` (``deadline``); the one deadline sweep reminds the
    receiving agency at half time and tells both sides when it is overdue.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="sent_messages", verbose_name=_("sender")
    )
    recipients = models.ManyToManyField(Agency, related_name="received_messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_name = models.CharField(_("author"), max_length=200)
    kind = models.CharField(_("type"), max_length=32, choices=MessageKind.choices)
    in_reply_to = models.UUIDField(_("in reply to"), null=True, blank=True)
    forwarded_from = models.UUIDField(null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    person_names = models.JSONField(_("people named"), default=list, blank=True)
    contains_personal_data = models.BooleanField(_("contains personal data"), default=False)
    handling_code = models.CharField(_("handling code"), max_length=2, choices=HandlingCode.choices)
    handling_restriction = models.CharField(_("restriction (H3)"), max_length=500, blank=True)
    source_reliability = models.CharField(
        _("source reliability"), max_length=1, choices=SourceReliability.choices
    )
    information_accuracy = models.CharField(
        _("information accuracy"), max_length=1, choices=InformationAccuracy.choices
    )
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    created_at = models.DateTimeField(_("sent"), default=clock.now)
    received_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["due_at", "answered_at"], name="exchange_msg_due_answered")]

    def __str__(self) -> str:
        return self.subject

    @property
    def deadline(self) -> dt.datetime | None:
        """The answer deadline (``due_at``), under the name pages and the API use."""
        return self.due_at

    @deadline.setter
    def deadline(self, value: dt.datetime | None) -> None:
        self.due_at = value

    @property
    def is_request(self) -> bool:
        return self.kind in REQUEST_KINDS

    def is_overdue(self) -> bool:
        return bool(self.deadline and not self.answered_at and clock.now() > self.deadline)


class Attachment(UUIDModel):
    """A file sent with a message; the bytes live in the database, checked by SHA-256."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    # ``filename`` is the safe name (core.filenames.safe_filename) used for downloads;
    # ``original_filename`` is what the sender gave, for display only.
    filename = models.CharField(_("file name"), max_length=255)
    original_filename = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField()

    class Meta:
        ordering = ["filename"]

    def __str__(self) -> str:
        return self.filename

    @property
    def display_name(self) -> str:
        return self.original_filename or self.filename

    def metadata(self) -> dict[str, Any]:
        """What the API and the envelope say of the file besides its bytes."""
        return {
            "id": str(self.id),
            "filename": self.filename,
            "original_filename": self.display_name,
            "content_type": self.content_type,
            "size": self.size,
            "sha256": self.sha256,
        }


class Acknowledgement(models.Model):
    """Delivery and reading of a message, as reported by the receiving agency."""

    class Kind(models.TextChoices):
        DELIVERED = "delivered", _("Delivered")
        READ = "read", _("Read")

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="acks")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    by_name = models.CharField(max_length=200, blank=True)
    by_username = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "agency", "kind", "by_username"], name="exchange_ack_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.agency_id} {self.by_username}"


class Consent(UUIDModel):
    """The originating agency's recorded consent to pass an item on (forward/export/copy)."""

    class Scope(models.TextChoices):
        FORWARD = "forward", _("Forward to another agency")
        EXPORT = "export", _("Export")
        COPY = "copy", _("Copy into another case")

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="consents")
    scope = models.CharField(max_length=10, choices=Scope.choices)
    holder = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    third_party = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    granted_by_name = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=clock.now)

    def __str__(self) -> str:
        return f"{self.scope} {self.holder_id}"
