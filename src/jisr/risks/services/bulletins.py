"""Early-warning bulletins: write, review and release (four eyes), receive, acknowledge,
version, withdraw, and cross-check their indicators on arrival."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from jisr.audit.services import audit_record
from jisr.core import bounds, clock
from jisr.core.access import require_perm
from jisr.core.entities import EntityKey, cross_check, normalise
from jisr.core.handling import HandlingCode
from jisr.exchange.models import InformationAccuracy, SourceReliability
from jisr.federation.wire import wire_date_or_none, wire_datetime_or_none
from jisr.risks import federation
from jisr.risks.actions import RiskAction
from jisr.risks.models import (
    INDICATOR_TYPES,
    Acknowledgement,
    Bulletin,
    BulletinIndicator,
    BulletinKind,
    BulletinStatus,
    IndicatorMatch,
    Playbook,
    Risk,
)
from jisr.risks.notice_kinds import NoticeKind
from jisr.risks.permissions import (
    ACKNOWLEDGE_BULLETIN,
    APPROVE_BULLETIN,
    CHANGE_BULLETIN,
    WRITE_BULLETINS,
)

log = logging.getLogger("jisr.risks")

MAX_INDICATORS = 50
CONTENT_FIELDS = (
    "kind",
    "title",
    "summary",
    "details",
    "recommended_measures",
    "handling_code",
    "restrictions",
    "source_reliability",
    "information_accuracy",
    "valid_until",
    "recipients",
)


def escalation_delay() -> dt.timedelta:
    """How long a partner's alert bulletin may stay unacknowledged (default one hour)."""
    return dt.timedelta(minutes=float(getattr(settings, "JISR_BULLETIN_ACK_MINUTES", 60)))


def _url(bulletin: Bulletin) -> str:
    return reverse("risks:bulletin_detail", args=[bulletin.id])


def clean_indicators(items: Any, *, country: str = "") -> list[dict[str, str]]:
    """``[{"type", "value"}]`` checked with ``jisr.core.entities.normalise``; errors name the row."""
    if items is None:
        return []
    if not isinstance(items, list) or len(items) > MAX_INDICATORS:
        raise ValidationError(
            {"indicators": _("At most %(n)d indicators.") % {"n": MAX_INDICATORS}}
        )
    rows: list[dict[str, str]] = []
    problems: list[str] = []
    allowed = {t.value for t in INDICATOR_TYPES}
    for number, item in enumerate(items, start=1):
        kind = str((item or {}).get("type") or "")
        value = str((item or {}).get("value") or "").strip()
        if kind not in allowed:
            problems.append(
                _("Indicator %(n)d: %(kind)s is not a kind of indicator.")
                % {"n": number, "kind": kind}
            )
            continue
        try:
            key = normalise(kind, value, country=country)
        except ValidationError as exc:
            problems.append(
                _("Indicator %(n)d: %(reason)s") % {"n": number, "reason": " ".join(exc.messages)}
            )
            continue
        if all((r["type"], r["key"]) != (kind, key) for r in rows):
            rows.append({"type": kind, "value": value, "key": key})
    if problems:
        raise ValidationError({"indicators": problems})
    return rows


