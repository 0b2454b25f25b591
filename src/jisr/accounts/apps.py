from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jisr.core.registry import HomeFigure, NavItem


class AccountsConfig(AppConfig):
    name = "jisr.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    nav_items = (
        NavItem(_("Users"), "accounts:user_list", permission="accounts.manage_users", order=95),
        NavItem(
            _("Node settings"),
            "accounts:node_settings",
            permission="accounts.manage_node_settings",
            order=96,
        ),
    )
    role_permissions = {
        "administrator": {
            "accounts.manage_users",
            "accounts.manage_node_settings",
            "accounts.view_home_figures",
        },
        "liaison_officer": {"accounts.view_home_figures"},
        "analyst": {"accounts.view_home_figures"},
        "supervisor": {"accounts.view_home_figures"},
        "compliance_reviewer": {"accounts.view_home_figures"},
        "dpo": {"accounts.view_home_figures"},
    }

    def home_figures(self, user: object) -> list[HomeFigure]:
        from jisr.accounts.models import Agency, User

        agency = getattr(user, "agency", None)
        active_users = User.objects.filter(agency=agency, is_active=True).count()
        partners = Agency.objects.filter(is_own=False).count()
        url = "accounts:user_list" if user.has_perm("accounts.manage_users") else None  # type: ignore[attr-defined]
        return [
            HomeFigure(_("Users"), active_users, url),
            HomeFigure(_("Partner agencies"), partners),
        ]

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        # Not filtered by sender: permissions of apps migrated after this one must be
        # in place before the groups are synced, so sync after every app (idempotent).
        post_migrate.connect(_sync_roles_after_migrate, dispatch_uid="jisr_roles_sync")


def _sync_roles_after_migrate(sender: AppConfig, **kwargs: object) -> None:
    from jisr.accounts.services import roles_sync

    roles_sync(using=str(kwargs.get("using", "default")))
