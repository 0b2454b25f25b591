"""Writes of the information exchange, one module per capability.

Each runs in one transaction with its audit row; envelopes for the partner are written to
the outbox inside the same transaction. The names are re-exported here so
``from jisr.exchange import services`` keeps working.
"""

from jisr.exchange.federation import (
    ack_receive,
    case_apply_copy,
    case_state_for,
    case_withdraw_copy,
    consent_receive,
    message_receive,
)
from jisr.exchange.services.cases import (
    LinkInput,
    case_body,
    case_link_add,
    case_open,
    case_open_or_join_for_hit,
    case_set_status,
)
from jisr.exchange.services.common import (
    ACK_ENVELOPE,
    CASE_RECORD,
    CONSENT_ENVELOPE,
    MESSAGE_ENVELOPE,
    attachment_max_bytes,
    deadline_hours,
    exchange_users,
)
from jisr.exchange.services.deadlines import (
    request_overdue,
    request_remind,
    requests_awaiting_answer,
)
from jisr.exchange.services.messages import (
    UploadedFile,
    consent_grant,
    handling_allows,
    message_body,
    message_copy,
    message_export,
    message_forward,
    message_mark_read,
    message_send,
)

__all__ = [
    "ACK_ENVELOPE",
    "CASE_RECORD",
    "CONSENT_ENVELOPE",
    "MESSAGE_ENVELOPE",
    "LinkInput",
    "UploadedFile",
    "ack_receive",
    "attachment_max_bytes",
    "case_apply_copy",
    "case_body",
    "case_link_add",
    "case_open",
    "case_open_or_join_for_hit",
    "case_set_status",
    "case_state_for",
    "case_withdraw_copy",
    "consent_grant",
    "consent_receive",
    "deadline_hours",
    "exchange_users",
    "handling_allows",
    "message_body",
    "message_copy",
    "message_export",
    "message_forward",
    "message_mark_read",
    "message_receive",
    "message_send",
    "request_overdue",
    "request_remind",
    "requests_awaiting_answer",
]
