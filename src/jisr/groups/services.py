"""Every write of the working-group module: one transaction, the audit row, the envelope.

Each function takes keyword arguments and the ``acting_user``; access is checked here with
``require_perm`` so the web page, the API and the tests get the same answer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from jisr.accounts.models import Agency, User
from jisr.audit.services import audit_record
from jisr.core import bounds, clock
from jisr.core.access import parse_uuid, require_perm
from jisr.core.handling import HandlingCode
from jisr.groups import federation
from jisr.groups import models as gm
from jisr.groups import permissions as perms
from jisr.groups.actions import GroupAction
from jisr.groups.notices import GroupNotice
from jisr.groups.timeline import record_written, timeline_add

MAX_TASK_DAYS = 730
MAX_LEAD_FILES = 5
_M = TypeVar("_M")


def _own_agency() -> Agency:
    agency = Agency.objects.filter(is_own=True).first()
    if agency is None:
        raise ValidationError(_("This node has no agency yet."))
    return agency


def _text(value: str | None, field: str, limit: int, *, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > limit:
        raise ValidationError({field: _("At most %(n)d characters.") % {"n": limit}})
    return value


def _group_url(group: gm.WorkingGroup) -> str:
    return reverse("groups:group_detail", args=[group.id])


def _local_members(group: gm.WorkingGroup, agency: Agency | None = None) -> list[Any]:
    rows = group.members.filter(owner__is_own=True, user__isnull=False, user__is_active=True)
    if agency is not None:
        rows = rows.filter(owner=agency)
    return [m.user for m in rows.select_related("user")]


def _save_item(item: Any, *, actor: Any, before: Any = None) -> None:
    """Record the timeline line and replicate an item we own."""
    record_written(item, before, actor=getattr(actor, "username", str(actor or "")))
    federation.share_item(item)


def _new_item(model: type[_M], *, acting_user: Any, **fields: Any) -> _M:
    now = clock.now()
    return model.objects.create(  # type: ignore[attr-defined,no-any-return]
        owner=_own_agency(),
        created_at=now,
        created_by=acting_user.username if acting_user else "system",
        **fields,
    )


def _members_of_own_agency(usernames: list[str], *, field: str = "members") -> list[Any]:
    own = _own_agency()
    users = []
    for username in dict.fromkeys(u.strip() for u in usernames if u and u.strip()):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None or user.agency_id != own.pk:
            raise ValidationError(
                {
                    field: _(
                        "%(user)s is not a user of your agency: each agency names its own "
                        "members, and only agencies of the group may have members."
                    )
                    % {"user": username[:150]}
                }
            )
        users.append(user)
    return users


def _add_membership(group: gm.WorkingGroup, user: Any, *, acting_user: Any) -> gm.Membership:
    existing = group.members.filter(owner__is_own=True, username=user.username).first()
    if existing is not None:
        return existing
    membership = _new_item(
        gm.Membership,
        acting_user=acting_user,
        group=group,
        username=user.username,
        display_name=user.get_full_name()[:200],
        user=user,
    )
    audit_record(acting_user, GroupAction.MEMBER_ADD, target=group, extra={"member": user.username})
    _save_item(membership, actor=acting_user)
    return membership


# -- groups -----------------------------------------------------------------------------------


def group_create(
    *,
    acting_user: Any,
    name: str,
    kind: str,
    mandate: str = "",
    crime_area: str = "",
    partners: list[str],
    members: list[str] | None = None,
    group_id: Any = None,
) -> gm.WorkingGroup:
    """Propose a group: the partners' supervisors get an invitation with nothing personal."""
    require_perm(acting_user, perms.CREATE_GROUP, _("You may not propose a working group."))
    name = _text(name, "name", bounds.MAX_NAME, required=True)
    mandate = _text(mandate, "mandate", bounds.MAX_LONG_TEXT)
    if kind not in gm.GroupKind.values:
        raise ValidationError({"kind": _("Choose one of the kinds of group.")})
    if crime_area not in gm.CrimeArea.values:
        raise ValidationError({"crime_area": _("Choose one of the crime areas.")})
    own = _own_agency()
    codes = list(dict.fromkeys(partners))
    if not codes:
        raise ValidationError({"partners": _("Invite at least one partner agency.")})
    agencies = []
    for code in codes:
        agency = Agency.objects.filter(code=code).first()
        if agency is None or agency.pk == own.pk:
            raise ValidationError(
                {"partners": _("%(code)s is not a partner agency.") % {"code": str(code)[:32]}}
            )
        agencies.append(agency)
    users = _members_of_own_agency([*(members or []), acting_user.username])
    now = clock.now()
    with transaction.atomic():
        group = gm.WorkingGroup.objects.create(
            id=group_id or uuid.uuid4(),
            owner=own,
            name=name,
            mandate=mandate,
            kind=kind,
            crime_area=crime_area,
            status=gm.GroupStatus.PROPOSED,
            created_at=now,
            updated_at=now,
            created_by=acting_user.username,
        )
        for agency in agencies:
            gm.GroupPartner.objects.create(group=group, agency=agency)
        audit_record(acting_user, GroupAction.CREATE, target=group, extra={"partners": codes})
        timeline_add(
            group, "group.status", agency=own.code, actor=acting_user.username, detail=group.status
        )
        for user in users:
            _add_membership(group, user, acting_user=acting_user)
        federation.share_group(group)
    return group


