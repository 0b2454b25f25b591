"""Fictitious demo data: standing risks of MA and FR with both agencies' scores, a playbook
and one released bulletin. Shared rows have the same id on both nodes (each node seeds the
partner's rows as the copies replication would bring; the catch-up then reconciles them).
Arabic text on MA's records, French on FR's. No real person."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction

from jisr.accounts.models import Agency, User
from jisr.core import clock


def _id(n: int) -> uuid.UUID:
    return uuid.UUID(f"01930000-0000-7000-8000-0000000018{n:02d}")


#: (id, owner, title_ar, title_fr, description, area, countries, routes, crossings,
#:  likelihood, impact, trend, partner likelihood, partner impact)
RISKS: list[tuple[Any, ...]] = [
    (
        _id(1),
        "MA-DGSN",
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
        "MA-DGSN",
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
        "FR-DGPN",
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
        "FR-DGPN",
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

PLAYBOOK_ID = _id(20)
BULLETIN_ID = _id(30)


def seed(own_agency: Any) -> None:
    from jisr.risks.models import Risk

    if own_agency is None or own_agency.code not in ("MA-DGSN", "FR-DGPN"):
        return
    if Risk.objects.filter(id=_id(1)).exists():
        return
    agencies = {a.code: a for a in Agency.objects.filter(code__in=["MA-DGSN", "FR-DGPN"])}
    if len(agencies) < 2:
        return
    with transaction.atomic():
        _seed(own_agency, agencies)


def _seed(own: Any, agencies: dict[str, Any]) -> None:
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
        lang = "ar" if owner == "MA-DGSN" else "fr"
        risk = Risk(
            id=rid,
            owner=agencies[owner],
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
        if owner == own.code:
            from jisr.risks.services.register import _review_deadline

            _review_deadline(risk, now)
        risk.save()
        Mitigation.objects.create(
            id=uuid.uuid5(rid, "mitigation"),
            risk=risk,
            measure="دوريات مشتركة" if lang == "ar" else "Contrôles renforcés du fret",
            responsible="DGSN" if lang == "ar" else "DGPN",
            due_on=today + dt.timedelta(days=60),
        )
        partner = "FR-DGPN" if owner == "MA-DGSN" else "MA-DGSN"
        RiskAssessment.objects.create(
            id=uuid.uuid5(rid, "assessment"),
            risk=risk,
            agency=agencies[partner],
            likelihood=pl,
            impact=pi,
            comment="Évaluation de démonstration" if partner == "FR-DGPN" else "تقييم تجريبي",
            assessed_at=now,
        )
    playbook = Playbook.objects.create(
        id=PLAYBOOK_ID,
        owner=agencies["FR-DGPN"],
        name="Arrivage de stupéfiants signalé (démonstration)",
        crime_area="drug_trafficking",
        bulletin_kind="early_warning",
        created_at=now,
        updated_at=now,
    )
    steps = [
        ("FR-DGPN", "Diffuser l'alerte aux services portuaires", 4),
        ("MA-DGSN", "التحقق من أرقام الهواتف في الملفات الجارية", 12),
        ("FR-DGPN", "Contrôle ciblé des véhicules signalés", 24),
    ]
    for order, (code, action, hours) in enumerate(steps, start=1):
        PlaybookStep.objects.create(
            id=uuid.uuid5(PLAYBOOK_ID, str(order)),
            playbook=playbook,
            order=order,
            agency=agencies[code],
            action=action,
            within_hours=hours,
        )
    bulletin = Bulletin.objects.create(
        id=BULLETIN_ID,
        owner=agencies["FR-DGPN"],
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
        recipients=["MA-DGSN"],
        author_name="Marc Lefebvre-Test",
        released_at=now,
        received_at=None if own.code == "FR-DGPN" else now,
        created_at=now,
        updated_at=now,
    )
    bulletin.risks.set(Risk.objects.filter(id=_id(1)))
    BulletinIndicator.objects.create(
        id=uuid.uuid5(BULLETIN_ID, "1"),
        bulletin=bulletin,
        type="vehicle",
        value="AB-123-CD",
        key="AB123CD",
    )
    if own.code == "MA-DGSN":
        for user in User.objects.filter(
            agency=own, groups__name="liaison_officer", is_active=True
        ).distinct():
            Acknowledgement.objects.create(
                bulletin=bulletin,
                agency=own,
                username=user.username,
                name=user.get_full_name() or user.username,
                acknowledged_at=now if user.username == "ma.supervisor" else None,
            )
