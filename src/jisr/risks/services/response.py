"""Concerted response: playbooks (versioned steps per agency) and the response tasks a
bulletin's playbook creates on each side."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from jisr.accounts.models import Agency
from jisr.audit.services import audit_record
from jisr.core import bounds, clock
from jisr.core.access import require_perm
from jisr.risks import federation
from jisr.risks.actions import RiskAction
from jisr.risks.models import (
    Bulletin,
    BulletinKind,
    BulletinStatus,
    CrimeArea,
    Playbook,
    PlaybookStep,
    ResponseTask,
    TaskStatus,
)
from jisr.risks.notice_kinds import NoticeKind
from jisr.risks.permissions import CHANGE_BULLETIN, CHANGE_PLAYBOOK, MANAGE_PLAYBOOKS, UPDATE_TASK

#: Task ids are derived from the bulletin and the step, so each side creates the same
#: task once, however often the bulletin arrives.
TASK_NAMESPACE = uuid.UUID("5b0e3a52-8c9f-4f8e-9a53-7d1f3c2e6a10")
MAX_STEPS = 30


def _clean_steps(steps: Any) -> list[dict[str, Any]]:
    if not isinstance(steps, list) or not steps:
        raise ValidationError({"steps": _("A playbook needs at least one step.")})
    if len(steps) > MAX_STEPS:
        raise ValidationError({"steps": _("At most %(n)d steps.") % {"n": MAX_STEPS}})
    codes = {a.code: a for a in Agency.objects.all()}
    rows, problems = [], []
    for number, step in enumerate(steps, start=1):
        agency = codes.get(str(step.get("agency") or ""))
        action = str(step.get("action") or "").strip()
        hours = step.get("within_hours")
        if agency is None:
            problems.append(_("Step %(n)d: choose an agency.") % {"n": number})
        elif not action or len(action) > 300:
            problems.append(
                _("Step %(n)d: say what is to be done (300 characters at most).") % {"n": number}
            )
        elif isinstance(hours, bool) or not isinstance(hours, int) or not 1 <= hours <= 24 * 90:
            problems.append(
                _("Step %(n)d: give a time limit from 1 hour to 90 days.") % {"n": number}
            )
        else:
            rows.append(
                {"order": number, "agency": agency, "action": action, "within_hours": hours}
            )
    if problems:
        raise ValidationError({"steps": problems})
    return rows


def playbook_save(
    *,
    acting_user: Any,
    name: str,
    crime_area: str,
    steps: Any,
    bulletin_kind: str = "",
    playbook: Playbook | None = None,
) -> Playbook:
    """Write a playbook, or a new version of one (the previous steps are kept in its history)."""
    if playbook is None:
        require_perm(acting_user, MANAGE_PLAYBOOKS, _("You may not write playbooks."))
    else:
        require_perm(
            acting_user,
            CHANGE_PLAYBOOK,
            _("Only the agency that wrote this playbook may change it."),
            obj=playbook,
        )
    errors: dict[str, Any] = {}
    name = str(name or "").strip()
    if not name:
        errors["name"] = _("This field is required.")
    elif problem := bounds.text_problem(name, 200):
        errors["name"] = problem
    if crime_area not in CrimeArea.values:
        errors["crime_area"] = _("Choose a crime area from the list.")
    if bulletin_kind and bulletin_kind not in BulletinKind.values:
        errors["bulletin_kind"] = _("Choose a kind of bulletin.")
    try:
        rows = _clean_steps(steps)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    with transaction.atomic():
        if playbook is None:
            playbook = Playbook.objects.create(
                owner_id=acting_user.agency_id,
                name=name,
                crime_area=crime_area,
                bulletin_kind=bulletin_kind,
                created_at=now,
                updated_at=now,
            )
        else:
            previous = federation.playbook_body(playbook)
            playbook.history = [
                *playbook.history,
                {
                    "version": previous["version"],
                    "name": previous["name"],
                    "steps": [
                        {k: s[k] for k in ("agency", "action", "within_hours")}
                        for s in previous["steps"]
                    ],
                },
            ][-20:]
            playbook.version += 1
            playbook.name = name
            playbook.crime_area = crime_area
            playbook.bulletin_kind = bulletin_kind
            playbook.updated_at = now
            playbook.save()
            playbook.steps.all().delete()
        for row in rows:
            PlaybookStep.objects.create(playbook=playbook, **row)
        audit_record(
            acting_user,
            RiskAction.PLAYBOOK_SAVE,
            target=playbook,
            extra={"version": playbook.version},
        )
        federation.share_playbook(playbook)
    return playbook


def playbook_trigger(*, acting_user: Any, bulletin: Bulletin, playbook: Playbook) -> Bulletin:
    """The bulletin triggers the playbook: each agency's steps become its tasks."""
    from jisr.risks.services.bulletins import _set_response

    require_perm(
        acting_user,
        CHANGE_BULLETIN,
        _("Only the agency that wrote this bulletin may trigger a response."),
        obj=bulletin,
    )
    if bulletin.status == BulletinStatus.WITHDRAWN:
        raise ValidationError(_("A withdrawn bulletin cannot trigger a response."))
    if bulletin.response:
        raise ValidationError(_("This bulletin has already triggered a playbook."))
    now = clock.now()
    with transaction.atomic():
        _set_response(bulletin, playbook, now)
        audit_record(
            acting_user,
            RiskAction.PLAYBOOK_TRIGGER,
            target=bulletin,
            extra={"playbook": str(playbook.id), "version": playbook.version},
        )
        if bulletin.status == BulletinStatus.RELEASED:
            bulletin.revision += 1
            bulletin.save(update_fields=["revision"])
            federation.share_bulletin(bulletin)
            start_own_tasks(bulletin)
    return bulletin


