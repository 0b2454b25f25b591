"""The action plan: pillars, actions, milestones, indicator bindings, snapshots and reports.

A plan is shared by its parties: every node holds the same rows under the same ids. Each
action belongs to its lead agency (``lead``), whose node is authoritative for it; the plan
and its pillars belong to the agency that recorded the plan (``owner``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from jisr.accounts.models import Agency
from jisr.core import clock
from jisr.core.models import UUIDModel

LANGUAGES = ("ar", "fr", "en")


def localized(texts: Any, language: str | None = None) -> str:
    """The text of ``texts`` ({"ar": …, "fr": …, "en": …}) in ``language``, else another one."""
    if not isinstance(texts, dict):
        return str(texts or "")
    language = (language or get_language() or "en")[:2]
    for code in (language, "fr" if language == "ar" else "en", "en", "fr", "ar"):
        if texts.get(code):
            return str(texts[code])
    return ""


class PlanStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("plan", "Draft")
    ACTIVE = "active", pgettext_lazy("plan", "In force")
    CLOSED = "closed", pgettext_lazy("plan", "Closed")


class ActionStatus(models.TextChoices):
    # A context of their own: "Done" of an action is not "Done" of a batch job elsewhere.
    PLANNED = "planned", pgettext_lazy("plan action", "Planned")
    ON_TRACK = "on_track", pgettext_lazy("plan action", "On track")
    AT_RISK = "at_risk", pgettext_lazy("plan action", "At risk")
    LATE = "late", pgettext_lazy("plan action", "Late")
    DONE = "done", pgettext_lazy("plan action", "Done")
    DROPPED = "dropped", pgettext_lazy("plan action", "Dropped")


class PillarKey(models.TextChoices):
    ORGANISED_CRIME = "organised_crime", _("Organised crime and joint intervention")
    INFORMATION_EXCHANGE = "information_exchange", _("Information exchange")
    TRAINING = "training", _("Training and technical assistance")
    FUGITIVES = "fugitives", _("Fugitives and wanted persons")
    MAJOR_EVENTS = "major_events", _("Security of major events")
    RISK_ANTICIPATION = "risk_anticipation", _("Anticipation of security risks")
    EVALUATION = "evaluation", _("Evaluation of existing mechanisms")


class Mechanism(models.TextChoices):
    REQUEST_CHANNEL = "request_channel", _("Request channel")
    ALERT_SHARING = "alert_sharing", _("Alert sharing")
    HIT_REPLY = "hit_reply", _("Hit reply")
    EVENT_COOPERATION = "event_cooperation", _("Event cooperation")
    WORKING_GROUPS = "working_groups", _("Working groups")


class Granularity(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class EvidenceKind(models.TextChoices):
    GROUP = "group", _("Working group")
    EVENT = "event", _("Major event")
    TRAINING_SESSION = "training_session", _("Training session")
    DOCUMENT = "document", _("Document")


class Plan(UUIDModel):
    owner = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    title: Any = models.JSONField(_("title"), default=dict)
    parties: Any = models.JSONField(_("parties"), default=list)
    signed_on = models.DateField(_("signature date"))
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.ACTIVE
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-signed_on"]
        permissions = [
            ("view_action_plan", _("Can view the action plan and its indicators")),
            ("steer_action_plan", _("Can steer the action plan (actions, reports, assessments)")),
        ]

    def __str__(self) -> str:
        return localized(self.title)

    @property
    def label(self) -> str:
        return localized(self.title)


class Pillar(UUIDModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="pillars")
    number = models.PositiveSmallIntegerField(_("number"))
    key = models.CharField(_("pillar"), max_length=32, choices=PillarKey.choices)
    title: Any = models.JSONField(_("title"), default=dict)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_pillar_number"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return localized(self.title) or str(self.get_key_display())


class Action(UUIDModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    pillar = models.ForeignKey(Pillar, on_delete=models.CASCADE, related_name="actions")
    code = models.CharField(_("number"), max_length=16)
    title: Any = models.JSONField(_("title"), default=dict)
    description: Any = models.JSONField(_("description"), default=dict, blank=True)
    lead = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("lead agency")
    )
    counterpart = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner counterpart"),
    )
    counterpart_unit = models.CharField(_("counterpart unit"), max_length=200, blank=True)
    starts_on = models.DateField(_("start"))
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["plan", "pillar__number", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def label(self) -> str:
        return localized(self.title)

    @property
    def text(self) -> str:
        return localized(self.description)

    @property
    def is_own(self) -> bool:
        return bool(self.lead.is_own)


class ActionStatusChange(models.Model):
    """One change of an action's status, with its required comment (kept forever)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="history")
    position = models.PositiveIntegerField()
    from_status = models.CharField(max_length=12, choices=ActionStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=ActionStatus.choices)
    comment = models.TextField(_("comment"))
    by_name = models.CharField(_("by"), max_length=150)
    by_agency = models.CharField(_("agency"), max_length=32)
    at = models.DateTimeField(_("when"))

    class Meta:
        ordering = ["action", "position"]
        constraints = [
            models.UniqueConstraint(fields=["action", "position"], name="plan_history_position"),
        ]

    def __str__(self) -> str:
        return f"{self.action_id} #{self.position}: {self.to_status}"


