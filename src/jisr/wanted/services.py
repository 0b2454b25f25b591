"""Writes on the wanted-persons register. Each runs in one transaction with its audit row.

Federation envelopes (replication of alerts, hits and their answers) are written to
the outbox inside the same transaction as the change they carry.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jisr.accounts.models import Agency, User
from jisr.accounts.roles import Role
from jisr.audit.services import audit_record
from jisr.core import clock
from jisr.core.access import require_perm
from jisr.core.mail import send_pointer_email
from jisr.core.node import own_agency
from jisr.matching import Person
from jisr.wanted import rejections
from jisr.wanted.models import Alert, Hit, Notification, Screening
from jisr.wanted.reference import (
    LOCATING_OUTCOMES,
    Category,
    DocumentType,
    HandlingCode,
    HitAction,
    HitOutcome,
    HitStatus,
    OffenceCategory,
    Sex,
    Status,
    default_dates,
    hit_deadline_hours,
)
from jisr.wanted.register_index import register_index
from jisr.wanted.subjects import clean_birth_date, clean_subject, read_batch

RECORD_TYPE = "wanted.alert"
SCREEN_TOP = 5


# -- helpers -------------------------------------------------------------------


def _own() -> Agency:
    agency = own_agency()
    if agency is None:
        raise PermissionDenied(_("This node has no agency yet."))
    return agency


def _require_own_alert(user: User, alert: Alert) -> None:
    if alert.is_copy or alert.owner_id != user.agency_id:
        raise PermissionDenied(_("This alert belongs to another agency."))


def _bump(alert: Alert, *fields: str) -> None:
    alert.version += 1
    alert.updated_at = clock.now()
    alert.save(update_fields=[*fields, "version", "updated_at"])


def _str_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        value = value.replace("\n", ";").split(";")
    if not isinstance(value, list | tuple):
        raise ValueError
    return [str(v).strip() for v in value if str(v).strip()]


def _clean_alert_data(data: dict[str, Any]) -> dict[str, Any]:
    """Validate the writable fields of an alert; raise ValidationError with field errors."""
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    if data.get("category") not in Category.values:
        errors["category"] = _("Choose a category.")
    out["category"] = data.get("category")
    try:
        out["names"] = _str_list(data.get("names"))
        if not out["names"]:
            errors["names"] = _("At least one name is needed.")
    except ValueError:
        errors["names"] = _("Names must be a list of texts.")
    try:
        out["aliases"] = _str_list(data.get("aliases"))
    except ValueError:
        errors["aliases"] = _("Aliases must be a list of texts.")
    try:
        out["nationalities"] = [n.upper() for n in _str_list(data.get("nationality"))]
        if any(len(n) not in (2, 3) or not n.isalpha() for n in out["nationalities"]):
            errors["nationality"] = _("Give nationalities as ISO country codes, e.g. MA, FR.")
    except ValueError:
        errors["nationality"] = _("Give nationalities as ISO country codes, e.g. MA, FR.")
    sex = data.get("sex") or ""
    if sex not in ("", *Sex.values):
        errors["sex"] = _("Sex is M, F or empty.")
    out["sex"] = sex
    try:
        out["birth_date"] = clean_birth_date(data.get("birth_date"))
    except ValueError as exc:
        errors["birth_date"] = str(exc)
    for key, limit in (("place_of_birth", 200), ("physical_description", 5000)):
        value = str(data.get(key) or "").strip()
        if len(value) > limit:
            errors[key] = _("This text is too long.")
        out[key] = value
    handling = data.get("handling_code") or HandlingCode.H1
    if handling not in HandlingCode.values:
        errors["handling_code"] = _("Choose a handling code.")
    out["handling_code"] = handling
    documents = data.get("documents") or []
    if not isinstance(documents, list) or not all(
        isinstance(d, dict)
        and d.get("type") in DocumentType.values
        and str(d.get("number") or "").strip()
        for d in documents
    ):
        errors["documents"] = _("Each document needs a type and a number.")
    else:
        out["documents"] = [
            {
                "type": d["type"],
                "number": str(d["number"]).strip(),
                "country": str(d.get("country") or "").strip().upper(),
            }
            for d in documents
        ]
    legal = data.get("legal_basis") or {}
    if not isinstance(legal, dict):
        errors["legal_basis"] = _("The legal basis must be an object.")
        legal = {}
    out["legal_reference"] = str(legal.get("reference") or "").strip()
    out["legal_authority"] = str(legal.get("authority") or "").strip()
    out["offence_description"] = str(legal.get("offence_description") or "").strip()
    out["max_penalty"] = str(legal.get("max_penalty") or "").strip()
    offence = legal.get("offence_category") or ""
    if offence not in ("", *OffenceCategory.values):
        errors["legal_basis.offence_category"] = _("Choose an offence category from the list.")
    out["offence_category"] = offence
    legal_date = legal.get("date") or None
    if isinstance(legal_date, dt.date):
        out["legal_date"] = legal_date
    elif legal_date:
        try:
            out["legal_date"] = dt.date.fromisoformat(str(legal_date))
        except ValueError:
            errors["legal_basis.date"] = _("The date must be YYYY-MM-DD.")
    else:
        out["legal_date"] = None
    if errors:
        raise ValidationError(errors)
    return out


def alert_body(alert: Alert) -> dict[str, Any]:
    """What a partner receives of an alert: identity, legal basis, handling, validity."""
    return {
        "id": str(alert.id),
        "owner": alert.owner.code,
        "category": alert.category,
        "names": alert.names,
        "aliases": alert.aliases,
        "sex": alert.sex,
        "birth_date": alert.birth_date,
        "place_of_birth": alert.place_of_birth,
        "nationalities": alert.nationalities,
        "documents": alert.documents,
        "physical_description": alert.physical_description,
        "legal_basis": {
            "reference": alert.legal_reference,
            "authority": alert.legal_authority,
            "date": alert.legal_date.isoformat() if alert.legal_date else None,
            "offence_category": alert.offence_category,
            "offence_description": alert.offence_description,
            "max_penalty": alert.max_penalty,
        },
        "handling_code": alert.handling_code,
        "review_date": alert.review_date.isoformat() if alert.review_date else None,
        "expires_on": alert.expires_on.isoformat() if alert.expires_on else None,
        "version": alert.version,
    }


def _replicate(alert: Alert) -> None:
    """Send the alert to every partner it is shared with that is linked to this node."""
    from jisr.federation.selectors import partner_agencies
    from jisr.federation.services import replicate_upsert

    if not alert.shared_with:
        return
    linked = {a.code for a in partner_agencies()}
    recipients = [c for c in alert.shared_with if c in linked]
    if recipients:
        replicate_upsert(
            record_type=RECORD_TYPE,
            record_id=str(alert.id),
            version=alert.version,
            body=alert_body(alert),
            recipients=recipients,
        )
    if len(recipients) == len(alert.shared_with):
        alert.replicated_version = alert.version
        Alert.objects.filter(pk=alert.pk).update(replicated_version=alert.version)


def alerts_replicate_pending() -> int:
    """Worker: share active alerts whose partners were not linked when they were approved."""
    from django.db.models import F

    count = 0
    for alert in Alert.objects.select_related("owner").filter(
        is_copy=False, status=Status.ACTIVE, replicated_version__lt=F("version")
    ):
        if not alert.shared_with:
            continue
        with transaction.atomic():
            _replicate(alert)
        count += alert.replicated_version == alert.version
    return count


def _unreplicate(alert: Alert, acting: Any, reason: str) -> None:
    from jisr.federation.services import replicate_withdraw

    if alert.shared_with:
        replicate_withdraw(
            record_type=RECORD_TYPE,
            record_id=str(alert.id),
            version=alert.version,
            recipients=list(alert.shared_with),
        )
        for code in alert.shared_with:
            audit_record(
                acting, "alert.unshare", target=alert, justification=reason, recipient=code
            )


# -- alerts --------------------------------------------------------------------


def alert_create(*, acting_user: User, data: dict[str, Any], photo: Any = None) -> Alert:
    """Record a new alert as a draft of the user's agency."""
    require_perm(acting_user, "wanted.write_alert", _("You may not write alerts."))
    own = _own()
    if acting_user.agency_id != own.pk:
        raise PermissionDenied(_("Only this node's agency writes alerts here."))
    cleaned = _clean_alert_data(data)
    with transaction.atomic():
        alert = Alert(owner=own, author=acting_user, status=Status.DRAFT, **cleaned)
        if photo is not None:
            alert.photo = photo
        alert.refresh_names_text()
        alert.save(force_insert=True)
        audit_record(acting_user, "alert.create", target=alert)
    return alert


