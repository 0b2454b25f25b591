"""The offering side: courses, sessions, attendance, results, evaluations, certificates."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jisr.accounts.models import Agency
from jisr.audit.services import audit_record
from jisr.core import bounds, clock
from jisr.core.access import require_perm
from jisr.training import federation
from jisr.training.actions import TrainingAction
from jisr.training.models import (
    Attendance,
    Certificate,
    Course,
    Evaluation,
    Nomination,
    TrainingSession,
)
from jisr.training.permissions import MANAGE_COURSE, MANAGE_TRAINING, REVOKE_CERTIFICATE
from jisr.training.reference import (
    LANGUAGES,
    Domain,
    Format,
    InstructionLanguage,
    NominationStatus,
    Result,
    SessionStatus,
)
from jisr.training.services.common import number, own, reason_text, text
from jisr.training.services.deadlines import session_deadlines_set

MAX_DAYS = 365
MAX_SEATS = 500
#: A session is planned at most this many years ahead.
YEARS_AHEAD = 5


def course_create(
    *,
    acting_user: Any,
    titles: dict[str, str],
    descriptions: dict[str, str] | None = None,
    domain: str,
    format: str,
    duration_days: Any,
    languages: list[str],
    prerequisites: str = "",
    seats_per_session: Any,
    published: bool = True,
) -> Course:
    """An agency offers a course; published, it is replicated to every partner."""
    require_perm(acting_user, MANAGE_TRAINING)
    errors: dict[str, list[str]] = {}
    descriptions = descriptions or {}
    clean_titles = {
        lang: text(errors, "title", titles.get(lang), bounds.MAX_NAME) for lang in LANGUAGES
    }
    if not any(clean_titles.values()):
        errors.setdefault("title", []).append(_("Give the title in at least one language."))
    clean_descriptions = {
        lang: text(errors, "description", descriptions.get(lang), bounds.MAX_LONG_TEXT)
        for lang in LANGUAGES
    }
    if domain not in Domain.values:
        errors["domain"] = [_("Choose a domain from the list.")]
    if format not in Format.values:
        errors["format"] = [_("Choose a format: residential, on site or online.")]
    days = number(errors, "duration_days", duration_days, 1, MAX_DAYS)
    seats = number(errors, "seats_per_session", seats_per_session, 1, MAX_SEATS)
    langs = list(dict.fromkeys(languages or []))
    if not langs or any(lang not in InstructionLanguage.values for lang in langs):
        errors["languages"] = [_("Choose the languages of instruction from the list.")]
    prerequisites = text(errors, "prerequisites", prerequisites, bounds.MAX_LONG_TEXT)
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    with transaction.atomic():
        course = Course.objects.create(
            owner=own(),
            **{f"title_{lang}": value for lang, value in clean_titles.items()},
            **{f"description_{lang}": value for lang, value in clean_descriptions.items()},
            domain=domain,
            format=format,
            duration_days=days,
            languages=langs,
            prerequisites=prerequisites,
            seats_per_session=seats,
            published=bool(published),
            created_by=acting_user,
            created_at=now,
            updated_at=now,
        )
        audit_record(acting_user, TrainingAction.COURSE_CREATE, target=course)
        federation.share_course(course)
    return course


def course_set_published(*, acting_user: Any, course: Course, published: bool) -> Course:
    """Publish a course to the partners, or withdraw it from their catalogue."""
    require_perm(
        acting_user, MANAGE_COURSE, _("Only the offering agency can change it."), obj=course
    )
    with transaction.atomic():
        was = course.published
        course.published = bool(published)
        course.version += 1
        course.updated_at = clock.now()
        course.save(update_fields=["published", "version", "updated_at"])
        audit_record(
            acting_user,
            TrainingAction.COURSE_UPDATE,
            target=course,
            extra={"changes": {"published": [was, course.published]}},
        )
        federation.share_course(course, withdrawn_too=was and not course.published)
    return course


def _session_day(errors: dict[str, list[str]], field: str, value: Any) -> dt.date | None:
    if not isinstance(value, dt.date):
        errors[field] = [_("Give a date.")]
        return None
    first = bounds.today() - dt.timedelta(days=366)
    last = bounds.today().replace(day=1, year=bounds.today().year + YEARS_AHEAD)
    if not first <= value <= last:
        errors[field] = [
            _("A session date must be between %(first)s and %(last)s.")
            % {"first": first.isoformat(), "last": last.isoformat()}
        ]
        return None
    return value


def session_create(
    *,
    acting_user: Any,
    course: Course,
    starts_on: Any,
    ends_on: Any,
    place: str = "",
    link: str = "",
    trainers: str = "",
    seats: Any,
    partner: Agency | None = None,
    partner_seats: Any = 0,
    nomination_deadline: Any = None,
) -> TrainingSession:
    """Open a session of one of our courses, with a quota of seats for a partner."""
    require_perm(acting_user, MANAGE_TRAINING)
    require_perm(
        acting_user, MANAGE_COURSE, _("Only the offering agency can open a session."), obj=course
    )
    errors: dict[str, list[str]] = {}
    start = _session_day(errors, "start", starts_on)
    end = _session_day(errors, "end", ends_on)
    if start and end and end < start:
        errors["end"] = [_("A session cannot end before it starts.")]
    place = text(errors, "place", place, bounds.MAX_SHORT_TEXT)
    link = text(errors, "link", link, bounds.MAX_SHORT_TEXT)
    if link and not link.startswith(("https://", "http://")):
        errors["link"] = [_("A link starts with https:// or http://.")]
    if not place and not link:
        errors["place"] = [_("Give a place, or a link for an online session.")]
    trainers = text(errors, "trainers", trainers, bounds.MAX_SHORT_TEXT)
    total = number(errors, "seats", seats, 1, MAX_SEATS)
    quota = number(errors, "partner_seats", partner_seats, 0, MAX_SEATS)
    if "seats" not in errors and "partner_seats" not in errors and quota > total:
        errors["partner_seats"] = [_("The partner's seats cannot exceed the session's seats.")]
    if partner is not None and partner.is_own:
        errors["partner"] = [_("A session is opened to a partner agency, not to our own.")]
    if partner is None and quota:
        errors["partner"] = [_("Say which partner agency the seats are for.")]
    deadline = None
    if nomination_deadline is not None:
        if not isinstance(nomination_deadline, dt.date):
            errors["nomination_deadline"] = [_("Give a date.")]
        elif start and not bounds.today() <= nomination_deadline <= start:
            errors["nomination_deadline"] = [
                _("The nomination deadline is between today and the first day.")
            ]
        else:
            deadline = nomination_deadline
    if errors:
        raise ValidationError(errors)
    assert start is not None and end is not None
    with transaction.atomic():
        session = TrainingSession.objects.create(
            course=course,
            starts_on=start,
            ends_on=end,
            place=place,
            link=link,
            trainers=trainers,
            seats=total,
            partner=partner,
            partner_seats=quota,
            nomination_deadline=deadline,
            created_at=clock.now(),
        )
        audit_record(
            acting_user,
            TrainingAction.SESSION_CREATE,
            target=session,
            extra={"course": str(course.id), "partner_seats": quota},
        )
        session_deadlines_set(session)
        federation.share_session(session)
    return session


def session_set_status(*, acting_user: Any, session: TrainingSession, status: str) -> None:
    require_perm(
        acting_user, MANAGE_COURSE, _("Only the offering agency can change it."), obj=session
    )
    if status not in SessionStatus.values:
        raise ValidationError({"status": [_("Choose a status.")]})
    with transaction.atomic():
        old = session.status
        session.status = status
        session.version += 1
        session.save(update_fields=["status", "version"])
        audit_record(
            acting_user,
            TrainingAction.SESSION_DELIVERED
            if status == SessionStatus.DELIVERED
            else TrainingAction.COURSE_UPDATE,
            target=session,
            extra={"changes": {"status": [old, status]}},
        )
        federation.share_session(session)


def _accepted(session: TrainingSession, nomination_id: Any) -> Nomination:
    nomination = session.nominations.filter(
        id=nomination_id, status=NominationStatus.ACCEPTED
    ).first()
    if nomination is None:
        raise ValidationError(
            {"nomination": [_("This participant is not accepted in the session.")]}
        )
    return nomination


def attendance_record(
    *, acting_user: Any, session: TrainingSession, day: Any, present: dict[str, bool]
) -> int:
    """Attendance for one day: ``present`` maps each accepted nomination's id to a flag."""
    require_perm(
        acting_user, MANAGE_COURSE, _("Only the offering agency records attendance."), obj=session
    )
    errors: dict[str, list[str]] = {}
    if not isinstance(day, dt.date) or day not in session.days:
        errors["day"] = [_("Choose a day of the session.")]
    if not present:
        errors["records"] = [_("Record at least one participant.")]
    if errors:
        raise ValidationError(errors)
    rows = [(_accepted(session, key), bool(flag)) for key, flag in present.items()]
    now = clock.now()
    with transaction.atomic():
        for nomination, flag in rows:
            Attendance.objects.update_or_create(
                nomination=nomination,
                day=day,
                defaults={"present": flag, "recorded_by": acting_user, "recorded_at": now},
            )
        audit_record(
            acting_user,
            TrainingAction.ATTENDANCE_RECORD,
            target=session,
            extra={"day": day.isoformat(), "records": len(rows)},
        )
    return len(rows)


