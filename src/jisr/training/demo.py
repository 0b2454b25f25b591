"""Fictitious demo data: FR-DGPN offers a major-event-security course with a session for MA-DGSN;
MA-DGSN asks FR-DGPN for assistance. Each row is seeded on its owner's node only and reaches the
partner by replication, so both nodes show the same course, session and request (same ids).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from jisr.accounts.models import Agency, User
from jisr.core import bounds

COURSE_TITLE_FR = "Sécurité des grands événements sportifs (démonstration)"
REQUEST_TITLE = "دعم تقني في الأدلة الجنائية الرقمية (تجريبي)"


def seed(own_agency: Any) -> None:
    if own_agency is None:
        return
    if own_agency.code == "FR-DGPN":
        _seed_fr(own_agency)
    elif own_agency.code == "MA-DGSN":
        _seed_ma(own_agency)


def _seed_fr(own_agency: Agency) -> None:
    from jisr.training import services
    from jisr.training.models import Course

    user = User.objects.filter(username="fr.supervisor").first()
    partner = Agency.objects.filter(code="MA-DGSN").first()
    if user is None or Course.objects.filter(title_fr=COURSE_TITLE_FR, owner=own_agency).exists():
        return
    course = services.course_create(
        acting_user=user,
        titles={
            "fr": COURSE_TITLE_FR,
            "ar": "تأمين التظاهرات الرياضية الكبرى (تجريبي)",
            "en": "Security of major sports events (demo)",
        },
        descriptions={
            "fr": "Planification, gestion des foules, coordination des services et retour "
            "d'expérience. Cours fictif pour la démonstration.",
            "ar": "التخطيط وتدبير الحشود وتنسيق المصالح واستخلاص الدروس. تكوين تجريبي.",
        },
        domain="major_event_security",
        format="residential",
        duration_days=5,
        languages=["fr", "ar"],
        prerequisites="Officier ou gradé en poste dans une unité d'ordre public.",
        seats_per_session=20,
    )
    start = bounds.today() + dt.timedelta(days=45)
    services.session_create(
        acting_user=user,
        course=course,
        starts_on=start,
        ends_on=start + dt.timedelta(days=4),
        place="École nationale supérieure de la police (fictive), Saint-Cyr-au-Mont-d'Or",
        trainers="Commandant Lemoine-Test, Capitaine Rivière-Test",
        seats=20,
        partner=partner,
        partner_seats=6 if partner else 0,
        nomination_deadline=start - dt.timedelta(days=14),
    )


def _seed_ma(own_agency: Agency) -> None:
    from jisr.training import services
    from jisr.training.models import AssistanceRequest

    user = User.objects.filter(username="ma.officer").first()
    provider = Agency.objects.filter(code="FR-DGPN").first()
    if user is None or provider is None:
        return
    if AssistanceRequest.objects.filter(title=REQUEST_TITLE, requester=own_agency).exists():
        return
    event_id = None
    try:
        from jisr.events.demo import DEMO_EVENT
        from jisr.events.models import Event

        event_id = (
            Event.objects.filter(name=DEMO_EVENT, owner=own_agency)
            .values_list("id", flat=True)
            .first()
        )
    except ImportError:  # the events module is not installed
        pass
    services.assistance_request(
        acting_user=user,
        kind="forensic",
        title=REQUEST_TITLE,
        description="نطلب دعماً في تحليل هواتف محجوزة في إطار تأمين التظاهرة الرياضية "
        "(طلب تجريبي، لا يتعلق بأي شخص حقيقي).",
        provider=provider,
        need_by=bounds.today() + dt.timedelta(days=60),
        priority="high",
        success_criteria="تقرير خبرة خلال ثلاثة أسابيع.",
        event_id=event_id,
    )
