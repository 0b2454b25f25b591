"""Writes of the retention schedule: the agency's periods, the daily run and the reviews."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from jisr.audit.services import audit_record
from jisr.core import clock
from jisr.core.access import require_perm
from jisr.core.retention import RetentionEnd, RetentionKind, retention_kinds
from jisr.privacy import schedule
from jisr.privacy.actions import PrivacyAction
from jisr.privacy.models import (
    RetentionReview,
    RetentionRun,
    RetentionSetting,
    RetentionTally,
)
from jisr.privacy.permissions import ACT_AS_DPO, REVIEW_RETENTION
from jisr.privacy.reference import ReviewStatus

log = logging.getLogger("jisr.privacy")

#: Rows removed per transaction: short transactions, so web requests are never held up.
BATCH_SIZE = 500
#: Review items queued per kind and run, so a long-unreviewed kind does not flood the queue.
REVIEW_BATCH = 500
MAX_REASON = 500


def retention_setting_set(*, acting_user: Any, kind: str, days: int) -> RetentionSetting:
    """Set the agency's period for one kind, within the kind's bounds (audited)."""
    require_perm(acting_user, ACT_AS_DPO, _("Only the data protection officer may do this."))
    declared = schedule.kind_for(kind)
    if declared is None:
        raise ValidationError({"kind": _("No such kind of record.")})
    if not isinstance(days, int) or not declared.min_days <= days <= declared.max_days:
        raise ValidationError(
            {
                "days": _("Choose a period between %(min)s and %(max)s days.")
                % {"min": declared.min_days, "max": declared.max_days}
            }
        )
    with transaction.atomic():
        old = schedule.period_days(declared)
        setting, _created = RetentionSetting.objects.update_or_create(
            kind=kind,
            defaults={
                "days": days,
                "changed_by": acting_user.get_username(),
                "changed_at": clock.now(),
            },
        )
        audit_record(
            acting_user,
            PrivacyAction.RETENTION_SET,
            target=("retention", kind),
            extra={"changes": {"days": [old, days]}},
        )
    return setting


@dataclass
class KindOutcome:
    kind: str
    rule: str
    period_days: int
    due: int = 0
    handled: int = 0
    queued: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "rule": self.rule,
            "period_days": self.period_days,
            "due": self.due,
            "handled": self.handled,
            "queued": self.queued,
            "errors": self.errors,
        }


def _remove(kind: RetentionKind, qs: Any) -> int:
    """Remove ``qs`` the kind's way (its ``purge``), else with a plain delete; return how many."""
    if kind.purge:
        return int(import_string(kind.purge)(qs))
    label = qs.model._meta.label
    _total, per_model = qs.delete()
    return int(per_model.get(label, 0))


def _tally(kind: str, rule: str, count: int, now: dt.datetime) -> None:
    if not count:
        return
    row, created = RetentionTally.objects.get_or_create(
        kind=kind, day=now.date(), rule=rule, defaults={"count": count}
    )
    if not created:
        RetentionTally.objects.filter(pk=row.pk).update(count=F("count") + count)


