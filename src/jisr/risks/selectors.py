"""Reads of the risks module, with their access checks."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from jisr.core.access import require_perm, uuid_or_404
from jisr.core.bounds import today
from jisr.risks.models import Acknowledgement, Bulletin, Playbook, Risk, RiskAssessment
from jisr.risks.permissions import RELEASE_BULLETINS, VIEW_RISKS


def risks_visible_to(
    user: Any, *, crime_area: str = "", country: str = "", place: str = ""
) -> QuerySet[Risk]:
    """The standing register (ours and partners' copies), filtered by area or geography."""
    require_perm(user, VIEW_RISKS, _("You may not see the risk register."))
    rows = Risk.objects.select_related("owner")
    if crime_area:
        rows = rows.filter(crime_area=crime_area)
    if country:
        rows = rows.filter(countries__icontains=f'"{country.upper()[:2]}"')
    if place:
        term = place.strip()[:100]
        rows = rows.filter(
            Q(regions__icontains=term)
            | Q(routes__icontains=term)
            | Q(border_crossings__icontains=term)
        )
    return rows


def access_risk_for_view(risk_id: Any, user: Any) -> Risk:
    require_perm(user, VIEW_RISKS, _("You may not see the risk register."))
    risk = Risk.objects.select_related("owner", "event").filter(id=uuid_or_404(risk_id)).first()
    if risk is None:
        raise Http404
    return risk


def scores_of(risk: Risk) -> list[dict[str, Any]]:
    """Each agency's score of the risk: the owner's first, then every other agency's own
    assessment, with the difference from the owner's."""
    rows: list[dict[str, Any]] = [
        {
            "agency": risk.owner,
            "likelihood": risk.likelihood,
            "impact": risk.impact,
            "level": risk.level,
            "comment": "",
            "is_owner": True,
        }
    ]
    for a in (
        RiskAssessment.objects.filter(risk=risk)
        .exclude(agency_id=risk.owner_id)
        .select_related("agency")
    ):
        rows.append(
            {
                "agency": a.agency,
                "likelihood": a.likelihood,
                "impact": a.impact,
                "level": a.level,
                "comment": a.comment,
                "assessed_at": a.assessed_at,
                "is_owner": False,
                "d_likelihood": a.likelihood - risk.likelihood,
                "d_impact": a.impact - risk.impact,
                "d_level": a.level - risk.level,
            }
        )
    return rows


def standing_risks_for_event(event_id: Any) -> list[Risk]:
    """The standing risks linked to a major event (shown on the event's risk register)."""
    return list(Risk.objects.filter(event_id=event_id).select_related("owner"))


def bulletins_visible_to(user: Any) -> QuerySet[Bulletin]:
    """Our agency's bulletins in every state and partners' released copies."""
    require_perm(user, VIEW_RISKS, _("You may not see bulletins."))
    return (
        Bulletin.objects.filter(Q(owner_id=user.agency_id) | Q(owner__is_own=False))
        .select_related("owner")
        .annotate(
            ack_total=Count("acks", distinct=True),
            ack_done=Count("acks", filter=Q(acks__acknowledged_at__isnull=False), distinct=True),
        )
    )


def access_bulletin_for_view(bulletin_id: Any, user: Any) -> Bulletin:
    from jisr.risks.services.bulletins import access_bulletin

    return access_bulletin(uuid_or_404(bulletin_id), user)


def bulletins_to_approve(user: Any) -> QuerySet[Bulletin]:
    if not user.has_perm(RELEASE_BULLETINS):
        return Bulletin.objects.none()
    return (
        Bulletin.objects.filter(owner_id=user.agency_id, owner__is_own=True, status="pending")
        .exclude(author=user)
        .order_by("created_at")
    )


def bulletins_to_acknowledge(user: Any) -> QuerySet[Bulletin]:
    if not user.has_perm(VIEW_RISKS):
        return Bulletin.objects.none()
    return Bulletin.objects.filter(
        owner__is_own=False,
        acks__username=user.username,
        acks__agency_id=user.agency_id,
        acks__acknowledged_at__isnull=True,
    ).order_by("-received_at")


def acknowledgements_of(bulletin: Bulletin) -> list[Acknowledgement]:
    return list(bulletin.acks.select_related("agency"))


def playbooks_visible_to(user: Any) -> QuerySet[Playbook]:
    require_perm(user, VIEW_RISKS, _("You may not see playbooks."))
    return Playbook.objects.select_related("owner").annotate(step_count=Count("steps"))


def access_playbook_for_view(playbook_id: Any, user: Any) -> Playbook:
    require_perm(user, VIEW_RISKS, _("You may not see playbooks."))
    playbook = Playbook.objects.select_related("owner").filter(id=uuid_or_404(playbook_id)).first()
    if playbook is None:
        raise Http404
    return playbook


def overdue_reviews(rows: Any) -> set[Any]:
    day = today()
    return {r.id for r in rows if r.review_on < day}