def _bump(group: gm.WorkingGroup) -> None:
    group.version += 1
    group.updated_at = clock.now()
    group.save()


def group_accept(
    *, acting_user: Any, group: gm.WorkingGroup, members: list[str]
) -> gm.WorkingGroup:
    """A partner supervisor accepts the invitation, naming the agency's members."""
    require_perm(
        acting_user,
        perms.ANSWER_INVITATION,
        _("Only a supervisor of an invited agency may answer."),
        obj=group,
    )
    users = _members_of_own_agency(members)
    if not users:
        raise ValidationError({"members": _("Name at least one member of your agency.")})
    own = _own_agency()
    with transaction.atomic():
        gm.GroupPartner.objects.filter(group=group, agency=own).update(
            status=gm.PartnerStatus.ACCEPTED, reason=""
        )
        # The convener's next version confirms it; our members travel from now on.
        group.status = gm.GroupStatus.ACTIVE
        group.save(update_fields=["status"])
        audit_record(acting_user, GroupAction.ACCEPT, target=group, recipient=group.owner.code)
        timeline_add(
            group,
            "group.status",
            agency=own.code,
            actor=acting_user.username,
            detail=gm.GroupStatus.ACTIVE,
        )
        federation.send_accept(group)
        for user in users:
            _add_membership(group, user, acting_user=acting_user)
    return group


def group_decline(*, acting_user: Any, group: gm.WorkingGroup, reason: str) -> gm.WorkingGroup:
    require_perm(
        acting_user,
        perms.ANSWER_INVITATION,
        _("Only a supervisor of an invited agency may answer."),
        obj=group,
    )
    reason = _text(reason, "reason", 2000, required=True)
    own = _own_agency()
    with transaction.atomic():
        gm.GroupPartner.objects.filter(group=group, agency=own).update(
            status=gm.PartnerStatus.DECLINED, reason=reason
        )
        audit_record(acting_user, GroupAction.DECLINE, target=group, recipient=group.owner.code)
        federation.send_decline(group, reason)
    return group


def group_partner_answered(
    *, group: gm.WorkingGroup, agency_code: str, accepted: bool, reason: str
) -> None:
    """On the convener's node: a partner accepted or declined (from its envelope)."""
    partner = group.partners.filter(agency__code=agency_code).first()
    if partner is None:
        from jisr.federation.registry import PermanentEnvelopeError

        raise PermanentEnvelopeError("agency was not invited to this group")
    if group.status in (gm.GroupStatus.CLOSED, gm.GroupStatus.DECLINED):
        return
    partner.status = gm.PartnerStatus.ACCEPTED if accepted else gm.PartnerStatus.DECLINED
    partner.reason = reason
    partner.save(update_fields=["status", "reason"])
    if accepted and group.status == gm.GroupStatus.PROPOSED:
        group.status = gm.GroupStatus.ACTIVE
    elif not accepted and not group.partners.exclude(status=gm.PartnerStatus.DECLINED).exists():
        group.status = gm.GroupStatus.DECLINED
    _bump(group)
    audit_record(
        agency_code,
        GroupAction.ACCEPT if accepted else GroupAction.DECLINE,
        target=group,
    )
    timeline_add(
        group,
        "group.status",
        agency=agency_code,
        detail=gm.PartnerStatus.ACCEPTED if accepted else gm.PartnerStatus.DECLINED,
    )
    federation.share_group(group)
    if accepted:
        federation.share_all(group, [agency_code])
    else:
        federation.withdraw_all(group, [agency_code])
        federation.purge_copies_of(group, agency_code, actor=agency_code)


def group_close(
    *, acting_user: Any, group: gm.WorkingGroup, closing_report: str
) -> gm.WorkingGroup:
    """The convener closes the group: partners' nodes drop our content, we drop theirs."""
    require_perm(
        acting_user,
        perms.CLOSE_GROUP,
        _("Only a member of the convening agency may close the group."),
        obj=group,
    )
    report = _text(closing_report, "closing_report", bounds.MAX_LONG_TEXT, required=True)
    with transaction.atomic():
        recipients = federation.content_recipients(group)
        group.status = gm.GroupStatus.CLOSED
        group.closing_report = report
        _bump(group)
        audit_record(acting_user, GroupAction.CLOSE, target=group)
        timeline_add(
            group,
            "group.status",
            agency=group.owner.code,
            actor=acting_user.username,
            detail=group.status,
        )
        federation.share_group(group)
        federation.withdraw_all(group, recipients)
        federation.purge_copies(group, actor=acting_user.username)
    return group


def member_add(*, acting_user: Any, group: gm.WorkingGroup, username: str) -> gm.Membership:
    require_perm(
        acting_user, perms.NAME_MEMBERS, _("You may not name members of this group."), obj=group
    )
    users = _members_of_own_agency([username], field="username")
    if not users:
        raise ValidationError({"username": _("This field is required.")})
    with transaction.atomic():
        return _add_membership(group, users[0], acting_user=acting_user)