def alert_update(
    *, acting_user: User, alert: Alert, data: dict[str, Any], photo: Any = None
) -> Alert:
    """Edit a draft (or a refused alert, which goes back to draft)."""
    require_perm(acting_user, "wanted.write_alert", _("You may not write alerts."))
    _require_own_alert(acting_user, alert)
    if alert.status not in (Status.DRAFT, Status.REFUSED):
        raise ValidationError({"status": _("Only a draft can be edited.")})
    cleaned = _clean_alert_data(data)
    with transaction.atomic():
        for key, value in cleaned.items():
            setattr(alert, key, value)
        alert.status = Status.DRAFT
        fields = [*cleaned.keys(), "status", "names_text"]
        if photo is not None:
            alert.photo = photo
            fields.append("photo")
        alert.refresh_names_text()
        _bump(alert, *fields)
        audit_record(acting_user, "alert.update", target=alert)
    return alert


def alert_submit(*, acting_user: User, alert: Alert) -> Alert:
    """Send a draft to compliance review. It needs its legal basis."""
    require_perm(acting_user, "wanted.write_alert", _("You may not write alerts."))
    _require_own_alert(acting_user, alert)
    if alert.status != Status.DRAFT:
        raise ValidationError({"status": _("Only a draft can be submitted.")})
    if not alert.has_legal_basis:
        raise ValidationError(
            {
                "legal_basis": _(
                    "The legal basis is incomplete: reference, authority, date, offence category "
                    "and description are required."
                )
            }
        )
    with transaction.atomic():
        alert.status = Status.PENDING_REVIEW
        _bump(alert, "status")
        audit_record(acting_user, "alert.submit", target=alert)
    return alert


