from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jisr.core.registry import HomeFigure, NavItem


class AuditConfig(AppConfig):
    name = "jisr.audit"
    label = "audit"
    verbose_name = _("Audit log")
    nav_items = (NavItem(_("Audit log"), "audit:log", permission="audit.view_audit_log", order=90),)
    role_permissions = {
        "dpo": {"audit.view_audit_log"},
        "administrator": {"audit.view_audit_log"},
    }

    def home_figures(self, user: object) -> list[HomeFigure]:
        if not user.has_perm("audit.view_audit_log"):  # type: ignore[attr-defined]
            return []
        from jisr.audit.models import AuditEntry
        from jisr.core import clock

        since = clock.now().replace(hour=0, minute=0, second=0, microsecond=0)
        today = AuditEntry.objects.filter(created_at__gte=since).count()
        return [HomeFigure(_("Audit entries today"), today, "audit:log")]

    def ready(self) -> None:
        from jisr.audit import signals  # noqa: F401
