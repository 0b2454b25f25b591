"""Working groups: a need-to-know workspace shared by the member agencies' nodes.

Every item has an ``owner`` (the agency whose node wrote it) and a ``version``: the owner's
node is the only one that changes it, and replicates it to the other member agencies.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jisr.accounts.models import Agency
from jisr.core.handling import HandlingCode
from jisr.core.models import DeadlineMixin, StoredFile, UUIDModel


class GroupKind(models.TextChoices):
    FUGITIVES = "fugitives", _("Fugitive tracking")
    CRIME_AREA = "crime_area", _("Crime area")
    JOINT_OPERATION = "joint_operation", _("Joint operation")


class CrimeArea(models.TextChoices):
    NONE = "", _("None")
    DRUGS = "drug_trafficking", _("Drug trafficking")
    SMUGGLING = "migrant_smuggling", _("Migrant smuggling")
    FIREARMS = "firearms", _("Firearms")
    CYBERCRIME = "cybercrime", _("Cybercrime")
    TERRORISM_FINANCING = "terrorism_financing", _("Terrorism financing")


class GroupStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")
    DECLINED = "declined", _("Declined")


class PartnerStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class OwnedItem(UUIDModel):
    """What every replicated item of a group has: its owner agency and the owner's version."""

    owner = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created"))
    created_by = models.CharField(_("by"), max_length=150, blank=True)

    class Meta:
        abstract = True

    @property
    def is_own(self) -> bool:
        return bool(self.owner.is_own)


class WorkingGroup(OwnedItem):
    """A bilateral working group; its owner is the convening agency."""

    name = models.CharField(_("name"), max_length=200)
    mandate = models.TextField(_("mandate"), max_length=5000, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=GroupKind.choices)
    crime_area = models.CharField(
        _("crime area"), max_length=32, choices=CrimeArea.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=GroupStatus.choices, default=GroupStatus.PROPOSED
    )
    closing_report = models.TextField(_("closing report"), max_length=5000, blank=True)
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["-updated_at"]
        permissions = [
            ("use_groups", _("Can work in the working groups the user is a member of")),
            ("create_group", _("Can propose a working group")),
            ("supervise_groups", _("Can answer invitations and see the agency's groups")),
            ("review_person_of_interest", _("Can review a person of interest before it is shared")),
        ]
        indexes = [models.Index(fields=["status", "-updated_at"])]

    def __str__(self) -> str:
        return self.name


class GroupPartner(models.Model):
    """A partner agency invited to a group (part of the convener's group record)."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="partners")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=12, choices=PartnerStatus.choices, default=PartnerStatus.INVITED
    )
    reason = models.TextField(max_length=2000, blank=True)
    #: the agency accepted but has no member left: its node no longer receives the content
    without_members = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "agency"], name="one_partner_row_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} in {self.group_id}"


class Membership(OwnedItem):
    """A named member: each agency names (owns) its own members, the others see them."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="members")
    username = models.CharField(_("user"), max_length=150)
    display_name = models.CharField(_("name"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="group_memberships",
    )

    class Meta:
        verbose_name = _("member")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "owner", "username"], name="one_membership_per_user"
            )
        ]


class TargetStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("state of a target or task", "Open")
    LOCATED = "located", _("Located")
    ARRESTED = "arrested", _("Arrested")
    SURRENDERED = "surrendered", _("Surrendered or extradited")
    CLOSED = "closed", _("Closed")


class ReviewStatus(models.TextChoices):
    NONE = "", _("No review needed")
    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class Target(OwnedItem):
    """A person the group tracks: a wanted alert, or a person of interest."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="targets")
    alert_id = models.UUIDField(_("alert"), null=True, blank=True, db_index=True)
    # A person of interest (no alert): the identity fields of an alert.
    names = models.JSONField(_("names"), default=list, blank=True)
    birth_date = models.CharField(_("date of birth"), max_length=10, blank=True)
    nationalities = models.JSONField(_("nationalities"), default=list, blank=True)
    sex = models.CharField(_("sex"), max_length=1, blank=True)
    priority = models.PositiveSmallIntegerField(_("priority"), default=2)
    lead_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("lead agency")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=TargetStatus.choices, default=TargetStatus.OPEN
    )
    whereabouts = models.CharField(_("last known whereabouts"), max_length=300, blank=True)
    #: A person of interest is shared only after a second person reviewed it (four eyes).
    review_status = models.CharField(
        _("review"), max_length=10, choices=ReviewStatus.choices, blank=True
    )
    reviewed_by = models.CharField(_("reviewed by"), max_length=150, blank=True)
    review_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("target")
        ordering = ["priority", "created_at"]
        indexes = [models.Index(fields=["group", "priority", "created_at"])]


class SourceEvaluation(models.TextChoices):
    A = "A", _("A — reliable")
    B = "B", _("B — mostly reliable")
    C = "C", _("C — not reliable")
    X = "X", _("X — cannot be judged")


class InformationEvaluation(models.TextChoices):
    ONE = "1", _("1 — known to be true")
    TWO = "2", _("2 — known to the source")
    THREE = "3", _("3 — not known to the source, corroborated")
    FOUR = "4", _("4 — cannot be judged")


class Lead(OwnedItem):
    """An entry about a target or the group. Never edited: a correction supersedes it."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="leads")
    target = models.ForeignKey(
        Target, on_delete=models.SET_NULL, null=True, blank=True, related_name="leads"
    )
    text = models.TextField(_("text"), max_length=5000)
    occurred_on = models.DateField(_("date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    source_evaluation = models.CharField(
        _("source evaluation"), max_length=1, choices=SourceEvaluation.choices
    )
    information_evaluation = models.CharField(
        _("information evaluation"), max_length=1, choices=InformationEvaluation.choices
    )
    handling_code = models.CharField(
        _("handling code"), max_length=2, choices=HandlingCode.choices, default=HandlingCode.H0
    )
    supersedes = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="superseded_by"
    )

    class Meta:
        verbose_name = _("lead")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["group", "-created_at"])]


