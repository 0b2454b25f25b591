"""Major international events: workspace, venues, risks, protocols, accreditation, incidents.

An event belongs to its host agency (``owner``). Partners hold a read-only copy
(same UUID on every node) replicated as ``events.event``. Incidents belong to the
agency that recorded them and are replicated as ``events.incident`` to every other
agency of the event, so all liaison officers see one common log. Accreditation
lists and their screening stay on the node that screens them: personal data of
accredited people never leaves it; only a hit goes to the alert's owner.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jisr.accounts.models import Agency
from jisr.core.models import OwnedRecord, UUIDModel


class Event(OwnedRecord):
    owner = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("host agency")
    )
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    description = models.TextField(_("description"), blank=True)
    lessons_learned = models.TextField(_("lessons learned"), blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_on", "name"]
        permissions = [
            ("view_major_events", _("Can see major events shared with the agency")),
            ("coordinate_events", _("Can coordinate the security of major events")),
            ("log_incidents", _("Can log incidents during a major event")),
            ("screen_accreditations", _("Can screen and review accreditation lists")),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_own(self) -> bool:
        return bool(self.owner.is_own)


class EventParticipant(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", _("invited")
        JOINED = "joined", _("joined")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.INVITED
    )
    joined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "agency"], name="event_participant_once")
        ]
        ordering = ["agency__code"]

    def __str__(self) -> str:
        return f"{self.agency_id} in {self.event_id}"


class Venue(UUIDModel):
    class Kind(models.TextChoices):
        STADIUM = "stadium", _("stadium")
        FAN_ZONE = "fan_zone", _("fan zone")
        HOTEL = "hotel", _("hotel")
        TRAINING_SITE = "training_site", _("training site")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="venues")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    capacity = models.PositiveIntegerField(_("capacity"), default=0)
    address = models.CharField(_("address"), max_length=300, blank=True)
    # On a partner's copy: the host's protocol readiness (percent), as last replicated.
    readiness_copy = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def _optional_venue() -> models.ForeignKey[Venue | None, Venue | None]:
    """The venue a row may be tied to (a deployment, a risk); none means the whole event."""
    return models.ForeignKey(
        Venue,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("venue"),
    )


class LiaisonDeployment(UUIDModel):
    """A liaison officer deployed for the event: who, where and when."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deployments")
    officer = models.CharField(_("officer"), max_length=200)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    venue = _optional_venue()
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return self.officer