class Milestone(UUIDModel):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title: Any = models.JSONField(_("title"), default=dict)
    due_on = models.DateField(_("date"))
    done_on = models.DateField(_("reached on"), null=True, blank=True)
    evidence_kind = models.CharField(
        _("evidence"), max_length=20, choices=EvidenceKind.choices, blank=True
    )
    #: The id of the group, event or training session, or a document URL.
    evidence_ref = models.CharField(_("evidence reference"), max_length=500, blank=True)

    class Meta:
        ordering = ["action", "due_on"]

    @property
    def label(self) -> str:
        return localized(self.title)

    @property
    def evidence_url(self) -> str:
        """Where the evidence is: the document, or the page of the group, event or session."""
        from django.urls import NoReverseMatch, reverse

        if self.evidence_kind == EvidenceKind.DOCUMENT:
            return self.evidence_ref if self.evidence_ref.startswith("https://") else ""
        names: dict[str, str] = {
            EvidenceKind.GROUP: "groups:group_detail",
            EvidenceKind.EVENT: "events:event_detail",
            EvidenceKind.TRAINING_SESSION: "training:session_detail",
        }
        name = names.get(self.evidence_kind)
        if not name or not self.evidence_ref:
            return ""
        try:
            return reverse(name, args=[self.evidence_ref])
        except NoReverseMatch:
            return ""  # the module is not installed here, or has no such page


class IndicatorBinding(UUIDModel):
    """An indicator followed by a pillar or an action, with its target and period."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="bindings")
    pillar = models.ForeignKey(
        Pillar, on_delete=models.CASCADE, related_name="bindings", null=True, blank=True
    )
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="bindings", null=True, blank=True
    )
    code = models.CharField(_("indicator"), max_length=80)
    target = models.FloatField(_("target"), null=True, blank=True)
    granularity = models.CharField(
        _("period"), max_length=10, choices=Granularity.choices, default=Granularity.QUARTER
    )

    class Meta:
        ordering = ["plan", "code"]


class ManualIndicatorValue(models.Model):
    """A figure typed in for an indicator explicitly marked manual: who, when."""

    code = models.CharField(_("indicator"), max_length=80)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    value = models.FloatField(_("value"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["code", "-period_start", "-entered_at"]

    def __str__(self) -> str:
        return f"{self.code} {self.period_start}/{self.period_end}"


class IndicatorSnapshot(models.Model):
    """An indicator's figure for one period and one agency: our own, or a partner's aggregate.

    A partner's figure under the small-count threshold arrives as ``suppressed`` with no
    number: it is shown as "< N" and never stored as the number.
    """

    code = models.CharField(max_length=80)
    version = models.PositiveIntegerField(default=1)
    agency = models.CharField(max_length=32)
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.FloatField(null=True, blank=True)
    suppressed = models.BooleanField(default=False)
    threshold = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()
    received_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["code", "agency", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "agency", "period_start", "period_end"],
                name="plan_snapshot_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.agency} {self.period_start}/{self.period_end}"


class ReportStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("report", "Queued")
    RUNNING = "running", pgettext_lazy("report", "Being generated")
    DONE = "done", pgettext_lazy("report", "Ready")
    FAILED = "failed", pgettext_lazy("report", "Failed")


class Report(UUIDModel):
    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "XLSX"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reports")
    period_from = models.DateField(_("from"))
    period_to = models.DateField(_("to"))
    language = models.CharField(_("language"), max_length=2)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="plan/reports/", blank=True)
    size = models.PositiveIntegerField(default=0)
    #: Pages of a PDF, sheets of a workbook.
    pages = models.PositiveIntegerField(default=0)
    failure_reason = models.CharField(max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=clock.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-requested_at"]

    @property
    def filename(self) -> str:
        return f"plan-report-{self.period_from}-{self.period_to}-{self.language}.{self.format}"


class MechanismAssessment(UUIDModel):
    """The steering committee's assessment of one cooperation mechanism over a period."""

    class Rating(models.TextChoices):
        EFFECTIVE = "effective", _("Effective")
        PARTLY = "partly", _("Partly effective")
        INEFFECTIVE = "ineffective", _("Not effective")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="assessments")
    mechanism = models.CharField(_("mechanism"), max_length=32, choices=Mechanism.choices)
    period_from = models.DateField(_("from"))
    period_to = models.DateField(_("to"))
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices)
    assessment = models.TextField(_("assessment"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-assessed_at"]


class Recommendation(UUIDModel):
    assessment = models.ForeignKey(
        MechanismAssessment, on_delete=models.CASCADE, related_name="recommendations"
    )
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("recommendation"), max_length=500)
    action = models.ForeignKey(
        Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["assessment", "position"]
