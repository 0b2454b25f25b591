"""The DPO's person search, audited: the search itself is a consultation of personal data."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jisr.audit.services import audit_record
from jisr.core import bounds
from jisr.privacy import selectors
from jisr.privacy.actions import PrivacyAction

MAX_NAME = 200
MAX_DOCUMENT = 64


def birth_date_problem(value: str) -> str:
    """A date of birth as YYYY, YYYY-MM or YYYY-MM-DD, within bounds; "" when fine."""
    from jisr.matching.scoring import parse_date

    try:
        parsed = parse_date(value)
    except ValueError:
        return _("Write the date of birth as YYYY, YYYY-MM or YYYY-MM-DD.")
    if parsed is None:
        return ""
    return bounds.birth_date_problem(*parsed)


def clean_criteria(name: Any, birth_date: Any, document: Any) -> dict[str, str]:
    """The search criteria, bounded; at least one is needed."""
    criteria = {
        "name": str(name or "").strip(),
        "birth_date": str(birth_date or "").strip(),
        "document": str(document or "").strip(),
    }
    errors: dict[str, str] = {}
    if len(criteria["name"]) > MAX_NAME:
        errors["name"] = _("At most %(n)s characters.") % {"n": MAX_NAME}
    if len(criteria["document"]) > MAX_DOCUMENT:
        errors["document"] = _("At most %(n)s characters.") % {"n": MAX_DOCUMENT}
    if criteria["birth_date"]:
        problem = birth_date_problem(criteria["birth_date"])
        if problem:
            errors["birth_date"] = problem
    if not errors and not any(criteria.values()):
        errors["name"] = _("Give a name, a date of birth or a document number.")
    if errors:
        raise ValidationError(errors)
    return criteria


def person_search_record(
    *,
    acting_user: Any,
    name: str = "",
    birth_date: str = "",
    document: str = "",
    request_id: str = "",
) -> selectors.PersonResult:
    """Search, and log that the DPO searched (which criteria, how many records; not the values)."""
    selectors.require_dpo(acting_user)
    criteria = clean_criteria(name, birth_date, document)
    result = selectors.person_search(acting_user, **criteria)
    with transaction.atomic():
        audit_record(
            acting_user,
            PrivacyAction.PERSON_SEARCH,
            target=("privacy.datasubjectrequest", request_id) if request_id else None,
            extra={
                "criteria": sorted(k for k, v in criteria.items() if v),
                "records": len(result.records),
                "events": len(result.events),
            },
        )
    return result