def _clean(data: dict[str, Any], *, owner_code: str, draft: bool) -> dict[str, Any]:
    from jisr.accounts.models import Agency

    errors: dict[str, Any] = {}
    clean: dict[str, Any] = {}
    if data.get("kind") not in BulletinKind.values:
        errors["kind"] = _("Choose a kind of bulletin.")
    clean["kind"] = data.get("kind")
    for name, limit, required in (
        ("title", 200, True),
        ("summary", bounds.MAX_LONG_TEXT, True),
        ("details", 20_000, False),
        ("recommended_measures", bounds.MAX_LONG_TEXT, False),
        ("restrictions", bounds.MAX_SHORT_TEXT, False),
    ):
        text = str(data.get(name) or "").strip()
        if required and not text:
            errors[name] = _("This field is required.")
        elif problem := bounds.text_problem(text, limit):
            errors[name] = problem
        clean[name] = text
    code = data.get("handling_code") or "H1"
    if code not in HandlingCode.values:
        errors["handling_code"] = _("Choose a handling code (H0 to H3).")
    elif code == "H3" and not clean["restrictions"]:
        errors["restrictions"] = _("An H3 bulletin needs its restrictions written out.")
    clean["handling_code"] = code
    for name, choices, default in (
        ("source_reliability", SourceReliability.values, "X"),
        ("information_accuracy", InformationAccuracy.values, "4"),
    ):
        value = str(data.get(name) or default)
        if value not in choices:
            errors[name] = _("Choose a value from the list.")
        clean[name] = value
    valid_until = data.get("valid_until") or bounds.today() + dt.timedelta(days=90)
    if not isinstance(valid_until, dt.date):
        errors["valid_until"] = _("Give a date.")
    elif not bounds.today() <= valid_until <= bounds.today() + dt.timedelta(days=366):
        errors["valid_until"] = _("A bulletin is valid from today up to one year.")
    clean["valid_until"] = valid_until
    recipients = [str(c) for c in data.get("recipients") or []]
    known = set(Agency.objects.filter(code__in=recipients).values_list("code", flat=True))
    partners = set(federation.partner_codes())
    wrong = [c for c in recipients if c not in known or c not in partners or c == owner_code]
    if wrong:
        errors["recipients"] = _("%(codes)s: not a partner agency of this node.") % {
            "codes": ", ".join(wrong)
        }
    elif not recipients and not draft:
        errors["recipients"] = _("Name at least one partner agency to send the bulletin to.")
    clean["recipients"] = sorted(set(recipients))
    try:
        country = Agency.objects.filter(code=owner_code).values_list("country", flat=True).first()
        clean["indicators"] = clean_indicators(data.get("indicators"), country=country or "")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    risk_ids = [str(r) for r in data.get("risks") or []]
    risks = list(Risk.objects.filter(id__in=risk_ids)) if risk_ids else []
    if len(risks) != len(set(risk_ids)):
        errors["risks"] = _("A linked risk is not in the register.")
    clean["risks"] = risks
    if errors:
        raise ValidationError(errors)
    return clean


def _set_indicators(bulletin: Bulletin, rows: list[dict[str, str]]) -> None:
    bulletin.indicators.all().delete()
    BulletinIndicator.objects.bulk_create(
        [BulletinIndicator(bulletin=bulletin, **row) for row in rows]
    )


def _release_reviewers(bulletin: Bulletin) -> list[Any]:
    from jisr.accounts.models import User

    users = User.objects.filter(is_active=True, agency_id=bulletin.owner_id)
    if bulletin.author_id is not None:
        users = users.exclude(pk=bulletin.author_id)
    return [u for u in users.prefetch_related("groups") if u.has_perm("risks.release_bulletins")]


def bulletin_create(
    *,
    acting_user: Any,
    draft: bool = False,
    playbook: Playbook | None = None,
    import_report: list[str] | None = None,
    **data: Any,
) -> Bulletin:
    """Write a bulletin: a draft, or awaiting release by a second person. Nothing leaves yet."""
    require_perm(acting_user, WRITE_BULLETINS, _("You may not write bulletins."))
    owner_code = acting_user.agency.code
    fields = _clean(data, owner_code=owner_code, draft=draft)
    indicators = fields.pop("indicators")
    risks = fields.pop("risks")
    now = clock.now()
    with transaction.atomic():
        bulletin = Bulletin.objects.create(
            owner_id=acting_user.agency_id,
            status=BulletinStatus.DRAFT if draft else BulletinStatus.PENDING,
            author=acting_user,
            author_name=acting_user.get_full_name() or acting_user.username,
            created_at=now,
            updated_at=now,
            import_report=list(import_report or []),
            **fields,
        )
        _set_indicators(bulletin, indicators)
        bulletin.risks.set(risks)
        if playbook is not None:
            _set_response(bulletin, playbook, now)
        audit_record(
            acting_user,
            RiskAction.BULLETIN_CREATE,
            target=bulletin,
            extra={"indicators": len(indicators), "draft": draft},
        )
        if not draft:
            _ask_for_release(bulletin)
    return bulletin


