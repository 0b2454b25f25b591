"""What the working-group module records in the audit log (``GroupsConfig.audit_actions``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class GroupAction(models.TextChoices):
    CREATE = "group.create", _("Working group proposed")
    VIEW = "group.view", _("Working group consulted")
    ACCEPT = "group.accept", _("Working group invitation accepted")
    DECLINE = "group.decline", _("Working group invitation declined")
    CLOSE = "group.close", _("Working group closed")
    RECEIVE = "group.receive", _("Working group item received from a partner")
    WITHDRAWN = "group.withdrawn", _("Working group content removed from this node")
    MEMBER_ADD = "group.member_add", _("Working group member named")
    MEMBER_REMOVE = "group.member_remove", _("Working group member removed")
    TARGET_ADD = "group.target_add", _("Target added to a working group")
    TARGET_VIEW = "group.target_view", _("Working group target consulted")
    TARGET_UPDATE = "group.target_update", _("Working group target updated")
    LEAD_ADD = "group.lead_add", _("Lead added to a working group")
    LEAD_VIEW = "group.lead_view", _("Working group leads consulted")
    TASK_ADD = "group.task_add", _("Task given in a working group")
    TASK_STATUS = "group.task_status", _("Working group task status changed")
    TASK_STATUS_REQUEST = "group.task_status_request", _("Task status change sent to its owner")
    MEETING_ADD = "group.meeting_add", _("Working group meeting recorded")
    OPERATION_PLAN = "group.operation_plan", _("Joint operation planned or changed")
    OPERATION_APPROVE = "group.operation_approve", _("Joint operation approved")
    OPERATION_LOG = "group.operation_log", _("Joint operation log entry")
    OPERATION_RESULT = "group.operation_result", _("Joint operation result recorded")
    OPERATION_DEBRIEF = "group.operation_debrief", _("Joint operation debrief exported")
    CASE_ATTACH = "group.case_attach", _("Case attached to a working group")
    ATTACHMENT_DOWNLOAD = "group.attachment_download", _("Working group lead file downloaded")
    PARTNER_DORMANT = (
        "group.partner_dormant",
        _("Working group agency without members: its node no longer receives the content"),
    )
    PARTNER_RESUMED = (
        "group.partner_resumed",
        _("Working group agency named members again: its node receives the content"),
    )
