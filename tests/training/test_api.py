"""The API of issue 19: bodies, answers, 422 with translated field errors, 403 for a wrong role."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from jisr.core import bounds
from jisr.training.models import AssistanceRequest, Nomination, TrainingSession
from tests.training.conftest import fr_nomination

pytestmark = pytest.mark.django_db


def _auth(user: Any, lang: str = "en") -> dict[str, str]:
    from jisr.accounts.models import ApiToken

    _token, raw = ApiToken.objects.issue(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_ACCEPT_LANGUAGE": lang}


def _post(user: Any, path: str, body: dict[str, Any], lang: str = "en") -> Any:
    return Client().post(
        f"/api/v1{path}", body, content_type="application/json", **_auth(user, lang)
    )


def test_a_course_and_its_session_through_the_api(supervisor: Any, fr_partner: Any) -> None:
    course = _post(
        supervisor,
        "/training/courses",
        {
            "titles": {"fr": "Police technique (fictif)", "ar": "الشرطة التقنية"},
            "domain": "forensics",
            "format": "on_site",
            "duration_days": 3,
            "languages": ["fr", "ar"],
            "seats_per_session": 12,
        },
    )
    assert course.status_code == 201, course.content
    start = bounds.today() + dt.timedelta(days=40)
    session = _post(
        supervisor,
        f"/training/courses/{course.json()['id']}/sessions",
        {
            "start": start.isoformat(),
            "end": (start + dt.timedelta(days=2)).isoformat(),
            "place": "Rabat",
            "seats": 12,
            "partner_seats": 6,
        },
    )
    assert session.status_code == 201, session.content
    created = TrainingSession.objects.get(id=session.json()["id"])
    assert (created.partner.code, created.partner_seats) == ("FR-DGPN", 6)
    listed = Client().get("/api/v1/training/courses", **_auth(supervisor)).json()
    assert listed["count"] == 1 and listed["items"][0]["titles"]["ar"] == "الشرطة التقنية"


def test_a_session_ending_before_it_starts_is_a_translated_422(
    supervisor: Any, ma_session: Any
) -> None:
    before = TrainingSession.objects.count()
    answer = _post(
        supervisor,
        f"/training/courses/{ma_session.course_id}/sessions",
        {"start": "2027-05-10", "end": "2027-05-09", "place": "Rabat", "seats": 5},
        lang="fr",
    )
    assert answer.status_code == 422
    assert {
        "loc": ["body", "end"],
        "msg": "Une session ne peut pas finir avant de commencer.",
        "type": "value_error",
    } in answer.json()["detail"]
    assert TrainingSession.objects.count() == before


def test_nominating_through_the_api_then_approval_by_another_supervisor(
    officer: Any, supervisor: Any, fr_session: Any
) -> None:
    made = _post(
        officer,
        f"/training/sessions/{fr_session.id}/nominations",
        {"participant": {"name": "Karim Fictif", "rank": "Commissaire", "unit": "PJ Rabat"}},
    )
    assert made.status_code == 201 and made.json()["status"] == "pending_approval"
    nomination_id = made.json()["id"]
    refused = _post(officer, f"/training/nominations/{nomination_id}/approve", {})
    assert refused.status_code == 403
    approved = _post(supervisor, f"/training/nominations/{nomination_id}/approve", {})
    assert approved.json() == {"id": nomination_id, "status": "submitted"}


def test_a_supervisor_approving_their_own_nomination_gets_a_403_and_it_still_waits(
    supervisor: Any, fr_session: Any
) -> None:
    """Four eyes is a question of who acts, not of bad input: 403, as for a bulletin's author."""
    made = _post(
        supervisor,
        f"/training/sessions/{fr_session.id}/nominations",
        {"participant": {"name": "Karim Fictif", "rank": "Commissaire", "unit": "PJ Rabat"}},
    )
    nomination_id = made.json()["id"]
    refused = _post(supervisor, f"/training/nominations/{nomination_id}/approve", {})
    assert refused.status_code == 403
    assert "another supervisor" in refused.json()["detail"]
    assert Nomination.objects.get(id=nomination_id).status == "pending_approval"