def _ask_for_release(bulletin: Bulletin) -> None:
    from jisr.notices.services import notify

    notify(
        _release_reviewers(bulletin),
        NoticeKind.BULLETIN_TO_APPROVE,
        bulletin,
        url=_url(bulletin),
        urgent=bulletin.kind == BulletinKind.ALERT_BULLETIN,
    )


def access_bulletin(bulletin_id: Any, user: Any) -> Bulletin:
    """A bulletin the user may see: their agency's own, or a partner's released copy."""
    from django.http import Http404

    from jisr.risks.permissions import VIEW_RISKS

    require_perm(user, VIEW_RISKS, _("You may not see bulletins."))
    bulletin = Bulletin.objects.select_related("owner").filter(id=bulletin_id).first()
    if bulletin is None:
        raise Http404
    if bulletin.is_own and bulletin.owner_id != user.agency_id:
        raise PermissionDenied(_("This bulletin belongs to another agency."))
    return bulletin


def bulletin_update(*, acting_user: Any, bulletin: Bulletin, **data: Any) -> Bulletin:
    """A new version of the owner's bulletin, its changes listed; it is reviewed again."""
    require_perm(
        acting_user,
        CHANGE_BULLETIN,
        _("Only the agency that wrote this bulletin may change it."),
        obj=bulletin,
    )
    if bulletin.status == BulletinStatus.WITHDRAWN:
        raise ValidationError(_("A withdrawn bulletin cannot be changed."))
    current = {name: getattr(bulletin, name) for name in CONTENT_FIELDS}
    current["indicators"] = [{"type": i.type, "value": i.value} for i in bulletin.indicators.all()]
    current["risks"] = [str(r) for r in bulletin.risks.values_list("id", flat=True)]
    merged = {**current, **data}
    fields = _clean(merged, owner_code=bulletin.owner.code, draft=bulletin.status == "draft")
    indicators = fields.pop("indicators")
    risks = fields.pop("risks")
    old_keys = {(i.type, i.key) for i in bulletin.indicators.all()}
    new_keys = {(r["type"], r["key"]) for r in indicators}
    changes = [name for name in CONTENT_FIELDS if fields[name] != current[name]]
    if old_keys != new_keys:
        changes.append("indicators")
    if {str(r.id) for r in risks} != set(current["risks"]):
        changes.append("risks")
    if not changes:
        return bulletin
    now = clock.now()
    with transaction.atomic():
        for name, value in fields.items():
            setattr(bulletin, name, value)
        if bulletin.status != BulletinStatus.DRAFT:
            bulletin.version += 1
            bulletin.status = BulletinStatus.PENDING
            bulletin.author = acting_user
        bulletin.changes = changes
        bulletin.updated_at = now
        bulletin.save()
        _set_indicators(bulletin, indicators)
        bulletin.risks.set(risks)
        audit_record(
            acting_user,
            RiskAction.BULLETIN_UPDATE,
            target=bulletin,
            extra={"changed": changes, "version": bulletin.version},
        )
        if bulletin.status == BulletinStatus.PENDING:
            _ask_for_release(bulletin)
    return bulletin


def bulletin_submit(*, acting_user: Any, bulletin: Bulletin) -> Bulletin:
    """A draft (an imported MISP event, say) goes to review."""
    require_perm(acting_user, CHANGE_BULLETIN, obj=bulletin)
    if bulletin.status != BulletinStatus.DRAFT:
        return bulletin
    _clean(
        {
            **{name: getattr(bulletin, name) for name in CONTENT_FIELDS},
            "indicators": [{"type": i.type, "value": i.value} for i in bulletin.indicators.all()],
        },
        owner_code=bulletin.owner.code,
        draft=False,
    )
    with transaction.atomic():
        bulletin.status = BulletinStatus.PENDING
        bulletin.author = acting_user
        bulletin.updated_at = clock.now()
        bulletin.save(update_fields=["status", "author", "updated_at"])
        audit_record(
            acting_user, RiskAction.BULLETIN_UPDATE, target=bulletin, extra={"submitted": True}
        )
        _ask_for_release(bulletin)
    return bulletin