CHECKLIST = ("legal_basis_present", "ordinary_crime", "sharing_proportionate")


def alert_review(
    *,
    acting_user: User,
    alert: Alert,
    decision: str,
    reason: str,
    share_with: list[str] | None = None,
    checklist: dict[str, bool] | None = None,
) -> Alert:
    """Four-eyes review: approve (activate, share with the chosen partners) or refuse.

    The reviewer holds the compliance-reviewer role and is not the author. A
    refused alert never leaves the node. ``checklist`` records the three checks;
    the API may omit it, approval then stands for all three.
    """
    from jisr.federation.selectors import partner_agencies

    if not acting_user.is_active or not acting_user.has_role(Role.COMPLIANCE_REVIEWER):
        raise PermissionDenied(_("Only a compliance reviewer may review alerts."))
    _require_own_alert(acting_user, alert)
    if alert.author_id == acting_user.pk:
        raise PermissionDenied(_("The author of an alert may not review it."))
    errors: dict[str, str] = {}
    if alert.status != Status.PENDING_REVIEW:
        errors["status"] = _("This alert is not waiting for review.")
    if decision not in ("approve", "refuse"):
        errors["decision"] = _("The decision is approve or refuse.")
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason for the decision.")
    share = sorted({c.strip() for c in (share_with or []) if c.strip()})
    partners = {a.code for a in partner_agencies()}
    unknown = [c for c in share if c not in partners]
    if unknown:
        errors["share_with"] = _("Not partner agencies: %(codes)s") % {"codes": ", ".join(unknown)}
    elif decision == "approve" and share and alert.handling_code == HandlingCode.H3:
        errors["share_with"] = _("An alert with handling code H3 is never shared.")
    checks = {key: True for key in CHECKLIST} if checklist is None else dict(checklist)
    if decision == "approve" and not all(checks.get(key) for key in CHECKLIST):
        errors["checklist"] = _("Every check must be confirmed before approval.")
    if decision == "approve" and not alert.has_legal_basis:
        errors["legal_basis"] = _("The legal basis is incomplete.")
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    with transaction.atomic():
        alert.reviewed_by = acting_user
        alert.reviewed_at = now
        alert.review_reason = reason.strip()
        alert.review_checklist = {k: bool(checks.get(k)) for k in CHECKLIST}
        fields = ["reviewed_by", "reviewed_at", "review_reason", "review_checklist", "status"]
        if decision == "refuse":
            alert.status = Status.REFUSED
            _bump(alert, *fields)
            audit_record(
                acting_user, "alert.refuse", target=alert, justification=alert.review_reason
            )
            return alert
        alert.status = Status.ACTIVE
        alert.shared_with = share
        alert.review_date, alert.expires_on = default_dates(alert.category, now.date())
        _bump(alert, *fields, "shared_with", "review_date", "expires_on")
        audit_record(
            acting_user,
            "alert.approve",
            target=alert,
            justification=alert.review_reason,
            extra={"share_with": share, "checklist": alert.review_checklist},
        )
        for code in share:
            audit_record(
                acting_user,
                "alert.share",
                target=alert,
                justification=alert.review_reason,
                recipient=code,
            )
        _replicate(alert)
    return alert


