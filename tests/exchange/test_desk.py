"""The request desk: time limits, suspension, release review, answers, assignment, entities,
correlations and statistics (this node is MA-DGSN, FR-DGPN its partner)."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from jisr.accounts.roles import Role
from jisr.audit.models import AuditEntry
from jisr.core import clock
from jisr.core.deadlines import deadlines_sweep
from jisr.core.indicators import indicator_definitions
from jisr.exchange import services
from jisr.exchange.entities import EntityInput
from jisr.exchange.models import Assignment, Message, MessageEntity, PartnerDesk
from jisr.exchange.services import desk
from jisr.federation.models import OutboxEnvelope
from jisr.notices.models import Notice
from tests.exchange.conftest import api_client, deliver, fr_message_body, message_fields
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db

NONE = {"reminders": 0, "overdue": 0, "escalations": 0}


def sent(envelope_type: str = "exchange.message") -> list[OutboxEnvelope]:
    return list(OutboxEnvelope.objects.filter(type=envelope_type).order_by("created"))


def post(client: Any, auth: dict[str, str], path: str, body: dict[str, Any]) -> Any:
    return client.post(f"/api/v1{path}", body, content_type="application/json", **auth)


@pytest.fixture
def fr_request(officer: Any) -> Message:
    """An urgent FR request received on this node (8 h, directly accessible)."""
    return deliver("exchange.message", fr_message_body(directly_accessible=True, time_limit="8h"))


# --- time limits ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("priority", "direct", "tier", "hours"),
    [
        ("urgent", True, "8h", 8),
        ("urgent", None, "8h", 8),
        ("urgent", False, "3d", 72),
        ("normal", True, "7d", 168),
        ("normal", False, "7d", 168),
    ],
)
def test_a_request_gets_one_of_three_limits_from_urgency_and_accessibility(
    officer: Any, case: Any, priority: str, direct: bool | None, tier: str, hours: int
) -> None:
    message = services.message_send(
        acting_user=officer,
        case=case,
        directly_accessible=direct,
        **message_fields(priority=priority),
    )
    assert message.release_status == "not_needed"
    assert message.time_limit == tier
    assert message.deadline == message.created_at + dt.timedelta(hours=hours)
    [envelope] = sent()
    assert envelope.body["time_limit"] == tier


def test_the_requested_side_corrects_accessibility_and_the_limit_is_computed_again(
    officer: Any, fr_request: Message
) -> None:
    start = fr_request.limit_started_at
    assert fr_request.time_limit == "8h" and fr_request.due_at == start + dt.timedelta(hours=8)
    with pytest.raises(ValidationError) as caught:
        desk.limit_correct(
            acting_user=officer, message=fr_request, directly_accessible=False, reason=" "
        )
    assert "reason" in caught.value.message_dict
    desk.limit_correct(
        acting_user=officer,
        message=fr_request,
        directly_accessible=False,
        reason="Held by the customs service",
    )
    fr_request.refresh_from_db()
    assert fr_request.time_limit == "3d"
    assert fr_request.due_at == start + dt.timedelta(days=3)
    [envelope] = sent("exchange.limit")
    assert envelope.recipient == "FR-DGPN"
    assert envelope.body["event"] == "corrected" and envelope.body["time_limit"] == "3d"
    entry = AuditEntry.objects.get(action="desk.limit")
    assert entry.justification == "Held by the customs service"


def test_a_suspended_limit_sends_no_reminder_and_moves_by_the_time_suspended(
    officer: Any, fr_request: Message, clock_offset: Any
) -> None:
    due, remind = fr_request.due_at, fr_request.remind_at
    assert remind == fr_request.created_at + dt.timedelta(hours=4)
    clock_offset(3600)
    desk.limit_suspend(acting_user=officer, message=fr_request, reason="Judge seized")
    clock_offset(5 * 3600)  # past the original reminder: nothing while suspended
    assert deadlines_sweep(clock.now()) == NONE
    fr_request.refresh_from_db()
    assert fr_request.is_suspended and fr_request.remaining() == dt.timedelta(hours=7) + (
        due - fr_request.suspended_at - dt.timedelta(hours=7)
    )
    api, auth = api_client(officer)
    shown = api.get(f"/api/v1/messages/{fr_request.id}", **auth).json()
    assert shown["suspended_since"] is not None and shown["overdue"] is False
    desk.limit_resume(acting_user=officer, message=fr_request, reason="Authorised")
    fr_request.refresh_from_db()
    paused = (
        fr_request.limit_changes.get(event="resumed").at
        - fr_request.limit_changes.get(event="suspended").at
    )
    assert paused >= dt.timedelta(hours=4)
    assert fr_request.due_at == due + paused
    assert fr_request.remind_at == remind + paused
    clock_offset(5 * 3600 + 60)  # the reminder now falls at 4 h + the pause
    assert deadlines_sweep(clock.now()) == NONE
    clock_offset(4 * 3600 + int(paused.total_seconds()) + 60)
    assert deadlines_sweep(clock.now()) == {**NONE, "reminders": 1}
    events = [c.event for c in fr_request.limit_changes.all()]
    assert events == ["set", "suspended", "resumed"]
    assert [e.body["event"] for e in sent("exchange.limit")] == ["suspended", "resumed"]


def test_an_extension_needs_a_reason_and_moves_the_limit(officer: Any, fr_request: Message) -> None:
    due = fr_request.due_at
    with pytest.raises(ValidationError):
        desk.limit_extend(acting_user=officer, message=fr_request, hours=0, reason="x")
    desk.limit_extend(acting_user=officer, message=fr_request, hours=24, reason="Agreed by phone")
    fr_request.refresh_from_db()
    assert fr_request.due_at == due + dt.timedelta(hours=24)


def test_an_overdue_request_escalates_to_the_desk_supervisors(
    officer: Any, supervisor: Any, fr_request: Message, clock_offset: Any
) -> None:
    Notice.objects.all().delete()
    clock_offset(9 * 3600 + 60)
    result = deadlines_sweep(clock.now())
    assert result["overdue"] == 1 and result["escalations"] == 1
    escalated = Notice.objects.filter(kind="exchange.escalated")
    assert [n.user for n in escalated] == [supervisor]


def test_a_limit_change_from_the_requested_partner_reaches_our_copy(
    officer: Any, case: Any
) -> None:
    request = services.message_send(acting_user=officer, case=case, **message_fields())
    suspended_at = clock.now()
    deliver(
        "exchange.limit",
        {
            "message_id": str(request.id),
            "event": "suspended",
            "at": suspended_at.isoformat(),
            "by_name": "Julie Martin-Test",
            "reason": "Question sent",
            "time_limit": "8h",
            "directly_accessible": True,
            "due_at": request.due_at.isoformat(),
            "suspended_at": suspended_at.isoformat(),
            "suspension_reason": "clarification",
            "outcome": "",
        },
    )
    request.refresh_from_db()
    assert request.suspended_at == suspended_at
    assert request.limit_changes.last().reason == "Question sent"


def test_a_withdrawal_that_overtakes_its_request_waits_for_it(fr_partner: Any) -> None:
    """The relay sends side by side: FR's withdrawal may arrive before the request itself.
    It is deferred (sent again later), not refused for good; a limit change for a request
    that can never arrive (ours, unknown) is still refused."""
    from jisr.federation.registry import PermanentEnvelopeError, RetryLater

    body = fr_message_body()
    withdrawal = {
        "message_id": body["id"],
        "event": "withdrawn",
        "at": clock.now().isoformat(),
        "by_name": "Julie Martin-Test",
        "reason": "Suspect found",
        "outcome": "withdrawn",
    }
    with pytest.raises(RetryLater):
        deliver("exchange.limit", withdrawal)
    deliver("exchange.message", body)
    deliver("exchange.limit", withdrawal)
    assert Message.objects.get(id=body["id"]).outcome == "withdrawn"
    with pytest.raises(PermanentEnvelopeError):
        deliver("exchange.limit", {**withdrawal, "message_id": str(uuid.uuid4()), "event": "x"})


# --- release review ---------------------------------------------------------------------------


def test_a_request_naming_a_person_waits_for_a_second_person_and_nothing_leaves_before(
    officer: Any, supervisor: Any, case: Any
) -> None:
    message = services.message_send(
        acting_user=officer,
        case=case,
        person_names=["Karim Tazi-Demo"],
        **message_fields(),
    )
    assert message.release_status == "pending" and message.deadline is None
    assert sent() == []
    assert Notice.objects.filter(user=supervisor, kind="exchange.release_waiting").exists()
    with pytest.raises(PermissionDenied):
        desk.message_release(acting_user=officer, message=message, reason="mine")
    api, auth = api_client(officer)
    refused = post(api, auth, f"/messages/{message.id}/release", {"reason": "mine"})
    assert refused.status_code == 403
    assert sent() == []
    api, auth = api_client(supervisor)
    response = post(api, auth, f"/messages/{message.id}/release", {"reason": "Necessary: suspect"})
    assert response.status_code == 200, response.content
    assert response.json()["release_status"] == "released"
    assert response.json()["deadline"] is not None
    [envelope] = sent()
    assert envelope.body["id"] == str(message.id) and envelope.recipient == "FR-DGPN"
    entry = AuditEntry.objects.get(action="desk.release")
    assert entry.justification == "Necessary: suspect"
    again = post(api, auth, f"/messages/{message.id}/release", {"reason": "twice"})
    assert again.status_code == 422
    assert len(sent()) == 1


def test_a_returned_message_never_leaves_and_its_author_is_told_why(
    officer: Any, supervisor: Any, case: Any
) -> None:
    message = services.message_send(
        acting_user=officer,
        case=case,
        entities=[EntityInput("document", "AB123456", "MA")],
        **message_fields(),
    )
    assert message.release_status == "pending"
    api, auth = api_client(supervisor)
    assert post(api, auth, f"/messages/{message.id}/return", {"reason": ""}).status_code == 422
    response = post(api, auth, f"/messages/{message.id}/return", {"reason": "Too much data"})
    assert response.json()["release_status"] == "returned"
    assert sent() == []
    assert Notice.objects.filter(user=officer, kind="exchange.returned").exists()


@pytest.mark.parametrize(
    ("rule", "handling", "personal", "held"),
    [
        ("personal", "H0", False, False),
        ("always", "H0", False, True),
        ("h2_h3", "H1", True, False),
        ("h2_h3", "H2", False, True),
    ],
)
def test_the_agency_release_rule_decides_what_is_held(
    officer: Any, case: Any, settings: Any, rule: str, handling: str, personal: bool, held: bool
) -> None:
    settings.JISR_EXCHANGE_RELEASE_RULE = rule
    message = services.message_send(
        acting_user=officer,
        case=case,
        contains_personal_data=personal,
        **message_fields(handling_code=handling),
    )
    assert (message.release_status == "pending") is held
    assert (sent() == []) is held


# --- answers ---------------------------------------------------------------------------------


def test_a_refusal_needs_known_grounds_and_an_explanation_and_nothing_changes_otherwise(
    officer: Any, fr_request: Message
) -> None:
    api, auth = api_client(officer)
    path = f"/messages/{fr_request.id}/refuse"
    bad = post(api, auth, path, {"grounds": ["weather"], "explanation": "No"})
    assert bad.status_code == 422
    assert "weather" in json.dumps(bad.json())
    assert post(api, auth, path, {"grounds": [], "explanation": "x"}).status_code == 422
    fr_request.refresh_from_db()
    assert fr_request.outcome == "" and sent() == []
    grounds = api.get("/api/v1/reference/refusal-grounds", **auth).json()
    assert {"not_available", "minor_offence", "third_state"} <= {g["code"] for g in grounds}
    response = post(
        api,
        auth,
        path,
        {"grounds": ["investigation"], "explanation": "Part concerns a live file", "partial": True},
    )
    assert response.status_code == 201, response.content
    fr_request.refresh_from_db()
    assert fr_request.outcome == "partly_answered"
    [envelope] = sent()
    assert envelope.body["kind"] == "refusal"
    assert envelope.body["refusal_grounds"] == ["investigation"]
    assert envelope.body["in_reply_to"] == str(fr_request.id)


def test_the_requester_sees_the_partners_grounds_of_refusal(officer: Any, case: Any) -> None:
    request = services.message_send(acting_user=officer, case=case, **message_fields())
    deliver(
        "exchange.message",
        fr_message_body(
            case,
            kind="refusal",
            in_reply_to=str(request.id),
            refusal_grounds=["not_available", "invented"],
            subject="Refusé",
            body="Aucune donnée",
            person_names=[],
            contains_personal_data=False,
            attachments=[],
            deadline=None,
        ),
    )
    request.refresh_from_db()
    assert request.outcome == "refused" and request.answered_at is not None
    page = logged_in(officer).get(reverse("exchange:message_detail", args=[request.id]))
    assert "Refused" in page.content.decode()
    refusal = Message.objects.get(kind="refusal")
    assert refusal.refusal_grounds == ["not_available"]
    html = logged_in(officer).get(reverse("exchange:message_detail", args=[refusal.id]))
    assert "The information is not available" in html.content.decode()


def test_a_clarification_suspends_the_limit_and_the_requesters_answer_resumes_it(
    officer: Any, fr_request: Message, clock_offset: Any
) -> None:
    api, auth = api_client(officer)
    response = post(api, auth, f"/messages/{fr_request.id}/clarify", {"question": "Which car?"})
    assert response.status_code == 201, response.content
    fr_request.refresh_from_db()
    assert fr_request.suspension_reason == "clarification"
    question = Message.objects.get(kind="clarification_request")
    clock_offset(2 * 3600)
    deliver(
        "exchange.message",
        fr_message_body(
            fr_request.case,
            kind="reply",
            in_reply_to=str(question.id),
            subject="Re: clarification",
            body="The grey one",
            person_names=[],
            contains_personal_data=False,
            attachments=[],
            deadline=None,
        ),
    )
    fr_request.refresh_from_db()
    assert fr_request.suspended_at is None and fr_request.outcome == ""
    resumed = fr_request.limit_changes.get(event="resumed")
    assert resumed.due_after - resumed.due_before >= dt.timedelta(hours=2)


def test_a_clarification_on_a_message_that_is_not_a_request_is_refused(
    officer: Any, case: Any
) -> None:
    info = deliver(
        "exchange.message",
        fr_message_body(kind="spontaneous_information", priority="", deadline=None),
    )
    api, auth = api_client(officer)
    response = post(api, auth, f"/messages/{info.id}/clarify", {"question": "Why?"})
    assert response.status_code == 422
    assert "not a request" in json.dumps(response.json())
    assert not Message.objects.filter(kind="clarification_request").exists()


def test_a_requester_withdraws_its_request(officer: Any, case: Any) -> None:
    request = services.message_send(acting_user=officer, case=case, **message_fields())
    desk.request_withdraw(acting_user=officer, message=request, reason="Suspect found")
    request.refresh_from_db()
    assert request.outcome == "withdrawn"
    assert sent("exchange.limit")[0].body["event"] == "withdrawn"


# --- single point of contact -----------------------------------------------------------------


def test_a_desk_member_assigns_a_request_and_reassignment_is_kept(
    officer: Any, supervisor: Any, reviewer: Any, fr_request: Message
) -> None:
    api, auth = api_client(supervisor)
    path = f"/messages/{fr_request.id}/assign"
    assert post(api, auth, path, {"username": "ma.reviewer"}).status_code == 422
    response = post(api, auth, path, {"username": "ma.officer"})
    assert response.status_code == 200 and response.json()["assignee"] == "ma.officer"
    assert Notice.objects.filter(user=officer, kind="exchange.assigned").exists()
    post(api, auth, path, {"username": "ma.supervisor"})
    assert list(Assignment.objects.values_list("assignee_name", flat=True)) == [
        "ma.officer",
        "ma.supervisor",
    ]
    reviewer_api, reviewer_auth = api_client(reviewer)
    assert post(reviewer_api, reviewer_auth, path, {"username": "ma.officer"}).status_code == 403


def test_the_desk_queue_shows_limit_time_left_handler_and_partner_nearest_first(
    officer: Any, supervisor: Any
) -> None:
    later = deliver(
        "exchange.message",
        fr_message_body(
            subject="Normal one",
            priority="normal",
            deadline=(clock.now() + dt.timedelta(days=7)).isoformat(),
            time_limit="7d",
        ),
    )
    soon = deliver("exchange.message", fr_message_body(subject="Urgent one", time_limit="8h"))
    desk.request_assign(acting_user=supervisor, message=soon, username="ma.officer")
    page = logged_in(supervisor).get(reverse("exchange:desk"))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index("Urgent one") < html.index("Normal one")
    assert "8 hours (urgent, directly accessible)" in html and "FR-DGPN" in html
    assert "ma.officer" in html and "left" in html
    home = logged_in(officer).get(reverse("core:home")).content.decode()
    assert "Requests assigned to me" in home and "Urgent one" in home
    own = services.message_send(
        acting_user=officer, case=later.case, **message_fields(subject="Direct by officer")
    )
    outgoing = logged_in(supervisor).get(reverse("exchange:desk") + "?direction=outgoing")
    assert own.subject in outgoing.content.decode()


def test_the_release_queue_and_the_home_page_show_what_waits(
    officer: Any, supervisor: Any, case: Any
) -> None:
    message = services.message_send(
        acting_user=officer, case=case, contains_personal_data=True, **message_fields()
    )
    html = logged_in(supervisor).get(reverse("exchange:release_queue")).content.decode()
    assert message.subject in html
    home = logged_in(supervisor).get(reverse("core:home")).content.decode()
    assert "Releases waiting" in home
    detail = logged_in(supervisor).get(reverse("exchange:message_detail", args=[message.id]))
    assert 'data-testid="release-panel"' in detail.content.decode()
    author = logged_in(officer).get(reverse("exchange:message_detail", args=[message.id]))
    assert 'data-testid="release-panel"' not in author.content.decode()
    done = logged_in(supervisor).post(
        reverse("exchange:message_desk_action", args=[message.id, "release"]),
        {"release-reason": "Proportionate"},
    )
    assert done.status_code == 302
    assert len(sent()) == 1


# --- languages -------------------------------------------------------------------------------


def test_a_request_in_a_language_the_partner_does_not_accept_needs_a_translation(
    officer: Any, case: Any
) -> None:
    PartnerDesk.objects.create(agency=case.participants.get(code="FR-DGPN"), languages=["fr"])
    with pytest.raises(ValidationError) as caught:
        services.message_send(acting_user=officer, case=case, **message_fields(language="ar"))
    assert "translation" in caught.value.message_dict
    assert not Message.objects.exists()
    message = services.message_send(
        acting_user=officer,
        case=case,
        translation="Le véhicule a-t-il traversé ?",
        translation_language="fr",
        **message_fields(language="ar", body="هل عبرت السيارة؟"),
    )
    assert sent()[0].body["translation_language"] == "fr"
    html = logged_in(officer).get(reverse("exchange:message_detail", args=[message.id]))
    assert 'data-testid="translation"' in html.content.decode()


def test_a_partners_accepted_languages_are_learnt_from_its_messages(officer: Any) -> None:
    deliver("exchange.message", fr_message_body(accepted_languages=["fr", "en"]))
    assert PartnerDesk.objects.get().languages == ["fr", "en"]


# --- entities and correlations ---------------------------------------------------------------


def test_an_invalid_iban_or_phone_number_is_refused_and_nothing_is_created(
    officer: Any, case: Any
) -> None:
    api, auth = api_client(officer)
    response = post(
        api,
        auth,
        f"/cases/{case.id}/messages",
        {
            **message_fields(),
            "entities": [
                {"type": "iban", "value": "FR76 0000 0000 0000 0000 0000 001"},
                {"type": "phone", "value": "12"},
                {"type": "spaceship", "value": "X"},
            ],
        },
    )
    assert response.status_code == 422
    text = json.dumps(response.json(), ensure_ascii=False)
    assert "Entity 1" in text and "Entity 2" in text and "Entity 3" in text
    assert not Message.objects.exists() and not MessageEntity.objects.exists()


def test_a_phone_number_in_an_older_case_is_shown_as_a_correlation_and_the_check_is_audited(
    officer: Any, case: Any, make_user: Any
) -> None:
    older = services.message_send(
        acting_user=officer,
        case=case,
        entities=[
            EntityInput("phone", "06 12 34 56 78", "FR"),
            EntityInput("organisation", "Acme"),
        ],
        **message_fields(subject="Older request"),
    )
    assert older.entities.get(type="phone").key == "+33612345678"
    incoming = deliver(
        "exchange.message",
        fr_message_body(entities=[{"type": "phone", "value": "+33 6 12 34 56 78"}]),
    )
    assert incoming.correlation_count == 1
    api, auth = api_client(officer)
    data = api.get(f"/api/v1/messages/{incoming.id}", **auth).json()
    assert data["entities"][0]["key"] == "+33612345678"
    [found] = data["correlations"]
    assert found["found_in"] == {
        "kind": "case",
        "id": str(case.id),
        "reference": case.reference,
        "url": reverse("exchange:message_detail", args=[older.id]),
    }
    checks = AuditEntry.objects.filter(action="desk.cross_check", target_id=str(incoming.id))
    assert checks.filter(actor_username="ma.officer").exists()
    assert (
        incoming.case.reference in checks.filter(actor_username="ma.officer").first().justification
    )
    html = logged_in(officer).get(reverse("exchange:message_detail", args=[incoming.id]))
    assert case.reference in html.content.decode()


def test_a_person_is_found_across_scripts_through_the_matching_engine(
    officer: Any, case: Any
) -> None:
    services.message_send(
        acting_user=officer,
        case=case,
        **message_fields(subject="Named in Arabic"),
    )
    older = Message.objects.get()
    from jisr.exchange.entities import entities_store, entities_validate

    entities_store(older, entities_validate([EntityInput("person", "كريم التازي")]))
    incoming = deliver(
        "exchange.message",
        fr_message_body(entities=[{"type": "person", "value": "Karim Tazi"}]),
    )
    api, auth = api_client(officer)
    data = api.get(f"/api/v1/messages/{incoming.id}", **auth).json()
    assert [c["found_in"]["reference"] for c in data["correlations"]] == [case.reference]


def test_correlations_only_link_what_the_user_may_open(officer: Any, make_user: Any) -> None:
    other = uuid.uuid4()
    deliver(
        "exchange.message",
        fr_message_body(entities=[{"type": "email", "value": "x@example.test"}]),
    )
    reviewer = make_user("ma.rev2", [Role.COMPLIANCE_REVIEWER])
    from jisr.core.entities import EntityKey, cross_check

    key = EntityKey(kind="email", key="x@example.test")
    assert cross_check([key], reviewer) == []
    assert len(cross_check([key], officer, exclude=[("case", str(other))])) == 1


# --- statistics and indicators ---------------------------------------------------------------


def test_statistics_count_requests_answers_refusals_and_extensions(
    officer: Any, supervisor: Any, clock_offset: Any
) -> None:
    first = deliver("exchange.message", fr_message_body(time_limit="8h"))
    second = deliver("exchange.message", fr_message_body(time_limit="8h"))
    third = deliver("exchange.message", fr_message_body(time_limit="7d", priority="normal"))
    desk.limit_extend(acting_user=officer, message=third, hours=12, reason="Agreed")
    clock_offset(2 * 3600)
    services.message_send(
        acting_user=officer,
        case=first.case,
        in_reply_to=str(first.id),
        **message_fields(kind="reply", priority=""),
    )
    desk.request_refuse(
        acting_user=officer, message=second, grounds=["minor_offence"], explanation="One year"
    )
    clock_offset(10 * 3600)
    services.message_send(
        acting_user=officer,
        case=third.case,
        in_reply_to=str(third.id),
        **message_fields(kind="reply", priority=""),
    )
    api, auth = api_client(supervisor)
    # The clock moved 12 hours: past noon the answers fall on the day after the requests.
    first_day = (first.received_at - dt.timedelta(days=1)).date().isoformat()
    last_day = (clock.now() + dt.timedelta(days=1)).date().isoformat()
    data = api.get(
        f"/api/v1/desk/statistics?partner=FR-DGPN&from={first_day}&to={last_day}", **auth
    ).json()
    assert data["received"] == {"8h": 2, "3d": 0, "7d": 1, "total": 3}
    assert data["answered"] == 3 and data["answered_within_limit"] == 3
    assert data["median_answer_hours"] == pytest.approx(2, abs=0.1)
    assert data["refusals_given"][0]["code"] == "minor_offence"
    assert data["extensions"] == 1
    bad = api.get("/api/v1/desk/statistics?from=yesterday", **auth)
    assert bad.status_code == 422
    client = logged_in(supervisor)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = client.get(reverse("exchange:statistics"))
    headers = re.findall(r'<th scope="col">([^<]*)</th>', page.content.decode())
    assert headers == [
        "8 heures (urgent, directement accessible)",
        "3 jours (urgent, indirectement accessible)",
        "7 jours",
        "Total",
    ]
    definitions = indicator_definitions()
    start = clock.now() - dt.timedelta(days=1)
    end = clock.now() + dt.timedelta(days=1)
    assert definitions["exchange.requests_received"].evaluate(start, end) == 3
    assert definitions["exchange.answered_within_limit"].evaluate(start, end) == 1.0


def test_the_compose_form_takes_accessibility_and_entities_and_shows_a_bad_one(
    officer: Any, case: Any
) -> None:
    client = logged_in(officer)
    url = reverse("exchange:message_compose", args=[case.id])
    page = client.get(reverse("exchange:case_detail", args=[case.id])).content.decode()
    assert 'name="directly_accessible"' in page and 'name="entities"' in page
    bad = client.post(url, {**message_fields(), "entities": "iban: FR00 1234"})
    assert bad.status_code == 422
    assert "Entity 1" in bad.content.decode() and not Message.objects.exists()
    done = client.post(
        url,
        {
            **message_fields(),
            "directly_accessible": "no",
            "entities": "phone: +33 6 12 34 56 78\norganisation: Acme Demo",
        },
    )
    assert done.status_code == 302
    message = Message.objects.get()
    assert message.time_limit == "3d" and message.release_status == "pending"
    assert sorted(message.entities.values_list("type", flat=True)) == ["organisation", "phone"]


def test_an_administrator_sets_the_release_rule_on_the_node_settings_page(
    officer: Any, case: Any, make_user: Any
) -> None:
    admin = make_user("ma.admin", [Role.ADMINISTRATOR])
    client = logged_in(admin)
    page = client.get(reverse("accounts:node_settings"))
    assert page.status_code == 200 and "exchange_release_rule" in page.content.decode()
    from jisr.accounts.admin_services import node_setting_set

    node_setting_set(acting_user=admin, name="exchange_release_rule", value="always")
    message = services.message_send(acting_user=officer, case=case, **message_fields())
    assert message.release_status == "pending"
    with pytest.raises(ValidationError):
        node_setting_set(acting_user=admin, name="exchange_languages", value="de")


def test_a_suspended_request_shows_the_time_it_keeps_in_the_queue_and_on_its_page(
    officer: Any, fr_request: Message
) -> None:
    desk.limit_suspend(acting_user=officer, message=fr_request, reason="Judge seized")
    client = logged_in(officer)
    queue = client.get(reverse("exchange:desk")).content.decode()
    assert 'data-testid="suspended"' in queue and "left" in queue
    page = client.get(reverse("exchange:message_detail", args=[fr_request.id])).content.decode()
    assert "suspended since" in page and "waiting for a judicial authorisation" in page