def member_remove(*, acting_user: Any, membership: gm.Membership) -> None:
    """An agency removes one of its own members; a node left without members drops the content."""
    group = membership.group
    require_perm(
        acting_user, perms.NAME_MEMBERS, _("You may not remove members of this group."), obj=group
    )
    if not membership.owner.is_own or membership.owner_id != acting_user.agency_id:
        raise PermissionDenied(_("Each agency removes its own members only."))
    with transaction.atomic():
        recipients = federation.content_recipients(group)
        federation.withdraw_item(membership, recipients)
        audit_record(
            acting_user,
            GroupAction.MEMBER_REMOVE,
            target=group,
            extra={"member": membership.username},
        )
        timeline_add(
            group,
            "member.remove",
            agency=membership.owner.code,
            actor=acting_user.username,
            label=membership.username,
        )
        membership.delete()
        if not group.members.filter(owner__is_own=True).exists() and not group.owner.is_own:
            federation.purge_copies(group, actor=acting_user.username)


def partner_members_changed(*, group: gm.WorkingGroup, agency_code: str) -> None:
    """On the convening node: a partner agency's membership rows changed (from its node).

    An agency that accepted and has no member left no longer receives the group's content:
    its node gets a tombstone for every item we own (the membership rows excepted, so its
    supervisors still see the roster), and the group record tells the other nodes to stop
    sending too. When it names a member again, our items are sent again with a new version
    (newer than the tombstones).
    """
    if not group.owner.is_own or group.status != gm.GroupStatus.ACTIVE:
        return
    partner = group.partners.filter(
        agency__code=agency_code, status=gm.PartnerStatus.ACCEPTED
    ).first()
    if partner is None:
        return
    has_members = group.members.filter(owner__code=agency_code).exists()
    if has_members != partner.without_members:
        return  # nothing changed: members while receiving, or none while not receiving
    items = [i for i in federation.own_items(group) if not isinstance(i, gm.Membership)]
    partner.without_members = not has_members
    partner.save(update_fields=["without_members"])
    if partner.without_members:
        recipients = sorted({agency_code} & federation._partner_codes())
        for item in items:
            federation.withdraw_item(item, recipients)
        kind = "partner.without_members"
    else:
        for item in items:
            item.version += 2  # past the tombstone (version + 1) the agency's node keeps
            item.save(update_fields=["version"])
            federation.share_item(item)
        kind = "partner.members_again"
    audit_record(
        agency_code,
        GroupAction.PARTNER_DORMANT if partner.without_members else GroupAction.PARTNER_RESUMED,
        target=group,
        recipient=agency_code,
        extra={"agency": agency_code, "items": len(items)},
    )
    timeline_add(group, kind, agency=agency_code)
    _bump(group)
    federation.share_group(group)


# -- targets and leads -----------------------------------------------------------------------


def _require_work(acting_user: Any, group: gm.WorkingGroup) -> None:
    require_perm(
        acting_user,
        perms.WORK_IN_GROUP,
        _("Only members of an active group may do this."),
        obj=group,
    )


def _alert_visible_to_group(alert_id: Any, group: gm.WorkingGroup) -> Any:
    """The alert, when every agency of the group may see it; else a field error."""
    from jisr.wanted.models import Alert

    error = ValidationError(
        {
            "alert_id": _(
                "This alert is not one the group may see: it must be active and shared with every agency of the group."
            )
        }
    )
    parsed = parse_uuid(alert_id)
    alert = Alert.objects.filter(id=parsed).select_related("owner").first() if parsed else None
    if alert is None or alert.status != "active":
        raise error
    agencies = federation.group_agencies(group)
    if alert.owner.code not in agencies:
        raise error
    if alert.owner.is_own and not (agencies - {alert.owner.code}) <= set(alert.shared_with or []):
        raise error
    return alert


def _agency_of_group(code: str | None, group: gm.WorkingGroup, field: str) -> Agency:
    if code not in federation.group_agencies(group):
        raise ValidationError({field: _("Choose an agency of the group.")})
    return Agency.objects.get(code=code)


def target_add(
    *,
    acting_user: Any,
    group: gm.WorkingGroup,
    alert_id: Any = None,
    names: list[str] | None = None,
    birth_date: str = "",
    nationalities: list[str] | None = None,
    sex: str = "",
    priority: int = 2,
    lead_agency: str | None = None,
    whereabouts: str = "",
    target_id: Any = None,
) -> gm.Target:
    """Add a target: a wanted alert every agency of the group may see, or a person of interest."""
    _require_work(acting_user, group)
    names = [n.strip() for n in (names or []) if n and n.strip()]
    if alert_id:
        _alert_visible_to_group(alert_id, group)
        if group.targets.filter(alert_id=alert_id).exists():
            raise ValidationError({"alert_id": _("This alert is already a target of the group.")})
    elif not names:
        raise ValidationError(
            {"alert_id": _("Give an alert, or the names of a person of interest.")}
        )
    if len(names) > bounds.MAX_NAMES or any(len(n) > bounds.MAX_NAME for n in names):
        raise ValidationError({"names": _("Too many names, or a name too long.")})
    if priority not in (1, 2, 3):
        raise ValidationError({"priority": _("Priority is 1 (high), 2 or 3 (low).")})
    if sex not in ("", "M", "F", "X"):
        raise ValidationError({"sex": _("Choose M, F or X.")})
    lead = _agency_of_group(lead_agency or _own_agency().code, group, "lead_agency")
    whereabouts = _text(whereabouts, "whereabouts", bounds.MAX_SHORT_TEXT)
    with transaction.atomic():
        target = _new_item(
            gm.Target,
            acting_user=acting_user,
            id=target_id or uuid.uuid4(),
            group=group,
            alert_id=parse_uuid(alert_id) if alert_id else None,
            names=names,
            birth_date=_text(birth_date, "birth_date", 10),
            nationalities=[n[:3].upper() for n in (nationalities or [])][:10],
            sex=sex,
            priority=priority,
            lead_agency=lead,
            whereabouts=whereabouts,
            # Four eyes: a person of interest waits for a reviewer before it leaves the node.
            review_status="" if alert_id else gm.ReviewStatus.PENDING,
        )
        _audit(acting_user, GroupAction.TARGET_ADD, target, group.id)
        _save_item(target, actor=acting_user)
    return target