def alert_withdraw(*, acting_user: User, alert: Alert, reason: str) -> Alert:
    """Withdraw an alert of the user's agency; partner copies are deleted."""
    if not (
        acting_user.has_perm("wanted.write_alert") or acting_user.has_perm("wanted.review_alert")
    ):
        raise PermissionDenied(_("You may not withdraw alerts."))
    _require_own_alert(acting_user, alert)
    if alert.status not in (Status.DRAFT, Status.PENDING_REVIEW, Status.ACTIVE, Status.REFUSED):
        raise ValidationError({"status": _("This alert is already closed.")})
    reason = (reason or "").strip() or _("withdrawn by the owner")
    with transaction.atomic():
        alert.status = Status.WITHDRAWN
        _bump(alert, "status")
        audit_record(acting_user, "alert.withdraw", target=alert, justification=reason)
        _unreplicate(alert, acting_user, reason)
    return alert


def alert_rejustify(*, acting_user: User, alert: Alert, reason: str) -> Alert:
    """Keep an active alert for another validity period, with a justification."""
    require_perm(acting_user, "wanted.write_alert", _("You may not write alerts."))
    _require_own_alert(acting_user, alert)
    if alert.status != Status.ACTIVE:
        raise ValidationError({"status": _("Only an active alert can be re-justified.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the alert is still needed.")})
    with transaction.atomic():
        alert.review_date, alert.expires_on = default_dates(alert.category, clock.now().date())
        _bump(alert, "review_date", "expires_on")
        audit_record(acting_user, "alert.rejustify", target=alert, justification=reason.strip())
        _replicate(alert)
    return alert


def alerts_expire() -> int:
    """Expire active alerts past their expiry date (worker); partner copies are deleted."""
    today = clock.now().date()
    count = 0
    for alert_id in Alert.objects.filter(
        is_copy=False, status=Status.ACTIVE, expires_on__lt=today
    ).values_list("id", flat=True):
        with transaction.atomic():
            alert = Alert.objects.select_for_update().get(pk=alert_id)
            if alert.status != Status.ACTIVE:
                continue
            alert.status = Status.EXPIRED
            _bump(alert, "status")
            audit_record("system", "alert.expire", target=alert)
            _unreplicate(alert, "system", "expired")
            count += 1
    return count


def alerts_review_reminders() -> int:
    """Tell authors once when an active alert reaches its review date."""
    today = clock.now().date()
    count = 0
    due = Alert.objects.filter(
        is_copy=False, status=Status.ACTIVE, review_date__lte=today, author__isnull=False
    )
    for alert in due:
        if alert.author is None:
            continue
        if Notification.objects.filter(
            alert=alert,
            kind=Notification.Kind.ALERT_REVIEW,
            created_at__date__gte=alert.review_date,
        ).exists():
            continue
        Notification.objects.create(
            user=alert.author, kind=Notification.Kind.ALERT_REVIEW, alert=alert
        )
        count += 1
    return count


# -- partner copies (federation handlers) --------------------------------------------


def copy_upsert(sender: str, record_id: str, version: int, body: dict[str, Any]) -> None:
    """Store or refresh the read-only copy of a partner's alert."""
    from jisr.federation.registry import PermanentEnvelopeError

    owner = Agency.objects.filter(code=sender).first()
    if owner is None or owner.is_own:
        raise PermanentEnvelopeError("unknown owner agency")
    existing = Alert.objects.filter(pk=record_id).first()
    if existing is not None and (not existing.is_copy or existing.owner_id != owner.pk):
        raise PermanentEnvelopeError("alert id belongs to another owner")
    try:
        cleaned = _clean_alert_data({**body, "nationality": body.get("nationalities")})
    except ValidationError as exc:
        raise PermanentEnvelopeError(f"invalid alert body: {exc.messages}") from None
    alert = existing or Alert(id=uuid.UUID(record_id), owner=owner, is_copy=True)
    for key, value in cleaned.items():
        setattr(alert, key, value)
    alert.status = Status.ACTIVE
    alert.version = int(version)
    alert.review_date = _date_or_none(body.get("review_date"))
    alert.expires_on = _date_or_none(body.get("expires_on"))
    alert.shared_with = []
    alert.updated_at = clock.now()
    alert.refresh_names_text()
    alert.save()
    audit_record(sender, "alert.copy_received", target=alert, extra={"version": int(version)})


