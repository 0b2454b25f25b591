"""Controlled lists of the training module: domains, formats, statuses, kinds."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

LANGUAGES = ("ar", "fr", "en")


class Domain(models.TextChoices):
    COUNTER_TERRORISM = "counter_terrorism", _("counter-terrorism")
    CYBERCRIME = "cybercrime", _("cybercrime")
    FORENSICS = "forensics", _("forensics")
    MAJOR_EVENT_SECURITY = "major_event_security", _("major-event security")
    CROWD_MANAGEMENT = "crowd_management", _("crowd management")
    FUGITIVE_TRACKING = "fugitive_tracking", _("fugitive tracking")
    LANGUAGES = "languages", _("languages")
    DOCUMENT_FRAUD = "document_fraud", _("document fraud")
    DRUG_TRAFFICKING = "drug_trafficking", _("drug trafficking")
    OTHER = "other", _("other")


class Format(models.TextChoices):
    RESIDENTIAL = "residential", _("residential")
    ON_SITE = "on_site", _("on site")
    ONLINE = "online", _("online")


class InstructionLanguage(models.TextChoices):
    AR = "ar", _("Arabic")
    FR = "fr", _("French")
    EN = "en", _("English")
    ES = "es", _("Spanish")


class LanguageLevel(models.TextChoices):
    A2 = "A2", _("A2 (elementary)")
    B1 = "B1", _("B1 (intermediate)")
    B2 = "B2", _("B2 (upper intermediate)")
    C1 = "C1", _("C1 (advanced)")
    C2 = "C2", _("C2 (proficient)")
    NATIVE = "native", _("native speaker")


class SessionStatus(models.TextChoices):
    OPEN = "open", _("open for nominations")
    CLOSED = "closed", _("nominations closed")
    DELIVERED = "delivered", _("delivered")
    CANCELLED = "cancelled", _("cancelled")


class NominationStatus(models.TextChoices):
    PENDING_APPROVAL = "pending_approval", _("awaiting internal approval")
    REFUSED = "refused", _("refused internally")
    SUBMITTED = "submitted", _("submitted to the offering agency")
    ACCEPTED = "accepted", _("accepted")
    WAITLISTED = "waitlisted", _("waitlisted")
    DECLINED = "declined", _("declined")


class Decision(models.TextChoices):
    ACCEPT = "accept", _("accept")
    WAITLIST = "waitlist", _("waitlist")
    DECLINE = "decline", _("decline")


DECISION_STATUS = {
    Decision.ACCEPT: NominationStatus.ACCEPTED,
    Decision.WAITLIST: NominationStatus.WAITLISTED,
    Decision.DECLINE: NominationStatus.DECLINED,
}


class Result(models.TextChoices):
    PENDING = "pending", _("not assessed yet")
    PASSED = "passed", _("passed")
    FAILED = "failed", _("failed")


class AssistanceKind(models.TextChoices):
    EQUIPMENT = "equipment", _("equipment")
    EXPERTISE = "expertise", _("expertise or detached experts")
    FORENSIC = "forensic", _("forensic examination")
    CYBER = "cyber", _("cyber support")
    MAJOR_EVENT = "major_event", _("major-event support")
    TRAINING = "training", _("training")


class Priority(models.TextChoices):
    LOW = "low", _("low")
    NORMAL = "normal", _("normal")
    HIGH = "high", _("high")
    URGENT = "urgent", _("urgent")


class AssistanceStatus(models.TextChoices):
    NEEDS_ASSESSMENT = "needs_assessment", _("needs assessment")
    OFFERED = "offered", _("offered")
    AGREED = "agreed", _("agreed")
    IN_DELIVERY = "in_delivery", _("in delivery")
    CLOSED = "closed", _("closed")


class StepKind(models.TextChoices):
    REQUESTED = "requested", _("request made")
    OFFERED = "offered", _("offer made")
    AGREED = "agreed", _("agreement of a supervisor")
    MILESTONE = "milestone", _("delivery milestone")
    CLOSED = "closed", _("closed with an evaluation")


class NoticeKind(models.TextChoices):
    NOMINATION_TO_APPROVE = "training.nomination_to_approve", _("Nomination to approve")
    NOMINATION_RECEIVED = "training.nomination_received", _("Nomination received from a partner")
    NOMINATION_DECIDED = "training.nomination_decided", _("Decision on a nomination")
    NOMINATION_DEADLINE = "training.nomination_deadline", _("Nomination deadline approaching")
    SESSION_STARTS = "training.session_starts", _("Training session starting soon")
    ASSISTANCE_STEP = "training.assistance_step", _("New step on an assistance request")