def result_record(*, acting_user: Any, nomination: Nomination, result: str) -> Nomination:
    session = nomination.session
    require_perm(acting_user, MANAGE_COURSE, _("Only the offering agency assesses."), obj=session)
    _accepted(session, nomination.id)
    if result not in Result.values:
        raise ValidationError({"result": [_("Choose a result.")]})
    with transaction.atomic():
        old = nomination.result
        nomination.result = result
        nomination.save(update_fields=["result"])
        audit_record(
            acting_user,
            TrainingAction.RESULT_RECORD,
            target=nomination,
            extra={"changes": {"result": [old, result]}},
        )
    return nomination


def evaluation_record(
    *,
    acting_user: Any,
    nomination: Nomination,
    content: Any,
    trainers: Any,
    organisation: Any,
    comment: str = "",
) -> Evaluation:
    """A participant's evaluation form, typed in by the offering agency."""
    session = nomination.session
    require_perm(acting_user, MANAGE_COURSE, _("Only the offering agency records it."), obj=session)
    _accepted(session, nomination.id)
    errors: dict[str, list[str]] = {}
    scores = {
        name: number(errors, name, value, 1, 5)
        for name, value in (
            ("content", content),
            ("trainers", trainers),
            ("organisation", organisation),
        )
    }
    comment = text(errors, "comment", comment, bounds.MAX_LONG_TEXT)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        evaluation, _created = Evaluation.objects.update_or_create(
            nomination=nomination,
            defaults={**scores, "comment": comment, "recorded_at": clock.now()},
        )
        audit_record(acting_user, TrainingAction.EVALUATION_RECORD, target=session)
    return evaluation