def target_review(
    *, acting_user: Any, target: gm.Target, decision: str, reason: str = ""
) -> gm.Target:
    """A second person of the agency approves (then it is shared) or refuses a person of interest."""
    _require_work(acting_user, target.group)
    require_perm(
        acting_user,
        perms.REVIEW_PERSONS,
        _("Only a supervisor or compliance reviewer may review a person of interest."),
    )
    if not target.owner.is_own or target.owner_id != acting_user.agency_id:
        raise PermissionDenied(_("Only the agency that added the target reviews it."))
    if target.created_by == acting_user.username:
        raise PermissionDenied(_("The person who added the target cannot review it."))
    if target.review_status != gm.ReviewStatus.PENDING:
        raise ValidationError({"decision": _("This target is not awaiting review.")})
    if decision not in ("approve", "refuse"):
        raise ValidationError({"decision": _("The decision is approve or refuse.")})
    reason = _text(reason, "reason", bounds.MAX_SHORT_TEXT, required=decision == "refuse")
    with transaction.atomic():
        target.review_status = (
            gm.ReviewStatus.APPROVED if decision == "approve" else gm.ReviewStatus.REFUSED
        )
        target.reviewed_by = acting_user.username
        target.review_reason = reason
        _target_changed(acting_user, target, review=decision)
        federation.share_item(target)
    return target


def _audit(actor: Any, action: GroupAction, target: Any, group_id: Any, **extra: Any) -> None:
    """The audit row of a change to a group's item; its ``extra`` names the group."""
    audit_record(actor, action, target=target, extra={"group": str(group_id), **extra})


def _target_changed(acting_user: Any, target: gm.Target, **extra: str) -> None:
    """Save a changed target as its next version and audit the change."""
    target.version += 1
    target.save()
    _audit(acting_user, GroupAction.TARGET_UPDATE, target, target.group_id, **extra)


def target_update(
    *, acting_user: Any, target: gm.Target, status: str, whereabouts: str | None = None
) -> gm.Target:
    """The agency that added a target changes its status and whereabouts."""
    _require_work(acting_user, target.group)
    if not target.owner.is_own:
        raise PermissionDenied(_("Only the agency that added the target changes it."))
    if status not in gm.TargetStatus.values:
        raise ValidationError({"status": _("Choose one of the statuses.")})
    with transaction.atomic():
        before = gm.Target.objects.select_for_update().get(pk=target.pk)
        target.status = status
        if whereabouts is not None:
            target.whereabouts = _text(whereabouts, "whereabouts", bounds.MAX_SHORT_TEXT)
        _target_changed(acting_user, target, status=status)
        _save_item(target, actor=acting_user, before=before)
    return target


def lead_add(
    *,
    acting_user: Any,
    group: gm.WorkingGroup,
    text: str,
    source_evaluation: str,
    information_evaluation: str,
    handling_code: str = "H0",
    target: gm.Target | None = None,
    occurred_on: dt.date | None = None,
    place: str = "",
    supersedes: gm.Lead | None = None,
    lead_id: Any = None,
    attachments: Sequence[Any] = (),
) -> gm.Lead:
    """Append a lead; a correction is a new lead that supersedes one of ours.

    ``attachments`` are exchange ``UploadedFile`` rows (name and bytes, read within the upload
    limits): checked, named and typed by the exchange's own rules, and replicated with the lead.
    """
    from jisr.exchange.services.messages import _validate_attachments

    _require_work(acting_user, group)
    if len(attachments) > MAX_LEAD_FILES:
        raise ValidationError(
            {"attachments": _("At most %(n)d files per lead.") % {"n": MAX_LEAD_FILES}}
        )
    checked = _validate_attachments(attachments)
    text = _text(text, "text", bounds.MAX_LONG_TEXT, required=True)
    if source_evaluation not in gm.SourceEvaluation.values:
        raise ValidationError({"source_evaluation": _("The source evaluation is A, B, C or X.")})
    if information_evaluation not in gm.InformationEvaluation.values:
        raise ValidationError(
            {"information_evaluation": _("The information evaluation is 1, 2, 3 or 4.")}
        )
    if handling_code not in HandlingCode.values:
        raise ValidationError({"handling_code": _("Choose a handling code, H0 to H3.")})
    if target is not None and target.group_id != group.id:
        raise ValidationError({"target_id": _("This target is not in the group.")})
    if supersedes is not None and (supersedes.group_id != group.id or not supersedes.owner.is_own):
        raise ValidationError(
            {"supersedes": _("Only a lead of your agency in this group can be corrected.")}
        )
    if occurred_on is not None and not (
        dt.date(bounds.FIRST_DECISION_YEAR, 1, 1)
        <= occurred_on
        <= clock.now().date() + dt.timedelta(days=1)
    ):
        raise ValidationError({"occurred_on": _("The date must not be in the future.")})
    with transaction.atomic():
        lead = _new_item(
            gm.Lead,
            acting_user=acting_user,
            id=lead_id or uuid.uuid4(),
            group=group,
            target=target,
            text=text,
            occurred_on=occurred_on,
            place=_text(place, "place", bounds.MAX_SHORT_TEXT),
            source_evaluation=source_evaluation,
            information_evaluation=information_evaluation,
            handling_code=handling_code,
            supersedes=supersedes,
        )
        for upload, detected in checked:
            store_lead_file(
                lead,
                filename=upload.filename,
                content_type=detected,
                data=upload.data,
            )
        _audit(acting_user, GroupAction.LEAD_ADD, lead, group.id, files=len(checked))
        _save_item(lead, actor=acting_user)
    return lead


