"""Remembered rejections: a candidate an officer said is "not the person".

When an officer rejects a screening candidate, with a reason, the rejection is kept
for that identity (normalised names, date of birth, document) and for the alert as
it then read (a digest of its names, aliases, date of birth, nationalities and
documents). The next screening of the same person shows the candidate with
"rejected on … by … because …": it is never hidden. Once the alert changes (a new
alias, a new date of birth) the digest differs and the rejection no longer applies.
Single, batch and accreditation screening all go through :func:`annotate` and
:func:`rejection_record`.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jisr.audit.actions import AuditAction
from jisr.audit.services import audit_record
from jisr.core import clock
from jisr.matching.names import name_variants
from jisr.matching.text import split_words

REASON_MAX = 500


class CandidateRejection(models.Model):
    """An officer's "not the person" for one identity and one version of an alert."""

    class Context(models.TextChoices):
        SCREENING = "screening", _("screening")
        ACCREDITATION = "accreditation", _("accreditation")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    identity = models.CharField(max_length=64, db_index=True, editable=False)
    alert_id = models.UUIDField(db_index=True)
    alert_digest = models.CharField(max_length=64, editable=False)
    alert_version = models.PositiveIntegerField(default=0)
    reason = models.CharField(_("reason"), max_length=REASON_MAX)
    context = models.CharField(max_length=16, choices=Context.choices, default=Context.SCREENING)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rejected_at = models.DateTimeField(default=clock.now)

    class Meta:
        app_label = "wanted"
        verbose_name = _("remembered rejection")
        verbose_name_plural = _("remembered rejections")
        ordering = ["-rejected_at"]
        indexes = [models.Index(fields=["identity", "alert_id"])]

    def __str__(self) -> str:
        return f"{self.alert_id} / {self.rejected_at:%Y-%m-%d}"


def _digest(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def subject_identity(
    names: Iterable[str], birth_date: str | None, documents: Iterable[str] = ()
) -> str:
    """A stable key for a screened person: names as the engine reads them, date, documents.

    Case, accents, punctuation, titles' spacing and the order of the names do not
    change it; another name, date of birth or document does.
    """
    normal = sorted({" ".join(split_words(v)) for n in names for v in name_variants(str(n))} - {""})
    docs = sorted({"".join(ch for ch in str(d).upper() if ch.isalnum()) for d in documents} - {""})
    return _digest({"names": normal, "birth_date": birth_date or "", "documents": docs})


def _document_numbers(documents: Any) -> list[str]:
    out: list[str] = []
    for d in documents or []:
        if isinstance(d, dict):
            out.append(str(d.get("number", "")))
        else:
            out.append(str(d))
    return out


def alert_digest(alert: Any) -> str:
    """What a rejection was made against: the alert's identity fields as they read now."""
    return _digest(
        {
            "names": sorted(str(n) for n in [*alert.names, *alert.aliases]),
            "birth_date": alert.birth_date or "",
            "nationalities": sorted(str(n) for n in alert.nationalities or []),
            "documents": sorted(_document_numbers(alert.documents)),
        }
    )


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < 3:
        raise ValidationError({"reason": _("Say why this candidate is not the person.")})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("This text is too long.")})
    return reason


def rejection_record(
    *,
    acting_user: Any,
    names: Sequence[str],
    birth_date: str | None,
    documents: Sequence[str] = (),
    alert_id: str,
    reason: str,
    context: str = CandidateRejection.Context.SCREENING,
) -> CandidateRejection:
    """Remember that ``alert_id`` is not the person screened under these names."""
    from jisr.wanted.models import Alert

    reason = _clean_reason(reason)
    alert = Alert.objects.filter(pk=alert_id).first()
    if alert is None:
        raise ValidationError({"alert_id": _("This alert is not in the register.")})
    with transaction.atomic():
        rejection = CandidateRejection.objects.create(
            identity=subject_identity(names, birth_date, documents),
            alert_id=alert.pk,
            alert_digest=alert_digest(alert),
            alert_version=alert.version,
            reason=reason,
            context=context,
            rejected_by=acting_user,
        )
        audit_record(
            acting_user,
            AuditAction.SCREENING_REJECTION_REMEMBERED,
            target=rejection,
            justification=reason,
            extra={"alert_id": str(alert.pk), "alert_version": alert.version, "context": context},
        )
    return rejection


def remembered(
    names: Sequence[str],
    birth_date: str | None,
    documents: Sequence[str],
    alert_ids: Iterable[str],
) -> dict[str, dict[str, Any]]:
    """The rejections still valid for this identity, by alert id (latest first wins)."""
    from jisr.wanted.models import Alert

    ids = [str(a) for a in alert_ids]
    if not ids:
        return {}
    identity = subject_identity(names, birth_date, documents)
    rows = list(
        CandidateRejection.objects.filter(identity=identity, alert_id__in=ids)
        .select_related("rejected_by")
        .order_by("-rejected_at")
    )
    if not rows:
        return {}
    current = {str(a.pk): alert_digest(a) for a in Alert.objects.filter(pk__in=ids)}
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        key = str(row.alert_id)
        if key in out or current.get(key) != row.alert_digest:
            continue  # a changed alert: the officer has not seen this version
        user = row.rejected_by
        out[key] = {
            "on": row.rejected_at.isoformat(),
            "by": user.get_full_name() or user.get_username(),
            "reason": row.reason,
            "alert_version": row.alert_version,
        }
    return out


def annotate(subject: dict[str, Any], candidates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add ``remembered_rejection`` to each candidate this person was already rejected for."""
    found = remembered(
        subject.get("names") or [],
        subject.get("birth_date") or None,
        [subject["document"]] if subject.get("document") else [],
        (c["alert_id"] for c in candidates),
    )
    for cand in candidates:
        rejection = found.get(str(cand["alert_id"]))
        if rejection is not None:
            cand["remembered_rejection"] = rejection
    return candidates


def describe(rejection: dict[str, Any]) -> str:
    """ "Rejected on … by … because …", in the active language."""
    import datetime as dt

    from django.utils.formats import date_format

    on = dt.datetime.fromisoformat(str(rejection["on"]))
    return gettext("Rejected on %(date)s by %(user)s because: %(reason)s") % {
        "date": date_format(on, "DATE_FORMAT"),
        "user": rejection.get("by", ""),
        "reason": rejection.get("reason", ""),
    }
