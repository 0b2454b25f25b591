"""Audit actions of the risk-anticipation module (stored strings never change)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RiskAction(models.TextChoices):
    RISK_CREATE = "risk.create", _("Standing risk recorded")
    RISK_UPDATE = "risk.update", _("Standing risk changed")
    RISK_ASSESS = "risk.assess", _("Risk assessed by an agency")
    RISK_RECEIVE = "risk.receive", _("Partner's standing risk received")
    RISK_WITHDRAWN = "risk.withdrawn", _("Partner's standing risk withdrawn")
    BULLETIN_CREATE = "bulletin.create", _("Bulletin written")
    BULLETIN_UPDATE = "bulletin.update", _("Bulletin changed (new version)")
    BULLETIN_APPROVE = "bulletin.approve", _("Bulletin approved and released")
    BULLETIN_WITHDRAW = "bulletin.withdraw", _("Bulletin withdrawn")
    BULLETIN_RECEIVE = "bulletin.receive", _("Partner's bulletin received")
    BULLETIN_ACKNOWLEDGE = "bulletin.acknowledge", _("Bulletin acknowledged")
    BULLETIN_CROSS_CHECK = "bulletin.cross_check", _("Bulletin indicators cross-checked")
    BULLETIN_ESCALATE = "bulletin.escalate", _("Unacknowledged bulletin escalated")
    BULLETIN_EXPORT_MISP = "bulletin.export_misp", _("Bulletin exported as a MISP event")
    BULLETIN_IMPORT_MISP = "bulletin.import_misp", _("MISP event imported as a draft bulletin")
    PLAYBOOK_SAVE = "playbook.save", _("Playbook written (new version)")
    PLAYBOOK_TRIGGER = "playbook.trigger", _("Playbook triggered by a bulletin")
    TASK_UPDATE = "response_task.update", _("Response task status changed")
