"""Need-to-know access to cases, the audit of openings, and search."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from jisr.audit.models import AuditEntry
from jisr.exchange import selectors, services
from tests.exchange.conftest import deliver, fr_message_body, message_fields

pytestmark = pytest.mark.django_db


def test_a_compliance_reviewer_does_not_see_cases(reviewer: Any, case: Any) -> None:
    with pytest.raises(PermissionDenied):
        selectors.access_case_for_view(case.id, reviewer)


def test_a_user_of_an_agency_outside_the_case_is_refused(
    make_user: Any, officer: Any, agencies: Any
) -> None:
    from jisr.accounts.roles import Role
    from jisr.accounts.services import agency_upsert

    agency_upsert(code="ES-CNP", name_ar="ES", name_fr="ES", name_en="ES")
    agencies["ES-CNP"] = agency_upsert(code="ES-CNP", name_ar="ES", name_fr="ES", name_en="ES")
    stranger = make_user("es.officer", [Role.LIAISON_OFFICER], agency="ES-CNP")
    message = deliver("exchange.message", fr_message_body())
    with pytest.raises(PermissionDenied):
        selectors.access_case_for_view(message.case_id, stranger)
    with pytest.raises(PermissionDenied):
        selectors.access_message_for_view(message.id, stranger)
    assert list(selectors.cases_visible_to(stranger)) == []


def test_opening_a_message_with_personal_data_is_audited_and_one_without_is_not(
    officer: Any, case: Any
) -> None:
    personal = deliver("exchange.message", fr_message_body())
    plain = services.message_send(acting_user=officer, case=case, **message_fields())
    before = AuditEntry.objects.filter(action="message.view").count()
    selectors.access_message_for_view(personal.id, officer)
    selectors.access_message_for_view(plain.id, officer)
    views = AuditEntry.objects.filter(action="message.view")
    assert views.count() == before + 1
    entry = views.latest("seq")
    assert entry.target_id == str(personal.id) and entry.actor_username == "ma.officer"


def test_search_finds_a_person_written_in_another_script_through_the_matching_engine(
    officer: Any,
) -> None:
    named = deliver("exchange.message", fr_message_body(person_names=["Yassine Benkirane-Demo"]))
    deliver("exchange.message", fr_message_body(person_names=["Lucas Fernandez-Demo"]))
    results = selectors.search_for(officer, "ياسين بنكيران")
    assert [m.id for m, _score in results.messages] == [named.id]
    assert results.messages[0][1] is not None and results.messages[0][1] >= 0.8


def test_search_finds_cases_and_messages_by_reference_subject_and_text(
    officer: Any, case: Any
) -> None:
    message = services.message_send(
        acting_user=officer,
        case=case,
        **message_fields(subject="Container MSKU-DEMO", body="Port x"),
    )
    assert [c.id for c in selectors.search_for(officer, case.reference).cases] == [case.id]
    assert [m.id for m, _ in selectors.search_for(officer, "msku-demo").messages] == [message.id]
    assert selectors.search_for(officer, "nothing-like-this").messages == []


def test_overdue_requests_are_split_by_who_owes_the_answer(
    officer: Any, supervisor: Any, case: Any, clock_offset: Any
) -> None:

    incoming = deliver("exchange.message", fr_message_body())
    outgoing = services.message_send(acting_user=officer, case=case, **message_fields())
    clock_offset(9 * 3600)
    board = selectors.access_overdue_for_dashboard(supervisor)
    figures = selectors.figures_for(officer)
    assert [m.id for m in board.incoming] == [incoming.id]
    assert [m.id for m in board.outgoing] == [outgoing.id]
    assert figures["overdue"] == 2 and figures["awaiting"] == 1
    with pytest.raises(PermissionDenied):
        selectors.access_overdue_for_dashboard(officer)
