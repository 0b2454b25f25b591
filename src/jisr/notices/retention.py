"""The notices app's kind of personal data: old notices (who was told what, when)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jisr.core.retention import RetentionEnd, RetentionKind

RETENTION_KINDS = (
    RetentionKind(
        key="notices.notice",
        label=_("Notices"),
        model="notices.Notice",
        age_field="created_at",
        default_days=180,
        min_days=30,
        max_days=730,
        at_end=RetentionEnd.DELETE,
        reason=_(
            "A notice only points to a record; what happened is in the record and the "
            "audit log, so notices older than six months are noise."
        ),
    ),
)
