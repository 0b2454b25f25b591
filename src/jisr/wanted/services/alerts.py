"""Alerts"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.audit.actions import AuditAction
from jisr.audit.services import audit_record, field_changes
from jisr.core import bounds, clock
from jisr.core.access import require_perm
from jisr.core.handling import HandlingCode
from jisr.federation.wire import iso
from jisr.notices.selectors import notice_sent_since
from jisr.notices.services import notify
from jisr.wanted.models import Alert
from jisr.wanted.permissions import REVIEW_ALERT, WITHDRAW_ALERT, WRITE_ALERT
from jisr.wanted.photos import clean_photo
from jisr.wanted.reference import (
    Category,
    DocumentType,
    NoticeKind,
    OffenceCategory,
    Sex,
    Status,
    default_dates,
)
from jisr.wanted.selectors import require_review_of
from jisr.wanted.services.common import (
    RECORD_TYPE,
    _bump,
    _own,
    _str_list,
)
from jisr.wanted.subjects import clean_birth_date


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
    restriction = str(data.get("handling_restriction") or "").strip()
    owner_only = data.get("owner_only", False)
    if handling not in HandlingCode.values:
        errors["handling_code"] = _("Choose a handling code.")
    elif len(restriction) > 500:
        errors["handling_restriction"] = _("This text is too long.")
    elif HandlingCode(handling).needs_restriction_text and not (restriction or owner_only):
        errors["handling_restriction"] = _(
            "An H3 alert needs its restrictions written out, or to be kept to the owner agency."
        )
    if not isinstance(owner_only, bool):
        errors["owner_only"] = _("Owner agency only is true or false.")
    out["handling_code"] = handling
    out["handling_restriction"] = restriction if handling == HandlingCode.H3 else ""
    out["owner_only"] = owner_only is True
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
    if out.get("legal_date") and (problem := bounds.past_date_problem(out["legal_date"])):
        errors["legal_basis.date"] = problem
    # Every text has a bound: a 5,000-letter name would widen every list it appears in.
    for key in ("names", "aliases"):
        values = out.get(key) or []
        if len(values) > bounds.MAX_NAMES:
            errors[key] = _("At most %(n)d names.") % {"n": bounds.MAX_NAMES}
        elif any(len(v) > bounds.MAX_NAME for v in values):
            errors[key] = _("A name has at most %(limit)d characters.") % {"limit": bounds.MAX_NAME}
    for key, error_key, limit in (
        ("legal_reference", "legal_basis.reference", 200),
        ("legal_authority", "legal_basis.authority", 200),
        ("max_penalty", "legal_basis.max_penalty", 200),
        ("offence_description", "legal_basis.offence_description", bounds.MAX_LONG_TEXT),
    ):
        if problem := bounds.text_problem(out[key], limit):
            errors[error_key] = problem
    if len(out.get("documents") or []) > bounds.MAX_NAMES or any(
        len(d["number"]) > 64 or len(d["country"]) > 3 for d in out.get("documents") or []
    ):
        errors["documents"] = _("Each document needs a type and a number.")
    if errors:
        raise ValidationError(errors)
    return out


#: Who the alert is about: named, never copied, in the audit row of an edit.
PERSONAL_FIELDS = frozenset(
    {
        "names",
        "aliases",
        "sex",
        "birth_date",
        "place_of_birth",
        "nationalities",
        "documents",
        "physical_description",
    }
)


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
        "handling_restriction": alert.handling_restriction,
        "review_date": alert.review_date.isoformat() if alert.review_date else None,
        "expires_on": alert.expires_on.isoformat() if alert.expires_on else None,
        "restricted_since": iso(alert.restricted_at),
        "version": alert.version,
    }


def alert_restriction_set(*, alert: Alert, since: dt.datetime | None) -> None:
    """Restrict an own alert on a data-subject request (``since``), or lift it (None).

    A new version, replicated: the partners' copies are left out of their screening too, as
    the law enforcement directive asks of recipients (Art. 16(6)). The privacy module calls
    this inside its decision's transaction, which writes the audit row.
    """
    if alert.is_copy or alert.restricted_at == since:
        return
    alert.restricted_at = since
    _bump(alert, "restricted_at")
    if alert.status == Status.ACTIVE:
        _replicate(alert)


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
                acting,
                AuditAction.ALERT_UNSHARE,
                target=alert,
                justification=reason,
                recipient=code,
            )


# -- alerts --------------------------------------------------------------------


def alert_create(*, acting_user: User, data: dict[str, Any], photo: Any = None) -> Alert:
    """Record a new alert as a draft of the user's agency."""
    require_perm(acting_user, WRITE_ALERT, _("You may not write alerts."))
    own = _own()
    if acting_user.agency_id != own.pk:
        raise PermissionDenied(_("Only this node's agency writes alerts here."))
    cleaned = _clean_alert_data(data)
    if photo is not None:
        photo = clean_photo(photo)
    with transaction.atomic():
        alert = Alert(owner=own, author=acting_user, status=Status.DRAFT, **cleaned)
        if photo is not None:
            alert.photo = photo
        alert.refresh_names_text()
        alert.save(force_insert=True)
        audit_record(acting_user, AuditAction.ALERT_CREATE, target=alert)
    return alert


