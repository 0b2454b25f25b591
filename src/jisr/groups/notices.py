"""What the working-group module tells users (declared in GroupsConfig.notice_kinds)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class GroupNotice(models.TextChoices):
    INVITATION = "groups.invitation", _("A working group invitation waits for an answer")
    TASK_ASSIGNED = "groups.task_assigned", _("A working group task was given to your agency")
    TASK_REMINDER = "groups.task_reminder", _("Half the time for a working group task has passed")
    TASK_OVERDUE = "groups.task_overdue", _("A working group task is overdue")
    LEAD_ADDED = "groups.lead_added", _("A new lead in a working group")
    OPERATION_APPROVAL = "groups.operation_approval", _("A joint operation waits for your approval")
