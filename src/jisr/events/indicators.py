"""The major-events indicators (declared on EventsConfig), computed from the events' own rows.

- lists *screened*: accreditation lists this node finished screening in the period;
- *flagged* persons: accreditation candidates flagged by a reviewer in the period;
- incidents by severity: incidents this node's agency recorded, by when they occurred;
- median time to close: from occurrence to closing, for incidents closed in the period. An
  incident keeps no closing time yet (``closed_at``); until the events module records one,
  this indicator has no data ("no data" rather than a figure read from the audit log, which
  retention may thin out).
"""

from __future__ import annotations

import datetime as dt
import statistics
from typing import Any

from django.utils.translation import gettext_lazy as _

from jisr.core.indicators import IndicatorDefinition, IndicatorUnit


def _models() -> Any:
    from jisr.events import models

    return models


def lists_screened(start: dt.datetime, end: dt.datetime) -> int:
    lists = _models().AccreditationList.objects
    return int(lists.filter(status="done", finished_at__gte=start, finished_at__lt=end).count())


def flagged_persons(start: dt.datetime, end: dt.datetime) -> int:
    candidates = _models().AccreditationCandidate.objects.filter(
        status="flagged", decided_at__gte=start, decided_at__lt=end
    )
    return int(candidates.values("person_id").distinct().count())


def _incidents(start: dt.datetime, end: dt.datetime) -> Any:
    return _models().Incident.objects.filter(
        owner__is_own=True, occurred_at__gte=start, occurred_at__lt=end
    )


def incidents(start: dt.datetime, end: dt.datetime) -> int:
    return int(_incidents(start, end).count())


def _severity(level: int) -> Any:
    def count(start: dt.datetime, end: dt.datetime) -> int:
        return int(_incidents(start, end).filter(severity=level).count())

    count.__name__ = f"incidents_severity_{level}"
    return count


incidents_severity_1 = _severity(1)
incidents_severity_2 = _severity(2)
incidents_severity_3 = _severity(3)
incidents_severity_4 = _severity(4)


def median_hours_to_close(start: dt.datetime, end: dt.datetime) -> float | None:
    model = _models().Incident
    if "closed_at" not in {field.name for field in model._meta.get_fields()}:
        return None
    rows = model.objects.filter(
        owner__is_own=True, status="closed", closed_at__gte=start, closed_at__lt=end
    ).values_list("occurred_at", "closed_at")
    hours = sorted((closed - occurred).total_seconds() / 3600 for occurred, closed in rows)
    return round(statistics.median(hours), 2) if hours else None


_M = "jisr.events.indicators."

INDICATORS = (
    IndicatorDefinition(
        code="events.lists_screened",
        label=_("Accreditation lists screened"),
        description=_("Accreditation lists whose screening finished in the period."),
        unit=IndicatorUnit.COUNT,
        compute=_M + "lists_screened",
        mechanism="event_cooperation",
    ),
    IndicatorDefinition(
        code="events.flagged_persons",
        label=_("Accredited persons flagged"),
        description=_("Persons of accreditation lists flagged by a reviewer in the period."),
        unit=IndicatorUnit.COUNT,
        compute=_M + "flagged_persons",
        mechanism="event_cooperation",
        higher_is_better=False,
    ),
    IndicatorDefinition(
        code="events.incidents",
        label=_("Event incidents"),
        description=_("Incidents recorded by our agency that occurred in the period."),
        unit=IndicatorUnit.COUNT,
        compute=_M + "incidents",
        mechanism="event_cooperation",
        higher_is_better=False,
    ),
    *(
        IndicatorDefinition(
            code=f"events.incidents_severity_{level}",
            label=label,
            description=_(
                "Incidents of this severity recorded by our agency that occurred in the period."
            ),
            unit=IndicatorUnit.COUNT,
            compute=f"{_M}incidents_severity_{level}",
            mechanism="event_cooperation",
            higher_is_better=False,
        )
        for level, label in (
            (1, _("Event incidents of severity 1")),
            (2, _("Event incidents of severity 2")),
            (3, _("Event incidents of severity 3")),
            (4, _("Event incidents of severity 4")),
        )
    ),
    IndicatorDefinition(
        code="events.median_hours_to_close",
        label=_("Median time to close an incident"),
        description=_(
            "Median hours from occurrence to closing of our incidents closed in the period."
        ),
        unit=IndicatorUnit.HOURS,
        compute=_M + "median_hours_to_close",
        mechanism="event_cooperation",
        higher_is_better=False,
    ),
)