def _date_or_none(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def copy_withdraw(sender: str, record_id: str) -> None:
    """Delete the copy of a partner's alert; only the audit trail remains."""
    deleted, _rows = Alert.objects.filter(pk=record_id, is_copy=True, owner__code=sender).delete()
    if deleted:
        audit_record(sender, "alert.copy_withdrawn", target=("wanted.alert", record_id))


def alert_body_for(record_id: str) -> tuple[int, dict[str, Any]] | None:
    """Owner side of reconciliation: the current shared state of one alert, or None."""
    alert = Alert.objects.filter(pk=record_id, is_copy=False, status=Status.ACTIVE).first()
    if alert is None or not alert.shared_with:
        return None
    return alert.version, alert_body(alert)


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
    require_perm(acting_user, "wanted.screen_persons", _("You may not screen persons."))
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
            "screening.run",
            target=screening,
            justification=purpose,
            extra={"subjects": len(cleaned), "with_candidates": screening.hits},
        )
    return screening


def screening_batch_create(
    *, acting_user: User, purpose: str, filename: str, content: bytes
) -> Screening:
    """Queue a batch file for the worker. A file with any bad line is refused whole."""
    require_perm(acting_user, "wanted.screen_persons", _("You may not screen persons."))
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
            "screening.batch",
            target=screening,
            justification=purpose,
            extra={"file": filename[:255], "subjects": len(subjects)},
        )
    return screening


def screening_batch_step(*, budget_seconds: float = 4.0, chunk: int = 500) -> bool:
    """Worker: advance the oldest queued/running batch by up to ``budget_seconds``.

    Progress is saved after every chunk, so the page's bar moves and a restarted
    worker resumes where it stopped. Returns True when there was work. On
    PostgreSQL the job row stays locked (``SKIP LOCKED``) while a worker advances
    it, so several workers never screen the same slice; SQLite runs one worker.
    """
    from django.db import connection

    pending = Screening.objects.filter(
        kind=Screening.Kind.BATCH,
        status__in=[Screening.JobStatus.QUEUED, Screening.JobStatus.RUNNING],
    ).order_by("created_at")
    if connection.vendor == "postgresql":
        with transaction.atomic():
            job = pending.select_for_update(skip_locked=True).first()
            if job is None:
                return False
            _batch_advance(job, budget_seconds=budget_seconds, chunk=chunk)
        return True
    job = pending.first()
    if job is None:
        return False
    _batch_advance(job, budget_seconds=budget_seconds, chunk=chunk)
    return True


def _batch_advance(job: Screening, *, budget_seconds: float, chunk: int) -> None:
    if job.status == Screening.JobStatus.QUEUED:
        job.status = Screening.JobStatus.RUNNING
        Screening.objects.filter(pk=job.pk).update(status=job.status)
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
        fields = ["progress", "results", "hits"]
        if job.progress >= job.total:
            job.status = Screening.JobStatus.DONE
            job.finished_at = clock.now()
            fields += ["status", "finished_at"]
        Screening.objects.filter(pk=job.pk).update(**{f: getattr(job, f) for f in fields})


def candidate_reject(
    *, acting_user: User, screening: Screening, subject: int, alert_id: str, reason: str
) -> Screening:
    """The officer decides a candidate is not the screened person; it is remembered."""
    require_perm(acting_user, "wanted.screen_persons", _("You may not screen persons."))
    if screening.user_id != acting_user.pk:
        raise PermissionDenied(_("This screening belongs to someone else."))
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
            "screening.reject",
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


# -- hits -----------------------------------------------------------------------------


#: Notices that cannot wait for the next login: they also go out as a pointer-only e-mail.
_URGENT_KINDS = frozenset(
    {
        Notification.Kind.HIT_RECEIVED,
        Notification.Kind.HIT_REMINDER,
        Notification.Kind.HIT_OVERDUE,
        Notification.Kind.HIT_RESPONSE,
    }
)