def read_lead_files(files: Sequence[Any]) -> list[Any]:
    """Read uploaded files within the exchange's attachment limit, checked while streaming."""
    from jisr.core.uploads import UploadLimits, read_upload
    from jisr.exchange.services import UploadedFile
    from jisr.exchange.services.common import attachment_max_bytes

    if len(files) > MAX_LEAD_FILES:
        raise ValidationError(
            {"attachments": _("At most %(n)d files per lead.") % {"n": MAX_LEAD_FILES}}
        )
    limits = UploadLimits(max_bytes=attachment_max_bytes())
    return [
        UploadedFile(
            getattr(f, "name", "") or "attachment", read_upload(f, limits, field="attachments")
        )
        for f in files
    ]


def store_lead_file(
    lead: gm.Lead, *, filename: str, content_type: str, data: bytes, file_id: Any = None
) -> gm.LeadAttachment:
    """Store one checked file of a lead (ours, or a partner's copy with its id)."""
    from jisr.core.filenames import display_filename, safe_filename

    return gm.LeadAttachment.objects.create(
        id=file_id or uuid.uuid4(),
        lead=lead,
        filename=safe_filename(filename),
        original_filename=display_filename(filename),
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
    )


# -- tasks -------------------------------------------------------------------------------------


def task_add(
    *,
    acting_user: Any,
    group: gm.WorkingGroup,
    title: str,
    assignee_agency: str,
    due: dt.datetime,
    description: str = "",
    assignee_username: str = "",
    meeting: gm.Meeting | None = None,
    task_id: Any = None,
) -> gm.Task:
    """Give a task to an agency of the group, due in the future (reminder at half time)."""
    _require_work(acting_user, group)
    title = _text(title, "title", bounds.MAX_NAME, required=True)
    agency = _agency_of_group(assignee_agency, group, "assignee_agency")
    now = clock.now()
    if due is None or due.tzinfo is None:
        raise ValidationError({"due": _("Give a due date and time with its time zone.")})
    if due <= now:
        raise ValidationError({"due": _("The due date must be in the future.")})
    if due > now + dt.timedelta(days=MAX_TASK_DAYS):
        raise ValidationError({"due": _("The due date must be within two years.")})
    with transaction.atomic():
        task = gm.Task(
            id=task_id or uuid.uuid4(),
            owner=_own_agency(),
            created_at=now,
            created_by=acting_user.username,
            group=group,
            title=title,
            description=_text(description, "description", bounds.MAX_LONG_TEXT),
            assignee_agency=agency,
            assignee_username=_text(assignee_username, "assignee_username", 150),
            meeting=meeting,
        )
        task.set_deadline(now, due)
        task.save(force_insert=True)
        _audit(acting_user, GroupAction.TASK_ADD, task, group.id, assignee=agency.code)
        _save_item(task, actor=acting_user)
        _notify_task(task, GroupNotice.TASK_ASSIGNED)
    return task


def _notify_task(task: gm.Task, kind: str) -> None:
    from jisr.notices.services import notify

    if not task.assignee_agency.is_own:
        return
    users = _local_members(task.group, task.assignee_agency)
    if task.assignee_username:
        users = [u for u in users if u.username == task.assignee_username] or users
    notify(
        users,
        kind,
        task,
        url=_group_url(task.group) + "?tab=tasks",
        text=task.title,
        due_at=task.due_at,
    )


def task_status_set(*, acting_user: Any, task: gm.Task, status: str, note: str = "") -> gm.Task:
    """The responsible agency updates its task; on a partner's task the owner is asked."""
    _require_work(acting_user, task.group)
    if status not in (gm.TaskStatus.IN_PROGRESS, gm.TaskStatus.DONE, gm.TaskStatus.CANCELLED):
        raise ValidationError({"status": _("The status is in_progress, done or cancelled.")})
    note = _text(note, "note", bounds.MAX_LONG_TEXT)
    responsible = task.assignee_agency_id == acting_user.agency_id
    giver_cancels = task.owner_id == acting_user.agency_id and status == gm.TaskStatus.CANCELLED
    if not (responsible or giver_cancels):
        raise PermissionDenied(_("Only the responsible agency updates this task."))
    if task.status in (gm.TaskStatus.DONE, gm.TaskStatus.CANCELLED):
        raise ValidationError({"status": _("This task is already finished.")})
    with transaction.atomic():
        if task.owner.is_own:
            task_status_apply(task=task, status=status, note=note, actor=acting_user)
        else:
            task.requested_status = status
            task.save(update_fields=["requested_status"])
            audit_record(
                acting_user,
                GroupAction.TASK_STATUS_REQUEST,
                target=task,
                recipient=task.owner.code,
                extra={"group": str(task.group_id), "status": status},
            )
            federation.send_task_status(task, status, note, str(uuid.uuid4()))
    return task


