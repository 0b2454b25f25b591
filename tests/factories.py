"""Records for tests, made through the apps' public services.

A record made here is what a user of this node would have made: validated, audited and
shared as the service does it, never rows written by hand. Each function takes the acting
users explicitly (the fixtures give them) and keyword arguments only. A partner's copy is
not made here: it arrives through the partner's envelope (``tests/federation/support.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def alert_active(
    *,
    author: Any,
    reviewer: Any,
    data: dict[str, Any],
    share_with: Iterable[str] = ("FR-DGPN",),
    reason: str = "Ordinary crime, warrant in force.",
) -> Any:
    """An alert written and submitted by ``author``, approved by ``reviewer``, shared as told."""
    from jisr.wanted import services

    alert = services.alert_create(acting_user=author, data=data)
    services.alert_submit(acting_user=author, alert=alert)
    return services.alert_review(
        acting_user=reviewer,
        alert=alert,
        decision="approve",
        reason=reason,
        share_with=list(share_with),
    )


def group_active(
    *,
    convener: Any,
    partner: str = "FR-DGPN",
    name: str = "Groupe fictif",
    kind: str = "fugitives",
    members: Iterable[str] = (),
) -> Any:
    """A working group ``convener`` proposed to ``partner``, which accepted it (as its envelope
    tells the convener's node): active, the convener a member."""
    from jisr.groups import services

    group = services.group_create(
        acting_user=convener, name=name, kind=kind, partners=[partner], members=list(members)
    )
    services.group_partner_answered(group=group, agency_code=partner, accepted=True, reason="")
    group.refresh_from_db()
    return group


def person_of_interest(
    *, acting_user: Any, group: Any, names: list[str], birth_date: str = "", **fields: Any
) -> Any:
    """A target of ``group`` that is no wanted alert, only a person's names."""
    from jisr.groups import services

    return services.target_add(
        acting_user=acting_user, group=group, names=names, birth_date=birth_date, **fields
    )


def group_lead(
    *,
    acting_user: Any,
    group: Any,
    text: str,
    target: Any = None,
    source_evaluation: str = "B",
    information_evaluation: str = "2",
    **fields: Any,
) -> Any:
    """A lead of our agency in ``group``, on ``target`` if given."""
    from jisr.groups import services

    return services.lead_add(
        acting_user=acting_user,
        group=group,
        text=text,
        target=target,
        source_evaluation=source_evaluation,
        information_evaluation=information_evaluation,
        **fields,
    )
