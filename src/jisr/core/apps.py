from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jisr.core.registry import NavItem


class CoreConfig(AppConfig):
    name = "jisr.core"
    label = "core"
    verbose_name = _("Core")
    nav_items = (
        NavItem(_("Home"), "core:home", order=0),
        NavItem(_("Statistics"), "core:statistics", order=98),
    )

    def ready(self) -> None:
        from django.core import checks

        from jisr.core.deadlines import check_deadlines

        checks.register(check_deadlines)
