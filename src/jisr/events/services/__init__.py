"""Writes of the major-events module, one module per capability.

Each runs in one transaction with its audit row. The names are re-exported here so
``from jisr.events import services`` keeps working.
"""

from jisr.events.services.accreditation import (
    LEASE,
    accreditation_upload,
    candidate_decide,
    screening_step,
)
from jisr.events.services.incidents import (
    incident_record,
    incident_update,
)
from jisr.events.services.workspace import (
    debrief_update,
    deployment_add,
    event_create,
    event_join,
    export_record,
    protocol_create,
    protocol_item_set,
    review_consulted,
    risk_add,
    risk_set_status,
    venue_add,
)

__all__ = [
    "LEASE",
    "accreditation_upload",
    "candidate_decide",
    "debrief_update",
    "deployment_add",
    "event_create",
    "event_join",
    "export_record",
    "incident_record",
    "incident_update",
    "protocol_create",
    "protocol_item_set",
    "review_consulted",
    "risk_add",
    "risk_set_status",
    "screening_step",
    "venue_add",
]
