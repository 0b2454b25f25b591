"""Fictitious demo cases: one per agency, present on both nodes with the same ids.

Demo nodes are seeded before they are wired as partners, so the data is written on
each node directly (the owner's node holds the original, the partner's a copy), as if
it had travelled. Every person named here is invented ("-Demo").
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction

from jisr.accounts.models import Agency
from jisr.core import clock
from jisr.core.deadlines import deadline_fields
from jisr.core.entities import normalise
from jisr.exchange.entities import CheckedEntity, entities_store
from jisr.exchange.models import (
    Acknowledgement,
    Case,
    CaseCounter,
    Message,
    Outcome,
    PartnerDesk,
    TimeLimit,
)

DEMO_LANGUAGES = {"MA-DGSN": ["ar", "fr"], "FR-DGPN": ["fr", "en"]}

DEMO_CASES: list[dict[str, Any]] = [
    {
        "id": "0193a000-0000-7000-8000-00000000f001",
        "owner": "FR-DGPN",
        "number": 1,
        "title": "Cannabis resin shipments via Tanger Med (fictitious)",
        "crime_area": "drug_trafficking",
        "messages": [
            {
                "id": "0193a000-0000-7000-8000-00000000f011",
                "sender": "FR-DGPN",
                "author": "Julie Martin-Test",
                "kind": "request_information",
                "subject": "Vehicle AB-123-CD-DEMO: crossings in October",
                "body": "Could you tell us whether the vehicle AB-123-CD-DEMO crossed at Tanger Med in "
                "October, and with which driver? The driver may be Yassine Benkirane-Demo.",
                "names": ["Yassine Benkirane-Demo"],
                "handling": "H1",
                "priority": "normal",
                "language": "fr",
                "hours_ago": 30,
                "entities": [
                    ("vehicle", "AB-123-CD-DEMO", "FR"),
                    ("phone", "+33 6 12 34 56 78", "FR"),
                    ("person", "Yassine Benkirane-Demo", ""),
                ],
            },
            {
                "id": "0193a000-0000-7000-8000-00000000f012",
                "sender": "MA-DGSN",
                "author": "Karim Bennani-Test",
                "kind": "reply",
                "reply_to": "0193a000-0000-7000-8000-00000000f011",
                "subject": "Re: Vehicle AB-123-CD-DEMO: crossings in October",
                "body": "Two crossings, on 4 and 18 October; the driver declared was Yassine Benkirane-Demo.",
                "names": ["Yassine Benkirane-Demo", "ياسين بنكيران"],
                "handling": "H2",
                "priority": "",
                "language": "fr",
                "hours_ago": 26,
            },
        ],
    },
    {
        "id": "0193a000-0000-7000-8000-00000000f002",
        "owner": "MA-DGSN",
        "number": 1,
        "title": "Online fraud ring targeting tourists (fictitious)",
        "crime_area": "fraud",
        "messages": [
            {
                "id": "0193a000-0000-7000-8000-00000000f021",
                "sender": "MA-DGSN",
                "author": "Rachid Fassi-Test",
                "kind": "spontaneous_information",
                "subject": "Fake holiday rental websites",
                "body": "Three websites offering fake rentals in Marrakech are hosted in France. "
                "Domains and payment accounts are in the attached note (demo).",
                "names": [],
                "handling": "H0",
                "priority": "",
                "language": "en",
                "hours_ago": 50,
            },
            {
                "id": "0193a000-0000-7000-8000-00000000f022",
                "sender": "FR-DGPN",
                "author": "Anne Moreau-Test",
                "kind": "reply",
                "reply_to": "0193a000-0000-7000-8000-00000000f021",
                "subject": "Re: Fake holiday rental websites",
                "body": "Thank you. The hosting provider has been asked to preserve the data.",
                "names": [],
                "handling": "H0",
                "priority": "",
                "language": "en",
                "hours_ago": 40,
            },
        ],
    },
]


def seed(own: Agency) -> None:
    """Create the demo cases on this node (idempotent)."""
    agencies = {a.code: a for a in Agency.objects.filter(code__in=["MA-DGSN", "FR-DGPN"])}
    if len(agencies) < 2:
        return
    now = clock.now()
    with transaction.atomic():
        for spec in DEMO_CASES:
            if Case.objects.filter(id=spec["id"]).exists():
                continue
            owner = agencies[spec["owner"]]
            opened = now - dt.timedelta(hours=72)
            reference = f"{owner.code}-{opened.year}-{spec['number']:04d}"
            if Case.objects.filter(reference=reference).exists():
                continue
            case = Case.objects.create(
                id=uuid.UUID(spec["id"]),
                reference=reference,
                title=spec["title"],
                crime_area=spec["crime_area"],
                owner=owner,
                created_at=opened,
                updated_at=opened,
            )
            case.participants.set(agencies.values())
            if owner.is_own:
                counter, _created = CaseCounter.objects.get_or_create(year=opened.year)
                counter.last = max(counter.last, spec["number"])
                counter.save(update_fields=["last"])
            for item in spec["messages"]:
                sender = agencies[item["sender"]]
                created = now - dt.timedelta(hours=item["hours_ago"])
                deadline = None
                if item["kind"].startswith("request_"):
                    deadline = created + dt.timedelta(
                        hours=8 if item["priority"] == "urgent" else 168
                    )
                message = Message.objects.create(
                    id=uuid.UUID(item["id"]),
                    case=case,
                    sender=sender,
                    author_name=item["author"],
                    kind=item["kind"],
                    in_reply_to=uuid.UUID(item["reply_to"]) if item.get("reply_to") else None,
                    subject=item["subject"],
                    body=item["body"],
                    person_names=item["names"],
                    contains_personal_data=bool(item["names"]),
                    handling_code=item["handling"],
                    source_reliability="B",
                    information_accuracy="2",
                    priority=item["priority"],
                    language=item["language"],
                    created_at=created,
                    received_at=None if sender.is_own else created,
                    **deadline_fields(created, deadline, remind=not sender.is_own),
                )
                recipient = agencies["MA-DGSN" if sender.code == "FR-DGPN" else "FR-DGPN"]
                message.recipients.set([recipient])
                Acknowledgement.objects.create(
                    message=message,
                    agency=recipient,
                    kind=Acknowledgement.Kind.DELIVERED,
                    at=created,
                )
                if item.get("reply_to"):
                    Message.objects.filter(id=item["reply_to"]).update(
                        answered_at=created, outcome=Outcome.ANSWERED
                    )
                if deadline is not None:
                    message.time_limit = (
                        TimeLimit.URGENT_DIRECT if item["priority"] == "urgent" else TimeLimit.OTHER
                    )
                    message.limit_started_at = created
                    message.save(update_fields=["time_limit", "limit_started_at"])
                entities_store(
                    message,
                    [
                        CheckedEntity(
                            kind, value, normalise(kind, value, country=country), country, ""
                        )
                        for kind, value, country in item.get("entities", ())
                    ],
                )
        # What each desk accepts (Art. 11), as the partner's first envelope would tell.
        for code, languages in DEMO_LANGUAGES.items():
            if not agencies[code].is_own:
                PartnerDesk.objects.get_or_create(
                    agency=agencies[code], defaults={"languages": languages}
                )