def bulletin_approve(*, acting_user: Any, bulletin: Bulletin) -> Bulletin:
    """The second pair of eyes: release the bulletin to its recipients (the envelope is
    written here, in the same transaction)."""
    if bulletin.author_id == acting_user.pk:
        raise PermissionDenied(_("The author of a bulletin cannot approve it."))
    require_perm(
        acting_user,
        APPROVE_BULLETIN,
        _("You may not release this bulletin."),
        obj=bulletin,
    )
    now = clock.now()
    with transaction.atomic():
        first = bulletin.released_at is None
        bulletin.status = BulletinStatus.RELEASED
        bulletin.approved_by = acting_user
        bulletin.released_at = now
        if not first:
            bulletin.revision += 1
        bulletin.updated_at = now
        bulletin.save()
        audit_record(
            acting_user,
            RiskAction.BULLETIN_APPROVE,
            target=bulletin,
            extra={"version": bulletin.version, "recipients": list(bulletin.recipients)},
        )
        federation.share_bulletin(bulletin)
        if bulletin.response:
            from jisr.risks.services.response import start_own_tasks

            start_own_tasks(bulletin)
    return bulletin


def bulletin_withdraw(*, acting_user: Any, bulletin: Bulletin) -> Bulletin:
    """Withdraw the owner's bulletin: the partners' copies are deleted (a tombstone)."""
    require_perm(
        acting_user,
        CHANGE_BULLETIN,
        _("Only the agency that wrote this bulletin may withdraw it."),
        obj=bulletin,
    )
    if bulletin.status == BulletinStatus.WITHDRAWN:
        return bulletin
    with transaction.atomic():
        was_sent = bulletin.released_at is not None
        bulletin.status = BulletinStatus.WITHDRAWN
        bulletin.revision += 1
        bulletin.updated_at = clock.now()
        bulletin.save(update_fields=["status", "revision", "updated_at"])
        audit_record(acting_user, RiskAction.BULLETIN_WITHDRAW, target=bulletin)
        if was_sent:
            federation.withdraw_bulletin(bulletin)
    return bulletin


def _set_response(bulletin: Bulletin, playbook: Playbook, now: dt.datetime) -> None:
    parties = {bulletin.owner.code, *bulletin.recipients}
    bulletin.response = {
        "playbook": str(playbook.id),
        "name": playbook.name,
        "version": playbook.version,
        "triggered_at": now.isoformat(),
        "steps": [
            s.record() for s in playbook.steps.select_related("agency") if s.agency.code in parties
        ],
    }
    bulletin.save(update_fields=["response"])


# -- the receiving side ----------------------------------------------------------------------


def _desk(agency_id: Any) -> list[Any]:
    """The named recipients of a partner's bulletin here: the agency's liaison officers."""
    from jisr.accounts.models import User
    from jisr.accounts.roles import Role

    return list(
        User.objects.filter(
            is_active=True, agency_id=agency_id, groups__name=Role.LIAISON_OFFICER
        ).distinct()
    )


