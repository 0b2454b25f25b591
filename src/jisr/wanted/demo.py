"""Fictitious demo alerts: every name here is invented, with Arabic and Latin spellings.

Each agency of the pair writes in its own language: the first's alerts (MA-DGSN's in the
embedded demo) in Arabic, the second's (FR-DGPN's) in French. The alerts keep fixed ids,
which the groups demo seeded on the other node points to before the nodes are linked: that
is why they are written here rather than by ``alert_create``, which draws a new id.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from jisr.accounts.demo import FIRST, SECOND, DemoPair, demo_pair
from jisr.accounts.models import User
from jisr.audit.actions import AuditAction
from jisr.audit.services import audit_record
from jisr.core import clock
from jisr.wanted.models import Alert
from jisr.wanted.reference import Status, default_dates

# owner's role in the pair -> alerts (names invented; "-Demo" marks them as fictitious).
DEMO_ALERTS: dict[str, list[dict[str, Any]]] = {
    SECOND: [
        {
            "id": "6f1d2c1e-0d5a-4c3e-9a51-0000000f0001",
            "category": "arrest",
            "names": ["Yassine Benkirane-Demo", "ياسين بنكيران"],
            "aliases": ["Yass B."],
            "sex": "M",
            "birth_date": "1986-04-17",
            "nationalities": ["MA", "FR"],
            "offence_category": "drug_trafficking",
            "offence_description": "Importation de résine de cannabis en bande organisée (fictif).",
            "legal_reference": "MA-2025-0042-DEMO",
            "legal_authority": "Juge d'instruction, Marseille (fictif)",
            "max_penalty": "10 ans",
            "share": True,
        },
        {
            "id": "6f1d2c1e-0d5a-4c3e-9a51-0000000f0002",
            "category": "locate",
            "names": ["Sofiane Ait Lahcen-Demo", "سفيان آيت لحسن"],
            "aliases": [],
            "sex": "M",
            "birth_date": "1991",
            "nationalities": ["FR"],
            "offence_category": "fraud",
            "offence_description": "Fraude carrousel à la TVA en bande organisée (fictif).",
            "legal_reference": "PNF-2024-117-DEMO",
            "legal_authority": "Parquet national financier (fictif)",
            "max_penalty": "7 ans",
            "share": True,
        },
        {
            "id": "6f1d2c1e-0d5a-4c3e-9a51-0000000f0003",
            "category": "discreet_check",
            "names": ["Lucas Fernandez-Demo"],
            "aliases": [],
            "sex": "M",
            "birth_date": "1979-11",
            "nationalities": ["FR", "ES"],
            "offence_category": "firearms",
            "offence_description": "Réseau présumé de trafic d'armes à feu (fictif).",
            "legal_reference": "LYON-2025-9-DEMO",
            "legal_authority": "Procureur de la République, Lyon (fictif)",
            "max_penalty": "10 ans",
            "share": False,
        },
    ],
    FIRST: [
        {
            "id": "6f1d2c1e-0d5a-4c3e-9a51-00000000a001",
            "category": "arrest",
            "names": ["Hamza El Ouardi-Demo", "حمزة الوردي"],
            "aliases": ["Abou Hamza-Demo"],
            "sex": "M",
            "birth_date": "1983-02-09",
            "nationalities": ["MA"],
            "offence_category": "trafficking_human_beings",
            "offence_description": "الاتجار بالبشر عبر مضيق جبل طارق (وقائع وهمية).",
            "legal_reference": "TNG-2025-311-DEMO",
            "legal_authority": "وكيل الملك بطنجة (جهة وهمية)",
            "max_penalty": "20 سنة",
            "share": True,
        },
        {
            "id": "6f1d2c1e-0d5a-4c3e-9a51-00000000a002",
            "category": "missing",
            "names": ["Salma Berrada-Demo", "سلمى برادة"],
            "aliases": [],
            "sex": "F",
            "birth_date": "2007-06",
            "nationalities": ["MA"],
            "offence_category": "",
            "offence_description": "",
            "legal_reference": "CASA-DISP-2025-77-DEMO",
            "legal_authority": "ولاية أمن الدار البيضاء (جهة وهمية)",
            "max_penalty": "",
            "share": True,
        },
    ],
}

#: Why the demo alerts were approved, in the owner's language.
REVIEW_REASON = {FIRST: "معطيات تجريبية", SECOND: "Données de démonstration"}


def seed(own_agency: Any, pair: DemoPair | None = None) -> None:
    """Create this node's demo alerts, active and (where marked) shared. Idempotent."""
    pair = demo_pair(own_agency, pair)
    if pair is None:
        return
    role = pair.own_role
    author = User.objects.filter(agency=own_agency, username=pair.username(role, "officer")).first()
    reviewer = User.objects.filter(
        agency=own_agency, username=pair.username(role, "reviewer")
    ).first()
    # Partners may not be linked yet when the demo is seeded: the worker shares the
    # alerts once they are (the federation catch-up task).
    partners = [pair.code(pair.other(role))]
    today = clock.now().date()
    for spec in DEMO_ALERTS[role]:
        if Alert.objects.filter(pk=spec["id"]).exists():
            continue
        data = {k: v for k, v in spec.items() if k != "share"}
        with transaction.atomic():
            alert = Alert(
                owner=own_agency, author=author, reviewed_by=reviewer, status=Status.ACTIVE, **data
            )
            alert.legal_date = today.replace(year=today.year - 1)
            alert.review_date, alert.expires_on = default_dates(alert.category, today)
            alert.review_reason = REVIEW_REASON[role]
            alert.shared_with = partners if spec["share"] else []
            alert.refresh_names_text()
            alert.save(force_insert=True)
            audit_record("system", AuditAction.ALERT_DEMO_SEED, target=alert)
            if alert.shared_with:
                from jisr.wanted.services import _replicate

                _replicate(alert)