def _new_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    while True:
        raw = "".join(secrets.choice(alphabet) for _ in range(12))
        code = f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
        if not Certificate.objects.filter(code=code).exists():
            return code


def certificate_issue(*, acting_user: Any, nomination: Nomination) -> Certificate:
    """A certificate for an accepted participant who attended and did not fail."""
    session = nomination.session
    require_perm(
        acting_user, MANAGE_COURSE, _("Only the offering agency issues certificates."), obj=session
    )
    _accepted(session, nomination.id)
    existing = Certificate.objects.filter(nomination=nomination).first()
    if existing is not None:
        return existing
    if not nomination.attendance.filter(present=True).exists():
        raise ValidationError(
            {"nomination": [_("Record the participant's attendance before the certificate.")]}
        )
    if nomination.result == Result.FAILED:
        raise ValidationError({"nomination": [_("A participant who failed gets no certificate.")]})
    course = session.course
    with transaction.atomic():
        certificate = Certificate.objects.create(
            nomination=nomination,
            owner=course.owner,
            participant_agency=nomination.agency,
            code=_new_code(),
            participant_name=nomination.participant_name,
            participant_rank=nomination.rank,
            course_title_ar=course.title_ar,
            course_title_fr=course.title_fr,
            course_title_en=course.title_en,
            starts_on=session.starts_on,
            ends_on=session.ends_on,
            duration_days=course.duration_days,
            result=nomination.result,
            issued_at=clock.now(),
        )
        audit_record(
            acting_user,
            TrainingAction.CERTIFICATE_ISSUE,
            target=certificate,
            recipient=nomination.agency.code,
        )
        federation.share_certificate(certificate)
    return certificate


def certificate_downloaded(*, acting_user: Any, certificate: Certificate, lang: str) -> None:
    audit_record(
        acting_user,
        TrainingAction.CERTIFICATE_DOWNLOAD,
        target=certificate,
        extra={"language": lang},
    )


def certificate_checked(*, acting_user: Any, code: str, found: bool) -> None:
    audit_record(
        acting_user,
        TrainingAction.CERTIFICATE_VERIFY,
        target=("training.certificate", code[:32]),
        extra={"found": found},
    )


def certificate_revoke(*, acting_user: Any, certificate: Certificate, reason: str) -> Certificate:
    """The issuing agency's supervisor revokes a certificate, with a reason; the partner's copy
    follows, so the code answers "revoked on ... because ..." on both nodes."""
    require_perm(
        acting_user,
        REVOKE_CERTIFICATE,
        _("Only a supervisor of the issuing agency revokes a certificate."),
        obj=certificate,
    )
    errors: dict[str, list[str]] = {}
    reason = reason_text(
        errors, reason, required=True, message=_("Give the reason for the revocation.")
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.revoked:
            raise ValidationError({"code": [_("This certificate is already revoked.")]})
        locked.revoked = True
        locked.revoked_at = clock.now()
        locked.revoked_reason = reason
        locked.version += 1
        locked.save(update_fields=["revoked", "revoked_at", "revoked_reason", "version"])
        audit_record(
            acting_user,
            TrainingAction.CERTIFICATE_REVOKE,
            target=locked,
            recipient=locked.participant_agency.code,
        )
        federation.share_certificate(locked)
    return locked
