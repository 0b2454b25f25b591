"""Mutual training (catalogue, sessions, nominations, attendance, certificates) and assistance.

Ownership, as federation sees it (same UUID on every node):

- a ``Course`` and its ``TrainingSession``\\ s belong to the offering agency (``Course.owner``);
- a ``Nomination`` belongs to the nominating agency; it reaches the offering node only after
  the internal four-eyes approval and carries only name, rank, unit and language level; the
  offering agency's decision travels back as a step of its own;
- a ``Certificate`` belongs to the offering agency and is copied to the participant's agency,
  so its code verifies on both nodes;
- an ``AssistanceRequest`` belongs to the requesting agency; each ``AssistanceStep`` belongs
  to the agency that took it, and both nodes derive the request's status from its steps.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jisr.accounts.models import Agency
from jisr.core.models import (
    DeadlineMixin,
    OwnedRecord,
    TitledInThreeLanguages,
    UUIDModel,
    in_language,
)
from jisr.training.reference import (
    AssistanceKind,
    AssistanceStatus,
    Domain,
    Format,
    LanguageLevel,
    NominationStatus,
    Priority,
    Result,
    SessionStatus,
    StepKind,
)

#: The languages a text falls back on when the active one has none.
_FALLBACK = ("fr", "ar", "en")


def _in_language(obj: Any, field: str) -> str:
    """``field`` in the active language, else the first language that has it."""
    return in_language(obj, field, _FALLBACK)


class Course(OwnedRecord, TitledInThreeLanguages):
    FALLBACK = _FALLBACK

    owner = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("offering agency")
    )
    domain = models.CharField(_("domain"), max_length=32, choices=Domain.choices)
    format = models.CharField(_("format"), max_length=16, choices=Format.choices)
    duration_days = models.PositiveSmallIntegerField(_("duration (days)"))
    languages = models.JSONField(_("languages of instruction"), default=list)
    prerequisites = models.TextField(_("prerequisites"), blank=True)
    seats_per_session = models.PositiveSmallIntegerField(_("seats per session"))
    published = models.BooleanField(_("published to partners"), default=False)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title_fr", "title_en", "title_ar"]
        permissions = [
            ("view_training", _("Can see the training catalogue and assistance requests")),
            ("manage_training", _("Can offer courses and sessions and decide on nominations")),
            ("nominate", _("Can nominate participants for a partner's session")),
            ("approve_nominations", _("Can approve the agency's nominations")),
            ("handle_assistance", _("Can request, offer and follow technical assistance")),
            ("agree_assistance", _("Can agree to technical assistance for the agency")),
            ("revoke_certificates", _("Can revoke certificates the agency issued")),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_own(self) -> bool:
        return bool(self.owner.is_own)


class TrainingSession(UUIDModel):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    link = models.URLField(_("link"), max_length=300, blank=True)
    trainers = models.CharField(_("trainers"), max_length=300, blank=True)
    seats = models.PositiveSmallIntegerField(_("seats"))
    partner = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner agency"),
    )
    partner_seats = models.PositiveSmallIntegerField(_("seats for the partner"), default=0)
    nomination_deadline = models.DateField(_("nominations until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=SessionStatus.choices, default=SessionStatus.OPEN
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return f"{self.course} {self.starts_on:%Y-%m-%d}"

    @property
    def owner(self) -> Agency:
        return self.course.owner

    @property
    def is_own(self) -> bool:
        return bool(self.course.owner.is_own)

    @property
    def days(self) -> list[Any]:
        import datetime as dt

        span = (self.ends_on - self.starts_on).days
        return [self.starts_on + dt.timedelta(days=n) for n in range(span + 1)]


class SessionDeadline(DeadlineMixin):
    """A reminder about a session, on the node that needs it (one row per kind and session)."""

    class Kind(models.TextChoices):
        NOMINATION = "nomination", _("nomination deadline")
        START = "start", _("session start")

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(max_length=16, choices=Kind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "kind"], name="training_deadline_once")
        ]


class Nomination(UUIDModel):
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="nominations"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("nominating agency")
    )
    participant_name = models.CharField(_("participant's name"), max_length=200)
    rank = models.CharField(_("rank"), max_length=100)
    unit = models.CharField(_("unit"), max_length=200)
    language_level = models.CharField(
        _("language level"), max_length=8, choices=LanguageLevel.choices, blank=True
    )
    motivation = models.TextField(_("reason for the nomination (kept internally)"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=NominationStatus.choices,
        default=NominationStatus.PENDING_APPROVAL,
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField(_("reason"), max_length=300, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(
        _("assessment result"), max_length=16, choices=Result.choices, default=Result.PENDING
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created"))
    anonymised = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.participant_name

    @property
    def is_own(self) -> bool:
        """Nominated by this node's agency (the offering node holds a copy)."""
        return bool(self.agency.is_own)


