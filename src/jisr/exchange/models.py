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
from jisr.core.models import DeadlineMixin, StoredFile, UUIDModel


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
    CLARIFICATION_REQUEST = "clarification_request", _("Request for clarification")
    REFUSAL = "refusal", _("Refusal")


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


class TimeLimit(models.TextChoices):
    """The three time limits of Directive (EU) 2023/977, Art. 5."""

    URGENT_DIRECT = "8h", _("8 hours (urgent, directly accessible)")
    URGENT_INDIRECT = "3d", _("3 days (urgent, indirectly accessible)")
    OTHER = "7d", _("7 days")


class ReleaseStatus(models.TextChoices):
    PENDING = "pending", _("Pending release")
    RELEASED = "released", _("Released")
    RETURNED = "returned", _("Returned to the author")
    NOT_NEEDED = "not_needed", _("No release needed")


class Outcome(models.TextChoices):
    ANSWERED = "answered", _("Answered")
    PARTLY_ANSWERED = "partly_answered", _("Partly answered")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SuspensionReason(models.TextChoices):
    CLARIFICATION = "clarification", _("waiting for a clarification")
    JUDICIAL = "judicial", _("waiting for a judicial authorisation")


class RefusalGround(models.TextChoices):
    """The grounds of Directive (EU) 2023/977, Art. 6, as a controlled list."""

    NOT_AVAILABLE = "not_available", _("The information is not available")
    REQUIREMENTS = "requirements", _("The request does not meet the requirements (Art. 4)")
    JUDICIAL_REFUSED = "judicial_refused", _("The judicial authorisation was refused")
    MINOR_OFFENCE = (
        "minor_offence",
        _("The offence carries a maximum penalty of one year's imprisonment or less"),
    )
    NATIONAL_SECURITY = (
        "national_security",
        _("It would harm essential national security interests"),
    )
    INVESTIGATION = "investigation", _("It would jeopardise an ongoing investigation")
    PERSON_SAFETY = "person_safety", _("It would jeopardise a person's safety")
    PERSON_INTERESTS = (
        "person_interests",
        _("It would unduly harm the protected interests of a person"),
    )
    THIRD_STATE = (
        "third_state",
        _("The information was obtained from another state, which did not consent"),
    )
    DISPROPORTIONATE = (
        "disproportionate",
        _("The request is disproportionate or irrelevant to its purpose"),
    )
    NOT_COMPETENT = "not_competent", _("The request concerns a matter outside our competence")


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
    # --- the request desk ---
    directly_accessible = models.BooleanField(_("directly accessible"), null=True, blank=True)
    time_limit = models.CharField(
        _("time limit"), max_length=2, choices=TimeLimit.choices, blank=True
    )
    #: When the limit started to run (the release, for a request held for review).
    limit_started_at = models.DateTimeField(null=True, blank=True)
    suspended_at = models.DateTimeField(_("suspended since"), null=True, blank=True)
    suspension_reason = models.CharField(
        max_length=16, choices=SuspensionReason.choices, blank=True
    )
    release_status = models.CharField(
        _("release"),
        max_length=12,
        choices=ReleaseStatus.choices,
        default=ReleaseStatus.NOT_NEEDED,
        db_index=True,
    )
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    release_reason = models.TextField(_("release reason"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    partial = models.BooleanField(_("partial answer"), default=False)
    refusal_grounds = models.JSONField(_("refusal grounds"), default=list, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_requests",
        verbose_name=_("handler"),
    )
    translation = models.TextField(_("translation"), blank=True)
    translation_language = models.CharField(
        _("language of the translation"), max_length=2, choices=Language.choices, blank=True
    )
    correlation_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["due_at", "answered_at"], name="exchange_msg_due_answered")]
        permissions = [
            ("work_desk", _("Can work the request desk (assign, answer, correct limits)")),
            ("release_messages", _("Can release outgoing messages holding personal data")),
            ("view_desk_statistics", _("Can see the request desk statistics")),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_suspended(self) -> bool:
        return self.suspended_at is not None

    def remaining(self, now: dt.datetime | None = None) -> dt.timedelta | None:
        """Time left before the limit; frozen at the suspension while the limit is suspended."""
        if self.due_at is None:
            return None
        return self.due_at - (self.suspended_at or now or clock.now())

    @property
    def refusal_ground_labels(self) -> list[str]:
        labels = dict(RefusalGround.choices)
        return [str(labels.get(code, code)) for code in self.refusal_grounds]

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

    def handling_fields(self) -> dict[str, Any]:
        """Its handling and evaluation codes, priority and language, as the API and the
        envelope give them."""
        return {
            "handling_code": self.handling_code,
            "handling_restriction": self.handling_restriction,
            "source_reliability": self.source_reliability,
            "information_accuracy": self.information_accuracy,
            "priority": self.priority,
            "language": self.language,
        }

    def is_overdue(self) -> bool:
        if self.suspended_at is not None:
            return False
        return bool(self.deadline and not self.answered_at and clock.now() > self.deadline)


class LimitChange(UUIDModel):
    """One change of a request's time limit, shown in its time line (and sent to the requester)."""

    class Event(models.TextChoices):
        SET = "set", _("Limit set")
        CORRECTED = "corrected", _("Accessibility corrected")
        SUSPENDED = "suspended", _("Limit suspended")
        RESUMED = "resumed", _("Limit resumed")
        EXTENDED = "extended", _("Limit extended")
        WITHDRAWN = "withdrawn", _("Request withdrawn")

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="limit_changes")
    event = models.CharField(max_length=10, choices=Event.choices)
    at = models.DateTimeField(default=clock.now)
    by_name = models.CharField(max_length=200, blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)
    time_limit = models.CharField(max_length=2, choices=TimeLimit.choices, blank=True)
    due_before = models.DateTimeField(null=True, blank=True)
    due_after = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.event} {self.message_id}"


