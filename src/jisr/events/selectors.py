"""Reads with access checks for the events module."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from jisr.core.access import require_perm, uuid_or_404
from jisr.events.models import (
    AccreditationCandidate,
    AccreditationList,
    AccreditedPerson,
    Event,
    Incident,
)
from jisr.events.permissions import (
    CHANGE_INCIDENT,
    COORDINATE_EVENTS,
    JOIN_EVENT,
    LOG_INCIDENTS,
    SCREEN_ACCREDITATIONS,
    VIEW_MAJOR_EVENTS,
)


def events_visible_to(user: Any) -> QuerySet[Event]:
    """Events hosted by the user's agency or shared with it (copies exist only when shared)."""
    require_perm(user, VIEW_MAJOR_EVENTS)
    agency = user.agency
    if agency is None:
        return Event.objects.none()
    return (
        Event.objects.filter(Q(owner=agency) | Q(participants__agency=agency))
        .distinct()
        .select_related("owner")
    )


def access_event_for_view(event_id: Any, user: Any) -> Event:
    require_perm(user, VIEW_MAJOR_EVENTS)
    event = Event.objects.select_related("owner").filter(id=uuid_or_404(event_id)).first()
    if event is None:
        raise Http404
    require_perm(user, VIEW_MAJOR_EVENTS, obj=event)
    return event


def access_event_for_coordination(event_id: Any, user: Any) -> Event:
    """The host's coordinator: may edit venues, risks, protocols, deployments, debrief."""
    require_perm(user, COORDINATE_EVENTS)
    event = access_event_for_view(event_id, user)
    require_perm(
        user, COORDINATE_EVENTS, _("Only the host agency can change this event."), obj=event
    )
    return event


def access_event_for_joining(event_id: Any, user: Any) -> Event:
    require_perm(user, COORDINATE_EVENTS)
    event = access_event_for_view(event_id, user)
    require_perm(user, JOIN_EVENT, _("Your agency is not invited to this event."), obj=event)
    return event


def access_event_for_incidents(event_id: Any, user: Any) -> Event:
    require_perm(user, LOG_INCIDENTS)
    return access_event_for_view(event_id, user)


def access_incident_for_update(incident_id: Any, user: Any) -> Incident:
    require_perm(user, LOG_INCIDENTS)
    incident = (
        Incident.objects.select_related("event", "owner")
        .filter(id=uuid_or_404(incident_id))
        .first()
    )
    if incident is None:
        raise Http404
    access_event_for_view(incident.event_id, user)
    require_perm(
        user,
        CHANGE_INCIDENT,
        _("Only the agency that recorded this incident can change it."),
        obj=incident,
    )
    return incident


def access_event_for_screening(event_id: Any, user: Any) -> Event:
    require_perm(user, SCREEN_ACCREDITATIONS)
    return access_event_for_view(event_id, user)


def access_list_for_screening(list_id: Any, user: Any) -> AccreditationList:
    require_perm(user, SCREEN_ACCREDITATIONS)
    acc = AccreditationList.objects.select_related("event").filter(id=uuid_or_404(list_id)).first()
    if acc is None:
        raise Http404
    access_event_for_view(acc.event_id, user)
    return acc


def access_candidate_for_review(candidate_id: Any, user: Any) -> AccreditationCandidate:
    require_perm(user, SCREEN_ACCREDITATIONS)
    try:
        pk = int(candidate_id)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    candidate = (
        AccreditationCandidate.objects.select_related("person__accreditation_list__event")
        .filter(pk=pk)
        .first()
    )
    if candidate is None:
        raise Http404
    access_event_for_view(candidate.person.accreditation_list.event_id, user)
    return candidate


# -- figures ----------------------------------------------------------------------------


def readiness_by_venue(event: Event) -> dict[Any, int | None]:
    """Percentage of protocol items done, per venue (None when the venue has no protocol)."""
    if not event.is_own:
        return {v.id: v.readiness_copy for v in event.venues.all()}
    from jisr.events.models import ProtocolItem

    totals: dict[Any, list[int]] = defaultdict(lambda: [0, 0])
    rows = (
        ProtocolItem.objects.filter(protocol__event=event)
        .values("protocol__venue_id")
        .annotate(total=Count("id"), done=Count("id", filter=Q(done=True)))
    )
    for row in rows:
        totals[row["protocol__venue_id"]] = [row["done"], row["total"]]
    result: dict[Any, int | None] = {}
    for venue in event.venues.all():
        done, total = totals.get(venue.id, [0, 0])
        result[venue.id] = round(100 * done / total) if total else None
    return result


def open_incidents(event: Event) -> QuerySet[Incident]:
    return (
        event.incidents.exclude(status=Incident.Status.CLOSED)
        .select_related("venue", "owner", "assigned_agency")
        .order_by("-severity", "-occurred_at")
    )


def board(event: Event) -> dict[str, Any]:
    """Everything the situation board shows."""
    incidents = list(open_incidents(event))
    readiness = readiness_by_venue(event)
    venues = list(event.venues.all())
    by_venue = []
    for venue in venues:
        counts = [
            sum(1 for i in incidents if i.venue_id == venue.id and i.severity == s)
            for s in (4, 3, 2, 1)
        ]
        by_venue.append({"venue": venue, "counts": counts, "readiness": readiness.get(venue.id)})
    severity_totals = [sum(1 for i in incidents if i.severity == s) for s in (4, 3, 2, 1)]
    return {
        "incidents": incidents,
        "by_venue": by_venue,
        "severity_totals": severity_totals,
        "screening": screening_state(event),
    }


def screening_state(event: Event) -> dict[str, int]:
    lists = event.accreditation_lists.all()
    persons = AccreditedPerson.objects.filter(accreditation_list__event=event)
    candidates = AccreditationCandidate.objects.filter(person__accreditation_list__event=event)
    agg = candidates.aggregate(
        pending=Count("id", filter=Q(status="pending")),
        flagged=Count("id", filter=Q(status="flagged")),
        cleared=Count("id", filter=Q(status="cleared")),
    )
    return {
        "lists": lists.count(),
        "running": lists.exclude(status=AccreditationList.Status.DONE).count(),
        "total": persons.count(),
        "screened": persons.filter(screened=True).count(),
        "accredited": persons.filter(decision="accredit").count(),
        "refused": persons.filter(decision="refuse").count(),
        "to_review": int(agg["pending"] or 0),
        "flagged": int(agg["flagged"] or 0),
        "cleared": int(agg["cleared"] or 0),
    }


def debrief_figures(event: Event) -> dict[str, Any]:
    incidents = event.incidents.all()
    by_category = {
        row["category"]: row["n"] for row in incidents.values("category").annotate(n=Count("id"))
    }
    by_severity = {
        row["severity"]: row["n"] for row in incidents.values("severity").annotate(n=Count("id"))
    }
    screening = screening_state(event)
    hits = AccreditationCandidate.objects.filter(
        person__accreditation_list__event=event, status="flagged"
    ).exclude(hit_id="")
    return {
        "incidents": incidents.count(),
        "incidents_by_category": [
            (label, by_category.get(code, 0)) for code, label in Incident.Category.choices
        ],
        "incidents_by_severity": [(s, by_severity.get(s, 0)) for s in (4, 3, 2, 1)],
        "screened": screening["screened"],
        "accredited": screening["accredited"],
        "refused": screening["refused"],
        "flagged": screening["flagged"],
        "hits": hits.count(),
        "venues": event.venues.count(),
        "risks": event.risks.count(),
    }
