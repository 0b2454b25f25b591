"""Audit actions of the request desk (``ExchangeConfig.audit_actions``).

The older exchange actions (``message.send`` …) stay in ``jisr.audit.actions.AuditAction``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeskAction(models.TextChoices):
    RELEASE_HELD = "desk.release_held", _("Message held for release review")
    RELEASE = "desk.release", _("Message released to the partner")
    RETURN = "desk.return", _("Message returned to its author")
    ASSIGN = "desk.assign", _("Request assigned to a handler")
    LIMIT = "desk.limit", _("Time limit of a request changed")
    LIMIT_RECEIVED = "desk.limit_received", _("Time limit change received from a partner")
    REFUSE = "desk.refuse", _("Request refused")
    CLARIFY = "desk.clarify", _("Clarification requested")
    OUTCOME = "desk.outcome", _("Request closed with an outcome")
    CROSS_CHECK = "desk.cross_check", _("Entities of a request cross-checked")
    ESCALATE = "desk.escalate", _("Overdue request escalated to the desk's supervisors")
