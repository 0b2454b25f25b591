"""Closed incidents have a retention kind: three years after closing they go, everywhere."""

from __future__ import annotations

from typing import Any

import pytest

from jisr.events.models import Incident
from jisr.federation.models import OutboxEnvelope

pytestmark = pytest.mark.django_db

DAY = 24 * 3600


def test_a_closed_incident_goes_after_three_years_with_a_tombstone_an_open_one_stays(
    coordinator: Any, event: Any, clock_offset: Any
) -> None:
    from jisr.core.retention import retention_kinds
    from jisr.events import services
    from jisr.privacy.services.retention import retention_run

    kind = next(k for k in retention_kinds() if k.key == "events.incident_closed")
    assert (kind.default_days, kind.at_end, kind.min_days) == (3 * 365, "delete", 365)

    def record(description: str) -> Incident:
        return services.incident_record(
            acting_user=coordinator,
            event=event,
            venue=event.venues.first(),
            category="crowd",
            severity=2,
            description=description,
        )

    closed, still_open = record("Crowd surge, gate 4 (fictitious)"), record("Lost child")
    services.incident_update(acting_user=coordinator, incident=closed, status="closed")
    clock_offset(3 * 365 * DAY + DAY)

    outcomes = retention_run()

    assert next(o for o in outcomes if o.kind == "events.incident_closed").handled == 1
    assert list(Incident.objects.values_list("pk", flat=True)) == [still_open.pk]
    tombstone = OutboxEnvelope.objects.get(type="replica.withdraw")
    assert (tombstone.recipient, tombstone.body["record_id"]) == ("FR-DGPN", str(closed.id))
