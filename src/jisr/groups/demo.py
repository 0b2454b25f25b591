"""Fictitious demo group: one active fugitive-tracking group of the pair, seeded alike on both
nodes (owned by the first agency, MA-DGSN in the embedded demo, the second, FR-DGPN, a partner).

Every row has a fixed id (UUIDv5 of a name) and its real owner: the first agency's items are
written in Arabic, the second's in French. Each node seeds the same rows, so the group has the
same id and content on both before the nodes are even linked; once they are, the federation
catch-up sends each owner's version 1, which changes nothing. The services would draw new
ids, so the rows are written here, each with the audit row its service (or, for a partner's
copy, its receiver) writes. The analysts (ma.analyst, fr.analyst) are not members.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction

from jisr.accounts.demo import FIRST, SECOND, DemoPair, demo_pair
from jisr.accounts.models import Agency, User
from jisr.core import clock
from jisr.core.deadlines import deadline_fields
from jisr.groups import models as gm
from jisr.groups.actions import GroupAction
from jisr.groups.timeline import record_written, timeline_add

NAMESPACE = uuid.UUID("5b0c7d8e-3f1a-4e52-9b6d-6a1f0e2c4d01")
#: The demo users of each agency who are members (by the part of the username after its prefix).
MEMBERS = ("officer", "supervisor")
#: The audit action of each item an agency adds (a partner's copy is recorded as received).
ITEM_ACTIONS = {
    gm.Membership: GroupAction.MEMBER_ADD,
    gm.Target: GroupAction.TARGET_ADD,
    gm.Lead: GroupAction.LEAD_ADD,
    gm.Meeting: GroupAction.MEETING_ADD,
    gm.Task: GroupAction.TASK_ADD,
    gm.Operation: GroupAction.OPERATION_PLAN,
}
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


def seed(own_agency: Any, pair: DemoPair | None = None) -> None:
    pair = demo_pair(own_agency, pair)
    if pair is None or gm.WorkingGroup.objects.filter(id=GROUP_ID).exists():
        return
    with transaction.atomic():
        _seed(pair)


def _seed(pair: DemoPair) -> None:
    t0 = _start()
    ma, fr = pair.first, pair.second
    ma_officer, fr_officer = pair.username(FIRST, "officer"), pair.username(SECOND, "officer")
    ma_supervisor = pair.username(FIRST, "supervisor")
    fr_supervisor = pair.username(SECOND, "supervisor")

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
        created_by=ma_officer,
        version=1,
    )
    gm.GroupPartner.objects.create(group=group, agency=fr, status=gm.PartnerStatus.ACCEPTED)
    pair.audit(group, FIRST, created=GroupAction.CREATE, received=GroupAction.RECEIVE)
    timeline_add(
        group, "group.status", agency=ma.code, actor=ma_officer, detail="proposed", at=at(0)
    )
    timeline_add(
        group, "group.status", agency=fr.code, actor=fr_supervisor, detail="accepted", at=at(1)
    )

    def item(model: type[Any], key: str, owner: Agency, by: str, days: float, **fields: Any) -> Any:
        obj = model.objects.create(
            id=demo_id(key), owner=owner, created_at=at(days), created_by=by, version=1, **fields
        )
        record_written(obj, None)
        pair.audit(
            obj, pair.role_of(owner), created=ITEM_ACTIONS[model], received=GroupAction.RECEIVE
        )
        return obj

    for role in (FIRST, SECOND):
        agency = pair.agency(role)
        for username in (pair.username(role, name) for name in MEMBERS):
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
        ma_officer,
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
        ma_officer,
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
        fr_officer,
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
        ma_officer,
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
        fr_officer,
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
        fr_officer,
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
        ma_officer,
        6,
        group=group,
        held_at=at(6),
        place="اجتماع عبر الفيديو",
        participants="، ".join([ma_officer, ma_supervisor, fr_officer, fr_supervisor]),
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
        ma_officer,
        6,
        4,
        title="التحقق من عنوان في مرسيليا",
        assignee_agency=fr,
        assignee_username=fr_officer,
        meeting=meeting,
    )
    task(
        "task:fr-1",
        fr,
        fr_officer,
        7,
        6,
        title="Vérifier les passages portuaires à Tanger Med (fictif)",
        assignee_agency=ma,
    )
    task(
        "task:ma-2",
        ma,
        ma_supervisor,
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
        ma_officer,
        8,
        group=group,
        name="عملية المضيق المشتركة (تجريبية)",
        objective="توقيف الهدفين ذوي الأولوية في يوم عمل منسق بطنجة ومرسيليا.",
        legal_basis={
            ma.code: "أمر قاضي التحقيق بطنجة (وهمي)",
            fr.code: "Commission rogatoire, Marseille (fictive)",
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
            ma.code: "فرقتان للتدخل، مترجم",
            fr.code: "BRI Marseille (fictive), 2 véhicules",
        },
        target_ids=[str(yassine.id), str(hamza.id)],
        comms_plan="قناة اتصال مؤمنة بين غرفتي العمليات.",
        day=at(15).date(),
        status=gm.OperationStatus.PLANNED,
        plan_version=1,
    )
