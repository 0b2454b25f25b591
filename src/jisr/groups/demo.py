"""Fictitious demo group: one active MA–FR fugitive-tracking group, seeded alike on both nodes.

Every row has a fixed id (UUIDv5 of a name) and its real owner: MA's items are written in
Arabic, FR's in French. Each node seeds the same rows, so the group has the same id and
content on both before the nodes are even linked; once they are, the federation catch-up
sends each owner's version 1, which changes nothing. ma.analyst and fr.analyst are not members.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction

from jisr.accounts.models import Agency, User
from jisr.audit.services import audit_record
from jisr.core import clock
from jisr.core.deadlines import deadline_fields
from jisr.groups import models as gm
from jisr.groups.actions import GroupAction
from jisr.groups.timeline import record_written, timeline_add

NAMESPACE = uuid.UUID("5b0c7d8e-3f1a-4e52-9b6d-6a1f0e2c4d01")
MEMBERS = {"MA-DGSN": ["ma.officer", "ma.supervisor"], "FR-DGPN": ["fr.officer", "fr.supervisor"]}
# The wanted app's demo alerts (jisr/wanted/demo.py), all shared between MA and FR.
ALERT_YASSINE = "6f1d2c1e-0d5a-4c3e-9a51-0000000f0001"
ALERT_SOFIANE = "6f1d2c1e-0d5a-4c3e-9a51-0000000f0002"
ALERT_HAMZA = "6f1d2c1e-0d5a-4c3e-9a51-00000000a001"


def demo_id(key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, key)


GROUP_ID = demo_id("group")


def _start() -> dt.datetime:
    """A fixed reference time: midnight UTC of the seeding day, the same on both nodes."""
    now = clock.now()
    return now.replace(hour=0, minute=0, second=0, microsecond=0) - dt.timedelta(days=10)


def seed(own_agency: Any) -> None:
    if own_agency is None or own_agency.code not in MEMBERS:
        return
    if gm.WorkingGroup.objects.filter(id=GROUP_ID).exists():
        return
    ma = Agency.objects.filter(code="MA-DGSN").first()
    fr = Agency.objects.filter(code="FR-DGPN").first()
    if ma is None or fr is None:
        return
    with transaction.atomic():
        _seed(ma, fr)


def _seed(ma: Agency, fr: Agency) -> None:
    t0 = _start()

    def at(days: float) -> dt.datetime:
        return t0 + dt.timedelta(days=days)

    group = gm.WorkingGroup.objects.create(
        id=GROUP_ID,
        owner=ma,
        name="مجموعة العمل المغربية الفرنسية لتعقب الفارين (تجريبية)",
        mandate="تعقب الأشخاص المبحوث عنهم دوليا بين المغرب وفرنسا وتنسيق التدخلات المشتركة (بيانات وهمية).",
        kind=gm.GroupKind.FUGITIVES,
        status=gm.GroupStatus.ACTIVE,
        created_at=at(0),
        updated_at=at(1),
        created_by="ma.officer",
        version=1,
    )
    gm.GroupPartner.objects.create(group=group, agency=fr, status=gm.PartnerStatus.ACCEPTED)
    audit_record("system", GroupAction.CREATE, target=group, extra={"demo": True})
    timeline_add(
        group, "group.status", agency="MA-DGSN", actor="ma.officer", detail="proposed", at=at(0)
    )
    timeline_add(
        group, "group.status", agency="FR-DGPN", actor="fr.supervisor", detail="accepted", at=at(1)
    )

    def item(model: type[Any], key: str, owner: Agency, by: str, days: float, **fields: Any) -> Any:
        obj = model.objects.create(
            id=demo_id(key), owner=owner, created_at=at(days), created_by=by, version=1, **fields
        )
        record_written(obj, None)
        return obj

    for agency in (ma, fr):
        for username in MEMBERS[agency.code]:
            user = User.objects.filter(username=username, agency=agency).first()
            item(
                gm.Membership,
                f"member:{username}",
                agency,
                "system",
                1,
                group=group,
                username=username,
                display_name=user.get_full_name() if user else "",
                user=user,
            )

    yassine = item(
        gm.Target,
        "target:yassine",
        ma,
        "ma.officer",
        2,
        group=group,
        alert_id=ALERT_YASSINE,
        priority=1,
        lead_agency=ma,
        whereabouts="طنجة، حي بني مكادة (معلومة غير مؤكدة)",
    )
    hamza = item(
        gm.Target,
        "target:hamza",
        ma,
        "ma.officer",
        2,
        group=group,
        alert_id=ALERT_HAMZA,
        priority=1,
        lead_agency=fr,
        whereabouts="يرجح وجوده في منطقة مرسيليا",
    )
    sofiane = item(
        gm.Target,
        "target:sofiane",
        fr,
        "fr.officer",
        3,
        group=group,
        alert_id=ALERT_SOFIANE,
        priority=2,
        lead_agency=fr,
        whereabouts="Dernière trace à Lyon (fictive)",
    )

    item(
        gm.Lead,
        "lead:ma-1",
        ma,
        "ma.officer",
        4,
        group=group,
        target=yassine,
        text="شوهد المعني بالأمر قرب ميناء طنجة المتوسط على متن سيارة رمادية (معلومة وهمية).",
        place="طنجة المتوسط",
        occurred_on=at(3.5).date(),
        source_evaluation="B",
        information_evaluation="2",
        handling_code="H1",
    )
    item(
        gm.Lead,
        "lead:fr-1",
        fr,
        "fr.officer",
        5,
        group=group,
        target=hamza,
        text="Un témoin signale une présence régulière dans un café du 3e arrondissement de Marseille (fictif).",
        place="Marseille",
        occurred_on=at(4.5).date(),
        source_evaluation="C",
        information_evaluation="3",
        handling_code="H0",
    )
    item(
        gm.Lead,
        "lead:fr-2",
        fr,
        "fr.officer",
        6,
        group=group,
        target=sofiane,
        text="Ligne téléphonique fictive activée à Lyon, en cours de vérification.",
        place="Lyon",
        occurred_on=at(5.5).date(),
        source_evaluation="B",
        information_evaluation="2",
        handling_code="H1",
    )

    meeting = item(
        gm.Meeting,
        "meeting:1",
        ma,
        "ma.officer",
        6,
        group=group,
        held_at=at(6),
        place="اجتماع عبر الفيديو",
        participants="ma.officer، ma.supervisor، fr.officer، fr.supervisor",
        agenda="1. حصيلة الخيوط\n2. التحضير للعملية المشتركة",
        minutes="تم تبادل المعلومات حول الأهداف الثلاثة.",
        decisions="تكليف الطرف الفرنسي بالتحقق من العنوان في مرسيليا.",
    )

    def task(key: str, owner: Agency, by: str, days: float, due_days: float, **fields: Any) -> None:
        created = at(days)
        item(
            gm.Task,
            key,
            owner,
            by,
            days,
            group=group,
            **deadline_fields(created, clock.now() + dt.timedelta(days=due_days)),
            **fields,
        )

    task(
        "task:ma-1",
        ma,
        "ma.officer",
        6,
        4,
        title="التحقق من عنوان في مرسيليا",
        assignee_agency=fr,
        assignee_username="fr.officer",
        meeting=meeting,
    )
    task(
        "task:fr-1",
        fr,
        "fr.officer",
        7,
        6,
        title="Vérifier les passages portuaires à Tanger Med (fictif)",
        assignee_agency=ma,
    )
    task(
        "task:ma-2",
        ma,
        "ma.supervisor",
        7,
        9,
        title="إعداد ملف التسليم",
        assignee_agency=ma,
        status=gm.TaskStatus.IN_PROGRESS,
    )

    item(
        gm.Operation,
        "operation:1",
        ma,
        "ma.officer",
        8,
        group=group,
        name="عملية المضيق المشتركة (تجريبية)",
        objective="توقيف الهدفين ذوي الأولوية في يوم عمل منسق بطنجة ومرسيليا.",
        legal_basis={
            "MA-DGSN": "أمر قاضي التحقيق بطنجة (وهمي)",
            "FR-DGPN": "Commission rogatoire, Marseille (fictive)",
        },
        phases=[
            {
                "name": "التحضير",
                "starts": at(12).date().isoformat(),
                "ends": at(14).date().isoformat(),
            },
            {
                "name": "يوم العمل",
                "starts": at(15).date().isoformat(),
                "ends": at(15).date().isoformat(),
            },
        ],
        resources={
            "MA-DGSN": "فرقتان للتدخل، مترجم",
            "FR-DGPN": "BRI Marseille (fictive), 2 véhicules",
        },
        target_ids=[str(yassine.id), str(hamza.id)],
        comms_plan="قناة اتصال مؤمنة بين غرفتي العمليات.",
        day=at(15).date(),
        status=gm.OperationStatus.PLANNED,
        plan_version=1,
    )
