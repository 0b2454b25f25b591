"""The two points where the events module leans on the wanted-persons module.

- :func:`alert_candidates`: alerts in use (active, own and partner copies, none restricted on a
  data-subject request) matching a person, through
  the wanted app's shared in-process matching index (one index per process for every
  screening, kept in step with the alerts table).
- :func:`start_hit_for_flagged`: a flagged accredited person starts the hit workflow with
  the alert's owner, through the wanted app's hit service.
- :func:`remember_rejections` / :func:`rejection_for_cleared`: a cleared candidate is
  remembered as "not the person" (wanted app's remembered rejections) and shown as such
  when the same person is screened again against the same version of the alert.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from jisr.matching import Person


@dataclass(frozen=True)
class Candidate:
    alert_id: str
    owner: str
    score: float
    explanation: dict[str, Any]


def refresh_alert_index() -> None:
    from jisr.wanted.register_index import register_index

    register_index().refresh()


def alert_candidates(
    person: Person, *, threshold: float | None = None, top: int = 5
) -> list[Candidate]:
    """Active alerts, own and partner, matching ``person`` (best first).

    Call :func:`refresh_alert_index` once before a batch: ``RegisterIndex.search`` checks the
    alerts table's signature (a COUNT and a MAX over the table) on every call, which costs more
    than the match itself when 100,000 people are screened; a slice of the batch reads the
    index as refreshed at the slice's start.
    """
    from jisr.wanted.register_index import register_index

    register = register_index()
    with register.lock:
        found = register.search(
            person, active_only=True, threshold=threshold, top=top, refresh=False
        )
    return [
        Candidate(match.id, entry.owner, float(match.score), match.explanation)
        for match, entry in found
    ]


def start_hit_for_flagged(
    *, acting_user: Any, alert_id: str, circumstances: str, location: str
) -> str:
    """Report a hit on ``alert_id`` to its owner (wanted app); returns the hit id.

    Runs inside the caller's transaction, so a refused hit rolls the flag back.
    """
    from jisr.wanted.services import hit_report

    hit = hit_report(
        acting_user=acting_user, alert_id=alert_id, circumstances=circumstances, location=location
    )
    return str(getattr(hit, "id", hit))


def alerts_by_id(alert_ids: list[str]) -> dict[str, Any]:
    """The register's alerts (own and partner copies) by id, for a candidate's review row.

    A reviewer decides on an accreditation candidate with the same facts an officer sees
    in a screening result: the alert's names, category and owner.
    """
    from jisr.wanted.models import Alert

    ids = set()
    for raw in alert_ids:
        try:
            ids.add(uuid.UUID(str(raw)))
        except ValueError:
            continue  # not an alert of this register (kept as given in the candidate row)
    if not ids:
        return {}
    return {str(alert.pk): alert for alert in Alert.objects.filter(pk__in=ids)}


def _identity(person: Any) -> dict[str, Any]:
    return {"names": [person.full_name], "birth_date": person.birth_date or None}


def remember_rejections(person: Any, matches: list[Candidate]) -> None:
    """Put earlier "not the person" decisions for this person into the candidates' explanations."""
    from jisr.wanted.rejections import annotate

    rows = [{"alert_id": m.alert_id} for m in matches]
    annotate(_identity(person), rows)
    for m, row in zip(matches, rows, strict=True):
        if "remembered_rejection" in row:
            m.explanation["remembered_rejection"] = row["remembered_rejection"]


def rejection_for_cleared(*, acting_user: Any, candidate: Any) -> None:
    """Remember a cleared candidate (in the caller's transaction)."""
    from jisr.wanted.models import Alert
    from jisr.wanted.rejections import CandidateRejection, rejection_record

    if not Alert.objects.filter(pk=candidate.alert_id).exists():
        return  # the alert was withdrawn meanwhile: nothing to compare a later screening with
    identity = _identity(candidate.person)
    rejection_record(
        acting_user=acting_user,
        names=identity["names"],
        birth_date=identity["birth_date"],
        alert_id=candidate.alert_id,
        reason=candidate.reason,
        context=CandidateRejection.Context.ACCREDITATION,
    )
