"""Fictitious demo data: one tournament hosted by the first agency of the demo pair (MA-DGSN
in the embedded demo), with three venues. No real person.

MA-DGSN writes in Arabic, so the event, its venues and its risks are in Arabic.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from jisr.accounts.models import Agency, User
from jisr.accounts.reference import KNOWN_AGENCIES
from jisr.events.models import Event

DEMO_EVENT = "كأس إفريقيا للأندية 2027 (تظاهرة وهمية)"
#: The name the demo event had before it was written in Arabic (a node seeded then keeps it).
FORMER_NAMES = ("Coupe d'Afrique des clubs 2027 (fictive)",)


def _demo_host(codes: list[str]) -> str:
    """The agency that hosts the demo tournament: the first known one (MA-DGSN), else the
    first code; the same order as ``jisr.node.demo.demo_order``."""
    known = list(KNOWN_AGENCIES)
    return min(codes, key=lambda c: (known.index(c) if c in known else len(known), c))


def seed(own_agency: Any) -> None:
    """The demo tournament, on the node of the pair's host, with the other agency taking part."""
    if own_agency is None:
        return
    partners = list(Agency.objects.exclude(pk=own_agency.pk).order_by("code"))
    if _demo_host([own_agency.code, *(a.code for a in partners)]) != own_agency.code:
        return
    if Event.objects.filter(name__in=(DEMO_EVENT, *FORMER_NAMES), owner=own_agency).exists():
        return
    user = (
        User.objects.filter(agency=own_agency, username__endswith=".supervisor")
        .order_by("username")
        .first()
    )
    if user is None:
        return
    from jisr.events import services

    event = services.event_create(
        acting_user=user,
        name=DEMO_EVENT,
        starts_on=dt.date(2027, 6, 12),
        ends_on=dt.date(2027, 6, 27),
        description="دورة وهمية لأغراض العرض التجريبي.",
        participants=partners,
    )
    stadium = services.venue_add(
        acting_user=user,
        event=event,
        name="الملعب الكبير (وهمي)",
        kind="stadium",
        capacity=65000,
        address="شارع وهمي 1، الرباط",
    )
    fan_zone = services.venue_add(
        acting_user=user,
        event=event,
        name="فضاء المشجعين بالكورنيش (وهمي)",
        kind="fan_zone",
        capacity=20000,
        address="كورنيش وهمي، الدار البيضاء",
    )
    services.venue_add(
        acting_user=user,
        event=event,
        name="فندق الوفود (وهمي)",
        kind="hotel",
        capacity=800,
        address="زنقة وهمية 12، الرباط",
    )
    services.protocol_create(acting_user=user, event=event, venue=stadium, template="crowd")
    services.protocol_create(acting_user=user, event=event, venue=fan_zone, template="medical")
    services.risk_add(
        acting_user=user,
        event=event,
        threat="تدافع عند المدخل الشمالي",
        likelihood=3,
        impact=4,
        owner_agency=own_agency,
        venue=stadium,
        mitigation="فتح الأبواب قبل 3 ساعات من انطلاق المباراة",
    )
    services.risk_add(
        acting_user=user,
        event=event,
        threat="هجوم إلكتروني على منظومة بيع التذاكر",
        likelihood=2,
        impact=3,
        owner_agency=partners[0] if partners else own_agency,
    )