class Attendance(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="attendance")
    day = models.DateField(_("day"))
    present = models.BooleanField(_("present"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "day"], name="training_attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.nomination_id} {self.day}"


class Evaluation(models.Model):
    """A participant's short evaluation of a session (1–5 on three questions, a comment)."""

    nomination = models.OneToOneField(
        Nomination, on_delete=models.CASCADE, related_name="evaluation"
    )
    content = models.PositiveSmallIntegerField(_("content"))
    trainers = models.PositiveSmallIntegerField(_("trainers"))
    organisation = models.PositiveSmallIntegerField(_("organisation"))
    comment = models.TextField(_("comment"), blank=True)
    recorded_at = models.DateTimeField()

    def __str__(self) -> str:
        return str(self.nomination_id)


class Certificate(UUIDModel):
    """Issued by the offering agency; its code verifies on both nodes."""

    nomination = models.OneToOneField(
        Nomination,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificate",
    )
    owner = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("issuing agency")
    )
    participant_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("participant's agency")
    )
    code = models.CharField(_("verification code"), max_length=32, unique=True)
    participant_name = models.CharField(_("participant's name"), max_length=200)
    participant_rank = models.CharField(_("rank"), max_length=100, blank=True)
    course_title_ar = models.CharField(max_length=200, blank=True)
    course_title_fr = models.CharField(max_length=200, blank=True)
    course_title_en = models.CharField(max_length=200, blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    duration_days = models.PositiveSmallIntegerField(_("duration (days)"))
    result = models.CharField(_("assessment result"), max_length=16, choices=Result.choices)
    issued_at = models.DateTimeField(_("issued"))
    revoked = models.BooleanField(_("revoked"), default=False)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for the revocation"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.code

    @property
    def course_title(self) -> str:
        return _in_language(self, "course_title")


class AssistanceRequest(UUIDModel):
    requester = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("requesting agency")
    )
    provider = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("providing agency")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=AssistanceKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    need_by = models.DateField(_("needed by"))
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    success_criteria = models.TextField(_("what would count as success"), blank=True)
    #: A major event this request supports (events.Event's id; the copy may not be here yet).
    event_id = models.UUIDField(_("major event"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AssistanceStatus.choices,
        default=AssistanceStatus.NEEDS_ASSESSMENT,
    )
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("assistance request")
        verbose_name_plural = _("assistance requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_own(self) -> bool:
        return bool(self.requester.is_own)


class AssistanceStep(UUIDModel):
    """One step in a request's time line, owned by the agency that took it."""

    request = models.ForeignKey(AssistanceRequest, on_delete=models.CASCADE, related_name="steps")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("step"), max_length=16, choices=StepKind.choices)
    text = models.TextField(_("details"), blank=True)
    # An offer: what, when, by whom, cost if any.
    offer_when = models.CharField(_("when"), max_length=200, blank=True)
    offer_by = models.CharField(_("by whom"), max_length=200, blank=True)
    cost = models.CharField(_("cost"), max_length=200, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    #: People or teams deployed (an offer's plan, or a milestone's actual deployment):
    #: ``[{"who", "role", "from", "until", "venue"}]``, dates as ISO strings, venue optional.
    deployments = models.JSONField(_("deployments"), default=list, blank=True)
    #: An agreement names the offer it agrees to (steps' clocks differ between nodes).
    offer_ref = models.UUIDField(null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("time"))

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.kind
