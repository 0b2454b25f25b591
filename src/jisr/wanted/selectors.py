"""Reads on the register, with the access checks and the consultation log."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.audit.actions import AuditAction
from jisr.audit.services import audit_record
from jisr.core.access import require_perm, uuid_or_404
from jisr.wanted.models import Alert, Hit, Screening
from jisr.wanted.permissions import (
    CONSULT_REGISTER,
    HANDLE_HITS,
    REVIEW_ALERT,
    SCREEN_PERSONS,
    WITHDRAW_ALERT,
    WRITE_ALERT,
)
from jisr.wanted.reference import HitStatus, Status


def visible_alerts(user: User) -> QuerySet[Alert]:
    """Alerts the user may see: their agency's own, and partner copies (always active)."""
    require_perm(user, CONSULT_REGISTER, _("You may not consult the register."))
    return Alert.objects.select_related("owner").filter(
        Q(is_copy=False, owner_id=user.agency_id) | Q(is_copy=True, status=Status.ACTIVE)
    )


def alerts_for_list(
    user: User,
    *,
    owner: str | None = None,
    status: str | None = None,
    q: str = "",
    category: str | None = None,
) -> QuerySet[Alert]:
    qs = visible_alerts(user)
    if owner == "own":
        qs = qs.filter(is_copy=False)
    elif owner == "partner":
        qs = qs.filter(is_copy=True)
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if q.strip():
        qs = qs.filter(_name_search(q.strip()))
    return qs.order_by("-updated_at")


def _name_search(q: str) -> Q:
    """Names containing what was typed (case and accents aside), or matching it across
    scripts through the matching engine ("Tazi" finds Ettazi and التازي)."""
    from jisr.core.scripts import fold
    from jisr.wanted.register_index import register_index

    return Q(names_text__contains=fold(q)) | Q(pk__in=register_index().name_part_ids(q))


def access_alert_for_view(alert_id: Any, user: User, *, purpose: str = "") -> Alert:
    """Fetch an alert to show it, and log the consultation (``alert.view``)."""
    require_perm(user, CONSULT_REGISTER, _("You may not consult the register."))
    alert = Alert.objects.select_related("owner").filter(pk=uuid_or_404(alert_id)).first()
    if alert is None:
        raise Http404
    require_perm(user, CONSULT_REGISTER, _("This alert belongs to another agency."), obj=alert)
    audit_record(user, AuditAction.ALERT_VIEW, target=alert, justification=purpose)
    if alert.is_copy and apps.is_installed("jisr.privacy"):
        # The owner's DPO learns who abroad opened its alert (a consultation receipt).
        from jisr.privacy.services.receipts import consultation_receipt_record

        consultation_receipt_record(user, "wanted.alert", alert.id, alert.owner.code, purpose)
    return alert


def _fetch(alert_id: Any) -> Alert:
    alert = Alert.objects.select_related("owner", "author").filter(pk=uuid_or_404(alert_id)).first()
    if alert is None:
        raise Http404
    return alert


def access_alert_for_edit(alert_id: Any, user: User) -> Alert:
    require_perm(user, WRITE_ALERT, _("You may not write alerts."))
    alert = _fetch(alert_id)
    require_perm(user, WRITE_ALERT, _("This alert belongs to another agency."), obj=alert)
    return alert


def access_alert_for_withdraw(alert_id: Any, user: User) -> Alert:
    if not (user.has_perm(WRITE_ALERT) or user.has_perm(REVIEW_ALERT)):
        raise PermissionDenied(_("You may not withdraw alerts."))
    alert = _fetch(alert_id)
    require_perm(user, WITHDRAW_ALERT, _("This alert belongs to another agency."), obj=alert)
    return alert


def require_review_of(user: User, alert: Alert) -> None:
    """403 unless ``user`` may review ``alert``: a compliance reviewer of its agency, not its author."""
    require_perm(user, REVIEW_ALERT, _("Only a compliance reviewer may review alerts."))
    if user.has_perm(REVIEW_ALERT, alert):
        return
    if alert.author_id == user.pk:
        raise PermissionDenied(_("The author of an alert may not review it."))
    raise PermissionDenied(_("This alert belongs to another agency."))


def access_alert_for_review(alert_id: Any, user: User) -> Alert:
    """A pending alert for a compliance reviewer who is not its author."""
    alert = _fetch(alert_id)
    require_review_of(user, alert)
    return alert


def alerts_for_review(user: User) -> QuerySet[Alert]:
    require_perm(user, REVIEW_ALERT, _("You may not review alerts."))
    return (
        Alert.objects.select_related("owner", "author")
        .filter(is_copy=False, owner_id=user.agency_id, status=Status.PENDING_REVIEW)
        .exclude(author=user)
        .order_by("updated_at")
    )


def alerts_for_duplicate_check(
    user: User, *, names: list[str], birth_date: str, nationality: list[str], exclude: str = ""
) -> list[dict[str, Any]]:
    """Existing alerts that look like the one being written (names and date of birth only)."""
    from jisr.matching import Person
    from jisr.wanted.register_index import register_index

    require_perm(user, WRITE_ALERT, _("You may not write alerts."))
    if not names:
        return []
    found = register_index().search(
        Person("draft", names, birth_date or None, nationality), active_only=False, top=5
    )
    ids = [m.id for m, _e in found if m.id != exclude]
    alerts = {str(a.id): a for a in visible_alerts(user).filter(pk__in=ids)}
    return [{"alert": alerts[m.id], "score": m.score} for m, _e in found if m.id in alerts]


def access_screening_for_view(screening_id: Any, user: User) -> Screening:
    """A screening is seen only by the officer who ran it."""
    require_perm(user, SCREEN_PERSONS, _("You may not screen persons."))
    screening = Screening.objects.filter(pk=uuid_or_404(screening_id)).first()
    if screening is None:
        raise Http404
    require_perm(user, SCREEN_PERSONS, _("This screening belongs to someone else."), obj=screening)
    return screening


def screenings_for_user(user: User) -> QuerySet[Screening]:
    require_perm(user, SCREEN_PERSONS, _("You may not screen persons."))
    return Screening.objects.filter(user=user).defer("subjects", "results").order_by("-created_at")


def hits_for_queue(user: User, *, direction: str, status: str | None = None) -> QuerySet[Hit]:
    require_perm(user, HANDLE_HITS, _("You may not handle hits."))
    if user.agency is None or not user.agency.is_own:
        raise PermissionDenied(_("You may not handle hits."))
    qs = Hit.objects.filter(direction=direction)
    if status:
        qs = qs.filter(status=status)
    if direction == Hit.Direction.INCOMING:
        return qs.order_by("status", "due_at")
    return qs.order_by("-reported_at")


def access_hit(hit_id: Any, user: User) -> Hit:
    """A hit of this node, for a user who handles hits."""
    require_perm(user, HANDLE_HITS, _("You may not handle hits."))
    hit = Hit.objects.select_related("alert", "alert__owner").filter(pk=uuid_or_404(hit_id)).first()
    if hit is None:
        raise Http404
    require_perm(user, HANDLE_HITS, _("This hit concerns other agencies."), obj=hit)
    return hit


def access_hit_for_view(hit_id: Any, user: User) -> Hit:
    hit = access_hit(hit_id, user)
    audit_record(user, AuditAction.HIT_VIEW, target=hit)
    return hit


def pending_incoming_count(user: User) -> int:
    return Hit.objects.filter(direction=Hit.Direction.INCOMING, status=HitStatus.REPORTED).count()