def _run_kind(
    kind: RetentionKind, days: int, now: dt.datetime, *, dry_run: bool, batch_size: int
) -> KindOutcome:
    outcome = KindOutcome(kind.key, str(kind.at_end), days)
    due = schedule.due(kind, now, days)
    outcome.due = due.count()
    if dry_run or not outcome.due:
        return outcome
    if kind.at_end == RetentionEnd.REVIEW:
        ids = [str(pk) for pk in due.order_by().values_list("pk", flat=True)[:REVIEW_BATCH]]
        with transaction.atomic():
            for record_id in ids:
                RetentionReview.objects.update_or_create(
                    kind=kind.key,
                    record_id=record_id,
                    defaults={
                        "due_since": now,
                        "status": ReviewStatus.PENDING,
                        "extended_until": None,
                    },
                )
            outcome.queued = len(ids)
            audit_record(
                "system",
                PrivacyAction.RETENTION_REVIEW_QUEUED,
                target=("retention", kind.key),
                extra={"kind": kind.key, "count": len(ids), "rule": kind.at_end, "days": days},
            )
        return outcome
    # Delete or anonymise, a batch per transaction, until nothing is due.
    while True:
        # No ORDER BY: the database stops at the first ``batch_size`` rows it finds instead
        # of sorting every due row for each batch.
        ids = list(
            schedule.due(kind, now, days).order_by().values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            break
        with transaction.atomic():
            handled = _remove(kind, schedule.model_of(kind)._default_manager.filter(pk__in=ids))
            _tally(kind.key, str(kind.at_end), handled, now)
        outcome.handled += handled
        if handled == 0:  # a purge that cannot act on these rows: stop rather than loop
            outcome.errors.append("no row removed")
            break
    if outcome.handled:
        audit_record(
            "system",
            PrivacyAction.RETENTION_RUN,
            target=("retention", kind.key),
            extra={
                "kind": kind.key,
                "count": outcome.handled,
                "rule": str(kind.at_end),
                "days": days,
            },
        )
    return outcome


def retention_run(
    *, dry_run: bool = False, now: dt.datetime | None = None, batch_size: int = BATCH_SIZE
) -> list[KindOutcome]:
    """Apply the schedule once: what each kind would do (``dry_run``) or did.

    Each deletion batch is its own transaction with its count in ``RetentionTally``; each
    kind's total is one audit row (kind, how many, rule), never the records' content.
    """
    now = now or clock.now()
    chosen = dict(RetentionSetting.objects.values_list("kind", "days"))
    outcomes = []
    for kind in retention_kinds():
        days = schedule.period_days(kind, chosen)
        try:
            outcomes.append(_run_kind(kind, days, now, dry_run=dry_run, batch_size=batch_size))
        except Exception as exc:  # one kind's failure must not stop the others
            log.exception("retention of %s failed", kind.key)
            failed = KindOutcome(kind.key, str(kind.at_end), days)
            failed.errors.append(type(exc).__name__)
            outcomes.append(failed)
    if not dry_run:
        _notify_reviews(outcomes)
    return outcomes


def retention_daily() -> RetentionRun | None:
    """The worker's daily run: the first worker to claim today's UTC day runs the schedule.

    Checked every few minutes, so a node whose clock moves past midnight (or a demo node
    whose clock is moved forward) runs on its next check, and several workers run it once.
    """
    now = clock.now()
    try:
        with transaction.atomic():
            run = RetentionRun.objects.create(day=now.date(), started_at=now)
    except IntegrityError:
        return None
    outcomes = retention_run(now=now)
    run.finished_at = clock.now()
    run.removed = sum(o.handled for o in outcomes)
    run.queued = sum(o.queued for o in outcomes)
    run.save(update_fields=["finished_at", "removed", "queued"])
    return run


def _notify_reviews(outcomes: list[KindOutcome]) -> None:
    queued = sum(o.queued for o in outcomes)
    if not queued:
        return
    from django.urls import reverse

    from jisr.notices.services import notify
    from jisr.privacy.reference import NoticeKind
    from jisr.privacy.selectors import users_with_perm

    notify(
        users_with_perm(REVIEW_RETENTION),
        NoticeKind.REVIEW_DUE,
        None,
        url=reverse("privacy:home"),
    )


def access_review_for_decision(review_id: Any, user: Any) -> RetentionReview:
    require_perm(user, REVIEW_RETENTION, _("You may not decide on retention reviews."))
    review = RetentionReview.objects.filter(pk=review_id, status=ReviewStatus.PENDING).first()
    if review is None:
        raise ValidationError(_("This review has already been decided."))
    return review


def review_extend(*, acting_user: Any, review: RetentionReview, days: int, reason: str) -> None:
    """Keep a record past its period for ``days`` more, with the reason (audited)."""
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Give the reason for keeping the record.")
    elif len(reason) > MAX_REASON:
        errors["reason"] = _("At most %(n)s characters.") % {"n": MAX_REASON}
    kind = schedule.kind_for(review.kind)
    if kind is None:
        errors["kind"] = _("No such kind of record.")
    elif not isinstance(days, int) or not 1 <= days <= kind.max_days:
        errors["days"] = _("Choose a period between %(min)s and %(max)s days.") % {
            "min": 1,
            "max": kind.max_days,
        }
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    with transaction.atomic():
        review.status = ReviewStatus.EXTENDED
        review.extended_until = now + dt.timedelta(days=days)
        review.reason = reason
        review.decided_by = acting_user.get_username()
        review.decided_at = now
        review.save(
            update_fields=["status", "extended_until", "reason", "decided_by", "decided_at"]
        )
        audit_record(
            acting_user,
            PrivacyAction.RETENTION_EXTEND,
            target=(review.kind, review.record_id),
            justification=reason,
            extra={"days": days},
        )


def review_release(*, acting_user: Any, review: RetentionReview) -> int:
    """Let the record go: it is removed the kind's way, counted, and the decision audited."""
    kind = schedule.kind_for(review.kind)
    if kind is None:
        raise ValidationError({"kind": _("No such kind of record.")})
    now = clock.now()
    with transaction.atomic():
        model = schedule.model_of(kind)
        qs = model._default_manager.filter(pk=review.record_id)
        handled = _remove(kind, qs) if qs.exists() else 0
        _tally(kind.key, "review", handled, now)
        review.status = ReviewStatus.RELEASED
        review.decided_by = acting_user.get_username()
        review.decided_at = now
        review.save(update_fields=["status", "decided_by", "decided_at"])
        audit_record(
            acting_user,
            PrivacyAction.RETENTION_RELEASE,
            target=(review.kind, review.record_id),
            extra={"kind": kind.key, "count": handled, "rule": "review"},
        )
    return handled
