"""Fictitious demo cases: one per agency of the pair, present on both nodes with the same ids.

Demo nodes are seeded before they are wired as partners, so the data is written on
each node directly (the owner's node holds the original, the partner's a copy), as if
it had travelled: the services would draw new ids and send the copies themselves, so
the nodes would not agree on them. Each seeded row gets its audit row (opened or sent
for an original, received for a copy). Every person named here is invented ("-Demo").
Each agency writes in its own language (the first of the pair, MA-DGSN in the embedded
demo, in Arabic; the second, FR-DGPN, in French); a reply keeps its thread's subject,
and the first answers the second's French request in French.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction

from jisr.accounts.demo import FIRST, SECOND, DemoPair, demo_pair
from jisr.accounts.models import Agency
from jisr.audit.actions import AuditAction
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

#: The languages each agency's desk accepts, by its role in the pair.
DEMO_LANGUAGES = {FIRST: ["ar", "fr"], SECOND: ["fr", "en"]}

DEMO_CASES: list[dict[str, Any]] = [
    {
        "id": "0193a000-0000-7000-8000-00000000f001",
        "owner": SECOND,
        "number": 1,
        "title": "Envois de résine de cannabis via Tanger Med (fictif)",
        "crime_area": "drug_trafficking",
        "messages": [
            {
                "id": "0193a000-0000-7000-8000-00000000f011",
                "sender": SECOND,
                "author": "Julie Martin-Test",
                "kind": "request_information",
                "subject": "Véhicule AB-123-CD-DEMO\u00a0: passages en octobre",
                "body": "Pourriez-vous nous indiquer si le véhicule AB-123-CD-DEMO est passé par Tanger "
                "Med en octobre, et avec quel conducteur\u202f? Il pourrait s'agir de Yassine "
                "Benkirane-Demo.",
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
                "sender": FIRST,
                "author": "Karim Bennani-Test",
                "kind": "reply",
                "reply_to": "0193a000-0000-7000-8000-00000000f011",
                "subject": "Re\u00a0: Véhicule AB-123-CD-DEMO\u00a0: passages en octobre",
                "body": "Deux passages, les 4 et 18 octobre\u202f; le conducteur déclaré était Yassine "
                "Benkirane-Demo.",
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
        "owner": FIRST,
        "number": 1,
        "title": "شبكة احتيال إلكتروني تستهدف السياح (وقائع وهمية)",
        "crime_area": "fraud",
        "messages": [
            {
                "id": "0193a000-0000-7000-8000-00000000f021",
                "sender": FIRST,
                "author": "Rachid Fassi-Test",
                "kind": "spontaneous_information",
                "subject": "مواقع وهمية لكراء الشقق السياحية",
                "body": "ثلاثة مواقع تعرض كراء شقق وهمية بمراكش مستضافة في فرنسا. "
                "أسماء النطاقات وحسابات الأداء في المذكرة المرفقة (معطيات تجريبية).",
                "names": [],
                "handling": "H0",
                "priority": "",
                "language": "ar",
                "hours_ago": 50,
            },
            {
                "id": "0193a000-0000-7000-8000-00000000f022",
                "sender": SECOND,
                "author": "Anne Moreau-Test",
                "kind": "reply",
                "reply_to": "0193a000-0000-7000-8000-00000000f021",
                "subject": "Re: مواقع وهمية لكراء الشقق السياحية",
                "body": "Merci. L'hébergeur a été requis de conserver les données.",
                "names": [],
                "handling": "H0",
                "priority": "",
                "language": "fr",
                "hours_ago": 40,
            },
        ],
    },
]


def seed(own: Agency, pair: DemoPair | None = None) -> None:
    """Create the demo cases on this node (idempotent)."""
    pair = demo_pair(own, pair)
    if pair is None:
        return
    agencies = {FIRST: pair.first, SECOND: pair.second}
    now = clock.now()
    with transaction.atomic():
        for spec in DEMO_CASES:
            if Case.objects.filter(id=spec["id"]).exists():
                continue
            owner = pair.agency(spec["owner"])
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
            pair.audit(
                case,
                spec["owner"],
                created=AuditAction.CASE_OPEN,
                received=AuditAction.CASE_RECEIVE,
            )
            if owner.is_own:
                counter, _created = CaseCounter.objects.get_or_create(year=opened.year)
                counter.last = max(counter.last, spec["number"])
                counter.save(update_fields=["last"])
            for item in spec["messages"]:
                sender = pair.agency(item["sender"])
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
                recipient = pair.agency(pair.other(item["sender"]))
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
                pair.audit(
                    message,
                    item["sender"],
                    created=AuditAction.MESSAGE_SEND,
                    received=AuditAction.MESSAGE_RECEIVE,
                )
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
        for role, languages in DEMO_LANGUAGES.items():
            if not pair.is_own(role):
                PartnerDesk.objects.get_or_create(
                    agency=pair.agency(role), defaults={"languages": languages}
                )
