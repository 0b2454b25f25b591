"""Accreditation screening"""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from jisr.audit.actions import AuditAction
from jisr.audit.services import audit_record
from jisr.core import clock
from jisr.core.access import require_perm
from jisr.events.accreditation_file import ListError, read_list
from jisr.events.models import (
    AccreditationCandidate,
    AccreditationList,
    AccreditedPerson,
    Event,
)
from jisr.events.permissions import SCREEN_ACCREDITATIONS

log = logging.getLogger(__name__)

# -- accreditation screening --------------------------------------------------------------


def accreditation_upload(
    *, acting_user: Any, event: Event, filename: str, content: bytes, purpose: str
) -> AccreditationList:
    """Read the whole list; a malformed list raises ValidationError line by line, nothing is kept."""
    require_perm(acting_user, SCREEN_ACCREDITATIONS)
    if not purpose.strip():
        raise ValidationError({"purpose": [_("Give the purpose of this screening.")]})
    try:
        rows = read_list(filename, content)
    except ListError as exc:
        raise ValidationError({"file": [str(e) for e in exc.errors[:500]]}) from exc
    with transaction.atomic():
        acc = AccreditationList.objects.create(
            event=event,
            filename=filename[:200],
            purpose=purpose.strip(),
            uploaded_by=acting_user,
            uploaded_at=clock.now(),
            total=len(rows),
        )
        AccreditedPerson.objects.bulk_create(
            (
                AccreditedPerson(
                    accreditation_list=acc,
                    line=r.line,
                    full_name=r.full_name,
                    birth_date=r.birth_date,
                    nationality=r.nationality,
                    category=r.category,
                    organisation=r.organisation,
                )
                for r in rows
            ),
            batch_size=2000,
        )
        audit_record(
            acting_user,
            AuditAction.ACCREDITATION_UPLOAD,
            target=acc,
            justification=acc.purpose,
            extra={"event": str(event.id), "people": len(rows)},
        )
    return acc


LEASE = dt.timedelta(seconds=60)


def _claim_list() -> AccreditationList | None:
    """Claim one list to screen: queued, or running with an expired lease (a worker died).

    The attempt is counted and committed before the work and cleared once a slice is
    saved, so a list on which the worker dies or fails again and again is marked
    failed after ``JISR_BATCH_MAX_ATTEMPTS`` tries (as batch screening jobs are).
    """
    now = clock.now()
    with transaction.atomic():
        qs = AccreditationList.objects.filter(status__in=["queued", "running"]).exclude(
            leased_until__gt=now
        )
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        acc = qs.order_by("uploaded_at").first()
        if acc is None:
            return None
        if acc.attempts >= settings.JISR_BATCH_MAX_ATTEMPTS:
            _fail(acc, f"stopped:{acc.attempts}")
            return None
        acc.status = AccreditationList.Status.RUNNING
        acc.leased_until = now + LEASE
        acc.started_at = acc.started_at or now
        acc.attempts += 1
        acc.save(update_fields=["status", "leased_until", "started_at", "attempts"])
    return acc


def _fail(acc: AccreditationList, reason: str) -> None:
    """Stop screening a list for good, with the reason shown on the event's page.

    ``reason`` is a code, shown in each reader's language (``AccreditationList.failure_text``).
    """
    acc.status = AccreditationList.Status.FAILED
    acc.failure_reason = reason[:300]
    acc.finished_at = clock.now()
    acc.leased_until = None
    AccreditationList.objects.filter(pk=acc.pk).update(
        status=acc.status,
        failure_reason=acc.failure_reason,
        finished_at=acc.finished_at,
        leased_until=None,
    )
    log.warning("accreditation list %s failed: %s", acc.pk, reason)


def screening_step(*, budget_seconds: float = 1.0, batch: int = 500) -> AccreditationList | None:
    """Screen the next slice of a claimed list for about ``budget_seconds``; progress goes in the row.

    Short slices keep the worker's other tasks (the outbox relay) responsive.
    """
    from jisr.events.screening import refresh_alert_index

    acc = _claim_list()
    if acc is None:
        return None
    refresh_alert_index()
    deadline = time.monotonic() + budget_seconds
    try:
        _screen_slices(acc, deadline, batch)
    except Exception:
        acc.refresh_from_db(fields=["attempts"])  # 0 once a slice of this step was saved
        log.exception("accreditation list %s: slice failed (attempt %d)", acc.pk, acc.attempts)
        if acc.attempts >= settings.JISR_BATCH_MAX_ATTEMPTS:
            _fail(acc, "failed")
    finally:
        # Release the lease so the next tick (of any worker) continues.
        AccreditationList.objects.filter(pk=acc.pk, status="running").update(leased_until=None)
    acc.refresh_from_db()
    return acc


