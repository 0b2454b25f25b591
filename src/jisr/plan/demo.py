"""Fictitious demo data: the pair's strategic action plan 2025–2028 (MA–FR in the embedded
demo), recorded by the first agency of the pair and seeded on both nodes.

Both nodes create the same rows under the same ids (deterministic UUIDs), so the plan is
shared from the start; afterwards each action changes only on its lead agency's node and
replicates from there. The services draw new ids, so the rows are written here, with the
audit rows of a plan and its actions recorded (or, for the partner's, received). Texts are
in Arabic and French; each lead agency comments in its language.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction

from jisr.accounts.demo import FIRST, SECOND, DemoPair, demo_pair
from jisr.core import clock
from jisr.plan.actions import PlanAction
from jisr.plan.models import (
    Action,
    ActionStatusChange,
    IndicatorBinding,
    Milestone,
    Pillar,
    PillarKey,
    Plan,
)

NAMESPACE = uuid.UUID("6a1f0d3e-8a52-4c1e-9d0b-3f2a7c5e9b10")


def demo_id(*parts: object) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts))


#: The plan's title, naming the pair by its agencies' country parts (``MA–FR``); in Arabic
#: by the countries' adjectives where known.
PLAN_TITLE = {
    "ar": "خطة العمل الاستراتيجية {ar_pair} 2025–2028",
    "fr": "Plan d'action stratégique {pair} 2025–2028",
    "en": "{pair} strategic action plan 2025–2028",
}
ARABIC_ADJECTIVES = {"MA": "المغربية", "FR": "الفرنسية"}


def plan_title(pair: DemoPair) -> dict[str, str]:
    heads = [code.split("-", 1)[0] for code in pair.codes]
    names = "–".join(heads)
    if all(head in ARABIC_ADJECTIVES for head in heads):
        ar_pair = " ".join(ARABIC_ADJECTIVES[head] for head in heads)
    else:
        ar_pair = f"المشتركة {names}"
    return {lang: text.format(pair=names, ar_pair=ar_pair) for lang, text in PLAN_TITLE.items()}


PILLARS: list[tuple[str, dict[str, str]]] = [
    (
        PillarKey.ORGANISED_CRIME,
        {
            "ar": "الجريمة المنظمة والتدخل المشترك",
            "fr": "Criminalité organisée et intervention conjointe",
        },
    ),
    (PillarKey.INFORMATION_EXCHANGE, {"ar": "تبادل المعلومات", "fr": "Échange d'informations"}),
    (
        PillarKey.TRAINING,
        {"ar": "التكوين والمساعدة التقنية", "fr": "Formation et assistance technique"},
    ),
    (
        PillarKey.FUGITIVES,
        {"ar": "الفارون والأشخاص المبحوث عنهم", "fr": "Fugitifs et personnes recherchées"},
    ),
    (
        PillarKey.MAJOR_EVENTS,
        {"ar": "أمن التظاهرات الكبرى", "fr": "Sécurité des grands événements"},
    ),
    (
        PillarKey.RISK_ANTICIPATION,
        {"ar": "الاستباق المشترك للمخاطر الأمنية", "fr": "Anticipation conjointe des risques"},
    ),
    (
        PillarKey.EVALUATION,
        {"ar": "تقييم الآليات القائمة", "fr": "Évaluation des mécanismes existants"},
    ),
]

# (pillar number, lead's role in the pair, ar, fr, start, due, status history, milestones [(ar, fr, due, done)])
ACTIONS: list[tuple[int, str, str, str, str, str, list[str], list[tuple[str, str, str, bool]]]] = [
    (
        1,
        FIRST,
        "إنشاء فريق تحقيق مشترك حول تهريب المخدرات",
        "Créer une équipe d'enquête commune sur le trafic de stupéfiants",
        "2025-11-01",
        "2026-06-30",
        ["on_track", "done"],
        [("الاجتماع التأسيسي", "Réunion constitutive", "2025-12-15", True)],
    ),
    (
        1,
        SECOND,
        "تبادل ضباط الاتصال في مجال الجريمة المنظمة",
        "Échanger des officiers de liaison « criminalité organisée »",
        "2026-01-01",
        "2026-12-31",
        ["on_track"],
        [("تعيين الضباط", "Désignation des officiers", "2026-03-31", True)],
    ),
    (
        1,
        FIRST,
        "عمليات مشتركة ضد تهريب المهاجرين",
        "Opérations conjointes contre le trafic de migrants",
        "2026-03-01",
        "2027-06-30",
        ["at_risk"],
        [],
    ),
    (
        2,
        SECOND,
        "تقليص آجال الرد على طلبات المعلومات",
        "Réduire les délais de réponse aux demandes d'informations",
        "2025-11-01",
        "2027-12-31",
        ["on_track"],
        [
            (
                "مؤشر الآجال في لجنة التتبع",
                "Indicateur des délais en comité de suivi",
                "2026-06-30",
                True,
            )
        ],
    ),
    (
        2,
        FIRST,
        "ربط العقدتين بقناة موقعة ومؤمنة",
        "Relier les deux nœuds par un canal signé et sécurisé",
        "2025-11-01",
        "2026-03-31",
        ["on_track", "done"],
        [("أول ظرف متبادل", "Première enveloppe échangée", "2026-01-15", True)],
    ),
    (
        2,
        SECOND,
        "دليل مشترك لرموز المعالجة",
        "Guide commun des codes de traitement",
        "2026-02-01",
        "2026-09-30",
        ["late"],
        [],
    ),
    (
        3,
        SECOND,
        "دورات تكوينية في التحليل الجنائي",
        "Sessions de formation à l'analyse criminelle",
        "2026-01-01",
        "2027-12-31",
        ["on_track"],
        [("الدورة الأولى بالرباط", "Première session à Rabat", "2026-05-20", True)],
    ),
    (
        3,
        FIRST,
        "تكوين في تقنيات الفحص عبر الخطوط",
        "Formation au criblage multi-écritures",
        "2026-04-01",
        "2026-12-31",
        ["on_track"],
        [],
    ),
    (
        3,
        SECOND,
        "مساعدة تقنية للمختبر الجنائي",
        "Assistance technique au laboratoire de police scientifique",
        "2026-06-01",
        "2027-06-30",
        ["planned"],
        [],
    ),
    (
        4,
        FIRST,
        "الرد على التطابقات داخل أجل 12 ساعة",
        "Répondre aux concordances dans le délai de 12 heures",
        "2025-11-01",
        "2028-10-31",
        ["on_track"],
        [("تفعيل العد التنازلي", "Mise en service du compte à rebours", "2026-02-01", True)],
    ),
    (
        4,
        SECOND,
        "مراجعة الإشعارات قبل انتهاء صلاحيتها",
        "Revoir les signalements avant leur expiration",
        "2026-01-01",
        "2026-12-31",
        ["at_risk"],
        [],
    ),
    (
        4,
        FIRST,
        "تسريع إجراءات التسليم",
        "Accélérer les procédures de remise",
        "2026-03-01",
        "2027-12-31",
        ["planned"],
        [],
    ),
    (
        5,
        FIRST,
        "تأمين كأس إفريقيا للأندية 2027",
        "Sécuriser la Coupe d'Afrique des clubs 2027",
        "2026-06-01",
        "2027-07-15",
        ["on_track"],
        [("فحص لوائح الاعتماد", "Criblage des listes d'accréditation", "2027-05-31", False)],
    ),
    (
        5,
        SECOND,
        "نشر ضباط اتصال خلال التظاهرات الكبرى",
        "Déployer des officiers de liaison lors des grands événements",
        "2026-01-01",
        "2028-06-30",
        ["on_track"],
        [],
    ),
    (
        5,
        FIRST,
        "تمرين مشترك لتدبير الحشود",
        "Exercice conjoint de gestion des foules",
        "2026-09-01",
        "2027-03-31",
        ["late"],
        [],
    ),
    (
        6,
        SECOND,
        "نشرات إنذار مبكر مشتركة",
        "Bulletins d'alerte précoce communs",
        "2026-01-01",
        "2027-12-31",
        ["on_track"],
        [],
    ),
    (
        6,
        FIRST,
        "سجل دائم للمخاطر الأمنية",
        "Registre permanent des risques sécuritaires",
        "2026-02-01",
        "2026-12-31",
        ["at_risk"],
        [],
    ),
    (
        7,
        FIRST,
        "اجتماعات لجنة التتبع كل ستة أشهر",
        "Réunions semestrielles du comité de suivi",
        "2025-11-01",
        "2028-10-31",
        ["on_track"],
        [("الاجتماع الأول", "Première réunion", "2026-05-15", True)],
    ),
    (
        7,
        SECOND,
        "تقرير تقييم سنوي",
        "Rapport d'évaluation annuel",
        "2026-01-01",
        "2028-12-31",
        ["planned"],
        [],
    ),
    (
        7,
        SECOND,
        "تقييم آلية تبادل الإشعارات",
        "Évaluer le mécanisme de partage des signalements",
        "2026-06-01",
        "2026-12-31",
        ["on_track"],
        [],
    ),
]

# (pillar number, action index or None, code, target, granularity)
BINDINGS: list[tuple[int, int | None, str, float | None, str]] = [
    (1, None, "groups.active", 3, "quarter"),
    (1, None, "groups.targets_located", 5, "quarter"),
    (1, 0, "groups.tasks_on_time", 0.8, "quarter"),
    (2, None, "exchange.requests_sent", 20, "quarter"),
    (2, None, "exchange.requests_received", 20, "quarter"),
    (2, 3, "exchange.answered_within_limit", 0.9, "quarter"),
    (2, 3, "exchange.median_answer_hours", 72, "quarter"),
    (2, 4, "federation.envelopes_exchanged", 100, "quarter"),
    (2, 4, "federation.median_delivery_seconds", 60, "quarter"),
    (3, None, "training.sessions_delivered", 2, "quarter"),
    (3, None, "training.participants_own_agency", 20, "quarter"),
    (3, 8, "training.assistance_closed", 1, "quarter"),
    (4, 9, "hits.answered_on_time", 0.9, "quarter"),
    (4, None, "hits.received", None, "quarter"),
    (4, None, "hits.located", 2, "quarter"),
    (4, None, "alerts.shared", 10, "quarter"),
    (4, None, "alerts.refused_art3", 0, "quarter"),
    (4, 10, "alerts.expired", 0, "quarter"),
    (5, None, "events.lists_screened", 1, "quarter"),
    (5, None, "events.incidents_severity_4", 0, "quarter"),
    (5, 12, "events.median_hours_to_close", 4, "quarter"),
    (6, None, "risks.bulletins_sent", 2, "quarter"),
    (7, None, "plan.actions_late", 1, "quarter"),
    (7, 17, "plan.steering_meetings", 1, "year"),
    (7, None, "federation.days_out_of_sync", 0, "quarter"),
    # Appended (the bindings' ids are their positions): the new modules' headline figures
    # on the pillars they measure.
    (2, None, "exchange.answered_within_limit", 0.9, "quarter"),
    (4, None, "groups.targets_located", 2, "quarter"),
    (6, None, "risks.alert_acknowledged_within_hour", 0.9, "quarter"),
    (3, 6, "training.sessions_delivered", 1, "quarter"),
]


# History comments in the lead agency's working language, by its role in the pair.
COMMENTS = {
    FIRST: ("اعتماد الخطة.", "نقطة لجنة التتبع."),
    SECOND: ("Plan adopté.", "Point du comité de suivi."),
}


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def seed(own_agency: Any, pair: DemoPair | None = None) -> None:
    pair = demo_pair(own_agency, pair)
    plan_id = demo_id("plan")
    if pair is None or Plan.objects.filter(pk=plan_id).exists():
        return
    now = clock.now()
    with transaction.atomic():
        plan = Plan.objects.create(
            id=plan_id,
            owner=pair.first,
            title=plan_title(pair),
            parties=pair.codes,
            signed_on=dt.date(2025, 10, 28),
            starts_on=dt.date(2025, 11, 1),
            ends_on=dt.date(2028, 10, 31),
            updated_at=now,
        )
        pillars = {}
        for number, (key, title) in enumerate(PILLARS, start=1):
            pillars[number] = Pillar.objects.create(
                id=demo_id("pillar", number), plan=plan, number=number, key=key, title=title
            )
        actions: list[Action] = []
        counts: dict[int, int] = {}
        for index, (number, lead, ar, fr, start, due, statuses, milestones) in enumerate(ACTIONS):
            counts[number] = counts.get(number, 0) + 1
            action = Action.objects.create(
                id=demo_id("action", index),
                plan=plan,
                pillar=pillars[number],
                code=f"{number}.{counts[number]}",
                title={"ar": ar, "fr": fr},
                description={"ar": ar + ".", "fr": fr + "."},
                lead=pair.agency(lead),
                counterpart=pair.agency(pair.other(lead)),
                starts_on=_d(start),
                due_on=_d(due),
                status=statuses[-1],
                created_at=now,
                updated_at=now,
            )
            actions.append(action)
            pair.audit(
                action, lead, created=PlanAction.ACTION_CREATE, received=PlanAction.ACTION_RECEIVE
            )
            previous = ""
            history_start = max(_d(start), dt.date(2025, 11, 1))
            for position, status in enumerate(["planned", *statuses], start=1):
                day = history_start + dt.timedelta(days=45 * (position - 1))
                ActionStatusChange.objects.create(
                    action=action,
                    position=position,
                    from_status=previous,
                    to_status=status,
                    comment=COMMENTS[lead][0 if position == 1 else 1],
                    by_name="demo",
                    by_agency=pair.code(lead),
                    at=dt.datetime.combine(min(day, now.date()), dt.time(9), tzinfo=dt.UTC),
                )
                previous = status
            for m_index, (m_ar, m_fr, m_due, done) in enumerate(milestones):
                Milestone.objects.create(
                    id=demo_id("milestone", index, m_index),
                    action=action,
                    title={"ar": m_ar, "fr": m_fr},
                    due_on=_d(m_due),
                    done_on=_d(m_due) if done else None,
                    evidence_kind="document",
                    evidence_ref="https://example.org/plan/compte-rendu",
                )
        for b_index, (number, action_index, code, target, granularity) in enumerate(BINDINGS):
            IndicatorBinding.objects.create(
                id=demo_id("binding", b_index),
                plan=plan,
                pillar=pillars[number] if action_index is None else None,
                action=actions[action_index] if action_index is not None else None,
                code=code,
                target=target,
                granularity=granularity,
            )
        pair.audit(plan, FIRST, created=PlanAction.PLAN_CREATE, received=PlanAction.PLAN_RECEIVE)