class LeadAttachment(StoredFile):
    """A file given with a lead, stored and checked as exchange attachments are.

    The bytes live in the database with their SHA-256; ``filename`` is the safe name used for
    downloads, ``original_filename`` the name given, for display only. Leads are never edited,
    so a lead's files travel with it and never change.
    """

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="attachments")


class TaskStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("state of a target or task", "Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Task(DeadlineMixin, OwnedItem):
    """A task given by one agency to one agency (optionally one person) of the group."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    assignee_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible agency")
    )
    assignee_username = models.CharField(_("responsible person"), max_length=150, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    result = models.TextField(_("result"), max_length=5000, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    meeting = models.ForeignKey(
        "Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )
    #: On a copy: the status our agency asked the owner for, until the owner's answer arrives.
    requested_status = models.CharField(max_length=12, blank=True)

    class Meta:
        verbose_name = _("task")
        ordering = ["due_at", "created_at"]
        indexes = [models.Index(fields=["group", "status"])]


class Meeting(OwnedItem):
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="meetings")
    held_at = models.DateTimeField(_("date"))
    place = models.CharField(_("place or video link"), max_length=300, blank=True)
    participants = models.TextField(_("participants"), max_length=2000, blank=True)
    agenda = models.TextField(_("agenda"), max_length=5000, blank=True)
    minutes = models.TextField(_("minutes"), max_length=5000, blank=True)
    decisions = models.TextField(_("decisions"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("meeting")
        ordering = ["-held_at"]

    def record(self) -> dict[str, Any]:
        """What the API shows and the envelope carries of the meeting, besides its owner."""
        return {
            "held_at": self.held_at.isoformat(),
            "place": self.place,
            "participants": self.participants,
            "agenda": self.agenda,
            "minutes": self.minutes,
            "decisions": self.decisions,
        }


class OperationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    AUTHORISED = "authorised", _("Authorised")
    UNDER_WAY = "under_way", _("Under way")
    COMPLETED = "completed", _("Completed")


class Operation(OwnedItem):
    """A joint operation. ``plan_version`` is the version of the plan supervisors approve."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="operations")
    name = models.CharField(_("name"), max_length=200)
    objective = models.TextField(_("objective"), max_length=5000)
    #: agency code -> the legal basis in that jurisdiction
    legal_basis = models.JSONField(_("legal basis"), default=dict, blank=True)
    #: [{"name", "starts", "ends"}]
    phases = models.JSONField(_("phases"), default=list, blank=True)
    #: agency code -> the resources it commits
    resources = models.JSONField(_("resources"), default=dict, blank=True)
    target_ids = models.JSONField(_("targets in scope"), default=list, blank=True)
    comms_plan = models.TextField(_("communications plan"), max_length=5000, blank=True)
    day = models.DateField(_("action day"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=OperationStatus.choices, default="planned"
    )
    lessons_learned = models.TextField(_("lessons learned"), max_length=5000, blank=True)
    plan_version = models.PositiveIntegerField(_("plan version"), default=1)
    #: Who wrote the current version of the plan, on the planning agency's node only: that
    #: person does not approve it for the agency (four eyes). Not sent to partners.
    plan_written_by = models.CharField(_("plan written by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("joint operation")
        ordering = ["-created_at"]

    def record(self) -> dict[str, Any]:
        """The plan the API shows and the envelope carries, before its status and version."""
        return {
            "group": str(self.group_id),
            "name": self.name,
            "objective": self.objective,
            "legal_basis": self.legal_basis,
            "phases": self.phases,
            "resources": self.resources,
            "target_ids": self.target_ids,
            "comms_plan": self.comms_plan,
            "day": self.day.isoformat() if self.day else None,
        }


class OperationApproval(OwnedItem):
    """A supervisor's go decision for one version of an operation, owned by their agency."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="approvals")
    plan_version = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["operation", "owner"], name="one_approval_per_agency")
        ]


class OperationLogEntry(OwnedItem):
    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="log")
    at = models.DateTimeField(_("time"))
    text = models.TextField(_("entry"), max_length=2000)

    class Meta:
        ordering = ["-at"]


class ResultKind(models.TextChoices):
    ARREST = "arrest", _("Arrests")
    SEARCH = "search", _("Searches")
    SEIZURE = "seizure", _("Seizures")
    LOCATED = "located", _("Persons located")


class OperationResult(OwnedItem):
    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="results")
    kind = models.CharField(_("kind"), max_length=10, choices=ResultKind.choices)
    seizure_type = models.CharField(_("seized"), max_length=100, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3, default=1)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)


class GroupCase(OwnedItem):
    """An exchange case attached to the group (a link by id: the case stays in exchange)."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="cases")
    case_id = models.UUIDField(_("case"))


class TimelineEntry(models.Model):
    """One line of a group's (and a target's) timeline, written on each node as items arrive.

    Local, derived from the items: it holds a short label, never the content of a lead.
    """

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="timeline")
    target = models.ForeignKey(
        Target, on_delete=models.SET_NULL, null=True, blank=True, related_name="timeline"
    )
    at = models.DateTimeField()
    agency = models.CharField(max_length=32)
    actor = models.CharField(max_length=150, blank=True)
    kind = models.CharField(max_length=32)
    label = models.CharField(max_length=300, blank=True)
    detail = models.CharField(max_length=32, blank=True)
    item_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["group", "-at"]),
            models.Index(fields=["target", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"
