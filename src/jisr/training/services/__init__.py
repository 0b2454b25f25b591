"""Writes of the training module, one module per capability, each with its audit row."""

from jisr.training.services.assistance import (
    assistance_agree,
    assistance_close,
    assistance_deliver,
    assistance_offer,
    assistance_request,
)
from jisr.training.services.courses import (
    attendance_record,
    certificate_checked,
    certificate_downloaded,
    certificate_issue,
    certificate_revoke,
    course_create,
    course_set_published,
    evaluation_record,
    result_record,
    session_create,
    session_set_status,
)
from jisr.training.services.nominations import (
    nomination_approve,
    nomination_create,
    nomination_decide,
)

__all__ = [
    "assistance_agree",
    "assistance_close",
    "assistance_deliver",
    "assistance_offer",
    "assistance_request",
    "attendance_record",
    "certificate_checked",
    "certificate_downloaded",
    "certificate_issue",
    "certificate_revoke",
    "course_create",
    "course_set_published",
    "evaluation_record",
    "nomination_approve",
    "nomination_create",
    "nomination_decide",
    "result_record",
    "session_create",
    "session_set_status",
]
