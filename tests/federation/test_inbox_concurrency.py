"""Envelopes the relay sends side by side: one partner's are applied one after the other."""

from __future__ import annotations

import os
import threading
from typing import Any

import pytest
from django.db import connection
from django.db.models.signals import post_save
from django.test import Client

from jisr.exchange.models import Case, Message
from tests.exchange.conftest import fr_message_body
from tests.federation.support import FakePartner, encode, new_id, post_signed


@pytest.mark.skipif(
    not os.environ.get("JISR_DATABASE_URL"),
    reason="PostgreSQL only: a node's SQLite file already runs one write transaction at a time, "
    "and the suite's in-memory SQLite answers 'table is locked' instead of waiting",
)
@pytest.mark.django_db(transaction=True)
def test_a_message_arriving_while_its_case_is_applied_waits_for_it_and_is_kept(
    fr_partner: FakePartner,
) -> None:
    """On PostgreSQL the message once missed the case still being written, stored a stub of
    it, met the case's id on commit and was refused for good (422): FR's request never
    reached this node's desk."""
    case_id = new_id()
    message = fr_message_body(attachments=[])
    message["case"]["id"] = case_id
    case_envelope = fr_partner.envelope(
        "replica.upsert",
        body={
            "record_type": "exchange.case",
            "record_id": case_id,
            "version": 1,
            "body": message["case"],
        },
    )
    message_envelope = fr_partner.envelope("exchange.message", body=message)

    case_written, go_on = threading.Event(), threading.Event()

    def hold_the_case(sender: Any, instance: Case, created: bool, **kwargs: Any) -> None:
        if created and threading.current_thread().name == "case-envelope":
            case_written.set()
            go_on.wait(timeout=30)

    answers: dict[str, int] = {}

    def post(name: str, envelope: dict[str, Any]) -> None:
        try:
            body = encode(envelope)
            answers[name] = post_signed(Client(), body, fr_partner.sign(body)).status_code
        finally:
            connection.close()

    post_save.connect(hold_the_case, sender=Case)
    case_thread = threading.Thread(target=post, args=("case", case_envelope), name="case-envelope")
    message_thread = threading.Thread(target=post, args=("message", message_envelope))
    try:
        case_thread.start()
        assert case_written.wait(timeout=30), "the case envelope was never applied"
        message_thread.start()
        message_thread.join(timeout=1.5)
        assert message_thread.is_alive(), "the message was applied beside its case, not after"
    finally:
        go_on.set()
        case_thread.join(timeout=60)
        message_thread.join(timeout=60)
        post_save.disconnect(hold_the_case, sender=Case)

    assert answers == {"case": 200, "message": 200}
    stored = Message.objects.get(id=message["id"])
    assert str(stored.case_id) == case_id
    assert Case.objects.get(id=case_id).version == 1  # the owner's copy, not a stub
