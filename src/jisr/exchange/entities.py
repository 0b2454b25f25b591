"""Structured entities on case messages, and the exchange's cross-check source.

Values are normalised by ``jisr.core.entities.normalise`` and stored with their key
(``MessageEntity``, indexed on type and key). Persons are compared through the matching
engine: each person entity keeps the engine's cross-script blocking keys
(``EntityNameKey``), so a new name only meets the few stored names that share a key, and
``score_pair`` decides.

``find_in_cases`` is declared in ``ExchangeConfig.entity_sources``: it returns the cases,
among those the user may open, where a value also occurs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from jisr.core.entities import Correlation, EntityKey, EntityType, normalise
from jisr.exchange.models import EntityNameKey, Message, MessageEntity

#: Most entities one message may carry.
MAX_ENTITIES = 50
#: Score at or above which a stored person is the same as the one looked for.
PERSON_THRESHOLD = 0.8
#: Entity types that make a message hold personal data (release review).
PERSONAL_TYPES = frozenset(
    {
        EntityType.PERSON,
        EntityType.PHONE,
        EntityType.EMAIL,
        EntityType.VEHICLE,
        EntityType.DOCUMENT,
        EntityType.IBAN,
        EntityType.CRYPTO,
        EntityType.ADDRESS,
    }
)
_BIRTH = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class EntityInput:
    """An entity as a form or the API gives it."""

    type: str
    value: str
    country: str = ""
    birth_date: str = ""


@dataclass(frozen=True)
class CheckedEntity:
    type: str
    value: str
    key: str
    country: str
    birth_date: str


def entities_validate(items: Sequence[EntityInput]) -> list[CheckedEntity]:
    """Normalise every entity; one translated error per bad entity (numbered), else the list."""
    if len(items) > MAX_ENTITIES:
        raise ValidationError(
            {"entities": [_("A message carries at most %(n)d entities.") % {"n": MAX_ENTITIES}]}
        )
    checked: list[CheckedEntity] = []
    problems: list[str] = []
    for number, item in enumerate(items, start=1):
        country = (item.country or "").strip().upper()
        birth = (item.birth_date or "").strip()
        try:
            if country and not _COUNTRY.match(country):
                raise ValidationError(_("The country is a two-letter code (MA, FR)."))
            if birth and (item.type != EntityType.PERSON or not _BIRTH.match(birth)):
                raise ValidationError(
                    _("A date of birth is YYYY, YYYY-MM or YYYY-MM-DD, and only for a person.")
                )
            key = normalise(item.type, item.value, country=country)
        except ValidationError as exc:
            problems.append(
                _("Entity %(n)d: %(error)s") % {"n": number, "error": " ".join(exc.messages)}
            )
            continue
        checked.append(CheckedEntity(item.type, item.value.strip(), key, country, birth))
    if problems:
        raise ValidationError({"entities": problems})
    return checked


@lru_cache(maxsize=4096)
def _blocking_keys(name: str) -> frozenset[str]:
    from jisr.matching.index import name_keys
    from jisr.matching.names import name_variants, parse_name

    keys: set[str] = set()
    for variant in name_variants(name):
        keys |= name_keys(parse_name(variant))
    return frozenset(key[:64] for key in keys)


def person_blocking_keys(name: str) -> set[str]:
    """The matching engine's blocking keys of a name, in every script it is written in."""
    return set(_blocking_keys(name))


def entities_store(message: Message, checked: Iterable[CheckedEntity]) -> list[MessageEntity]:
    rows = MessageEntity.objects.bulk_create(
        [
            MessageEntity(
                message=message,
                type=item.type,
                value=item.value,
                key=item.key,
                country=item.country,
                birth_date=item.birth_date,
            )
            for item in checked
        ]
    )
    name_rows = [
        EntityNameKey(entity=row, key=key)
        for row in rows
        if row.type == EntityType.PERSON
        for key in person_blocking_keys(row.value)
    ]
    EntityNameKey.objects.bulk_create(name_rows)
    return rows


def entity_keys(entities: Iterable[MessageEntity | CheckedEntity]) -> list[EntityKey]:
    """What to look for: the normalised key, or the names and birth date of a person."""
    keys: list[EntityKey] = []
    for entity in entities:
        if entity.type == EntityType.PERSON:
            keys.append(
                EntityKey(kind=entity.type, names=(entity.value,), birth_date=entity.birth_date)
            )
        else:
            keys.append(EntityKey(kind=entity.type, key=entity.key))
    return keys