def _notify(users: Any, kind: str, hit: Hit) -> None:
    """Write one in-app notice per user (``users`` is a list or a queryset of users).

    Hits run against a 12-hour deadline, so the urgent kinds also send an e-mail
    to the users who have an address, once the transaction commits. The e-mail
    only points to Jisr: no name, place or alert detail leaves the node by e-mail.
    """
    recipients = list(users)
    Notification.objects.bulk_create([Notification(user=u, kind=kind, hit=hit) for u in recipients])
    if not (settings.JISR_HIT_EMAIL and kind in _URGENT_KINDS):
        return
    subject = _("Jisr: %(notice)s") % {"notice": Notification.Kind(kind).label}
    body = _("Open Jisr to see it. No personal data is sent by e-mail.")
    if kind != Notification.Kind.HIT_RESPONSE and hit.deadline:
        deadline = _("Answer deadline: %(deadline)s UTC.") % {
            "deadline": hit.deadline.strftime("%Y-%m-%d %H:%M")
        }
        body = f"{deadline}\n{body}"
    send_pointer_email((u.email for u in recipients), subject, body)


def _handlers() -> Any:
    return User.objects.filter(
        is_active=True, agency__is_own=True, groups__name=Role.LIAISON_OFFICER
    ).distinct()


def hit_report(
    *,
    acting_user: User,
    alert_id: str,
    circumstances: str,
    location: str,
    seen_at: dt.datetime | None = None,
    document_seen: str = "",
    screening: Screening | None = None,
    subject: int | None = None,
) -> Hit:
    """Confirm a candidate: record the hit and tell the alert's owner (``hit.reported``)."""
    require_perm(acting_user, "wanted.handle_hits", _("You may not report hits."))
    errors: dict[str, str] = {}
    if not (circumstances or "").strip():
        errors["circumstances"] = _("Describe the circumstances.")
    if not (location or "").strip():
        errors["location"] = _("Say where the person was seen.")
    alert_uuid = _uuid_or_none(alert_id)
    if alert_uuid.int == 0:
        errors["alert_id"] = _("This is not an alert id.")
    if errors:
        raise ValidationError(errors)
    alert = (
        Alert.objects.select_related("owner").filter(pk=alert_uuid, status=Status.ACTIVE).first()
    )
    if alert is None:
        raise ValidationError({"alert_id": _("No active alert has this id.")})
    if screening is not None and screening.user_id != acting_user.pk:
        raise PermissionDenied(_("This screening belongs to someone else."))
    own = _own()
    now = clock.now()
    subject_data: dict[str, Any] = {}
    if screening is not None and subject is not None and 0 <= subject < len(screening.subjects):
        subject_data = screening.subjects[subject]
    local = alert.owner_id == own.pk
    with transaction.atomic():
        hit = Hit.objects.create(
            direction=Hit.Direction.INCOMING if local else Hit.Direction.OUTGOING,
            alert_ref=alert.id,
            alert=alert,
            alert_names=alert.names,
            owner_code=alert.owner.code,
            reporter_code=own.code,
            screening=screening,
            subject=subject_data,
            circumstances=circumstances.strip(),
            location=location.strip(),
            seen_at=seen_at or now,
            document_seen=(document_seen or "").strip(),
            reported_by=acting_user,
            reported_at=now,
            deadline=now + dt.timedelta(hours=hit_deadline_hours()),
        )
        if screening is not None and subject is not None:
            _set_decision(screening, subject, str(alert.id), "confirmed")
        audit_record(
            acting_user,
            "hit.report",
            target=hit,
            recipient="" if local else alert.owner.code,
            extra={"alert_id": str(alert.id)},
        )
        if local:
            _notify(_handlers(), Notification.Kind.HIT_RECEIVED, hit)
        else:
            from jisr.federation.services import outbox_enqueue

            outbox_enqueue(
                envelope_type="hit.reported",
                recipient=alert.owner.code,
                body={
                    "hit_id": str(hit.id),
                    "alert_id": str(alert.id),
                    "circumstances": hit.circumstances,
                    "location": hit.location,
                    "seen_at": hit.seen_at.isoformat(),
                    "document_seen": hit.document_seen,
                    "subject": subject_data,
                    "reported_at": now.isoformat(),
                },
            )
    return hit


