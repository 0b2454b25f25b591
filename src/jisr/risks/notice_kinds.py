from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    BULLETIN_TO_APPROVE = "bulletin_to_approve", _("Bulletin awaiting release")
    BULLETIN_RECEIVED = "bulletin_received", _("Partner's bulletin to acknowledge")
    BULLETIN_ESCALATED = "bulletin_escalated", _("Alert bulletin not acknowledged in time")
    BULLETIN_MATCH = "bulletin_match", _("Bulletin indicator found in our data")
    RISK_REVIEW_DUE = "risk_review_due", _("Risk review due")
    TASK_DUE = "response_task_due", _("Response task due")
