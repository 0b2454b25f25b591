"""Vocabularies of data protection."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DsrKind(models.TextChoices):
    ACCESS = "access", _("Access")
    RECTIFICATION = "rectification", _("Rectification")
    ERASURE = "erasure", _("Erasure")
    RESTRICTION = "restriction", _("Restriction")


class DsrStatus(models.TextChoices):
    OPEN = "open", _("Open")
    FORWARDED = "forwarded", _("Forwarded, awaiting the partner")
    DECIDED = "decided", _("Decided")


class DsrDecision(models.TextChoices):
    ACCESS = "access", _("Access given")
    RECTIFY = "rectify", _("Rectified")
    ERASE = "erase", _("Erased")
    RESTRICT = "restrict", _("Restricted")
    REFUSE = "refuse", _("Refused")
    PARTIAL = "partial", _("Partial answer")


#: Decisions that withhold something: a ground is required, and the person is told only
#: that the check was done (indirect access, Directive 2016/680 Arts. 15 and 17).
GROUND_REQUIRED = {DsrDecision.REFUSE.value, DsrDecision.PARTIAL.value}


class DsrGround(models.TextChoices):
    INVESTIGATION = "investigation", _("Protecting an investigation or proceedings")
    NATIONAL_SECURITY = "national_security", _("National security")
    PUBLIC_SECURITY = "public_security", _("Public security")
    RIGHTS_OF_OTHERS = "rights_of_others", _("The rights and freedoms of others")


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting a decision")
    EXTENDED = "extended", _("Extended")
    RELEASED = "released", _("Let go")


class PatternKind(models.TextChoices):
    VOLUME = "volume", _("Far more consultations than usual")
    NO_CASE = "no_case", _("Screening without a case reference")
    OFF_HOURS = "off_hours", _("Consultations outside working hours")


class NoticeKind(models.TextChoices):
    PATTERN = "privacy.pattern", _("Unusual consultation pattern")
    REVIEW_DUE = "privacy.review_due", _("Records due for a retention review")
    DSR_RECEIVED = "privacy.dsr_received", _("Data-subject request from a partner")
    DSR_ANSWERED = "privacy.dsr_answered", _("A partner answered a data-subject request")
    DSR_DUE = "privacy.dsr_due", _("A data-subject request is due")