def task_status_apply(*, task: gm.Task, status: str, note: str, actor: Any) -> gm.Task:
    """On the owner's node: change the status and replicate the task to every member node."""
    if task.status == status or task.status in (gm.TaskStatus.DONE, gm.TaskStatus.CANCELLED):
        # A repeated or late request changes nothing; the requester's copy learns the
        # owner's state again (and stops showing its request as pending).
        if not isinstance(actor, str):
            return task
        task.version += 1
        task.save(update_fields=["version"])
        federation.share_item(
            task, recipients=[actor] if actor in federation.content_recipients(task.group) else []
        )
        return task
    before = gm.Task.objects.get(pk=task.pk)
    task.status = status
    if note:
        task.result = note
    if status == gm.TaskStatus.DONE:
        task.done_at = clock.now()
    task.requested_status = ""
    task.version += 1
    task.save()
    _audit(actor, GroupAction.TASK_STATUS, task, task.group_id, status=status)
    _save_item(task, actor=actor, before=before)
    return task


def tasks_open_here() -> Any:
    """Tasks given to this node's agency and not finished (the deadline sweep's rows)."""
    return gm.Task.objects.filter(
        assignee_agency__is_own=True,
        status__in=[gm.TaskStatus.OPEN, gm.TaskStatus.IN_PROGRESS],
        group__status=gm.GroupStatus.ACTIVE,
    ).select_related("group", "assignee_agency")


def task_remind(task: gm.Task, now: dt.datetime) -> None:
    _notify_task(task, GroupNotice.TASK_REMINDER)


def task_overdue(task: gm.Task, now: dt.datetime) -> None:
    _notify_task(task, GroupNotice.TASK_OVERDUE)


# -- meetings ----------------------------------------------------------------------------------


def meeting_add(
    *,
    acting_user: Any,
    group: gm.WorkingGroup,
    held_at: dt.datetime,
    place: str = "",
    participants: str = "",
    agenda: str = "",
    minutes: str = "",
    decisions: str = "",
    tasks: list[dict[str, Any]] | None = None,
    meeting_id: Any = None,
) -> gm.Meeting:
    """Record a meeting; each decision in ``tasks`` becomes a task of the group."""
    _require_work(acting_user, group)
    if held_at is None or held_at.tzinfo is None:
        raise ValidationError({"held_at": _("Give a date and time with its time zone.")})
    if abs((held_at - clock.now()).days) > 3650:
        raise ValidationError({"held_at": _("The date is out of range.")})
    with transaction.atomic():
        meeting = _new_item(
            gm.Meeting,
            acting_user=acting_user,
            id=meeting_id or uuid.uuid4(),
            group=group,
            held_at=held_at,
            place=_text(place, "place", bounds.MAX_SHORT_TEXT),
            participants=_text(participants, "participants", 2000),
            agenda=_text(agenda, "agenda", bounds.MAX_LONG_TEXT),
            minutes=_text(minutes, "minutes", bounds.MAX_LONG_TEXT),
            decisions=_text(decisions, "decisions", bounds.MAX_LONG_TEXT),
        )
        _audit(acting_user, GroupAction.MEETING_ADD, meeting, group.id)
        _save_item(meeting, actor=acting_user)
        for spec in tasks or []:
            task_add(
                acting_user=acting_user,
                group=group,
                title=spec.get("title", ""),
                assignee_agency=spec.get("assignee_agency", ""),
                due=spec.get("due"),  # type: ignore[arg-type]
                meeting=meeting,
                task_id=spec.get("id"),
            )
    return meeting


# -- joint operations --------------------------------------------------------------------------


def _operation_fields(
    group: gm.WorkingGroup,
    *,
    name: str,
    objective: str,
    legal_basis: dict[str, str],
    phases: list[dict[str, Any]],
    resources: dict[str, str],
    target_ids: list[str],
    comms_plan: str,
    day: dt.date | None,
) -> dict[str, Any]:
    agencies = federation.group_agencies(group)
    for field, mapping in (("legal_basis", legal_basis), ("resources", resources)):
        for code, text in (mapping or {}).items():
            if code not in agencies:
                raise ValidationError({field: _("Choose an agency of the group.")})
            _text(text, field, 2000)
    missing = agencies - {code for code, text in (legal_basis or {}).items() if text.strip()}
    if missing:
        raise ValidationError(
            {
                "legal_basis": _("Give the legal basis in each jurisdiction: %(codes)s.")
                % {"codes": ", ".join(sorted(missing))}
            }
        )
    known = {str(t) for t in group.targets.values_list("id", flat=True)}
    if not set(map(str, target_ids or [])) <= known:
        raise ValidationError({"target_ids": _("A target in scope is not a target of the group.")})
    clean_phases = []
    for phase in (phases or [])[:20]:
        starts, ends = str(phase.get("starts", ""))[:10], str(phase.get("ends", ""))[:10]
        try:
            if dt.date.fromisoformat(starts) > dt.date.fromisoformat(ends):
                raise ValidationError({"phases": _("A phase ends before it starts.")})
        except ValueError:
            raise ValidationError(
                {"phases": _("Each phase has a start and end date (YYYY-MM-DD).")}
            ) from None
        clean_phases.append(
            {
                "name": _text(phase.get("name"), "phases", bounds.MAX_NAME, required=True),
                "starts": starts,
                "ends": ends,
            }
        )
    return {
        "name": _text(name, "name", bounds.MAX_NAME, required=True),
        "objective": _text(objective, "objective", bounds.MAX_LONG_TEXT, required=True),
        "legal_basis": {k: v.strip() for k, v in legal_basis.items()},
        "phases": clean_phases,
        "resources": {k: v.strip() for k, v in (resources or {}).items()},
        "target_ids": sorted(set(map(str, target_ids or []))),
        "comms_plan": _text(comms_plan, "comms_plan", bounds.MAX_LONG_TEXT),
        "day": day,
    }


