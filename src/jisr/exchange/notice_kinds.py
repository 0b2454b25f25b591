"""What the exchange tells users in Jisr (declared in ExchangeConfig.notice_kinds)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    NEW_MESSAGE = "exchange.new_message", _("New message")
    REMINDER = "exchange.reminder", _("Reminder")
    OVERDUE = "exchange.overdue", _("Overdue")