def hit_received(envelope: Any) -> None:
    """Federation handler for ``hit.reported``: a partner saw the person of one of our alerts."""
    from jisr.federation.registry import PermanentEnvelopeError

    body = envelope.body
    try:
        hit_id = uuid.UUID(str(body["hit_id"]))
        alert = Alert.objects.filter(pk=uuid.UUID(str(body["alert_id"])), is_copy=False).first()
        seen_at = dt.datetime.fromisoformat(body["seen_at"])
    except (KeyError, ValueError, TypeError) as exc:
        raise PermanentEnvelopeError(f"malformed hit: {exc}") from None
    if alert is None or envelope.sender not in alert.shared_with:
        raise PermanentEnvelopeError("no alert of ours was shared with the sender under this id")
    if Hit.objects.filter(pk=hit_id).exists():
        return
    now = clock.now()
    hit = Hit.objects.create(
        id=hit_id,
        direction=Hit.Direction.INCOMING,
        alert_ref=alert.id,
        alert=alert,
        alert_names=alert.names,
        owner_code=alert.owner.code,
        reporter_code=envelope.sender,
        subject=body.get("subject") or {},
        circumstances=str(body.get("circumstances", ""))[:5000],
        location=str(body.get("location", ""))[:300],
        seen_at=seen_at,
        document_seen=str(body.get("document_seen", ""))[:300],
        reported_at=now,
        deadline=now + dt.timedelta(hours=hit_deadline_hours()),
    )
    audit_record(envelope.sender, "hit.received", target=hit, extra={"alert_id": str(alert.id)})
    _notify(_handlers(), Notification.Kind.HIT_RECEIVED, hit)


def hit_respond(*, acting_user: User, hit: Hit, action: str, note: str = "") -> Hit:
    """The owner answers a hit with the action to take (``hit.response`` to the reporter)."""
    require_perm(acting_user, "wanted.handle_hits", _("You may not answer hits."))
    if hit.direction != Hit.Direction.INCOMING or hit.owner_code != _own().code:
        raise PermissionDenied(_("Only the alert's owner answers a hit."))
    errors: dict[str, str] = {}
    if action not in HitAction.values:
        errors["action"] = _("Choose the action to take.")
    if hit.status != HitStatus.REPORTED:
        errors["status"] = _("This hit was already answered.")
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    with transaction.atomic():
        hit.status = HitStatus.RESPONDED
        hit.response_action = action
        hit.response_note = (note or "").strip()
        hit.responded_at = now
        hit.save(update_fields=["status", "response_action", "response_note", "responded_at"])
        local = hit.reporter_code == hit.owner_code
        audit_record(
            acting_user,
            "hit.respond",
            target=hit,
            recipient="" if local else hit.reporter_code,
            extra={"action": action},
        )
        if not local:
            from jisr.federation.services import outbox_enqueue

            outbox_enqueue(
                envelope_type="hit.response",
                recipient=hit.reporter_code,
                body={
                    "hit_id": str(hit.id),
                    "action": action,
                    "note": hit.response_note,
                    "responded_at": now.isoformat(),
                },
            )
    return hit


def hit_response_received(envelope: Any) -> None:
    """Federation handler for ``hit.response``: the owner told us what to do."""
    from jisr.federation.registry import PermanentEnvelopeError

    body = envelope.body
    hit = Hit.objects.filter(
        pk=_uuid_or_none(body.get("hit_id")), direction=Hit.Direction.OUTGOING
    ).first()
    if hit is None or hit.owner_code != envelope.sender:
        raise PermanentEnvelopeError("no hit of ours reported to the sender under this id")
    if body.get("action") not in HitAction.values:
        raise PermanentEnvelopeError("unknown action")
    if hit.status != HitStatus.REPORTED:
        return
    hit.status = HitStatus.RESPONDED
    hit.response_action = body["action"]
    hit.response_note = str(body.get("note", ""))[:5000]
    hit.responded_at = clock.now()
    hit.save(update_fields=["status", "response_action", "response_note", "responded_at"])
    audit_record(
        envelope.sender, "hit.response_received", target=hit, extra={"action": hit.response_action}
    )
    if hit.reported_by is not None:
        _notify([hit.reported_by], Notification.Kind.HIT_RESPONSE, hit)


def _uuid_or_none(value: Any) -> uuid.UUID:
    """The UUID in ``value``, or the nil UUID (which matches no row)."""
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return uuid.UUID(int=0)


