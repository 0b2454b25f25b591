from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jisr.core.registry import NavItem


class AccountsConfig(AppConfig):
    name = "jisr.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    nav_items = (
        NavItem(_("Users"), "accounts:user_list", permission="accounts.manage_users", order=95),
    )
    role_permissions = {
        "administrator": {"accounts.manage_users", "accounts.view_home_figures"},
        "liaison_officer": {"accounts.view_home_figures"},
        "analyst": {"accounts.view_home_figures"},
        "supervisor": {"accounts.view_home_figures"},
        "compliance_reviewer": {"accounts.view_home_figures"},
        "dpo": {"accounts.view_home_figures"},
    }

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from jisr.accounts.services import roles_sync

        post_migrate.connect(_sync_roles_after_migrate, sender=self)
        self._roles_sync = roles_sync


def _sync_roles_after_migrate(sender: AppConfig, **kwargs: object) -> None:
    from jisr.accounts.services import roles_sync

    roles_sync(using=str(kwargs.get("using", "default")))
