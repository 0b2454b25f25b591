"""Controlled vocabularies of the wanted-persons register, and the validity policy.

Offence categories follow the ordinary-crime scope of police cooperation (INTERPOL
Constitution, Article 3, excludes political, military, religious or racial matters).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from jisr.core.node_settings import node_setting


class Category(models.TextChoices):
    ARREST = "arrest", _("Arrest for extradition or surrender")
    LOCATE = "locate", _("Locate (whereabouts)")
    DISCREET_CHECK = "discreet_check", _("Discreet check")
    MISSING = "missing", _("Missing person")


class OffenceCategory(models.TextChoices):
    DRUG_TRAFFICKING = "drug_trafficking", _("Drug trafficking")
    TRAFFICKING_HUMAN_BEINGS = "trafficking_human_beings", _("Trafficking in human beings")
    MIGRANT_SMUGGLING = "migrant_smuggling", _("Migrant smuggling")
    TERRORISM = "terrorism", _("Terrorism")
    MURDER = "murder", _("Murder")
    ARMED_ROBBERY = "armed_robbery", _("Armed robbery")
    FRAUD = "fraud", _("Fraud")
    MONEY_LAUNDERING = "money_laundering", _("Money laundering")
    CYBERCRIME = "cybercrime", _("Cybercrime")
    FIREARMS = "firearms", _("Illicit trafficking in firearms")
    SEXUAL_OFFENCES = "sexual_offences", _("Sexual offences")
    KIDNAPPING = "kidnapping", _("Kidnapping")
    ORGANISED_CRIME = "organised_crime", _("Participation in organised crime")
    OTHER_ORDINARY = "other_ordinary", _("Other ordinary-law crime")
    NOT_APPLICABLE = "not_applicable", _("Not applicable (missing person)")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING_REVIEW = "pending_review", _("Pending review")
    ACTIVE = "active", _("Active")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")
    LOCATED = "located", _("Located")


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class DocumentType(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    ID_CARD = "id_card", _("Identity card")
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit")
    DRIVING_LICENCE = "driving_licence", _("Driving licence")
    OTHER = "other", _("Other document")


#: How long an alert stays valid from activation (or re-justification), in days.
#: Arrest warrants last longest; a discreet check is an intrusive measure kept short;
#: missing persons are searched for as long as a locate request.
VALIDITY_DAYS: dict[str, int] = {
    Category.ARREST: 5 * 365,
    Category.LOCATE: 3 * 365,
    Category.DISCREET_CHECK: 365,
    Category.MISSING: 3 * 365,
}
#: The author is asked to re-justify the alert this many days before it expires.
REVIEW_BEFORE_EXPIRY_DAYS = 60


def default_dates(category: str, start: dt.date) -> tuple[dt.date, dt.date]:
    """(review date, expiry date) for an alert of ``category`` valid from ``start``."""
    expires = start + dt.timedelta(days=VALIDITY_DAYS.get(category, 365))
    review = expires - dt.timedelta(days=REVIEW_BEFORE_EXPIRY_DAYS)
    return review, expires


class HitStatus(models.TextChoices):
    REPORTED = "reported", _("Reported, awaiting the owner")
    RESPONDED = "responded", _("Owner responded")
    CLOSED = "closed", _("Closed with an outcome")


class HitAction(models.TextChoices):
    ARREST_SURRENDER = "arrest_surrender", _("Arrest with a view to surrender")
    DISCREET_CHECK_REPORT = "discreet_check_report", _("Discreet check and report")
    NO_ACTION = "no_action", _("No action")


class HitOutcome(models.TextChoices):
    LOCATED = "located", _("Located")
    ARRESTED = "arrested", _("Arrested")
    SURRENDERED_EXTRADITED = "surrendered_extradited", _("Surrendered or extradited")
    NOT_THE_PERSON = "not_the_person", _("Not the person")


#: Outcomes by which the owner's alert has served its purpose and is closed as "located".
LOCATING_OUTCOMES = {HitOutcome.LOCATED, HitOutcome.ARRESTED, HitOutcome.SURRENDERED_EXTRADITED}


def hit_deadline_hours() -> float:
    """Hours the owner has to respond to a hit (node setting, else ``JISR_HIT_DEADLINE_HOURS``)."""
    return float(node_setting("hit_deadline_hours"))


class NoticeKind(models.TextChoices):
    """What the wanted register tells users in Jisr (declared in WantedConfig.notice_kinds)."""

    HIT_RECEIVED = "wanted.hit_received", _("A hit on one of our alerts needs an answer")
    HIT_REMINDER = "wanted.hit_reminder", _("Half the time to answer a hit has passed")
    HIT_OVERDUE = "wanted.hit_overdue", _("A hit is overdue: escalated to supervisors")
    HIT_RESPONSE = "wanted.hit_response", _("The owner answered our hit")
    HIT_OUTCOME = "wanted.hit_outcome", _("An outcome was recorded on a hit")
    ALERT_REVIEW = "wanted.alert_review", _("An alert must be re-justified before it expires")


#: Notices that cannot wait for the next login: they also go out as a pointer-only e-mail.
URGENT_NOTICE_KINDS = frozenset(
    {
        NoticeKind.HIT_RECEIVED,
        NoticeKind.HIT_REMINDER,
        NoticeKind.HIT_OVERDUE,
        NoticeKind.HIT_RESPONSE,
    }
)
