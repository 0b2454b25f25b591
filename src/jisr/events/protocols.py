"""Checklist templates for security protocols. Items are stored by code; labels are translated."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TEMPLATES: dict[str, list[tuple[str, Promise]]] = {
    "crowd": [
        ("crowd.capacity_plan", _("Capacity and flow plan approved")),
        ("crowd.stewards", _("Stewards briefed and positioned")),
        ("crowd.evacuation", _("Evacuation routes checked and signposted")),
        ("crowd.segregation", _("Supporter segregation agreed")),
    ],
    "vip": [
        ("vip.list", _("VIP list and arrival times shared")),
        ("vip.routes", _("Protected routes reconnoitred")),
        ("vip.close_protection", _("Close protection teams assigned")),
    ],
    "counter_terrorism": [
        ("ct.threat_assessment", _("Joint threat assessment completed")),
        ("ct.search", _("Venue search and sealing done")),
        ("ct.vehicle_barriers", _("Hostile vehicle barriers in place")),
        ("ct.response", _("Armed response time tested")),
    ],
    "cyber": [
        ("cyber.ticketing", _("Ticketing and accreditation systems tested")),
        ("cyber.contacts", _("Cyber incident contacts exchanged")),
        ("cyber.drones", _("Drone detection active")),
    ],
    "transport": [
        ("transport.plan", _("Transport plan agreed with operators")),
        ("transport.escorts", _("Team bus escorts scheduled")),
        ("transport.parking", _("Parking and drop-off zones controlled")),
    ],
    "medical": [
        ("medical.posts", _("First-aid posts staffed")),
        ("medical.hospitals", _("Receiving hospitals alerted")),
        ("medical.mass_casualty", _("Mass-casualty plan rehearsed")),
    ],
}

LABELS: dict[str, Promise] = {code: label for items in TEMPLATES.values() for code, label in items}


def item_label(code: str) -> str:
    return str(LABELS.get(code, code))
