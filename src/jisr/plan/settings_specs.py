"""The plan's run-time node setting: the small-count threshold of partner aggregates.

It joins the node settings page (``jisr.core.node_settings``) when the app is ready, so the
administrator changes it like any other; the value is the ``NodeSetting`` row that
``jisr.core.indicators.small_count_threshold`` reads.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jisr.core.indicators import DEFAULT_SMALL_COUNT_THRESHOLD, SMALL_COUNT_SETTING
from jisr.core.node_settings import NODE_SETTINGS, NodeSettingSpec

SPECS = (
    NodeSettingSpec(
        SMALL_COUNT_SETTING,
        _("Small counts hidden from partners"),
        _(
            "Indicator counts below this number are sent to partners as “fewer than N”, never "
            "as the number, so that no person can be recognised."
        ),
        "int",
        lambda: DEFAULT_SMALL_COUNT_THRESHOLD,
        "",
        minimum=1,
        maximum=1000,
    ),
)


def register() -> None:
    for spec in SPECS:
        NODE_SETTINGS.setdefault(spec.name, spec)
