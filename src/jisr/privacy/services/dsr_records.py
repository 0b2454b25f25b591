"""What a rectification, erasure or restriction decision does to the records concerned.

The DPO picks the records from the request's person search. For each one:

- a record a partner owns (an alert copy, a hit on a partner's alert, a shared target) is
  never changed here: the request is forwarded to the owner (``dsr.forwarded``), once;
- **erase** removes an own record the owning module's way: an own alert still shared sends
  the withdraw tombstone so partner copies go, then the alert is deleted; working-group
  items send the group's tombstone; training nominations are anonymised by the module's own
  retention ``purge``; screenings, hits and accreditation candidates are deleted as the
  retention schedule deletes them. A case message cannot be erased alone (it goes with its
  closed case), which is said in a translated error;
- **rectify** records the DPO's correction; for an own alert given corrected names, aliases
  or date of birth, the alert is changed with the wanted module's own validators, its
  version is bumped and the new version replicates to partner copies;
- **restrict** marks the record (``DsrRecordAction`` with ``action=restrict`` and no
  ``lifted_at``); an own alert also takes the mark (``Alert.restricted_at``, a new version
  replicated to the partners' copies), so every screening on every node leaves it out
  until lifted and its page says so; the person search shows restricted records as such
  to the DPO.

Every action is one audit row naming the record (kind, id) and never its content.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jisr.audit.services import audit_record
from jisr.core import clock
from jisr.privacy.actions import PrivacyAction
from jisr.privacy.models import DataSubjectRequest, DsrRecordAction
from jisr.privacy.reference import DsrDecision

MAX_RECORDS = 200
MAX_NOTE = 1000
#: Fields of an own alert a rectification may correct.
ALERT_CORRECTIONS = ("names", "aliases", "birth_date")

ACTION_OF = {
    DsrDecision.ERASE.value: DsrRecordAction.Action.ERASE,
    DsrDecision.RECTIFY.value: DsrRecordAction.Action.RECTIFY,
    DsrDecision.RESTRICT.value: DsrRecordAction.Action.RESTRICT,
}
AUDIT_OF = {
    DsrRecordAction.Action.ERASE: PrivacyAction.DSR_ERASE,
    DsrRecordAction.Action.RECTIFY: PrivacyAction.DSR_RECTIFY,
    DsrRecordAction.Action.RESTRICT: PrivacyAction.DSR_RESTRICT,
}


def _own_code() -> str:
    from jisr.accounts.selectors import own_agency

    own = own_agency()
    return own.code if own else ""


def request_records(user: Any, request: DataSubjectRequest) -> dict[tuple[str, str], str]:
    """The records the request's person search finds: ``{(kind, id): owner}``."""
    from jisr.privacy.selectors import person_search

    found: dict[tuple[str, str], str] = {}
    for name in request.subject_names[:5] or [""]:
        result = person_search(
            user,
            name=name,
            birth_date=request.subject_birth_date,
            document=request.subject_documents[0] if request.subject_documents else "",
        )
        for record in result.records:
            found.setdefault((record["kind"], record["id"]), record["owner"])
    return found


def parse_picks(records: Any) -> list[tuple[str, str]]:
    """``["kind:id", ...]`` or ``[{"kind", "id"}, ...]`` to pairs (bounded)."""
    picks: list[tuple[str, str]] = []
    for item in records or []:
        if isinstance(item, dict):
            pair = (str(item.get("kind", "")), str(item.get("id", "")))
        else:
            kind, _sep, record_id = str(item).partition(":")
            pair = (kind, record_id)
        if pair not in picks:
            picks.append(pair)
    if len(picks) > MAX_RECORDS:
        raise ValidationError({"records": _("Pick at most %(n)s records.") % {"n": MAX_RECORDS}})
    return picks


# -- erasure, the owning module's way ---------------------------------------------------------


def _erase_alert(record_id: str, user: Any, reason: str) -> None:
    from jisr.wanted.models import Alert
    from jisr.wanted.reference import Status
    from jisr.wanted.retention import alerts_purge
    from jisr.wanted.services.alerts import _unreplicate

    alert = Alert.objects.filter(pk=record_id, is_copy=False).first()
    if alert is None:
        return
    if alert.status == Status.ACTIVE:
        # Still live at partners: the withdraw path sends the tombstone to every copy.
        _unreplicate(alert, user, reason)
        alert.delete()
    else:
        # Located alerts send their tombstone here; withdrawn or expired ones already did.
        alerts_purge(Alert.objects.filter(pk=alert.pk))