def bulletin_receive(*, sender: str, revision: int, body: dict[str, Any]) -> Bulletin:
    """A partner's released bulletin arrives (or a new version of it)."""
    from jisr.accounts.selectors import own_agency
    from jisr.federation.registry import MalformedEnvelope
    from jisr.notices.services import notify

    own = own_agency()
    if own is None or own.code not in (body.get("recipients") or []):
        raise MalformedEnvelope("this node is not among the bulletin's recipients")
    if (
        body.get("kind") not in BulletinKind.values
        or body.get("handling_code") not in HandlingCode.values
    ):
        raise MalformedEnvelope("unknown kind or handling code")
    now = clock.now()
    valid_until = wire_date_or_none(body["valid_until"])
    fields = {
        "owner": federation._agency(sender),
        "status": BulletinStatus.RELEASED,
        "kind": body["kind"],
        "title": str(body["title"])[:200],
        "summary": str(body["summary"]),
        "details": str(body.get("details") or ""),
        "recommended_measures": str(body.get("recommended_measures") or ""),
        "handling_code": body["handling_code"],
        "restrictions": str(body.get("restrictions") or "")[:300],
        "source_reliability": str(body.get("source_reliability") or "X")[:1],
        "information_accuracy": str(body.get("information_accuracy") or "4")[:1],
        "valid_until": valid_until,
        "recipients": [str(c) for c in body.get("recipients") or []],
        "version": int(body.get("version") or 1),
        "revision": revision,
        "changes": [str(c) for c in body.get("changes") or []],
        "response": dict(body.get("response") or {}),
        "author_name": str(body.get("author") or "")[:150],
        "released_at": wire_datetime_or_none(body.get("released_at")),
        "updated_at": now,
    }
    with transaction.atomic():
        bulletin = Bulletin.objects.filter(id=body["id"]).first()
        first = bulletin is None
        content_changed = False
        if first:
            bulletin = Bulletin(id=body["id"], created_at=now, received_at=now, **fields)
            if fields["kind"] == BulletinKind.ALERT_BULLETIN:
                bulletin.set_deadline(now, now + escalation_delay())
            bulletin.save()
        else:
            assert bulletin is not None
            content_changed = bulletin.version != fields["version"]
            for name, value in fields.items():
                setattr(bulletin, name, value)
            bulletin.save()
        rows = []
        for item in body.get("indicators") or []:
            try:
                # The owner's key (read with its country's numbering plan) when it sent one.
                key = normalise(str(item["type"]), str(item.get("key") or item["value"]))
            except ValidationError:
                continue  # the owner checked it; a value we cannot read is not cross-checked
            rows.append(
                BulletinIndicator(
                    id=item["id"],
                    bulletin=bulletin,
                    type=str(item["type"]),
                    value=str(item["value"])[:300],
                    key=key,
                )
            )
        bulletin.indicators.all().delete()
        BulletinIndicator.objects.bulk_create(rows)
        bulletin.risks.set(Risk.objects.filter(id__in=body.get("risks") or []))
        desk = _desk(own.pk)
        if first:
            Acknowledgement.objects.bulk_create(
                [
                    Acknowledgement(
                        bulletin=bulletin,
                        agency=own,
                        username=u.username,
                        name=u.get_full_name() or u.username,
                    )
                    for u in desk
                ]
            )
        audit_record(
            sender,
            RiskAction.BULLETIN_RECEIVE,
            target=bulletin,
            extra={"version": bulletin.version, "indicators": len(rows)},
        )
        matched = _cross_check(bulletin, desk)
        if first or content_changed:
            notify(
                desk,
                NoticeKind.BULLETIN_RECEIVED,
                bulletin,
                url=_url(bulletin),
                urgent=bulletin.kind == BulletinKind.ALERT_BULLETIN,
                due_at=bulletin.due_at,
            )
        if matched:
            notify(desk, NoticeKind.BULLETIN_MATCH, bulletin, url=_url(bulletin))
        if bulletin.response:
            from jisr.risks.services.response import start_own_tasks

            start_own_tasks(bulletin)
        federation.send_receipt(bulletin)
    return bulletin


def _cross_check(bulletin: Bulletin, users: list[Any]) -> int:
    """Look for the indicators among the records the desk may open; store and audit matches."""
    indicators = {(i.type, i.key): i for i in bulletin.indicators.all()}
    IndicatorMatch.objects.filter(indicator__bulletin=bulletin).delete()
    keys = [EntityKey(kind=kind, key=key) for kind, key in indicators]
    found: dict[tuple[str, str, str, str], Any] = {}
    for user in users:
        try:
            correlations = cross_check(keys, user, exclude=[("bulletin", str(bulletin.id))])
        except Exception:  # a failing source must not stop a bulletin from arriving
            log.exception("cross-check of bulletin %s failed", bulletin.id)
            correlations = []
        for c in correlations:
            found.setdefault((c.entity.kind, c.entity.key, c.kind, c.id), c)
    now = clock.now()
    IndicatorMatch.objects.bulk_create(
        [
            IndicatorMatch(
                indicator=indicators[(kind, key)],
                kind=record_kind,
                record_id=record_id,
                reference=str(c.reference)[:300],
                url=str(c.url)[:300],
                found_at=now,
            )
            for (kind, key, record_kind, record_id), c in found.items()
            if (kind, key) in indicators
        ]
    )
    audit_record(
        "system",
        RiskAction.BULLETIN_CROSS_CHECK,
        target=bulletin,
        justification="bulletin received",
        extra={"indicators": len(keys), "matches": len(found)},
    )
    return len(found)


