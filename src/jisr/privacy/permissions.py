"""Data protection's permission names (role permissions: the DPO's tools have no owner)."""

from __future__ import annotations

#: The DPO's tools: retention schedule, person search, receipts, data-subject requests.
ACT_AS_DPO = "privacy.act_as_dpo"
#: Deciding on records due for review (extend with a reason, or let go).
REVIEW_RETENTION = "privacy.review_retention"