def _erase_screening(record_id: str, user: Any, reason: str) -> None:
    from jisr.wanted.models import Screening

    Screening.objects.filter(pk=record_id).delete()


def _erase_hit(record_id: str, user: Any, reason: str) -> None:
    from jisr.wanted.models import Hit

    Hit.objects.filter(pk=record_id).delete()


def _erase_accredited(record_id: str, user: Any, reason: str) -> None:
    from jisr.events.models import AccreditedPerson

    AccreditedPerson.objects.filter(pk=record_id).delete()


def _erase_group_item(model_name: str) -> Callable[[str, Any, str], None]:
    def erase(record_id: str, user: Any, reason: str) -> None:
        from jisr.groups import federation

        model = apps.get_model("groups", model_name)
        item = model.objects.filter(pk=record_id, owner__is_own=True).first()
        if item is None:
            return
        federation.withdraw_item(item, federation.content_recipients(item.group))
        item.delete()

    return erase


def _erase_nomination(record_id: str, user: Any, reason: str) -> None:
    from jisr.training.retention import nominations_anonymise

    model = apps.get_model("training", "Nomination")
    nominations_anonymise(model.objects.filter(pk=record_id))


ERASERS: dict[str, Callable[[str, Any, str], None]] = {
    "wanted.alert": _erase_alert,
    "wanted.screening": _erase_screening,
    "wanted.hit": _erase_hit,
    "events.accreditedperson": _erase_accredited,
    "groups.target": _erase_group_item("Target"),
    "groups.lead": _erase_group_item("Lead"),
    "training.nomination": _erase_nomination,
}


# -- rectification of an own alert, the alert edit service's way -----------------------------


def _rectify_alert(record_id: str, user: Any, corrections: dict[str, Any]) -> bool:
    """Apply corrected names/aliases/date of birth to an own alert; replicate the version."""
    from jisr.audit.actions import AuditAction
    from jisr.audit.services import field_changes
    from jisr.wanted.models import Alert
    from jisr.wanted.services.alerts import PERSONAL_FIELDS, _replicate
    from jisr.wanted.services.common import _bump, _str_list
    from jisr.wanted.subjects import clean_birth_date

    wanted = {k: v for k, v in corrections.items() if k in ALERT_CORRECTIONS}
    if not wanted:
        return False
    alert = Alert.objects.filter(pk=record_id, is_copy=False).first()
    if alert is None:
        return False
    clean: dict[str, Any] = {}
    try:
        if "names" in wanted:
            clean["names"] = _str_list(wanted["names"])
            if not clean["names"]:
                raise ValidationError({"corrections": _("At least one name is needed.")})
        if "aliases" in wanted:
            clean["aliases"] = _str_list(wanted["aliases"])
        if "birth_date" in wanted:
            clean["birth_date"] = clean_birth_date(wanted["birth_date"])
    except ValueError as exc:
        raise ValidationError({"corrections": str(exc)}) from exc
    changes = field_changes(alert, clean, withheld=PERSONAL_FIELDS)
    for key, value in clean.items():
        setattr(alert, key, value)
    alert.refresh_names_text()
    _bump(alert, *clean.keys(), "names_text")
    audit_record(user, AuditAction.ALERT_UPDATE, target=alert, extra=changes)
    _replicate(alert)
    return True


# -- the decision -----------------------------------------------------------------------------


def _forward_to_owner(user: Any, request: DataSubjectRequest, owner: str) -> None:
    from jisr.privacy.services.dsr import dsr_forward

    if request.origin != _own_code():
        raise ValidationError(
            {"records": _("A record of another agency is changed only by that agency.")}
        )
    if not request.forwards.filter(agency=owner).exists():
        dsr_forward(acting_user=user, request=request, agency=owner)