class Risk(UUIDModel):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        MITIGATED = "mitigated", _("mitigated")
        CLOSED = "closed", _("closed")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="risks")
    venue = _optional_venue()
    threat = models.CharField(_("threat"), max_length=300)
    likelihood = models.PositiveSmallIntegerField(
        _("likelihood"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    impact = models.PositiveSmallIntegerField(
        _("impact"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    mitigation = models.TextField(_("mitigation"), blank=True)
    owner_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner agency")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )

    class Meta:
        ordering = ["-likelihood", "-impact", "threat"]

    def __str__(self) -> str:
        return self.threat

    @property
    def level(self) -> int:
        return int(self.likelihood) * int(self.impact)


class Protocol(models.Model):
    """A security checklist for one venue, created from a template."""

    class Template(models.TextChoices):
        CROWD = "crowd", _("crowd management")
        VIP = "vip", _("VIP protection")
        COUNTER_TERRORISM = "counter_terrorism", _("counter-terrorism")
        CYBER = "cyber", _("cyber security")
        TRANSPORT = "transport", _("transport")
        MEDICAL = "medical", _("medical liaison")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="protocols")
    venue = models.ForeignKey(
        Venue, on_delete=models.CASCADE, related_name="protocols", verbose_name=_("venue")
    )
    template = models.CharField(_("template"), max_length=32, choices=Template.choices)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["venue__name", "template"]
        constraints = [
            models.UniqueConstraint(fields=["venue", "template"], name="protocol_once_per_venue")
        ]

    def __str__(self) -> str:
        return self.template


class ProtocolItem(models.Model):
    protocol = models.ForeignKey(Protocol, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    code = models.CharField(max_length=64)
    owner_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner agency")
    )
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["protocol", "position"]

    def __str__(self) -> str:
        return self.code


class AccreditationList(UUIDModel):
    """An uploaded list of accredited people, screened by the worker."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("screening")
        DONE = "done", _("screened")
        FAILED = "failed", _("failed")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="accreditation_lists")
    filename = models.CharField(_("file"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=300)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    candidates = models.PositiveIntegerField(default=0)
    leased_until = models.DateTimeField(null=True, blank=True)
    # Worker runs begun on the current slice without saving it: a list on which the
    # worker dies or fails again and again is marked failed, not retried for ever.
    attempts = models.PositiveSmallIntegerField(default=0)
    failure_reason = models.CharField(max_length=300, blank=True)  # a code: see failure_text
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.filename

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(100 * self.processed / self.total)

    @property
    def failure_text(self) -> str:
        """Why the screening stopped, in the reader's language (``failure_reason`` is a code:
        ``stopped:N``, the worker stopped N times; ``failed``, the slice raised again)."""
        kind, _sep, count = self.failure_reason.partition(":")
        if kind == "stopped":
            return gettext("the worker stopped %(n)d times on the same part of the list.") % {
                "n": int(count) if count.isdigit() else 0
            }
        if kind == "failed":
            return gettext("the screening failed on the same part of the list again.")
        return self.failure_reason


class AccreditedPerson(models.Model):
    class Category(models.TextChoices):
        STAFF = "staff", _("staff")
        VOLUNTEER = "volunteer", _("volunteer")
        MEDIA = "media", _("media")
        DELEGATION = "delegation", _("delegation")

    class Decision(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCREDIT = "accredit", _("accredit")
        REFUSE = "refuse", _("refuse")

    accreditation_list = models.ForeignKey(
        AccreditationList, on_delete=models.CASCADE, related_name="persons"
    )
    line = models.PositiveIntegerField()
    full_name = models.CharField(_("name"), max_length=300)
    birth_date = models.CharField(_("date of birth"), max_length=10, blank=True)
    nationality = models.CharField(_("nationality"), max_length=100, blank=True)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    screened = models.BooleanField(default=False)
    decision = models.CharField(
        _("decision"), max_length=16, choices=Decision.choices, default=Decision.PENDING
    )

    class Meta:
        ordering = ["accreditation_list", "line"]
        indexes = [models.Index(fields=["accreditation_list", "screened"])]

    def __str__(self) -> str:
        return self.full_name


class AccreditationCandidate(models.Model):
    """A possible match of an accredited person with an active alert, for human review."""

    class Status(models.TextChoices):
        PENDING = "pending", _("to review")
        CLEARED = "cleared", _("cleared")
        FLAGGED = "flagged", _("flagged")

    person = models.ForeignKey(
        AccreditedPerson, on_delete=models.CASCADE, related_name="candidates"
    )
    alert_id = models.CharField(max_length=64)
    alert_owner = models.CharField(max_length=32)
    score = models.FloatField()
    explanation = models.JSONField(default=dict)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    hit_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-score"]

    def __str__(self) -> str:
        return f"{self.person_id} ~ {self.alert_id}"


class Incident(UUIDModel):
    class Category(models.TextChoices):
        CROWD = "crowd", _("crowd")
        VIOLENCE = "violence", _("violence")
        TERRORISM = "terrorism_threat", _("terrorism threat")
        THEFT = "theft", _("theft")
        CYBER = "cyber", _("cyber")
        MEDICAL = "medical", _("medical")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        CLOSED = "closed", _("closed")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="incidents")
    owner = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="incidents", verbose_name=_("venue")
    )
    occurred_at = models.DateTimeField(_("time"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    severity = models.PositiveSmallIntegerField(
        _("severity"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    description = models.TextField(_("description"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    assigned_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency assigned")
    )
    version = models.PositiveIntegerField(default=1)
    recorded_at = models.DateTimeField()
    received_at = models.DateTimeField(null=True, blank=True)
    #: When the owner closed it (cleared if reopened): the time-to-close indicator reads it.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-occurred_at"]

    def __str__(self) -> str:
        return f"{self.category} ({self.severity})"