class Assignment(models.Model):
    """Who handles an incoming request, and who assigned it (every reassignment kept)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="assignments")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assignee_name = models.CharField(max_length=200)
    by_name = models.CharField(max_length=200)
    at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.message_id} -> {self.assignee_name}"


class MessageEntity(models.Model):
    """A structured entity in a message: its type, the value as written and its normalised key.

    ``key`` is indexed with ``type`` so the cross-check of a new request is a few index
    look-ups however many messages the node holds. A person's ``key`` is the folded name;
    persons are compared through the matching engine, blocked on ``EntityNameKey`` rows.
    """

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="entities")
    type = models.CharField(_("type"), max_length=16)
    value = models.CharField(_("value"), max_length=300)
    key = models.CharField(max_length=300)
    country = models.CharField(_("country"), max_length=2, blank=True)
    birth_date = models.CharField(_("date of birth"), max_length=10, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["type", "key"], name="exchange_entity_key")]

    def __str__(self) -> str:
        return f"{self.type}:{self.key}"

    @property
    def type_label(self) -> str:
        from jisr.core.entities import EntityType

        try:
            return str(EntityType(self.type).label)
        except ValueError:
            return self.type


class EntityNameKey(models.Model):
    """A blocking key of a person entity's name (cross-script, from the matching engine)."""

    entity = models.ForeignKey(MessageEntity, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=64, db_index=True)

    def __str__(self) -> str:
        return self.key


class Attachment(StoredFile):
    """A file sent with a message; the bytes live in the database, checked by SHA-256."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")


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


class PartnerDesk(models.Model):
    """What we know of a partner's desk: the languages it accepts requests in (Art. 11).

    Learned from the partner's own envelopes (each message and case carries its sender's
    accepted languages), so a request written in another language is flagged before sending.
    """

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="desk")
    languages = models.JSONField(default=list)
    updated_at = models.DateTimeField(default=clock.now)

    def __str__(self) -> str:
        return f"{self.agency_id}: {','.join(self.languages)}"

    @property
    def language_names(self) -> str:
        return ", ".join(
            str(Language(code).label) for code in self.languages if code in Language.values
        )
