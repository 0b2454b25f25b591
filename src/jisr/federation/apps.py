from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jisr.core.registry import HomeFigure, NavItem
from jisr.federation.indicators import INDICATORS
from jisr.federation.permissions import MANAGE_FEDERATION


class FederationConfig(AppConfig):
    name = "jisr.federation"
    label = "federation"
    verbose_name = _("Federation")
    indicators = INDICATORS
    nav_items = (
        NavItem(
            _("Partner links"),
            "federation:links",
            permission=MANAGE_FEDERATION,
            order=92,
        ),
        NavItem(
            _("Partners and keys"),
            "federation:partners",
            permission="federation.manage_federation",
            order=93,
        ),
    )
    role_permissions = {"administrator": {MANAGE_FEDERATION}}

    def home_figures(self, user: object) -> list[HomeFigure]:
        if not getattr(user, "is_authenticated", False) or not user.has_perm(MANAGE_FEDERATION):  # type: ignore[attr-defined]
            return []
        from jisr.federation.models import OutboxEnvelope

        dead = OutboxEnvelope.objects.filter(state=OutboxEnvelope.State.DEAD).count()
        return [HomeFigure(_("Failed envelopes"), dead, "federation:links")]

    def ready(self) -> None:
        from jisr.federation.handlers import register_builtin_handlers

        register_builtin_handlers()
