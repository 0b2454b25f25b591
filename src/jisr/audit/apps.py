from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jisr.audit.permissions import VIEW_AUDIT_LOG
from jisr.core.registry import HomeFigure, NavItem, WorkRow, WorkSection


class AuditConfig(AppConfig):
    name = "jisr.audit"
    label = "audit"
    verbose_name = _("Audit log")
    nav_items = (NavItem(_("Audit log"), "audit:log", permission=VIEW_AUDIT_LOG, order=90),)
    role_permissions = {
        "dpo": {VIEW_AUDIT_LOG},
        "administrator": {VIEW_AUDIT_LOG},
    }

    def home_figures(self, user: object) -> list[HomeFigure]:
        if not user.has_perm(VIEW_AUDIT_LOG):  # type: ignore[attr-defined]
            return []
        from jisr.audit.models import AuditEntry
        from jisr.core import clock

        since = clock.now().replace(hour=0, minute=0, second=0, microsecond=0)
        today = AuditEntry.objects.filter(created_at__gte=since).count()
        return [HomeFigure(_("Audit entries today"), today, "audit:log")]

    def work_queue(self, user: object) -> list[WorkSection]:
        """The user's own recent actions, from the audit log (last on the home page)."""
        from jisr.audit.actions import action_label
        from jisr.audit.models import AuditEntry

        if not getattr(user, "is_authenticated", False):
            return []
        entries = AuditEntry.objects.filter(actor_id=user.pk).order_by("-seq")[:8]  # type: ignore[attr-defined]
        return [
            WorkSection(
                key="activity",
                title=_("Your recent activity"),
                rows=[
                    WorkRow(
                        text=action_label(entry.action),
                        url="",
                        detail=entry.justification,
                        at=entry.created_at,
                        kind="activity",
                    )
                    for entry in entries
                ],
                order=90,
                recent=True,
            )
        ]

    def ready(self) -> None:
        from jisr.audit import signals  # noqa: F401
