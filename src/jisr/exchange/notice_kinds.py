"""What the exchange tells users in Jisr (declared in ExchangeConfig.notice_kinds)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    NEW_MESSAGE = "exchange.new_message", _("New message")
    REMINDER = "exchange.reminder", _("Reminder")
    OVERDUE = "exchange.overdue", _("Overdue")
    RELEASE_WAITING = "exchange.release_waiting", _("Message waiting for release")
    RETURNED = "exchange.returned", _("Message returned")
    ASSIGNED = "exchange.assigned", _("Request assigned to you")
    ESCALATED = "exchange.escalated", _("Overdue request escalated")
    LIMIT_CHANGED = "exchange.limit_changed", _("Time limit changed")
