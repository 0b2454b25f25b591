"""Who may do what on which training record (object rules, ``rules`` package)."""

from __future__ import annotations

from typing import Any

import rules

from jisr.core.predicates import has_agency, holds, predicate
from jisr.training.permissions import (
    AGREE_ASSISTANCE,
    APPROVE_NOMINATION,
    APPROVE_NOMINATIONS,
    DECIDE_NOMINATION,
    HANDLE_ASSISTANCE,
    MANAGE_COURSE,
    MANAGE_TRAINING,
    NOMINATE,
    NOMINATE_TO_SESSION,
    REVOKE_CERTIFICATE,
    REVOKE_CERTIFICATES,
    VIEW_TRAINING,
)


@predicate
def offers_course(user: Any, course: Any) -> bool:
    """The course (or a session's course) is this node's own and the user's agency's."""
    if course is None or user.agency_id is None:
        return False
    course = getattr(course, "course", course)
    return bool(course.owner_id == user.agency_id and course.owner.is_own)


@predicate
def partner_session(user: Any, session: Any) -> bool:
    """A partner's session opened to the user's agency."""
    if session is None or user.agency_id is None:
        return False
    return bool(
        session.partner_id == user.agency_id
        and session.course.owner_id != user.agency_id
        and session.status == "open"
    )


@predicate
def own_nomination_by_someone_else(user: Any, nomination: Any) -> bool:
    """The user's agency nominated, and the user is not the nominator (four eyes)."""
    if nomination is None or user.agency_id is None:
        return False
    return bool(
        nomination.agency_id == user.agency_id
        and nomination.agency.is_own
        and nomination.nominated_by_id != user.pk
    )


@predicate
def nomination_to_our_session(user: Any, nomination: Any) -> bool:
    return nomination is not None and bool(offers_course(user, nomination.session.course))


@predicate
def issued_by_own_agency(user: Any, certificate: Any) -> bool:
    """The certificate was issued here, by the user's agency."""
    if certificate is None or user.agency_id is None:
        return False
    return bool(certificate.owner_id == user.agency_id and certificate.owner.is_own)


rules.add_perm(VIEW_TRAINING, holds(VIEW_TRAINING) & has_agency)
rules.add_perm(MANAGE_TRAINING, holds(MANAGE_TRAINING) & has_agency)
rules.add_perm(NOMINATE, holds(NOMINATE) & has_agency)
rules.add_perm(APPROVE_NOMINATIONS, holds(APPROVE_NOMINATIONS) & has_agency)
rules.add_perm(HANDLE_ASSISTANCE, holds(HANDLE_ASSISTANCE) & has_agency)
rules.add_perm(AGREE_ASSISTANCE, holds(AGREE_ASSISTANCE) & has_agency)
rules.add_perm(MANAGE_COURSE, holds(MANAGE_TRAINING) & offers_course)
rules.add_perm(NOMINATE_TO_SESSION, holds(NOMINATE) & partner_session)
rules.add_perm(APPROVE_NOMINATION, holds(APPROVE_NOMINATIONS) & own_nomination_by_someone_else)
rules.add_perm(DECIDE_NOMINATION, holds(MANAGE_TRAINING) & nomination_to_our_session)
rules.add_perm(REVOKE_CERTIFICATES, holds(REVOKE_CERTIFICATES) & has_agency)
rules.add_perm(REVOKE_CERTIFICATE, holds(REVOKE_CERTIFICATES) & issued_by_own_agency)
