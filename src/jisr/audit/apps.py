from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jisr.core.registry import NavItem


class AuditConfig(AppConfig):
    name = "jisr.audit"
    label = "audit"
    verbose_name = _("Audit log")
    nav_items = (NavItem(_("Audit log"), "audit:log", permission="audit.view_audit_log", order=90),)
    role_permissions = {
        "dpo": {"audit.view_audit_log"},
        "administrator": {"audit.view_audit_log"},
    }

    def ready(self) -> None:
        from jisr.audit import signals  # noqa: F401
