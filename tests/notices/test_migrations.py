"""Migrating a database from before jisr.notices keeps every notification and deadline state."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("wanted", "0001_initial"), ("exchange", "0001_initial")]
AFTER = [
    ("wanted", "0005_remove_hit_flags_and_notification"),
    ("exchange", "0005_delete_notification"),
]
T0 = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def old_schema(transactional_db: Any) -> Iterator[Any]:
    """The historical apps at BEFORE; the schema goes back to the newest state afterwards."""
    try:
        yield _migrate(BEFORE)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def _seed(apps: Any) -> dict[str, Any]:
    # accounts stays at its newest state (columns such as the time zone have no database
    # default): its rows are written with today's models, then read as the historical ones.
    from jisr.accounts import models as current

    for code, own in (("MA-DGSN", True), ("FR-DGPN", False)):
        agency = current.Agency.objects.create(
            code=code, name_ar=code, name_fr=code, name_en=code, is_own=own
        )
        if own:
            for username in ("ma.amina", "ma.karim"):
                current.User.objects.create(username=username, agency=agency)
    Agency = apps.get_model("accounts", "Agency")
    User = apps.get_model("accounts", "User")
    ma, fr = Agency.objects.get(code="MA-DGSN"), Agency.objects.get(code="FR-DGPN")
    amina, karim = User.objects.get(username="ma.amina"), User.objects.get(username="ma.karim")

    Hit = apps.get_model("wanted", "Hit")
    hit_fields = {
        "direction": "incoming",
        "alert_ref": uuid.uuid4(),
        "owner_code": "MA-DGSN",
        "reporter_code": "FR-DGPN",
        "circumstances": "c",
        "location": "Tanger Med",
        "seen_at": T0,
        "reported_at": T0,
        "deadline": T0 + dt.timedelta(hours=12),
    }
    fresh = Hit.objects.create(id=uuid.uuid4(), **hit_fields)
    escalated = Hit.objects.create(
        id=uuid.uuid4(), reminder_sent=True, escalated=True, **hit_fields
    )
    WantedNotification = apps.get_model("wanted", "Notification")
    read_at = T0 + dt.timedelta(hours=1)
    WantedNotification.objects.create(user=amina, kind="hit_received", hit=escalated, created_at=T0)
    WantedNotification.objects.create(
        user=karim, kind="hit_outcome", hit=fresh, created_at=T0, read_at=read_at
    )
    WantedNotification.objects.create(user=amina, kind="alert_review", created_at=T0)

    Case = apps.get_model("exchange", "Case")
    Message = apps.get_model("exchange", "Message")
    case = Case.objects.create(id=uuid.uuid4(), reference="FR-2026-0007", title="t", owner=fr)
    incoming = Message.objects.create(
        id=uuid.uuid4(),
        case=case,
        sender=fr,
        kind="request_information",
        subject="s",
        body="b",
        created_at=T0,
        deadline=T0 + dt.timedelta(hours=8),
        reminder_sent_at=T0 + dt.timedelta(hours=4),
    )
    outgoing = Message.objects.create(
        id=uuid.uuid4(),
        case=case,
        sender=ma,
        kind="request_information",
        subject="s",
        body="b",
        created_at=T0,
        deadline=T0 + dt.timedelta(hours=8),
        overdue_notified_at=T0 + dt.timedelta(hours=9),
    )
    ExchangeNotification = apps.get_model("exchange", "Notification")
    ExchangeNotification.objects.create(
        user=karim, kind="reminder", message=incoming, text="FR-2026-0007 · s", created_at=T0
    )
    ExchangeNotification.objects.create(
        user=amina, kind="overdue", message=None, text="gone", created_at=T0, read_at=read_at
    )
    return {
        "amina": amina.pk,
        "karim": karim.pk,
        "fresh": fresh.pk,
        "escalated": escalated.pk,
        "incoming": incoming.pk,
        "outgoing": outgoing.pk,
        "read_at": read_at,
    }


def test_old_notifications_and_deadline_states_survive_the_migration(old_schema: Any) -> None:
    seeded = _seed(old_schema)
    apps = _migrate(AFTER)
    Notice = apps.get_model("notices", "Notice")
    rows = {
        (n.user_id, n.kind): (n.target_type, n.target_id, n.url, n.text, n.urgent, n.read_at)
        for n in Notice.objects.all()
    }
    amina, karim, escalated, fresh = (
        seeded["amina"],
        seeded["karim"],
        seeded["escalated"],
        seeded["fresh"],
    )
    incoming, read_at = seeded["incoming"], seeded["read_at"]
    assert rows == {
        (amina, "wanted.hit_received"): (
            "wanted.hit",
            str(escalated),
            f"/wanted/hits/{escalated}/",
            "",
            True,
            None,
        ),
        (karim, "wanted.hit_outcome"): (
            "wanted.hit",
            str(fresh),
            f"/wanted/hits/{fresh}/",
            "",
            False,
            read_at,
        ),
        (amina, "wanted.alert_review"): ("", "", "", "", False, None),
        (karim, "exchange.reminder"): (
            "exchange.message",
            str(incoming),
            f"/exchange/messages/{incoming}/",
            "FR-2026-0007 · s",
            True,
            None,
        ),
        (amina, "exchange.overdue"): ("", "", "", "gone", True, read_at),
    }
    assert {n.created_at for n in Notice.objects.all()} == {T0}

    Hit = apps.get_model("wanted", "Hit")
    old = Hit.objects.get(pk=escalated)
    assert (old.due_at, old.remind_at) == (T0 + dt.timedelta(hours=12), T0 + dt.timedelta(hours=6))
    assert (old.reminded_at, old.escalated_at) == (
        T0 + dt.timedelta(hours=6),
        T0 + dt.timedelta(hours=12),
    )
    new = Hit.objects.get(pk=fresh)
    assert (new.reminded_at, new.escalated_at) == (None, None)

    Message = apps.get_model("exchange", "Message")
    partner = Message.objects.get(pk=incoming)
    assert (partner.due_at, partner.remind_at, partner.reminded_at) == (
        T0 + dt.timedelta(hours=8),
        T0 + dt.timedelta(hours=4),
        T0 + dt.timedelta(hours=4),
    )
    ours = Message.objects.get(pk=seeded["outgoing"])
    # Our own requests were never reminded here; they still are not, and keep their overdue.
    assert (ours.remind_at, ours.overdue_notified_at) == (None, T0 + dt.timedelta(hours=9))