def _apply_outcome(hit: Hit, outcome: str, note: str, actor: Any) -> None:
    hit.status = HitStatus.CLOSED
    hit.outcome = outcome
    hit.outcome_note = note
    hit.outcome_at = clock.now()
    hit.save(update_fields=["status", "outcome", "outcome_note", "outcome_at"])
    alert = hit.alert
    own_code = _own().code
    if (
        outcome in LOCATING_OUTCOMES
        and alert is not None
        and not alert.is_copy
        and hit.owner_code == own_code
        and alert.status == Status.ACTIVE
    ):
        alert.status = Status.LOCATED
        _bump(alert, "status")
        audit_record(actor, "alert.located", target=alert, extra={"hit_id": str(hit.id)})
        _unreplicate(alert, actor, "located")


def hit_record_outcome(*, acting_user: User, hit: Hit, outcome: str, note: str = "") -> Hit:
    """Record what came of a hit, on both sides (``hit.outcome`` to the other agency).

    When the owner records located, arrested or surrendered, its alert is closed as
    located and withdrawn from partners.
    """
    require_perm(acting_user, "wanted.handle_hits", _("You may not handle hits."))
    own = _own().code
    if own not in (hit.owner_code, hit.reporter_code):
        raise PermissionDenied(_("This hit concerns other agencies."))
    errors: dict[str, str] = {}
    if outcome not in HitOutcome.values:
        errors["outcome"] = _("Choose an outcome.")
    if hit.status == HitStatus.CLOSED:
        errors["status"] = _("This hit already has an outcome.")
    if errors:
        raise ValidationError(errors)
    note = (note or "").strip()
    other = hit.reporter_code if own == hit.owner_code else hit.owner_code
    with transaction.atomic():
        _apply_outcome(hit, outcome, note, acting_user)
        audit_record(
            acting_user,
            "hit.outcome",
            target=hit,
            recipient="" if other == own else other,
            extra={"outcome": outcome},
        )
        if other != own:
            from jisr.federation.services import outbox_enqueue

            outbox_enqueue(
                envelope_type="hit.outcome",
                recipient=other,
                body={"hit_id": str(hit.id), "outcome": outcome, "note": note},
            )
    return hit


def hit_outcome_received(envelope: Any) -> None:
    """Federation handler for ``hit.outcome``: the other agency recorded an outcome."""
    from jisr.federation.registry import PermanentEnvelopeError

    body = envelope.body
    hit = Hit.objects.filter(pk=_uuid_or_none(body.get("hit_id"))).first()
    if hit is None or envelope.sender not in (hit.owner_code, hit.reporter_code):
        raise PermanentEnvelopeError("no hit shared with the sender under this id")
    if body.get("outcome") not in HitOutcome.values:
        raise PermanentEnvelopeError("unknown outcome")
    if hit.status == HitStatus.CLOSED:
        return
    _apply_outcome(hit, body["outcome"], str(body.get("note", ""))[:5000], envelope.sender)
    audit_record(
        envelope.sender, "hit.outcome_received", target=hit, extra={"outcome": hit.outcome}
    )
    recipients: list[User] = [hit.reported_by] if hit.reported_by is not None else list(_handlers())
    _notify(recipients, Notification.Kind.HIT_OUTCOME, hit)


def hits_check_deadlines() -> int:
    """Worker: remind handlers at half time, escalate to supervisors when overdue."""
    now = clock.now()
    changed = 0
    pending = Hit.objects.filter(direction=Hit.Direction.INCOMING, status=HitStatus.REPORTED)
    for hit in pending.filter(reminder_sent=False):
        half = hit.reported_at + (hit.deadline - hit.reported_at) / 2
        if now >= half:
            with transaction.atomic():
                hit.reminder_sent = True
                hit.save(update_fields=["reminder_sent"])
                _notify(_handlers(), Notification.Kind.HIT_REMINDER, hit)
                audit_record("system", "hit.reminder", target=hit)
            changed += 1
    for hit in pending.filter(escalated=False, deadline__lt=now):
        supervisors = User.objects.filter(
            is_active=True, agency__is_own=True, groups__name=Role.SUPERVISOR
        ).distinct()
        with transaction.atomic():
            hit.escalated = True
            hit.save(update_fields=["escalated"])
            _notify(supervisors, Notification.Kind.HIT_OVERDUE, hit)
            audit_record("system", "hit.escalate", target=hit)
        changed += 1
    return changed


def notification_mark_read(*, acting_user: User, notification: Notification) -> None:
    if notification.user_id != acting_user.pk:
        raise PermissionDenied(_("This notice is for someone else."))
    notification.read_at = clock.now()
    notification.save(update_fields=["read_at"])
