"""Data protection."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jisr.core.deadlines import Deadline
from jisr.core.registry import NavItem, WorkSection
from jisr.privacy.actions import PrivacyAction
from jisr.privacy.permissions import ACT_AS_DPO, REVIEW_RETENTION
from jisr.privacy.reference import NoticeKind
from jisr.privacy.retention_kinds import RETENTION_KINDS


class PrivacyConfig(AppConfig):
    name = "jisr.privacy"
    label = "privacy"
    verbose_name = _("Data protection")
    audit_actions = PrivacyAction
    retention_kinds = RETENTION_KINDS
    nav_items = (NavItem(_("Data protection"), "privacy:home", permission=ACT_AS_DPO, order=88),)
    role_permissions = {
        "dpo": {ACT_AS_DPO, REVIEW_RETENTION},
        "supervisor": {REVIEW_RETENTION},
    }
    notice_kinds = {kind.value: kind.label for kind in NoticeKind}
    deadlines = (
        Deadline(
            model="privacy.DataSubjectRequest",
            open="jisr.privacy.services.dsr.requests_open",
            on_reminder="jisr.privacy.services.dsr.request_remind",
            on_overdue="jisr.privacy.services.dsr.request_overdue",
        ),
    )

    def ready(self) -> None:
        from jisr.privacy import federation, settings_specs

        settings_specs.register()
        federation.register()

    def work_queue(self, user: Any) -> list[WorkSection]:
        from jisr.privacy.selectors import dpo_work_queue

        return dpo_work_queue(user)
