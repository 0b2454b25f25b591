"""Writes on the wanted-persons register, one module per capability.

Each runs in one transaction with its audit row; federation envelopes are written to the
outbox inside the same transaction as the change they carry. The names are re-exported
here so ``from jisr.wanted import services`` keeps working.
"""

from jisr.wanted.federation import (
    alert_body_for,
    copy_upsert,
    copy_withdraw,
    hit_outcome_received,
    hit_received,
    hit_response_received,
)
from jisr.wanted.services.alerts import (
    CHECKLIST,
    _replicate,
    alert_body,
    alert_create,
    alert_delete_draft,
    alert_rejustify,
    alert_review,
    alert_submit,
    alert_update,
    alert_withdraw,
    alerts_expire,
    alerts_review_reminders,
)
from jisr.wanted.services.common import (
    RECORD_TYPE,
    SCREEN_TOP,
)
from jisr.wanted.services.hits import (
    hit_escalate,
    hit_record_outcome,
    hit_remind,
    hit_report,
    hit_respond,
    hits_awaiting_answer,
)
from jisr.wanted.services.screening import (
    candidate_reject,
    screening_batch_create,
    screening_batch_step,
    screening_run,
)

__all__ = [
    "CHECKLIST",
    "RECORD_TYPE",
    "SCREEN_TOP",
    "_replicate",
    "alert_body",
    "alert_body_for",
    "alert_create",
    "alert_delete_draft",
    "alert_rejustify",
    "alert_review",
    "alert_submit",
    "alert_update",
    "alert_withdraw",
    "alerts_expire",
    "alerts_review_reminders",
    "candidate_reject",
    "copy_upsert",
    "copy_withdraw",
    "hit_escalate",
    "hit_outcome_received",
    "hit_received",
    "hit_record_outcome",
    "hit_remind",
    "hit_report",
    "hit_respond",
    "hit_response_received",
    "hits_awaiting_answer",
    "screening_batch_create",
    "screening_batch_step",
    "screening_run",
]
