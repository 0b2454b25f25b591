"""What the module declares to the shared mechanisms: reminders, retention, work queue, lists."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jisr.core import clock
from jisr.notices.models import Notice
from jisr.training import services
from tests.support.lists import table_rows
from tests.support.web import logged_in
from tests.training.conftest import fr_nomination

pytestmark = pytest.mark.django_db


def test_the_sweep_reminds_nominators_of_the_deadline_and_the_start(
    officer: Any, fr_session: Any, clock_offset: Any
) -> None:
    from jisr.core.deadlines import deadlines_sweep

    kinds = set(fr_session.deadlines.values_list("kind", flat=True))
    assert kinds == {"nomination", "start"}
    days_to_start = (fr_session.starts_on - clock.now().date()).days
    clock_offset((days_to_start - 2) * 86400)
    sent = deadlines_sweep(clock.now())
    assert sent["reminders"] == 2
    notices = set(Notice.objects.filter(user=officer).values_list("kind", flat=True))
    assert notices == {"training.nomination_deadline", "training.session_starts"}
    assert deadlines_sweep(clock.now())["reminders"] == 0


def test_retention_blanks_the_participants_but_keeps_the_count(
    supervisor: Any, ma_session: Any
) -> None:
    from jisr.training.models import Nomination
    from jisr.training.retention import nominations_anonymise

    fr_nomination(ma_session, "A Test")
    fr_nomination(ma_session, "B Test")
    assert nominations_anonymise(Nomination.objects.all()) == 2
    assert set(Nomination.objects.values_list("participant_name", "rank")) == {("—", "")}
    assert nominations_anonymise(Nomination.objects.all()) == 0


def test_the_supervisors_work_queue_lists_nominations_to_approve(
    officer: Any, supervisor: Any, fr_session: Any
) -> None:
    from jisr.core.registry import work_queue

    services.nomination_create(
        acting_user=officer, session=fr_session, participant_name="Karim Fictif", rank="C", unit="U"
    )
    sections = {s.key: s for s in work_queue(supervisor)}
    assert [row.text for row in sections["training_nominations"].rows] == ["Karim Fictif"]
    assert "training_nominations" not in {s.key for s in work_queue(officer)}


def test_the_catalogue_page_costs_the_same_queries_for_many_courses(
    supervisor: Any, fr_partner: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(30):
        services.course_create(
            acting_user=supervisor,
            titles={"fr": f"Cours {n:02d}"},
            domain="languages",
            format="online",
            duration_days=1,
            languages=["fr"],
            seats_per_session=5,
        )
    client = logged_in(supervisor)
    client.get("/training/")  # warm the session and caches
    with django_assert_max_num_queries(20):
        html = client.get("/training/?sort=title").content.decode()
    assert len(table_rows(html, "courses")) == 30


def test_indicators_count_sessions_and_participants(supervisor: Any, ma_session: Any) -> None:
    from jisr.core.indicators import indicator_definitions

    nomination = fr_nomination(ma_session)
    services.nomination_decide(acting_user=supervisor, nomination=nomination, decision="accept")
    services.attendance_record(
        acting_user=supervisor,
        session=ma_session,
        day=ma_session.starts_on,
        present={str(nomination.id): True},
    )
    services.session_set_status(acting_user=supervisor, session=ma_session, status="delivered")
    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(2040, 1, 1, tzinfo=dt.UTC)
    found = indicator_definitions()
    assert found["training.sessions_delivered"].evaluate(start, end) == 1
    assert found["training.participants_partner_agencies"].evaluate(start, end) == 1
    assert found["training.participants_own_agency"].evaluate(start, end) == 0
