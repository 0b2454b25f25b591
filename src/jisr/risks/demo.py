"""Fictitious demo data: standing risks of both agencies of the pair with both agencies'
scores, a playbook and one released bulletin. Shared rows have the same id on both nodes
(each node seeds the partner's rows as the copies replication would bring; the catch-up
then reconciles them), which the services cannot do (they draw new ids), so the rows are
written here, each with the audit row its service or receiver writes. Arabic text on the
first agency's records (MA-DGSN in the embedded demo), French on the second's (FR-DGPN).
No real person."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction

from jisr.accounts.demo import FIRST, SECOND, DemoPair, demo_pair
from jisr.accounts.models import User
from jisr.core import clock
from jisr.risks.actions import RiskAction


def _id(n: int) -> uuid.UUID:
    return uuid.UUID(f"01930000-0000-7000-8000-0000000018{n:02d}")


#: (id, owner's role in the pair, title_ar, title_fr, description, area, countries, routes, crossings,
#:  likelihood, impact, trend, partner likelihood, partner impact)
RISKS: list[tuple[Any, ...]] = [
    (
        _id(1),
        FIRST,
        "تهريب المخدرات عبر مضيق جبل طارق",
        "Trafic de stupéfiants à travers le détroit",
        "شبكات تستعمل زوارق سريعة بين الساحل الشمالي وجنوب إسبانيا (معطيات تجريبية).",
        "drug_trafficking",
        ["MA", "ES", "FR"],
        ["Tanger – Algésiras – Perpignan"],
        ["Tanger Med"],
        4,
        4,
        "rising",
        5,
        4,
    ),
    (
        _id(2),
        FIRST,
        "تهريب المهاجرين عبر الطرق البحرية",
        "Trafic de migrants par voie maritime",
        "ارتفاع العروض على شبكات التواصل لعبور غير نظامي (معطيات تجريبية).",
        "migrant_smuggling",
        ["MA", "ES"],
        ["Nador – Almería"],
        [],
        3,
        4,
        "stable",
        3,
        3,
    ),
    (
        _id(3),
        SECOND,
        "الاتجار في الأسلحة النارية المعاد تشغيلها",
        "Trafic d'armes à feu réactivées",
        "Armes neutralisées remises en état et acheminées par colis (données fictives).",
        "firearms",
        ["FR", "MA", "BE"],
        ["Marseille – Tanger (fret)"],
        ["Port de Marseille"],
        2,
        5,
        "rising",
        3,
        5,
    ),
    (
        _id(4),
        SECOND,
        "الاحتيال عبر مراكز اتصال وهمية",
        "Escroqueries par faux centres d'appels",
        "Centres d'appels fictifs visant des retraités des deux pays (données fictives).",
        "fraud",
        ["FR", "MA"],
        [],
        [],
        4,
        2,
        "falling",
        3,
        2,
    ),
]

#: The comment of an agency's score of its partner's risk, in its language.
ASSESSMENT_COMMENT = {FIRST: "تقييم تجريبي", SECOND: "Évaluation de démonstration"}

PLAYBOOK_ID = _id(20)
BULLETIN_ID = _id(30)


def seed(own_agency: Any, pair: DemoPair | None = None) -> None:
    from jisr.risks.models import Risk

    pair = demo_pair(own_agency, pair)
    if pair is None or Risk.objects.filter(id=_id(1)).exists():
        return
    with transaction.atomic():
        _seed(pair)


def _seed(pair: DemoPair) -> None:
    from jisr.risks.models import (
        Acknowledgement,
        Bulletin,
        BulletinIndicator,
        Mitigation,
        Playbook,
        PlaybookStep,
        Risk,
        RiskAssessment,
    )

    now = clock.now()
    today = now.date()
    for n, row in enumerate(RISKS):
        (
            rid,
            owner,
            t_ar,
            t_fr,
            description,
            area,
            countries,
            routes,
            crossings,
            li,
            im,
            trend,
            pl,
            pi,
        ) = row
        lang = pair.language(owner)
        risk = Risk(
            id=rid,
            owner=pair.agency(owner),
            title_ar=t_ar,
            title_fr=t_fr,
            crime_area=area,
            countries=countries,
            routes=routes,
            border_crossings=crossings,
            likelihood=li,
            impact=im,
            trend=trend,
            review_on=today + dt.timedelta(days=30 * (n + 1))
            if n != 3
            else today - dt.timedelta(days=3),
            created_at=now,
            updated_at=now,
            **{f"description_{lang}": description},
        )
        if pair.is_own(owner):
            from jisr.risks.services.register import _review_deadline

            _review_deadline(risk, now)
        risk.save()
        pair.audit(risk, owner, created=RiskAction.RISK_CREATE, received=RiskAction.RISK_RECEIVE)
        Mitigation.objects.create(
            id=uuid.uuid5(rid, "mitigation"),
            risk=risk,
            measure="دوريات مشتركة" if lang == "ar" else "Contrôles renforcés du fret",
            responsible=pair.code(owner).split("-", 1)[-1],
            due_on=today + dt.timedelta(days=60),
        )
        partner = pair.other(owner)
        RiskAssessment.objects.create(
            id=uuid.uuid5(rid, "assessment"),
            risk=risk,
            agency=pair.agency(partner),
            likelihood=pl,
            impact=pi,
            comment=ASSESSMENT_COMMENT[partner],
            assessed_at=now,
        )
        pair.audit(risk, partner, created=RiskAction.RISK_ASSESS)
    playbook = Playbook.objects.create(
        id=PLAYBOOK_ID,
        owner=pair.second,
        name="Arrivage de stupéfiants signalé (démonstration)",
        crime_area="drug_trafficking",
        bulletin_kind="early_warning",
        created_at=now,
        updated_at=now,
    )
    steps = [
        (SECOND, "Diffuser l'alerte aux services portuaires", 4),
        (FIRST, "التحقق من أرقام الهواتف في الملفات الجارية", 12),
        (SECOND, "Contrôle ciblé des véhicules signalés", 24),
    ]
    for order, (role, action, hours) in enumerate(steps, start=1):
        PlaybookStep.objects.create(
            id=uuid.uuid5(PLAYBOOK_ID, str(order)),
            playbook=playbook,
            order=order,
            agency=pair.agency(role),
            action=action,
            within_hours=hours,
        )
    # A copy of a partner's playbook is received without an audit row.
    pair.audit(playbook, SECOND, created=RiskAction.PLAYBOOK_SAVE)
    bulletin = Bulletin.objects.create(
        id=BULLETIN_ID,
        owner=pair.second,
        kind="modus_operandi",
        status="released",
        title="Go-fast : double fond dans des véhicules utilitaires (fictif)",
        summary="Des utilitaires à double fond franchissent le détroit en fin de semaine.",
        details="Données fictives de démonstration.",
        recommended_measures="Contrôle des utilitaires immatriculés récemment.",
        handling_code="H1",
        source_reliability="B",
        information_accuracy="2",
        valid_until=today + dt.timedelta(days=90),
        recipients=[pair.first.code],
        author_name="Marc Lefebvre-Test",
        released_at=now,
        received_at=None if pair.is_own(SECOND) else now,
        created_at=now,
        updated_at=now,
    )
    bulletin.risks.set(Risk.objects.filter(id=_id(1)))
    pair.audit(
        bulletin, SECOND, created=RiskAction.BULLETIN_APPROVE, received=RiskAction.BULLETIN_RECEIVE
    )
    BulletinIndicator.objects.create(
        id=uuid.uuid5(BULLETIN_ID, "1"),
        bulletin=bulletin,
        type="vehicle",
        value="AB-123-CD",
        key="AB123CD",
    )
    if pair.is_own(FIRST):
        for user in User.objects.filter(
            agency=pair.own, groups__name="liaison_officer", is_active=True
        ).distinct():
            Acknowledgement.objects.create(
                bulletin=bulletin,
                agency=pair.own,
                username=user.username,
                name=user.get_full_name() or user.username,
                acknowledged_at=now
                if user.username == pair.username(FIRST, "supervisor")
                else None,
            )
