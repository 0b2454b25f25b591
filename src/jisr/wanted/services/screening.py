"""Screening people against the register"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jisr.accounts.models import User
from jisr.audit.actions import AuditAction
from jisr.audit.services import audit_record
from jisr.core import clock
from jisr.core.access import require_perm
from jisr.matching import Person
from jisr.wanted import rejections
from jisr.wanted.models import Screening
from jisr.wanted.permissions import SCREEN_PERSONS
from jisr.wanted.register_index import register_index
from jisr.wanted.services.common import SCREEN_TOP
from jisr.wanted.subjects import clean_subject, read_batch

log = logging.getLogger("jisr.wanted")

# -- screening -----------------------------------------------------------------


def _screen_one(
    subject: dict[str, Any], *, top: int = SCREEN_TOP, refresh: bool = True
) -> list[dict[str, Any]]:
    person = Person(
        "query", subject["names"], subject.get("birth_date") or None, subject.get("nationality", [])
    )
    candidates = [
        {
            "alert_id": match.id,
            "owner": entry.owner,
            "score": round(match.score, 4),
            "explanation": match.explanation,
        }
        for match, entry in register_index().search(
            person, active_only=True, top=top, refresh=refresh
        )
    ]
    return rejections.annotate(subject, candidates) if candidates else candidates


def _clean_purpose(purpose: str) -> str:
    purpose = (purpose or "").strip()
    if len(purpose) < 3:
        raise ValidationError(
            {"purpose": _("Give the purpose: a case reference or a justification.")}
        )
    if len(purpose) > 500:
        raise ValidationError({"purpose": _("This text is too long.")})
    return purpose


def screening_run(*, acting_user: User, purpose: str, subjects: list[Any]) -> Screening:
    """Screen a few persons now against own active alerts and partner copies."""
    require_perm(acting_user, SCREEN_PERSONS, _("You may not screen persons."))
    purpose = _clean_purpose(purpose)
    if not subjects:
        raise ValidationError({"subjects": _("Give at least one person to screen.")})
    if len(subjects) > 100:
        raise ValidationError({"subjects": _("Use a batch upload for more than 100 persons.")})
    cleaned: list[dict[str, Any]] = []
    errors: dict[str, str] = {}
    for i, subject in enumerate(subjects):
        try:
            cleaned.append(clean_subject(subject))
        except ValueError as exc:
            errors[f"subjects.{i}"] = str(exc)
    if errors:
        raise ValidationError(errors)
    results = [{"subject": i, "candidates": _screen_one(s)} for i, s in enumerate(cleaned)]
    with transaction.atomic():
        screening = Screening.objects.create(
            user=acting_user,
            purpose=purpose,
            kind=Screening.Kind.SINGLE,
            subjects=cleaned,
            results=results,
            total=len(cleaned),
            progress=len(cleaned),
            hits=sum(1 for r in results if r["candidates"]),
            finished_at=clock.now(),
        )
        audit_record(
            acting_user,
            AuditAction.SCREENING_RUN,
            target=screening,
            justification=purpose,
            extra={"subjects": len(cleaned), "with_candidates": screening.hits},
        )
    return screening


def screening_batch_create(
    *, acting_user: User, purpose: str, filename: str, content: bytes
) -> Screening:
    """Queue a batch file for the worker. A file with any bad line is refused whole."""
    require_perm(acting_user, SCREEN_PERSONS, _("You may not screen persons."))
    purpose = _clean_purpose(purpose)
    subjects, errors = read_batch(filename, content)
    if errors:
        raise ValidationError(
            {
                "file": [
                    _("Line %(line)d: %(message)s") % {"line": e.line, "message": e.message}
                    if e.line
                    else e.message
                    for e in errors
                ]
            }
        )
    with transaction.atomic():
        screening = Screening.objects.create(
            user=acting_user,
            purpose=purpose,
            kind=Screening.Kind.BATCH,
            status=Screening.JobStatus.QUEUED,
            file_name=filename[:255],
            subjects=subjects,
            total=len(subjects),
        )
        audit_record(
            acting_user,
            AuditAction.SCREENING_BATCH,
            target=screening,
            justification=purpose,
            extra={"file": filename[:255], "subjects": len(subjects)},
        )
    return screening


def screening_batch_step(*, budget_seconds: float = 4.0, chunk: int = 500) -> bool:
    """Worker: advance the oldest queued/running batch by up to ``budget_seconds``.

    Progress is saved after every chunk, so the page's bar moves and a restarted
    worker resumes where it stopped. Returns True when there was work. A worker
    claims the job with a short lease (``SKIP LOCKED`` on PostgreSQL), committed
    before the work with the attempt counted, so several workers never screen the
    same slice and a worker killed mid-slice still leaves its attempt recorded.
    """
    job = _batch_claim(lease_seconds=budget_seconds * 3 + 30)
    if job is None:
        return False
    try:
        _batch_advance(job, budget_seconds=budget_seconds, chunk=chunk)
    except Exception:
        log.exception("batch screening %s: slice failed (attempt %d)", job.pk, job.attempts)
        if job.attempts >= settings.JISR_BATCH_MAX_ATTEMPTS:
            _batch_fail(job, _("the screening failed on the same part of the file again."))
    finally:
        Screening.objects.filter(pk=job.pk).update(leased_until=None)
    return True


def _batch_claim(*, lease_seconds: float) -> Screening | None:
    import datetime as dt

    from django.db.models import Q

    now = clock.now()
    with transaction.atomic():
        job = (
            Screening.objects.select_for_update(skip_locked=True)
            .filter(
                Q(leased_until__isnull=True) | Q(leased_until__lt=now),
                kind=Screening.Kind.BATCH,
                status__in=[Screening.JobStatus.QUEUED, Screening.JobStatus.RUNNING],
            )
            .order_by("created_at")
            .first()
        )
        if job is None:
            return None
        if job.status == Screening.JobStatus.QUEUED:
            job.status = Screening.JobStatus.RUNNING
            job.started_at = now
        if job.attempts >= settings.JISR_BATCH_MAX_ATTEMPTS:
            _batch_fail(
                job,
                ngettext(
                    "the worker stopped %(n)d time on the same part of the file.",
                    "the worker stopped %(n)d times on the same part of the file.",
                    job.attempts,
                )
                % {"n": job.attempts},
            )
            return None
        if (now - (job.started_at or job.created_at)).total_seconds() > (
            settings.JISR_BATCH_MAX_SECONDS
        ):
            _batch_fail(job, _("it took longer than the time allowed for a batch."))
            return None
        # Counted before the work and cleared once a slice is saved: only a worker that
        # dies (or fails) mid-slice leaves it raised, so a poison job is tried a bounded
        # number of times, even across worker restarts.
        job.attempts += 1
        job.leased_until = now + dt.timedelta(seconds=lease_seconds)
        job.save(update_fields=["status", "started_at", "attempts", "leased_until"])
    return job


def _batch_fail(job: Screening, reason: str) -> None:
    """Stop a job for good, with the reason the officer sees on its page."""
    job.status = Screening.JobStatus.FAILED
    job.failure_reason = reason[:300]
    job.finished_at = clock.now()
    Screening.objects.filter(pk=job.pk).update(
        status=job.status, failure_reason=job.failure_reason, finished_at=job.finished_at
    )
    log.warning("batch screening %s failed: %s", job.pk, reason)


def _batch_advance(job: Screening, *, budget_seconds: float, chunk: int) -> None:
    started = time.monotonic()
    results = list(job.results)
    # At least one chunk per call, so a slow machine still makes progress.
    first = True
    while job.progress < job.total and (first or time.monotonic() - started < budget_seconds):
        first = False
        stop = min(job.progress + chunk, job.total)
        register_index().refresh()
        for i in range(job.progress, stop):
            candidates = _screen_one(job.subjects[i], refresh=False)
            results.append({"subject": i, "candidates": candidates})
        job.progress = stop
        job.results = results
        job.hits = sum(1 for r in results if r["candidates"])
        job.attempts = 0
        fields = ["progress", "results", "hits", "attempts"]
        if job.progress >= job.total:
            job.status = Screening.JobStatus.DONE
            job.finished_at = clock.now()
            fields += ["status", "finished_at"]
        Screening.objects.filter(pk=job.pk).update(**{f: getattr(job, f) for f in fields})


def candidate_reject(
    *, acting_user: User, screening: Screening, subject: int, alert_id: str, reason: str
) -> Screening:
    """The officer decides a candidate is not the screened person; it is remembered."""
    require_perm(acting_user, SCREEN_PERSONS, _("You may not screen persons."))
    require_perm(
        acting_user, SCREEN_PERSONS, _("This screening belongs to someone else."), obj=screening
    )
    if not 0 <= subject < len(screening.subjects):
        raise ValidationError({"alert_id": _("This alert is not a candidate of this screening.")})
    person = screening.subjects[subject]
    with transaction.atomic():
        _set_decision(screening, subject, alert_id, "rejected")
        rejections.rejection_record(
            acting_user=acting_user,
            names=person["names"],
            birth_date=person.get("birth_date") or None,
            documents=[person["document"]] if person.get("document") else [],
            alert_id=alert_id,
            reason=reason,
        )
        audit_record(
            acting_user,
            AuditAction.SCREENING_REJECT,
            target=screening,
            justification=reason.strip(),
            extra={"subject": subject, "alert_id": alert_id},
        )
    return screening


def _set_decision(screening: Screening, subject: int, alert_id: str, decision: str) -> None:
    results = screening.results
    found = False
    for row in results:
        if row["subject"] != subject:
            continue
        for cand in row["candidates"]:
            if cand["alert_id"] == alert_id:
                cand["decision"] = decision
                found = True
    if not found:
        raise ValidationError({"alert_id": _("This alert is not a candidate of this screening.")})
    Screening.objects.filter(pk=screening.pk).update(results=results)