def start_own_tasks(bulletin: Bulletin) -> list[ResponseTask]:
    """Create this node's agency's tasks of the bulletin's response (once) and share them."""
    from jisr.accounts.selectors import own_agency

    own = own_agency()
    response = bulletin.response or {}
    if own is None or not response.get("steps"):
        return []
    start = parse_datetime(str(response.get("triggered_at") or "")) or clock.now()
    created = []
    for step in response["steps"]:
        if step.get("agency") != own.code:
            continue
        task_id = uuid.uuid5(TASK_NAMESPACE, f"{bulletin.id}:{step['id']}")
        if ResponseTask.objects.filter(id=task_id).exists():
            continue
        task = ResponseTask(
            id=task_id,
            bulletin=bulletin,
            agency=own,
            order=int(step.get("order") or 1),
            action=str(step["action"])[:300],
            updated_at=clock.now(),
        )
        task.set_deadline(start, start + dt.timedelta(hours=int(step["within_hours"])))
        task.save()
        federation.share_task(task)
        created.append(task)
    return created


def task_set_status(*, acting_user: Any, task: ResponseTask, status: str) -> ResponseTask:
    """An agency updates one of its own response tasks; the other side sees it."""
    require_perm(
        acting_user,
        UPDATE_TASK,
        _("Only the agency a task belongs to may update it."),
        obj=task,
    )
    if status not in TaskStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    if status == task.status:
        return task
    with transaction.atomic():
        old = task.status
        task.status = status
        task.version += 1
        task.updated_at = clock.now()
        task.updated_by = acting_user.get_full_name() or acting_user.username
        task.save()
        audit_record(
            acting_user,
            RiskAction.TASK_UPDATE,
            target=task,
            extra={"changes": {"status": [old, status]}},
        )
        federation.share_task(task)
    return task


# -- task deadlines (declared on the AppConfig) ------------------------------------------


def tasks_open() -> Any:
    return ResponseTask.objects.filter(agency__is_own=True).exclude(status=TaskStatus.DONE)


def _task_notice(task: ResponseTask, urgent: bool) -> None:
    from jisr.accounts.models import User
    from jisr.accounts.roles import Role
    from jisr.notices.services import notify

    users = User.objects.filter(
        is_active=True, agency__is_own=True, groups__name=Role.LIAISON_OFFICER
    ).distinct()
    notify(
        users,
        NoticeKind.TASK_DUE,
        task.bulletin,
        url=reverse("risks:bulletin_detail", args=[task.bulletin_id]),
        urgent=urgent,
        due_at=task.due_at,
        text=task.action,
    )


def task_remind(task: ResponseTask, now: dt.datetime) -> None:
    _task_notice(task, urgent=False)


def task_overdue(task: ResponseTask, now: dt.datetime) -> None:
    _task_notice(task, urgent=True)