def operation_plan(
    *, acting_user: Any, group: gm.WorkingGroup, operation_id: Any = None, **plan: Any
) -> gm.Operation:
    """Plan a joint operation (version 1); it needs each participating agency's approval."""
    _require_work(acting_user, group)
    fields = _operation_fields(group, **plan)
    with transaction.atomic():
        operation = _new_item(
            gm.Operation,
            acting_user=acting_user,
            id=operation_id or uuid.uuid4(),
            group=group,
            plan_written_by=acting_user.username,
            **fields,
        )
        _audit(acting_user, GroupAction.OPERATION_PLAN, operation, group.id, version=1)
        _save_item(operation, actor=acting_user)
        _notify_approvers(operation)
    return operation


def operation_change(*, acting_user: Any, operation: gm.Operation, **plan: Any) -> gm.Operation:
    """Change the plan: a new version, so every agency must approve again."""
    _require_work(acting_user, operation.group)
    if not operation.owner.is_own:
        raise PermissionDenied(_("Only the agency that planned the operation changes it."))
    fields = _operation_fields(operation.group, **plan)
    with transaction.atomic():
        before = gm.Operation.objects.get(pk=operation.pk)
        for name, value in fields.items():
            setattr(operation, name, value)
        operation.version += 1
        operation.plan_version += 1
        operation.plan_written_by = acting_user.username
        operation.status = gm.OperationStatus.PLANNED
        operation.save()
        _audit(
            acting_user,
            GroupAction.OPERATION_PLAN,
            operation,
            operation.group_id,
            version=operation.version,
        )
        _save_item(operation, actor=acting_user, before=before)
        _notify_approvers(operation)
    return operation


def _notify_approvers(operation: gm.Operation) -> None:
    from jisr.notices.services import notify

    users = [u for u in _local_members(operation.group) if u.has_role("supervisor")]
    notify(
        users,
        GroupNotice.OPERATION_APPROVAL,
        operation,
        url=reverse("groups:operation_detail", args=[operation.id]),
        text=operation.name,
    )


def approval_id(operation_id: Any, agency_code: str) -> uuid.UUID:
    """The same id on every node for one agency's approval of one operation."""
    return uuid.uuid5(uuid.UUID(str(operation_id)), f"approval:{agency_code}")


def operation_approve(
    *, acting_user: Any, operation: gm.Operation, version: int
) -> gm.OperationApproval:
    """A supervisor approves the version of the plan in front of them, never one they wrote."""
    require_perm(
        acting_user,
        perms.APPROVE_OPERATION,
        _("Only a supervisor who is a member may approve."),
        obj=operation.group,
    )
    from jisr.groups.selectors import wrote_current_plan

    if wrote_current_plan(operation, acting_user):
        raise PermissionDenied(
            _("You wrote this version of the plan: another supervisor of your agency approves it.")
        )
    if version != operation.plan_version:
        raise ValidationError(
            {
                "version": _(
                    "The plan changed since you read it: read version %(v)d and approve it."
                )
                % {"v": operation.plan_version}
            }
        )
    own = _own_agency()
    with transaction.atomic():
        approval = gm.OperationApproval.objects.filter(operation=operation, owner=own).first()
        before = None
        if approval is None:
            approval = gm.OperationApproval(
                id=approval_id(operation.id, own.code),
                operation=operation,
                owner=own,
                created_at=clock.now(),
                plan_version=version,
                created_by=acting_user.username,
            )
        else:
            before = gm.OperationApproval.objects.get(pk=approval.pk)
            approval.plan_version = version
            approval.version += 1
            approval.created_by = acting_user.username
            approval.created_at = clock.now()
        approval.save()
        _audit(
            acting_user,
            GroupAction.OPERATION_APPROVE,
            operation,
            operation.group_id,
            version=version,
        )
        _save_item(approval, actor=acting_user, before=before)
    return approval


def _require_authorised(operation: gm.Operation) -> None:
    from jisr.groups.selectors import operation_is_authorised

    if not operation_is_authorised(operation):
        raise ValidationError(
            {"operation": _("The operation is not authorised by every agency yet.")}
        )


