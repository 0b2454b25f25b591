"""Run-time node settings of data protection, added to the node settings page.

The core registry (``jisr.core.node_settings.NODE_SETTINGS``) is a plain mapping; the
privacy app adds its specs when it is ready, so an administrator changes the request
deadline and the pattern thresholds on the same page as the others, and a node without
this app does not show them.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jisr.core.node_settings import NODE_SETTINGS, NodeSettingSpec

SPECS = (
    NodeSettingSpec(
        "dsr_deadline_days",
        _("Data-subject request deadline (days)"),
        _("Days the agency has to answer a person's request, by national law. New requests."),
        "int",
        lambda: 30,
        "",
        minimum=1,
        maximum=90,
    ),
    NodeSettingSpec(
        "pattern_volume_factor",
        _("Unusual consultations: times the usual daily number"),
        _("A user who consults this many times their usual daily number raises a notice."),
        "int",
        lambda: 5,
        "",
        minimum=2,
        maximum=100,
    ),
    NodeSettingSpec(
        "pattern_volume_minimum",
        _("Unusual consultations: least number in a day"),
        _("Below this number of consultations in a day, no notice is raised."),
        "int",
        lambda: 50,
        "",
        minimum=5,
        maximum=100000,
    ),
    NodeSettingSpec(
        "working_hours_start",
        _("Working hours start (UTC hour)"),
        _("Consultations before this hour are reported to the DPO."),
        "int",
        lambda: 6,
        "",
        minimum=0,
        maximum=23,
    ),
    NodeSettingSpec(
        "working_hours_end",
        _("Working hours end (UTC hour)"),
        _("Consultations from this hour on are reported to the DPO."),
        "int",
        lambda: 20,
        "",
        minimum=1,
        maximum=24,
    ),
    NodeSettingSpec(
        "screening_case_reference",
        _("Report screenings without a case reference"),
        _("A screening whose purpose names no case reference raises a notice to the DPO."),
        "bool",
        lambda: True,
        "",
    ),
)


def register() -> None:
    for spec in SPECS:
        NODE_SETTINGS.setdefault(spec.name, spec)
