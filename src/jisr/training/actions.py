"""Audit actions of the training and assistance module (``TrainingConfig.audit_actions``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TrainingAction(models.TextChoices):
    COURSE_CREATE = "training.course_create", _("Course created")
    COURSE_UPDATE = "training.course_update", _("Course changed")
    COURSE_RECEIVE = "training.course_receive", _("Partner course received")
    SESSION_CREATE = "training.session_create", _("Training session opened")
    SESSION_RECEIVE = "training.session_receive", _("Partner training session received")
    SESSION_DELIVERED = "training.session_delivered", _("Training session marked delivered")
    NOMINATION_CREATE = "training.nomination_create", _("Participant nominated")
    NOMINATION_APPROVE = "training.nomination_approve", _("Nomination approved internally")
    NOMINATION_REFUSE = "training.nomination_refuse", _("Nomination refused internally")
    NOMINATION_SEND = "training.nomination_send", _("Nomination sent to the offering agency")
    NOMINATION_RECEIVE = "training.nomination_receive", _("Partner nomination received")
    NOMINATION_DECIDE = "training.nomination_decide", _("Decision on a nomination")
    NOMINATION_DECISION_RECEIVE = (
        "training.nomination_decision_receive",
        _("Partner's decision on a nomination received"),
    )
    ATTENDANCE_RECORD = "training.attendance_record", _("Attendance recorded")
    RESULT_RECORD = "training.result_record", _("Assessment result recorded")
    EVALUATION_RECORD = "training.evaluation_record", _("Session evaluation recorded")
    CERTIFICATE_ISSUE = "training.certificate_issue", _("Certificate issued")
    CERTIFICATE_RECEIVE = "training.certificate_receive", _("Partner certificate received")
    CERTIFICATE_DOWNLOAD = "training.certificate_download", _("Certificate downloaded")
    CERTIFICATE_REVOKE = "training.certificate_revoke", _("Certificate revoked")
    CERTIFICATE_VERIFY = "training.certificate_verify", _("Certificate code checked")
    ASSISTANCE_REQUEST = "training.assistance_request", _("Assistance requested")
    ASSISTANCE_RECEIVE = "training.assistance_receive", _("Partner assistance request received")
    ASSISTANCE_STEP = "training.assistance_step", _("Step taken on an assistance request")
    ASSISTANCE_STEP_RECEIVE = (
        "training.assistance_step_receive",
        _("Partner's step on an assistance request received"),
    )
    REMINDER = "training.reminder", _("Training reminder sent")
    PERSONAL_DATA_PURGE = "training.personal_data_purge", _("Participants' personal data removed")
