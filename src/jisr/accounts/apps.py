from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jisr.accounts.permissions import MANAGE_NODE_SETTINGS, MANAGE_USERS, VIEW_HOME_FIGURES
from jisr.core.registry import HomeFigure, NavItem


class AccountsConfig(AppConfig):
    name = "jisr.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    nav_items = (
        NavItem(_("Users"), "accounts:user_list", permission=MANAGE_USERS, order=95),
        NavItem(
            _("Node settings"),
            "accounts:node_settings",
            permission=MANAGE_NODE_SETTINGS,
            order=96,
        ),
    )
    role_permissions = {
        "administrator": {MANAGE_USERS, MANAGE_NODE_SETTINGS, VIEW_HOME_FIGURES},
        "liaison_officer": {VIEW_HOME_FIGURES},
        "analyst": {VIEW_HOME_FIGURES},
        "supervisor": {VIEW_HOME_FIGURES},
        "compliance_reviewer": {VIEW_HOME_FIGURES},
        "dpo": {VIEW_HOME_FIGURES},
    }

    def home_figures(self, user: object) -> list[HomeFigure]:
        from jisr.accounts.models import Agency, User

        agency = getattr(user, "agency", None)
        active_users = User.objects.filter(agency=agency, is_active=True).count()
        partners = Agency.objects.filter(is_own=False).count()
        url = "accounts:user_list" if user.has_perm(MANAGE_USERS) else None  # type: ignore[attr-defined]
        return [
            HomeFigure(_("Users"), active_users, url),
            HomeFigure(_("Partner agencies"), partners),
        ]

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        # Not filtered by sender: permissions of apps migrated after this one must be
        # in place before the groups are synced, so sync after every app (idempotent).
        post_migrate.connect(_sync_roles_after_migrate, dispatch_uid="jisr_roles_sync")
        from axes.signals import user_locked_out

        user_locked_out.connect(_tell_owner_of_lockout, dispatch_uid="jisr_lockout_notice")


def _sync_roles_after_migrate(sender: AppConfig, **kwargs: object) -> None:
    from jisr.accounts.services import roles_sync

    roles_sync(using=str(kwargs.get("using", "default")))


def _tell_owner_of_lockout(sender: object, *, username: str = "", **kwargs: object) -> None:
    """The account's owner learns their account was locked (maybe by someone else guessing)."""
    from django.utils.translation import gettext as _

    from jisr.accounts.models import User
    from jisr.core.mail import send_pointer_email

    user = User.objects.filter(username=username).first()
    if user is None or not user.email:
        return
    send_pointer_email(
        [user.email],
        _("Jisr: your account was locked"),
        _(
            "After five failed logins your Jisr account is locked for one hour. If these "
            "attempts were not yours, tell your administrator."
        ),
    )