def bulletin_acknowledge(*, acting_user: Any, bulletin: Bulletin) -> Acknowledgement:
    """A named recipient acknowledges a partner's bulletin; the owner is told."""
    require_perm(
        acting_user,
        ACKNOWLEDGE_BULLETIN,
        _("Only a named recipient of this bulletin may acknowledge it."),
        obj=bulletin,
    )
    ack = Acknowledgement.objects.get(
        bulletin=bulletin, agency_id=acting_user.agency_id, username=acting_user.username
    )
    if ack.acknowledged_at is not None:
        return ack
    with transaction.atomic():
        ack.acknowledged_at = clock.now()
        ack.save(update_fields=["acknowledged_at"])
        audit_record(acting_user, RiskAction.BULLETIN_ACKNOWLEDGE, target=bulletin)
        federation.send_receipt(bulletin)
    return ack


def receipt_apply(*, sender: str, body: dict[str, Any]) -> None:
    """On the owner's node: the partner's named recipients and acknowledgements (only the
    sender's own rows are written; an acknowledgement is never taken back)."""
    from jisr.federation.registry import MalformedEnvelope, NotOwner

    bulletin = Bulletin.objects.filter(id=str(body.get("bulletin")), owner__is_own=True).first()
    if bulletin is None:
        raise MalformedEnvelope("no such bulletin of ours")
    if body.get("agency") != sender or sender not in bulletin.recipients:
        raise NotOwner("only a recipient agency reports its own acknowledgements")
    agency = federation._agency(sender)
    names = set()
    for row in body.get("recipients") or []:
        username = str(row["username"])[:150]
        names.add(username)
        ack, _created = Acknowledgement.objects.get_or_create(
            bulletin=bulletin,
            agency=agency,
            username=username,
            defaults={"name": str(row.get("name") or "")[:200]},
        )
        at = wire_datetime_or_none(row.get("acknowledged_at"))
        if at is not None and ack.acknowledged_at is None:
            ack.acknowledged_at = at
            ack.save(update_fields=["acknowledged_at"])
    Acknowledgement.objects.filter(
        bulletin=bulletin, agency=agency, acknowledged_at__isnull=True
    ).exclude(username__in=names).delete()


# -- acknowledgement deadline of a partner's alert bulletin (declared on the AppConfig) -------


def bulletins_awaiting_acknowledgement() -> Any:
    return Bulletin.objects.filter(
        owner__is_own=False,
        kind=BulletinKind.ALERT_BULLETIN,
        status=BulletinStatus.RELEASED,
        acks__agency__is_own=True,
        acks__acknowledged_at__isnull=True,
    ).distinct()


def _unacknowledged(bulletin: Bulletin) -> list[Any]:
    from jisr.accounts.models import User

    names = bulletin.acks.filter(agency__is_own=True, acknowledged_at__isnull=True).values_list(
        "username", flat=True
    )
    return list(User.objects.filter(username__in=list(names), is_active=True))


def bulletin_ack_remind(bulletin: Bulletin, now: dt.datetime) -> None:
    from jisr.notices.services import notify

    notify(
        _unacknowledged(bulletin),
        NoticeKind.BULLETIN_RECEIVED,
        bulletin,
        url=_url(bulletin),
        urgent=True,
        due_at=bulletin.due_at,
    )


def bulletin_ack_escalate(bulletin: Bulletin, now: dt.datetime) -> None:
    """An alert bulletin still unacknowledged: the supervisors are told, urgently."""
    from jisr.accounts.models import User
    from jisr.accounts.roles import Role
    from jisr.notices.services import notify

    supervisors = User.objects.filter(
        is_active=True, agency__is_own=True, groups__name=Role.SUPERVISOR
    ).distinct()
    pending = _unacknowledged(bulletin)
    notify(
        [*supervisors, *pending],
        NoticeKind.BULLETIN_ESCALATED,
        bulletin,
        url=_url(bulletin),
        urgent=True,
        due_at=bulletin.due_at,
    )
    audit_record(
        "system",
        RiskAction.BULLETIN_ESCALATE,
        target=bulletin,
        extra={"unacknowledged": len(pending)},
    )
