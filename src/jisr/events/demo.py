"""Fictitious demo data: one tournament hosted by the first agency of the demo pair (MA-DGSN
in the embedded demo), with three venues. No real person.

The first agency writes in Arabic, so the event, its venues and its risks are in Arabic.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from jisr.accounts.demo import FIRST, DemoPair, demo_pair
from jisr.accounts.models import User
from jisr.events.models import Event

DEMO_EVENT = "كأس إفريقيا للأندية 2027 (تظاهرة وهمية)"
#: The name the demo event had before it was written in Arabic (a node seeded then keeps it).
FORMER_NAMES = ("Coupe d'Afrique des clubs 2027 (fictive)",)


def seed(own_agency: Any, pair: DemoPair | None = None) -> None:
    """The demo tournament, on the node of the pair's first agency, the second taking part."""
    pair = demo_pair(own_agency, pair)
    if pair is None or not pair.is_own(FIRST):
        return
    partners = [pair.second]
    if Event.objects.filter(name__in=(DEMO_EVENT, *FORMER_NAMES), owner=own_agency).exists():
        return
    user = User.objects.filter(
        agency=own_agency, username=pair.username(FIRST, "supervisor")
    ).first()
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
        owner_agency=pair.second,
    )
