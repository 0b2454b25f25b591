"""Joint risk anticipation: the standing risk register, bulletins, playbooks and response tasks.

Every record has one owner agency and the same UUID on every node. The owner replicates it
(``risks.risk``, ``risks.assessment``, ``risks.bulletin``, ``risks.playbook``,
``risks.task``); a partner holds a read-only copy and changes only the rows it owns (its
own assessment of a risk, its own response tasks, its own acknowledgements).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jisr.accounts.models import Agency
from jisr.core.entities import EntityType
from jisr.core.handling import HandlingCode
from jisr.core.models import DeadlineMixin, OwnedRecord, TitledInThreeLanguages, UUIDModel

SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class CrimeArea(models.TextChoices):
    DRUG_TRAFFICKING = "drug_trafficking", _("drug trafficking")
    MIGRANT_SMUGGLING = "migrant_smuggling", _("migrant smuggling")
    HUMAN_TRAFFICKING = "human_trafficking", _("trafficking in human beings")
    FIREARMS = "firearms", _("firearms trafficking")
    TERRORISM = "terrorism", _("terrorism")
    CYBERCRIME = "cybercrime", _("cybercrime")
    FRAUD = "fraud", _("fraud")
    ORGANISED_CRIME = "organised_crime", _("other organised crime")


class Trend(models.TextChoices):
    RISING = "rising", _("rising")
    STABLE = "stable", _("stable")
    FALLING = "falling", _("falling")


class Risk(OwnedRecord, TitledInThreeLanguages, DeadlineMixin):
    """A standing threat both agencies watch. ``likelihood``/``impact`` are the owner's score;
    the review date drives the review reminder (``due_at``)."""

    owner = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner agency")
    )
    crime_area = models.CharField(_("crime area"), max_length=32, choices=CrimeArea.choices)
    countries = models.JSONField(_("countries"), default=list, blank=True)
    regions = models.JSONField(_("regions"), default=list, blank=True)
    routes = models.JSONField(_("routes"), default=list, blank=True)
    border_crossings = models.JSONField(_("border crossing points"), default=list, blank=True)
    likelihood = models.PositiveSmallIntegerField(_("likelihood"), validators=SCORE)
    impact = models.PositiveSmallIntegerField(_("impact"), validators=SCORE)
    trend = models.CharField(_("trend"), max_length=16, choices=Trend.choices, default="stable")
    warning_signs = models.TextField(_("indicators and warning signs"), blank=True)
    review_on = models.DateField(_("review date"))
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("major event"),
    )

    class Meta:
        verbose_name = _("standing risk")
        verbose_name_plural = _("standing risks")
        ordering = ["-likelihood", "-impact", "id"]
        permissions = [
            ("view_risks", _("Can see the standing risk register and bulletins")),
            ("manage_risks", _("Can record standing risks and assess them")),
            ("write_bulletins", _("Can write early-warning bulletins")),
            ("release_bulletins", _("Can approve and release bulletins")),
            ("manage_playbooks", _("Can write playbooks and update response tasks")),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def level(self) -> int:
        return int(self.likelihood) * int(self.impact)

    @property
    def is_own(self) -> bool:
        return bool(self.owner.is_own)

    def review_overdue(self, today: Any) -> bool:
        return bool(self.review_on < today)


class RiskReview(models.Model):
    """A review of a risk by its owner: when it was due and when it was done."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="reviews")
    due_on = models.DateField()
    reviewed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.risk_id} {self.due_on}"


class Mitigation(UUIDModel):
    """A mitigation measure of a risk: what, who, by when (part of the owner's risk)."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="mitigations")
    measure = models.CharField(_("measure"), max_length=300)
    responsible = models.CharField(_("owner"), max_length=200, blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["due_on", "measure"]


class RiskAssessment(UUIDModel):
    """One agency's own score of a risk (a partner's view); replicated, owned by that agency."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="assessments")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    likelihood = models.PositiveSmallIntegerField(_("likelihood"), validators=SCORE)
    impact = models.PositiveSmallIntegerField(_("impact"), validators=SCORE)
    comment = models.TextField(_("comment"), blank=True)
    assessed_by = models.CharField(_("assessed by"), max_length=150, blank=True)
    assessed_at = models.DateTimeField(_("assessed"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["risk", "agency"], name="risks_one_assessment_each")
        ]
        ordering = ["agency__code"]

    @property
    def level(self) -> int:
        return int(self.likelihood) * int(self.impact)


class BulletinKind(models.TextChoices):
    EARLY_WARNING = "early_warning", _("early warning")
    MODUS_OPERANDI = "modus_operandi", _("modus operandi")
    THREAT_ASSESSMENT = "threat_assessment", _("threat assessment")
    ALERT_BULLETIN = "alert_bulletin", _("alert bulletin")


class BulletinStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PENDING = "pending", _("awaiting release")
    RELEASED = "released", _("released")
    WITHDRAWN = "withdrawn", _("withdrawn")


#: The kinds of structured indicator a bulletin carries (a subset of jisr.core.entities).
INDICATOR_TYPES = (
    EntityType.PHONE,
    EntityType.VEHICLE,
    EntityType.DOCUMENT,
    EntityType.PLACE,
    EntityType.ROUTE,
    EntityType.DOMAIN,
    EntityType.CRYPTO,
    EntityType.HASH,
)
INDICATOR_CHOICES = [(t.value, t.label) for t in INDICATOR_TYPES]


class Bulletin(UUIDModel, DeadlineMixin):
    """An early-warning bulletin. On the receiving node the deadline fields time the
    acknowledgement of an alert bulletin (escalation when it is not acknowledged)."""

    owner = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=32, choices=BulletinKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=BulletinStatus.choices, default="pending"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    details = models.TextField(_("details"), blank=True)
    recommended_measures = models.TextField(_("recommended measures"), blank=True)
    handling_code = models.CharField(
        _("handling code"), max_length=2, choices=HandlingCode.choices, default="H1"
    )
    restrictions = models.CharField(_("H3 restrictions"), max_length=300, blank=True)
    source_reliability = models.CharField(_("source evaluation"), max_length=1, default="X")
    information_accuracy = models.CharField(_("information evaluation"), max_length=1, default="4")
    valid_until = models.DateField(_("valid until"))
    recipients = models.JSONField(_("recipients"), default=list)
    risks = models.ManyToManyField(Risk, blank=True, related_name="bulletins")
    version = models.PositiveIntegerField(default=1)
    #: The replication counter: a new content version or a new response bumps it.
    revision = models.PositiveIntegerField(default=1)
    changes = models.JSONField(_("changes in this version"), default=list, blank=True)
    #: The response: the playbook triggered, as sent (name, version, steps per agency).
    response = models.JSONField(default=dict, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_name = models.CharField(max_length=150, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))
    import_report = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_own(self) -> bool:
        return bool(self.owner.is_own)


class BulletinIndicator(UUIDModel):
    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="indicators")
    type = models.CharField(_("type"), max_length=16, choices=INDICATOR_CHOICES)
    value = models.CharField(_("value"), max_length=300)
    key = models.CharField(max_length=300, db_index=True)

    class Meta:
        ordering = ["type", "key"]


class IndicatorMatch(models.Model):
    """Where a received bulletin's indicator also occurs in this node's data (cross-check)."""

    indicator = models.ForeignKey(
        BulletinIndicator, on_delete=models.CASCADE, related_name="matches"
    )
    kind = models.CharField(max_length=32)
    record_id = models.CharField(max_length=64)
    reference = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    found_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.kind} {self.record_id}"


class Acknowledgement(models.Model):
    """A named recipient of a bulletin on a receiving agency, and when they acknowledged it.

    Rows of an agency are written on its own node, and copied to the bulletin's owner.
    """

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="acks")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    username = models.CharField(max_length=150)
    name = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["bulletin", "agency", "username"], name="risks_one_ack_each"
            )
        ]
        ordering = ["agency__code", "username"]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.username}"


class Playbook(UUIDModel):
    """The agreed response to a kind of threat: steps per agency, versioned."""

    owner = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    crime_area = models.CharField(_("crime area"), max_length=32, choices=CrimeArea.choices)
    bulletin_kind = models.CharField(
        _("bulletin kind"), max_length=32, choices=BulletinKind.choices, blank=True
    )
    version = models.PositiveIntegerField(default=1)
    history = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_own(self) -> bool:
        return bool(self.owner.is_own)


class PlaybookStep(UUIDModel):
    playbook = models.ForeignKey(Playbook, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(default=1)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("action"), max_length=300)
    within_hours = models.PositiveIntegerField(
        _("within (hours)"), validators=[MinValueValidator(1), MaxValueValidator(24 * 90)]
    )

    class Meta:
        ordering = ["order"]

    def record(self) -> dict[str, Any]:
        """The step as a playbook's envelope and a triggered response carry it."""
        return {
            "id": str(self.id),
            "order": self.order,
            "agency": self.agency.code,
            "action": self.action,
            "within_hours": self.within_hours,
        }


class TaskStatus(models.TextChoices):
    OPEN = "open", _("to do")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")


class ResponseTask(UUIDModel, DeadlineMixin):
    """One agency's step of a triggered playbook: owned (and updated) by that agency."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="tasks")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=1)
    action = models.CharField(_("action"), max_length=300)
    status = models.CharField(
        _("status"), max_length=16, choices=TaskStatus.choices, default="open"
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("updated"))
    updated_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["agency__code", "order"]

    @property
    def is_own(self) -> bool:
        return bool(self.agency.is_own)