def entity_body(entity: MessageEntity) -> dict[str, str]:
    """An entity as the API and the envelope carry it."""
    return {
        "type": entity.type,
        "value": entity.value,
        "key": entity.key,
        "country": entity.country,
        "birth_date": entity.birth_date,
    }


# --- the cross-check source ------------------------------------------------------------------


def _visible_entities(user: Any) -> QuerySet[MessageEntity] | None:
    """Entities of messages in cases the user may open; all of them for the node (``None``)."""
    rows = MessageEntity.objects.all()
    if user is None:
        return rows
    from jisr.exchange.selectors import cases_visible_to

    try:
        cases = cases_visible_to(user)
    except PermissionDenied:
        return None
    return rows.filter(message__case__in=cases.values("id"))


def _correlation(key: EntityKey, row: dict[str, Any], score: float | None = None) -> Correlation:
    return Correlation(
        entity=key,
        kind="case",
        id=str(row["message__case_id"]),
        reference=row["message__case__reference"],
        url=reverse("exchange:message_detail", args=[row["message_id"]]),
        score=score,
    )


_FIELDS = ("message_id", "message__case_id", "message__case__reference")


def find_in_cases(keys: Sequence[EntityKey], user: Any) -> list[Correlation]:
    """Cases the user may open where one of ``keys`` also occurs (one link per case and key).

    One query per type of value, and one for every person's blocking keys together. ``user=None`` asks for the whole node (the check on receipt,
    before anyone opens the request).
    """
    visible = _visible_entities(user)
    if visible is None:
        return []
    found: dict[tuple[EntityKey, str], Correlation] = {}
    by_type: dict[str, dict[str, EntityKey]] = {}
    for key in keys:
        if key.kind != EntityType.PERSON and key.key:
            by_type.setdefault(key.kind, {})[key.key] = key
    # One query per type: each is an index range on (type, key); an OR of them is not.
    for kind, wanted in by_type.items():
        rows = (
            visible.filter(type=kind, key__in=list(wanted))
            .order_by("-message__created_at")
            .values("key", *_FIELDS)[:500]
        )
        for row in rows:
            key = wanted[row["key"]]
            found.setdefault((key, str(row["message__case_id"])), _correlation(key, row))
    persons = [key for key in keys if key.kind == EntityType.PERSON and key.names]
    for key, correlation in _persons(visible, persons):
        found.setdefault((key, correlation.id), correlation)
    return list(found.values())


#: Stored names scored per person looked for, those sharing the most blocking keys first.
PERSON_CANDIDATES = 40


def _persons(
    visible: QuerySet[MessageEntity], keys: Sequence[EntityKey]
) -> list[tuple[EntityKey, Correlation]]:
    from jisr.matching import Person, score_pair

    blocking: dict[EntityKey, set[str]] = {}
    for key in keys:
        found: set[str] = set()
        for name in key.names:
            found |= person_blocking_keys(name)
        # token pairs are selective; single tokens only for a one-word name
        blocking[key] = {b for b in found if "|" in b} or found
    every = set().union(*blocking.values()) if blocking else set()
    if not every:
        return []
    # From the key index first (a few rows per key), then the entities the user may see.
    shared: dict[int, set[str]] = {}
    for entity_id, name_key in EntityNameKey.objects.filter(key__in=every).values_list(
        "entity_id", "key"
    )[:20000]:
        shared.setdefault(entity_id, set()).add(name_key)
    likeliest = sorted(shared, key=lambda entity_id: -len(shared[entity_id]))[:2000]
    stored: dict[int, dict[str, Any]] = {
        row["id"]: row
        for row in visible.filter(type=EntityType.PERSON, id__in=likeliest).values(
            "id", "value", "birth_date", *_FIELDS
        )
    }
    shared = {entity_id: hits for entity_id, hits in shared.items() if entity_id in stored}
    out: list[tuple[EntityKey, Correlation]] = []
    for key, mine in blocking.items():
        ranked = sorted(
            (entity_id for entity_id, hits in shared.items() if hits & mine),
            key=lambda entity_id: -len(shared[entity_id] & mine),
        )[:PERSON_CANDIDATES]
        query = Person("query", list(key.names), key.birth_date or None)
        for entity_id in ranked:
            row = stored[entity_id]
            match = score_pair(query, Person("stored", [row["value"]], row["birth_date"] or None))
            if float(match.score) >= PERSON_THRESHOLD:
                out.append((key, _correlation(key, row, round(float(match.score), 3))))
    return out