def operation_log_add(
    *, acting_user: Any, operation: gm.Operation, text: str, entry_id: Any = None
) -> gm.OperationLogEntry:
    _require_work(acting_user, operation.group)
    _require_authorised(operation)
    text = _text(text, "text", 2000, required=True)
    with transaction.atomic():
        entry = _new_item(
            gm.OperationLogEntry,
            acting_user=acting_user,
            id=entry_id or uuid.uuid4(),
            operation=operation,
            at=clock.now(),
            text=text,
        )
        _audit(acting_user, GroupAction.OPERATION_LOG, operation, operation.group_id)
        _save_item(entry, actor=acting_user)
    return entry


def operation_result_add(
    *,
    acting_user: Any,
    operation: gm.Operation,
    kind: str,
    quantity: Any = 1,
    seizure_type: str = "",
    unit: str = "",
    note: str = "",
) -> gm.OperationResult:
    _require_work(acting_user, operation.group)
    _require_authorised(operation)
    if kind not in gm.ResultKind.values:
        raise ValidationError({"kind": _("Choose arrests, searches, seizures or persons located.")})
    try:
        amount = Decimal(str(quantity))
    except InvalidOperation:
        raise ValidationError({"quantity": _("Give a number.")}) from None
    if not amount.is_finite() or not Decimal(0) < amount <= Decimal(10**9):
        raise ValidationError(
            {"quantity": _("The quantity must be above 0 and at most one billion.")}
        )
    if kind == gm.ResultKind.SEIZURE and not seizure_type.strip():
        raise ValidationError({"seizure_type": _("Say what was seized.")})
    with transaction.atomic():
        result = _new_item(
            gm.OperationResult,
            acting_user=acting_user,
            operation=operation,
            kind=kind,
            quantity=amount.quantize(Decimal("0.001")),
            seizure_type=_text(seizure_type, "seizure_type", 100),
            unit=_text(unit, "unit", 20),
            note=_text(note, "note", bounds.MAX_SHORT_TEXT),
        )
        _audit(acting_user, GroupAction.OPERATION_RESULT, operation, operation.group_id, kind=kind)
        _save_item(result, actor=acting_user)
    return result


def operation_status_set(
    *, acting_user: Any, operation: gm.Operation, status: str, lessons_learned: str | None = None
) -> gm.Operation:
    """The planning agency moves an authorised operation to under way, then completed."""
    _require_work(acting_user, operation.group)
    if not operation.owner.is_own:
        raise PermissionDenied(_("Only the agency that planned the operation changes it."))
    if status not in (gm.OperationStatus.UNDER_WAY, gm.OperationStatus.COMPLETED):
        raise ValidationError({"status": _("The status is under_way or completed.")})
    _require_authorised(operation)
    with transaction.atomic():
        before = gm.Operation.objects.get(pk=operation.pk)
        operation.status = status
        if lessons_learned is not None:
            operation.lessons_learned = _text(
                lessons_learned, "lessons_learned", bounds.MAX_LONG_TEXT
            )
        # Not a change of the plan: the approvals keep counting (plan version unchanged).
        operation.version += 1
        operation.save()
        _audit(
            acting_user, GroupAction.OPERATION_PLAN, operation, operation.group_id, status=status
        )
        _save_item(operation, actor=acting_user, before=before)
    return operation


def _attach_case(acting_user: Any, group: gm.WorkingGroup, case_id: Any) -> gm.GroupCase:
    link = _new_item(gm.GroupCase, acting_user=acting_user, group=group, case_id=case_id)
    audit_record(acting_user, GroupAction.CASE_ATTACH, target=group, extra={"case": str(case_id)})
    _save_item(link, actor=acting_user)
    return link


def case_attach(*, acting_user: Any, group: gm.WorkingGroup, case_id: Any) -> gm.GroupCase:
    """Attach an exchange case the member may see; the link (an id) is replicated, not the case."""
    from django.http import Http404

    from jisr.exchange.selectors import access_case_for_view

    _require_work(acting_user, group)
    try:
        case = access_case_for_view(case_id, acting_user)
    except (Http404, PermissionDenied):
        raise ValidationError({"case_id": _("This case is not one you may see.")}) from None
    if group.cases.filter(case_id=case.id).exists():
        raise ValidationError({"case_id": _("This case is already attached to the group.")})
    with transaction.atomic():
        return _attach_case(acting_user, group, case.id)


def case_open_from_group(
    *, acting_user: Any, group: gm.WorkingGroup, subject: str, crime_area: str = ""
) -> gm.GroupCase:
    """Open an exchange case with the group's other agencies and attach it to the group.

    The case is opened by the exchange module's own ``case_open`` (its checks, reference,
    audit and replication); this function only chooses the partners and adds the link.
    """
    from jisr.exchange.models import CrimeArea as CaseCrimeArea
    from jisr.exchange.services import case_open

    _require_work(acting_user, group)
    subject = _text(subject, "subject", bounds.MAX_NAME, required=True)
    if not crime_area:
        # The group's crime area when the exchange knows it, else "other".
        crime_area = (
            group.crime_area if group.crime_area in CaseCrimeArea.values else CaseCrimeArea.OTHER
        )
    partners = sorted(federation.group_agencies(group) - {_own_agency().code})
    with transaction.atomic():
        try:
            case = case_open(
                acting_user=acting_user, title=subject, crime_area=crime_area, partners=partners
            )
        except ValidationError as exc:
            # The exchange names the title "title": the group form calls it "subject".
            errors = getattr(exc, "error_dict", None)
            if errors and "title" in errors:
                errors["subject"] = errors.pop("title")
            raise
        return _attach_case(acting_user, group, case.id)