def _screen_slices(acc: AccreditationList, deadline: float, batch: int) -> None:
    from jisr.events.screening import alert_candidates, remember_rejections
    from jisr.matching import Person

    while True:
        people = list(
            AccreditedPerson.objects.filter(accreditation_list=acc, screened=False).order_by(
                "line"
            )[:batch]
        )
        if not people:
            _finish(acc)
            break
        found: list[AccreditationCandidate] = []
        clear_ids: list[int] = []
        review_ids: list[int] = []
        for p in people:
            query = Person(
                str(p.pk),
                [p.full_name],
                p.birth_date or None,
                [p.nationality] if p.nationality else [],
            )
            matches = alert_candidates(query)
            if matches:
                remember_rejections(p, matches)
                review_ids.append(p.pk)
                found.extend(
                    AccreditationCandidate(
                        person=p,
                        alert_id=m.alert_id,
                        alert_owner=m.owner,
                        score=m.score,
                        explanation=m.explanation,
                    )
                    for m in matches
                )
            else:
                clear_ids.append(p.pk)
        with transaction.atomic():
            AccreditationCandidate.objects.bulk_create(found, batch_size=1000)
            AccreditedPerson.objects.filter(pk__in=clear_ids).update(
                screened=True, decision="accredit"
            )
            AccreditedPerson.objects.filter(pk__in=review_ids).update(screened=True)
            AccreditationList.objects.filter(pk=acc.pk).update(
                processed=F("processed") + len(people),
                candidates=F("candidates") + len(review_ids),
                leased_until=clock.now() + LEASE,
                attempts=0,
            )
        if time.monotonic() >= deadline:
            break


def _finish(acc: AccreditationList) -> None:
    with transaction.atomic():
        acc.refresh_from_db()
        acc.status = AccreditationList.Status.DONE
        acc.finished_at = clock.now()
        acc.leased_until = None
        acc.save(update_fields=["status", "finished_at", "leased_until"])
        audit_record(
            "system",
            AuditAction.ACCREDITATION_SCREEN,
            target=acc,
            justification=acc.purpose,
            extra={"people": acc.total, "with_candidates": acc.candidates},
        )


def candidate_decide(
    *, acting_user: Any, candidate: AccreditationCandidate, decision: str, reason: str
) -> AccreditationCandidate:
    """Human review of one candidate: ``cleared`` or ``flagged``, always with a reason.

    Flagging starts the hit workflow with the alert's owner and refuses the accreditation;
    when every candidate of a person is cleared, the person is accredited.
    """
    require_perm(acting_user, SCREEN_ACCREDITATIONS)
    errors: dict[str, list[str]] = {}
    if decision not in ("cleared", "flagged"):
        errors["decision"] = [_("Choose cleared or flagged.")]
    if not reason.strip():
        errors["reason"] = [_("Give the reason for this decision.")]
    if candidate.status != AccreditationCandidate.Status.PENDING:
        errors["decision"] = [_("This candidate has already been reviewed.")]
    if errors:
        raise ValidationError(errors)
    person = candidate.person
    event = person.accreditation_list.event
    with transaction.atomic():
        candidate.status = decision
        candidate.reason = reason.strip()
        candidate.decided_by = acting_user
        candidate.decided_at = clock.now()
        if decision == "flagged":
            from jisr.events.screening import start_hit_for_flagged

            candidate.hit_id = start_hit_for_flagged(
                acting_user=acting_user,
                alert_id=candidate.alert_id,
                circumstances=_("Accreditation screening for %(event)s: %(reason)s")
                % {"event": event.name, "reason": candidate.reason},
                location=_("Accreditation for %(event)s (%(category)s, %(organisation)s)")
                % {
                    "event": event.name,
                    "category": person.get_category_display(),
                    "organisation": person.organisation or "-",
                },
            )
        candidate.save()
        if decision == "cleared":
            from jisr.events.screening import rejection_for_cleared

            rejection_for_cleared(acting_user=acting_user, candidate=candidate)
        audit_record(
            acting_user,
            AuditAction.ACCREDITATION_FLAGGED
            if decision == "flagged"
            else AuditAction.ACCREDITATION_CLEARED,
            target=candidate,
            justification=candidate.reason,
            recipient=candidate.alert_owner if decision == "flagged" else "",
            extra={"alert": candidate.alert_id, "person": person.pk, "hit": candidate.hit_id},
        )
        remaining = person.candidates.exclude(pk=candidate.pk)
        if decision == "flagged" or remaining.filter(status="flagged").exists():
            person.decision = AccreditedPerson.Decision.REFUSE
        elif not remaining.filter(status="pending").exists():
            person.decision = AccreditedPerson.Decision.ACCREDIT
        person.save(update_fields=["decision"])
    return candidate