def alert_update(
    *, acting_user: User, alert: Alert, data: dict[str, Any], photo: Any = None
) -> Alert:
    """Edit a draft (or a refused alert, which goes back to draft)."""
    require_perm(acting_user, WRITE_ALERT, _("You may not write alerts."))
    require_perm(acting_user, WRITE_ALERT, _("This alert belongs to another agency."), obj=alert)
    if alert.status not in (Status.DRAFT, Status.REFUSED):
        raise ValidationError({"status": _("Only a draft can be edited.")})
    cleaned = _clean_alert_data(data)
    if photo is not None:
        photo = clean_photo(photo)
    changes = field_changes(alert, {**cleaned, "status": Status.DRAFT}, withheld=PERSONAL_FIELDS)
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
        audit_record(acting_user, AuditAction.ALERT_UPDATE, target=alert, extra=changes)
    return alert


def alert_delete_draft(*, acting_user: User, alert: Alert) -> None:
    """Delete a draft its author no longer wants (a mistake, a 5,000-letter name).

    Only the author, only a draft that never left the node; the audit row keeps that it
    existed and who deleted it, not the personal data it held.
    """
    require_perm(acting_user, WRITE_ALERT, _("You may not write alerts."))
    require_perm(acting_user, WRITE_ALERT, _("This alert belongs to another agency."), obj=alert)
    if alert.author_id != acting_user.pk:
        raise PermissionDenied(_("Only the author of a draft may delete it."))
    if alert.status != Status.DRAFT or alert.shared_with or alert.replicated_version:
        raise ValidationError({"status": _("Only a draft that was never shared can be deleted.")})
    with transaction.atomic():
        audit_record(
            acting_user,
            AuditAction.ALERT_DELETE_DRAFT,
            target=alert,
            extra={"category": alert.category, "version": alert.version},
        )
        photo = alert.photo.name if alert.photo else ""
        alert.delete()
        if photo:
            storage = alert.photo.storage
            transaction.on_commit(lambda: storage.delete(photo))


def alert_submit(*, acting_user: User, alert: Alert) -> Alert:
    """Send a draft to compliance review. It needs its legal basis."""
    require_perm(acting_user, WRITE_ALERT, _("You may not write alerts."))
    require_perm(acting_user, WRITE_ALERT, _("This alert belongs to another agency."), obj=alert)
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
        audit_record(acting_user, AuditAction.ALERT_SUBMIT, target=alert)
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

    require_review_of(acting_user, alert)
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
    elif decision == "approve" and share and alert.owner_only:
        errors["share_with"] = _("This alert is kept to the owner agency: it is never shared.")
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
                acting_user,
                AuditAction.ALERT_REFUSE,
                target=alert,
                justification=alert.review_reason,
            )
            return alert
        alert.status = Status.ACTIVE
        alert.shared_with = share
        alert.review_date, alert.expires_on = default_dates(alert.category, now.date())
        _bump(alert, *fields, "shared_with", "review_date", "expires_on")
        audit_record(
            acting_user,
            AuditAction.ALERT_APPROVE,
            target=alert,
            justification=alert.review_reason,
            extra={"share_with": share, "checklist": alert.review_checklist},
        )
        for code in share:
            audit_record(
                acting_user,
                AuditAction.ALERT_SHARE,
                target=alert,
                justification=alert.review_reason,
                recipient=code,
            )
        _replicate(alert)
    return alert


def alert_withdraw(*, acting_user: User, alert: Alert, reason: str) -> Alert:
    """Withdraw an alert of the user's agency; partner copies are deleted."""
    if not (acting_user.has_perm(WRITE_ALERT) or acting_user.has_perm(REVIEW_ALERT)):
        raise PermissionDenied(_("You may not withdraw alerts."))
    require_perm(acting_user, WITHDRAW_ALERT, _("This alert belongs to another agency."), obj=alert)
    if alert.status not in (Status.DRAFT, Status.PENDING_REVIEW, Status.ACTIVE, Status.REFUSED):
        raise ValidationError({"status": _("This alert is already closed.")})
    reason = (reason or "").strip() or _("withdrawn by the owner")
    with transaction.atomic():
        alert.status = Status.WITHDRAWN
        _bump(alert, "status")
        audit_record(acting_user, AuditAction.ALERT_WITHDRAW, target=alert, justification=reason)
        _unreplicate(alert, acting_user, reason)
    return alert


def alert_rejustify(*, acting_user: User, alert: Alert, reason: str) -> Alert:
    """Keep an active alert for another validity period, with a justification."""
    require_perm(acting_user, WRITE_ALERT, _("You may not write alerts."))
    require_perm(acting_user, WRITE_ALERT, _("This alert belongs to another agency."), obj=alert)
    if alert.status != Status.ACTIVE:
        raise ValidationError({"status": _("Only an active alert can be re-justified.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the alert is still needed.")})
    with transaction.atomic():
        alert.review_date, alert.expires_on = default_dates(alert.category, clock.now().date())
        _bump(alert, "review_date", "expires_on")
        audit_record(
            acting_user, AuditAction.ALERT_REJUSTIFY, target=alert, justification=reason.strip()
        )
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
            audit_record("system", AuditAction.ALERT_EXPIRE, target=alert)
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
        if alert.author is None or alert.review_date is None:
            continue
        if notice_sent_since(NoticeKind.ALERT_REVIEW, alert, alert.review_date):
            continue
        notify(
            [alert.author],
            NoticeKind.ALERT_REVIEW,
            alert,
            url=reverse("wanted:alert_detail", args=[alert.pk]),
        )
        count += 1
    return count
