"""Fictitious demo data: the second agency of the pair (FR-DGPN) offers a major-event-security
course with a session for the first (MA-DGSN), in French; the first asks the second for
assistance, in Arabic. Each row is seeded through the services on its owner's node only and
reaches the partner by replication, so both nodes show the same course, session and request.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from jisr.accounts.demo import FIRST, SECOND, DemoPair, demo_pair
from jisr.accounts.models import User
from jisr.core import bounds

COURSE_TITLE_FR = "Sécurité des grands événements sportifs (démonstration)"
REQUEST_TITLE = "دعم تقني في الأدلة الجنائية الرقمية (تجريبي)"


def seed(own_agency: Any, pair: DemoPair | None = None) -> None:
    pair = demo_pair(own_agency, pair)
    if pair is None:
        return
    if pair.is_own(SECOND):
        _seed_second(pair)
    else:
        _seed_first(pair)


def _seed_second(pair: DemoPair) -> None:
    from jisr.training import services
    from jisr.training.models import Course

    own_agency, partner = pair.own, pair.first
    user = User.objects.filter(username=pair.username(SECOND, "supervisor")).first()
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
        partner_seats=6,
        nomination_deadline=start - dt.timedelta(days=14),
    )


def _seed_first(pair: DemoPair) -> None:
    from jisr.training import services
    from jisr.training.models import AssistanceRequest

    own_agency, provider = pair.own, pair.second
    user = User.objects.filter(username=pair.username(FIRST, "officer")).first()
    if user is None:
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
