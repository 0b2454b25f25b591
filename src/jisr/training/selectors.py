"""Reads of the training module, with their access checks."""

from __future__ import annotations

from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.http import Http404

from jisr.core.access import require_perm, uuid_or_404
from jisr.training.models import (
    AssistanceRequest,
    Certificate,
    Course,
    Nomination,
    TrainingSession,
)
from jisr.training.permissions import APPROVE_NOMINATIONS, VIEW_TRAINING
from jisr.training.reference import NominationStatus


def courses_visible_to(user: Any) -> QuerySet[Course]:
    """Our agency's courses, and the partners' published ones."""
    require_perm(user, VIEW_TRAINING)
    return (
        Course.objects.filter(Q(owner_id=user.agency_id) | Q(published=True))
        .select_related("owner")
        .annotate(session_count=Count("sessions"))
    )


def access_course_for_view(course_id: Any, user: Any) -> Course:
    course = courses_visible_to(user).filter(id=uuid_or_404(course_id)).first()
    if course is None:
        raise Http404
    return course


def sessions_visible_to(user: Any) -> QuerySet[TrainingSession]:
    """Sessions of our courses, and the partners' sessions opened to our agency."""
    require_perm(user, VIEW_TRAINING)
    return TrainingSession.objects.filter(
        Q(course__owner_id=user.agency_id) | Q(partner_id=user.agency_id, course__published=True)
    ).select_related("course__owner", "partner")


def access_session_for_view(session_id: Any, user: Any) -> TrainingSession:
    session = sessions_visible_to(user).filter(id=uuid_or_404(session_id)).first()
    if session is None:
        raise Http404
    return session


def nominations_for_session(session: TrainingSession, user: Any) -> QuerySet[Nomination]:
    """The offering agency sees the nominations it received; a partner sees its own."""
    rows = session.nominations.select_related("agency", "nominated_by", "approved_by")
    if session.course.owner_id == user.agency_id:
        return rows.exclude(
            status__in=[NominationStatus.PENDING_APPROVAL, NominationStatus.REFUSED]
        ).prefetch_related("attendance")
    return rows.filter(agency_id=user.agency_id)


def access_nomination(nomination_id: Any, user: Any) -> Nomination:
    """A nomination of our agency, or one made to our session."""
    require_perm(user, VIEW_TRAINING)
    nomination = (
        Nomination.objects.select_related("session__course__owner", "agency")
        .filter(
            Q(agency_id=user.agency_id) | Q(session__course__owner_id=user.agency_id),
            id=uuid_or_404(nomination_id),
        )
        .first()
    )
    if nomination is None:
        raise Http404
    return nomination


def nominations_to_approve(user: Any) -> QuerySet[Nomination]:
    """Our agency's nominations waiting for a supervisor other than their nominator."""
    require_perm(user, APPROVE_NOMINATIONS)
    return (
        Nomination.objects.filter(
            agency_id=user.agency_id,
            agency__is_own=True,
            status=NominationStatus.PENDING_APPROVAL,
        )
        .exclude(nominated_by=user)
        .select_related("session__course__owner", "nominated_by")
    )


def evaluation_summary(session: TrainingSession) -> dict[str, Any]:
    """The session's evaluations, aggregated (never one participant's answers)."""
    return dict(
        Nomination.objects.filter(session=session, evaluation__isnull=False).aggregate(
            forms=Count("evaluation"),
            content=Avg("evaluation__content"),
            trainers=Avg("evaluation__trainers"),
            organisation=Avg("evaluation__organisation"),
        )
    )


def assistance_visible_to(user: Any) -> QuerySet[AssistanceRequest]:
    require_perm(user, VIEW_TRAINING)
    return AssistanceRequest.objects.filter(
        Q(requester_id=user.agency_id) | Q(provider_id=user.agency_id)
    ).select_related("requester", "provider")


def access_assistance(request_id: Any, user: Any) -> AssistanceRequest:
    request = assistance_visible_to(user).filter(id=uuid_or_404(request_id)).first()
    if request is None:
        raise Http404
    return request


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate with this code, issued here or a partner's copy held here."""
    code = (code or "").strip().upper()
    if not code or len(code) > 32:
        return None
    return (
        Certificate.objects.select_related("owner", "participant_agency").filter(code=code).first()
    )


def linked_event(request: AssistanceRequest) -> Any:
    """The major event the request supports, when its copy is on this node."""
    if request.event_id is None:
        return None
    from jisr.events.models import Event

    return Event.objects.filter(id=request.event_id).prefetch_related("deployments__agency").first()
