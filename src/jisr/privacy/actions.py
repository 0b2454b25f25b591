"""The audit actions of data protection: retention, the DPO's searches, receipts, requests."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PrivacyAction(models.TextChoices):
    RETENTION_SET = "privacy.retention_set", _("Retention period changed")
    RETENTION_RUN = "privacy.retention_run", _("Retention schedule applied")
    RETENTION_REVIEW_QUEUED = "privacy.retention_review_queued", _("Records queued for review")
    RETENTION_EXTEND = "privacy.retention_extend", _("Retention extended after review")
    RETENTION_RELEASE = "privacy.retention_release", _("Record let go after review")
    PERSON_SEARCH = "privacy.person_search", _("Person searched by the DPO")
    RECEIPT_RECORD = "privacy.receipt_record", _("Consultation of a partner's record noted")
    RECEIPTS_SEND = "privacy.receipts_send", _("Consultation receipts sent to a partner")
    RECEIPTS_RECEIVE = "privacy.receipts_receive", _("Consultation receipts received")
    DSR_CREATE = "privacy.dsr_create", _("Data-subject request recorded")
    DSR_EXTEND = "privacy.dsr_extend", _("Data-subject request deadline extended")
    DSR_FORWARD = "privacy.dsr_forward", _("Data-subject request forwarded to a partner")
    DSR_RECEIVED = "privacy.dsr_received", _("Data-subject request received from a partner")
    DSR_DECISION = "privacy.dsr_decision", _("Data-subject request decided")
    DSR_ANSWER_RECEIVED = "privacy.dsr_answer_received", _("Partner's answer to a request received")
    DSR_EXPORT = "privacy.dsr_export", _("Access export produced")
    PATTERN_FOUND = "privacy.pattern_found", _("Unusual consultation pattern found")
    DSR_ERASE = "privacy.dsr_erase", _("Record erased on a data-subject request")
    DSR_RECTIFY = "privacy.dsr_rectify", _("Record rectified on a data-subject request")
    DSR_RESTRICT = "privacy.dsr_restrict", _("Record restricted on a data-subject request")
    DSR_LIFT = "privacy.dsr_lift", _("Restriction of a record lifted")