def test_a_nomination_without_a_name_is_a_422_and_nothing_is_created(
    officer: Any, fr_session: Any
) -> None:
    answer = _post(
        officer,
        f"/training/sessions/{fr_session.id}/nominations",
        {"participant": {"name": " ", "rank": "Commissaire", "unit": "PJ"}},
    )
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "name"]
    assert not Nomination.objects.exists()


def test_accepting_beyond_the_partner_seats_is_a_422(supervisor: Any, ma_session: Any) -> None:
    nominations = [fr_nomination(ma_session, f"{n} Test") for n in "ABC"]
    for n in nominations[:2]:
        ok = _post(supervisor, f"/training/nominations/{n.id}/decision", {"decision": "accept"})
        assert ok.json()["status"] == "accepted"
    third = _post(
        supervisor, f"/training/nominations/{nominations[2].id}/decision", {"decision": "accept"}
    )
    assert third.status_code == 422
    assert "seats" in third.json()["detail"][0]["msg"]
    nominations[2].refresh_from_db()
    assert nominations[2].status == "submitted"


def test_the_nominating_agency_cannot_decide_on_its_own_nomination(
    officer: Any, supervisor: Any, fr_session: Any
) -> None:
    made = _post(
        officer,
        f"/training/sessions/{fr_session.id}/nominations",
        {"participant": {"name": "Karim Fictif", "rank": "Commissaire", "unit": "PJ"}},
    )
    answer = _post(
        supervisor, f"/training/nominations/{made.json()['id']}/decision", {"decision": "accept"}
    )
    assert answer.status_code == 403


def test_attendance_and_certificate_then_verification_by_code(
    supervisor: Any, ma_session: Any, analyst: Any
) -> None:
    nomination = fr_nomination(ma_session)
    _post(supervisor, f"/training/nominations/{nomination.id}/decision", {"decision": "accept"})
    attendance = _post(
        supervisor,
        f"/training/sessions/{ma_session.id}/attendance",
        {
            "day": ma_session.starts_on.isoformat(),
            "records": [{"nomination": str(nomination.id), "present": True}],
        },
    )
    assert attendance.json()["recorded"] == 1
    issued = _post(supervisor, f"/training/nominations/{nomination.id}/certificate", {})
    assert issued.status_code == 201
    code = issued.json()["code"]
    checked = Client().get(f"/api/v1/training/certificates/{code}", **_auth(analyst))
    assert checked.status_code == 200
    assert checked.json()["participant"] == "Julien Testard" and checked.json()["valid"]


def test_an_unknown_certificate_code_is_a_translated_422(analyst: Any, agencies: Any) -> None:
    answer = Client().get("/api/v1/training/certificates/ZZZZ-ZZZZ-ZZZZ", **_auth(analyst, "ar"))
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["msg"] == "لا توجد شهادة بهذا الرمز للتحقق."


def test_assistance_through_the_api_with_a_bad_rating(
    officer: Any, supervisor: Any, fr_partner: Any
) -> None:
    made = _post(
        officer,
        "/assistance",
        {
            "kind": "forensic",
            "description": "Analyse de téléphones (fictif)",
            "provider": "FR-DGPN",
            "need_by": (bounds.today() + dt.timedelta(days=20)).isoformat(),
        },
    )
    assert made.status_code == 201 and made.json()["status"] == "needs_assessment"
    request_id = made.json()["id"]
    wrong_side = _post(supervisor, f"/assistance/{request_id}/offer", {"what": "x"})
    assert wrong_side.status_code == 422
    closing = _post(officer, f"/assistance/{request_id}/close", {"rating": 7})
    assert closing.status_code == 422 and closing.json()["detail"][0]["loc"] == ["body", "rating"]
    assert AssistanceRequest.objects.get(id=request_id).status == "needs_assessment"


def test_an_analyst_cannot_ask_for_assistance_through_the_api(
    analyst: Any, fr_partner: Any
) -> None:
    answer = _post(
        analyst,
        "/assistance",
        {"kind": "cyber", "description": "x", "provider": "FR-DGPN", "need_by": "2030-01-01"},
    )
    assert answer.status_code == 403
    assert not AssistanceRequest.objects.exists()