def records_apply(
    *,
    acting_user: Any,
    request: DataSubjectRequest,
    decision: str,
    records: Any,
    note: str = "",
    corrections: dict[str, Any] | None = None,
) -> list[DsrRecordAction]:
    """Act on the picked records (inside the decision's transaction)."""
    action = ACTION_OF.get(decision)
    picks = parse_picks(records)
    if action is None:
        if picks:
            raise ValidationError(
                {"records": _("Only a rectification, an erasure or a restriction acts on records.")}
            )
        return []
    if not picks:
        raise ValidationError({"records": _("Pick the records concerned from the search.")})
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError({"answer": _("Keep the correction under 1000 characters.")})
    if action == DsrRecordAction.Action.RECTIFY and not (note or corrections):
        raise ValidationError({"answer": _("Describe the correction.")})
    if corrections is not None and not isinstance(corrections, dict):
        raise ValidationError({"corrections": _("Give the corrections as fields and values.")})
    found = request_records(acting_user, request)
    unknown = [p for p in picks if p not in found]
    if unknown:
        raise ValidationError(
            {"records": _("Pick only records found by the request's person search.")}
        )
    if action == DsrRecordAction.Action.ERASE:
        for kind, _id in picks:
            if found[(kind, _id)] == _own_code() and kind not in ERASERS:
                raise ValidationError(
                    {
                        "records": _(
                            "This kind of record cannot be erased alone: %(kind)s. It goes "
                            "with the record it belongs to."
                        )
                        % {"kind": kind}
                    }
                )
    own = _own_code()
    reason = _("Data-subject request of %(day)s") % {"day": request.received.isoformat()}
    done: list[DsrRecordAction] = []
    for kind, record_id in picks:
        owner = found[(kind, record_id)]
        if owner and owner != own:
            _forward_to_owner(acting_user, request, owner)
            done.append(
                DsrRecordAction.objects.create(
                    request=request,
                    kind=kind,
                    record_id=record_id,
                    owner=owner,
                    action=DsrRecordAction.Action.FORWARD,
                    by=acting_user.get_username(),
                )
            )
            continue
        applied = False
        if action == DsrRecordAction.Action.ERASE:
            ERASERS[kind](record_id, acting_user, reason)
        elif action == DsrRecordAction.Action.RECTIFY and kind == "wanted.alert":
            applied = _rectify_alert(record_id, acting_user, corrections or {})
        row = DsrRecordAction.objects.create(
            request=request,
            kind=kind,
            record_id=record_id,
            owner=owner or own,
            action=action,
            note=note if action == DsrRecordAction.Action.RECTIFY else "",
            by=acting_user.get_username(),
        )
        if action == DsrRecordAction.Action.RESTRICT and kind == "wanted.alert":
            _mark_restricted_alert(record_id)
            applied = True
        audit_record(
            acting_user,
            AUDIT_OF[action],
            target=(kind, record_id),
            justification=reason,
            extra={"request": str(request.pk), "applied": applied},
        )
        done.append(row)
    return done


def restriction_lift(*, acting_user: Any, action: DsrRecordAction) -> None:
    """End a restriction: the record is used again (screening results)."""
    from django.db import transaction

    from jisr.privacy.selectors import require_dpo

    require_dpo(acting_user)
    if action.action != DsrRecordAction.Action.RESTRICT or action.lifted_at is not None:
        raise ValidationError(_("This record is not restricted."))
    with transaction.atomic():
        action.lifted_at = clock.now()
        action.save(update_fields=["lifted_at"])
        if action.kind == "wanted.alert":
            _mark_restricted_alert(action.record_id)
        audit_record(
            acting_user,
            PrivacyAction.DSR_LIFT,
            target=(action.kind, action.record_id),
            extra={"request": str(action.request_id)},
        )


def _mark_restricted_alert(record_id: str) -> None:
    """Put the alert's restriction mark in step with its open restrictions: the earliest
    open one's time, or none once every one is lifted (two requests may restrict one alert).
    The wanted module replicates the mark to the partners' copies."""
    from jisr.wanted.models import Alert
    from jisr.wanted.services.alerts import alert_restriction_set

    alert = Alert.objects.filter(pk=record_id, is_copy=False).first()
    if alert is None:
        return
    since = (
        DsrRecordAction.objects.filter(
            kind="wanted.alert",
            record_id=record_id,
            action=DsrRecordAction.Action.RESTRICT,
            lifted_at__isnull=True,
        )
        .order_by("at")
        .values_list("at", flat=True)
        .first()
    )
    alert_restriction_set(alert=alert, since=since)
