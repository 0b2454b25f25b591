"""Wanted-person alerts, their partner copies, screenings and hits."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jisr.accounts.models import Agency
from jisr.core import clock
from jisr.core.handling import HandlingCode
from jisr.core.models import DeadlineMixin, UUIDModel
from jisr.core.scripts import fold
from jisr.wanted.reference import (
    Category,
    HitAction,
    HitOutcome,
    HitStatus,
    OffenceCategory,
    Sex,
    Status,
)


class Alert(UUIDModel):
    """A wanted or missing person recorded by its owner agency.

    The same ``id`` identifies the owner's record and every partner copy. A copy
    (``is_copy``) is read-only here: only the owner's replication changes it.
    """

    owner = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="alerts", verbose_name=_("owner agency")
    )
    is_copy = models.BooleanField(_("partner copy"), default=False)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    names = models.JSONField(_("names"), default=list)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    names_text = models.TextField(editable=False, default="")
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.CharField(_("date of birth"), max_length=10, blank=True)
    place_of_birth = models.CharField(_("place of birth"), max_length=200, blank=True)
    nationalities = models.JSONField(_("nationalities"), default=list, blank=True)
    documents = models.JSONField(_("identity documents"), default=list, blank=True)
    physical_description = models.TextField(_("physical description"), blank=True)
    photo = models.FileField(_("photo"), upload_to="wanted/photos/", blank=True)

    legal_reference = models.CharField(
        _("warrant or decision reference"), max_length=200, blank=True
    )
    legal_authority = models.CharField(_("issuing authority"), max_length=200, blank=True)
    legal_date = models.DateField(_("date of the decision"), null=True, blank=True)
    offence_category = models.CharField(
        _("offence category"), max_length=40, choices=OffenceCategory.choices, blank=True
    )
    offence_description = models.TextField(_("offence description"), blank=True)
    max_penalty = models.CharField(_("maximum penalty"), max_length=200, blank=True)

    handling_code = models.CharField(
        _("handling code"), max_length=2, choices=HandlingCode.choices, default=HandlingCode.H1
    )
    #: The restrictions of an H3 alert, written out (see jisr.core.handling).
    handling_restriction = models.CharField(_("restriction (H3)"), max_length=500, blank=True)
    #: A named restriction: the owner never shares this alert with any partner.
    owner_only = models.BooleanField(_("owner agency only"), default=False)
    review_date = models.DateField(_("review date"), null=True, blank=True)
    expires_on = models.DateField(_("expiry date"), null=True, blank=True)
    #: Restricted by its owner on a data-subject request since then: kept, but left out of
    #: every screening until lifted (set by the privacy module; travels with the copies).
    restricted_at = models.DateTimeField(_("restricted since"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    shared_with = models.JSONField(_("shared with"), default=list, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    #: The version last written to the outbox for every partner in ``shared_with``;
    #: lower than ``version`` while a partner link is missing (e.g. demo seeding).
    replicated_version = models.PositiveIntegerField(default=0)

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    review_reason = models.TextField(_("review reason"), blank=True)
    review_checklist = models.JSONField(default=dict, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=clock.now)
    updated_at = models.DateTimeField(_("updated at"), default=clock.now, db_index=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-updated_at"]
        permissions = [
            ("consult_register", _("Can consult the wanted-persons register")),
            ("write_alert", _("Can write and withdraw the agency's alerts")),
            ("review_alert", _("Can review alerts before they are shared")),
            ("screen_persons", _("Can screen persons against the register")),
            ("handle_hits", _("Can report and answer hits")),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return " / ".join(self.names) if self.names else str(self.id)

    @property
    def all_names(self) -> list[str]:
        return [*self.names, *self.aliases]

    @property
    def has_legal_basis(self) -> bool:
        if self.category == Category.MISSING:
            return bool(self.legal_reference and self.legal_authority)
        return bool(
            self.legal_reference
            and self.legal_authority
            and self.legal_date
            and self.offence_category
            and self.offence_category != OffenceCategory.NOT_APPLICABLE
            and self.offence_description
        )

    def refresh_names_text(self) -> None:
        # Folded (case and accents) so the list's search box finds "Élodie" by "elodie".
        self.names_text = fold(" | ".join(self.all_names))


class Screening(UUIDModel):
    """One screening request, single or batch, with its purpose and results.

    ``subjects`` holds the parsed persons; ``results`` one entry per subject, in
    order: ``{"subject": i, "candidates": [{"alert_id", "owner", "score",
    "explanation", "decision"?}]}``.
    """

    class Kind(models.TextChoices):
        SINGLE = "single", _("Single")
        BATCH = "batch", _("Batch")

    class JobStatus(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        INVALID = "invalid", _("Invalid file")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(_("purpose"), max_length=500)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.DONE)
    file_name = models.CharField(max_length=255, blank=True)
    subjects: Any = models.JSONField(default=list)
    results: Any = models.JSONField(default=list)
    errors: Any = models.JSONField(default=list, blank=True)
    total = models.PositiveIntegerField(default=0)
    progress = models.PositiveIntegerField(default=0)
    hits = models.PositiveIntegerField(default=0)
    # Worker runs begun on the current slice without saving it: a worker that dies on the
    # same slice again and again (out of memory, killed) makes the job fail, not loop.
    attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    failure_reason = models.CharField(max_length=300, blank=True)
    leased_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=clock.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M} ({self.total})"

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(100 * self.progress / self.total)


class Hit(DeadlineMixin, UUIDModel):
    """A confirmed match of a screened person with an alert, and its follow-up.

    The same ``id`` identifies the hit at the reporting agency (``outgoing``) and
    at the alert's owner (``incoming``). The owner's answer is due at ``due_at``
    (``deadline``); the one deadline sweep reminds and escalates (jisr.core.deadlines).
    """

    class Direction(models.TextChoices):
        INCOMING = "incoming", _("Incoming")
        OUTGOING = "outgoing", _("Outgoing")

    direction = models.CharField(max_length=10, choices=Direction.choices)
    alert_ref = models.UUIDField(_("alert"), db_index=True)
    alert = models.ForeignKey(
        Alert, on_delete=models.SET_NULL, null=True, blank=True, related_name="hits"
    )
    alert_names = models.JSONField(default=list, blank=True)
    owner_code = models.CharField(_("owner agency"), max_length=32)
    reporter_code = models.CharField(_("reporting agency"), max_length=32)
    screening = models.ForeignKey(
        Screening, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subject: Any = models.JSONField(default=dict, blank=True)
    circumstances = models.TextField(_("circumstances"))
    location = models.CharField(_("where"), max_length=300)
    seen_at = models.DateTimeField(_("when"))
    document_seen = models.CharField(_("document seen"), max_length=300, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reported_at = models.DateTimeField(default=clock.now)
    status = models.CharField(
        _("status"), max_length=12, choices=HitStatus.choices, default=HitStatus.REPORTED
    )
    response_action = models.CharField(
        _("action to take"), max_length=30, choices=HitAction.choices, blank=True
    )
    response_note = models.TextField(_("instructions"), blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=30, choices=HitOutcome.choices, blank=True)
    outcome_note = models.TextField(blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("hit")
        verbose_name_plural = _("hits")
        ordering = ["-reported_at"]

    def __str__(self) -> str:
        return f"{self.owner_code}/{self.alert_ref} @ {self.location}"

    @property
    def deadline(self) -> Any:
        """The answer deadline (``due_at``), under the name pages and the API use."""
        return self.due_at

    @deadline.setter
    def deadline(self, value: Any) -> None:
        self.due_at = value

    @property
    def escalated(self) -> bool:
        return self.escalated_at is not None


# Remembered rejections live in their own module; imported here so Django finds the model.
from jisr.wanted.rejections import CandidateRejection  # noqa: E402, F401
