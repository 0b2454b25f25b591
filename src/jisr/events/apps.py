from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jisr.core.registry import HomeFigure, NavItem
from jisr.events.indicators import INDICATORS
from jisr.events.permissions import COORDINATE_EVENTS as COORDINATE
from jisr.events.permissions import LOG_INCIDENTS as INCIDENTS
from jisr.events.permissions import SCREEN_ACCREDITATIONS as SCREEN
from jisr.events.permissions import VIEW_MAJOR_EVENTS as VIEW
from jisr.events.retention import RETENTION_KINDS


class EventsConfig(AppConfig):
    name = "jisr.events"
    label = "events"
    verbose_name = _("Events")
    indicators = INDICATORS
    retention_kinds = RETENTION_KINDS
    nav_items = (NavItem(_("Major events"), "events:event_list", permission=VIEW, order=40),)
    # Analysts may follow events; coordinators are supervisors and liaison officers.
    role_permissions = {
        "supervisor": {VIEW, COORDINATE, INCIDENTS, SCREEN},
        "liaison_officer": {VIEW, COORDINATE, INCIDENTS, SCREEN},
        "analyst": {VIEW},
    }

    def ready(self) -> None:
        from jisr.events import federation

        federation.register()

    def home_figures(self, user: Any) -> list[HomeFigure]:
        if not user.has_perm(VIEW):
            return []
        from jisr.events.models import Incident
        from jisr.events.selectors import events_visible_to

        events = events_visible_to(user)
        open_incidents = Incident.objects.filter(event__in=events).exclude(status="closed").count()
        return [
            HomeFigure(_("Major events"), events.count(), "events:event_list"),
            HomeFigure(_("Open event incidents"), open_incidents, "events:event_list"),
        ]

    def demo_seed(self, own_agency: Any, pair: Any = None) -> None:
        from jisr.events.demo import seed

        seed(own_agency, pair)
