"""Structured entities (telephone numbers, IBANs, documents, vehicles…): one vocabulary and one
normalisation for every module that carries them, so that the same number written two ways in a
request, a bulletin and a working-group lead is found as one value.

``normalise(kind, value, country=...)`` returns the canonical key that is stored and indexed,
or raises ``django.core.exceptions.ValidationError`` with a translated message. Well-kept
libraries do the checking: ``phonenumbers`` (E.164), ``schwifty`` (IBAN with its check digits)
and ``python-stdnum`` (ISO 6346-style check digits are not ours to invent). Persons are not
normalised here: names go through the matching engine.

Cross-checking uses the registry at the end of the file: each app that stores entities
declares an ``entity_sources`` tuple of dotted paths on its AppConfig; a source is a function
``(keys, user) -> list[Correlation]`` that returns where the given normalised values occur
among the records that user may open.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import models
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.core.scripts import fold

#: Longest value any entity may carry (a postal address is the longest).
MAX_VALUE_LENGTH = 300


class EntityType(models.TextChoices):
    PERSON = "person", gettext_lazy("person")
    PHONE = "phone", gettext_lazy("telephone number")
    EMAIL = "email", gettext_lazy("e-mail address")
    VEHICLE = "vehicle", gettext_lazy("vehicle")
    DOCUMENT = "document", gettext_lazy("identity document")
    IBAN = "iban", gettext_lazy("bank account (IBAN)")
    CRYPTO = "crypto", gettext_lazy("crypto-currency address")
    ADDRESS = "address", gettext_lazy("postal address")
    ORGANISATION = "organisation", gettext_lazy("organisation")
    DOMAIN = "domain", gettext_lazy("web domain")
    HASH = "hash", gettext_lazy("file hash")
    PLACE = "place", gettext_lazy("place")
    ROUTE = "route", gettext_lazy("route")


_HEX = re.compile(r"^[0-9a-f]+$")
_HASH_LENGTHS = {32, 40, 64, 128}  # MD5, SHA-1, SHA-256, SHA-512
_ETH = re.compile(r"^0x[0-9a-fA-F]{40}$")
_BECH32 = re.compile(r"^(bc|tb|ltc)1[02-9ac-hj-np-z]{6,87}$")
_BASE58 = re.compile(r"^[13LM][1-9A-HJ-NP-Za-km-z]{25,34}$")
_TRON = re.compile(r"^T[1-9A-HJ-NP-Za-km-z]{33}$")
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_ALNUM = re.compile(r"[^0-9A-Z]")


def _text_key(value: str) -> str:
    """Free text as a key: case, accents and punctuation dropped, spaces collapsed."""
    folded = fold(value)
    kept = "".join(c if (c.isalnum() or c.isspace()) else " " for c in folded)
    return " ".join(kept.split())


def _phone(value: str, country: str) -> str:
    import phonenumbers

    region = (country or "").upper()[:2] or None
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("%(value)s is not a valid telephone number (give it with its country code).")
            % {"value": value}
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _iban(value: str) -> str:
    from schwifty import IBAN

    try:
        return str(IBAN(value).compact)
    except ValueError:
        raise ValidationError(
            _("%(value)s is not a valid IBAN (check the digits).") % {"value": value}
        ) from None


def _email(value: str) -> str:
    candidate = value.strip()
    try:
        EmailValidator()(candidate)
    except ValidationError:
        raise ValidationError(
            _("%(value)s is not a valid e-mail address.") % {"value": value}
        ) from None
    local, _sep, domain = candidate.rpartition("@")
    return f"{local}@{domain.lower()}".lower()


def _crypto(value: str) -> str:
    candidate = value.strip()
    if _ETH.match(candidate):
        return candidate.lower()
    if _BECH32.match(candidate.lower()):
        return candidate.lower()
    if _BASE58.match(candidate) or _TRON.match(candidate):
        return candidate
    raise ValidationError(
        _("%(value)s is not a recognised crypto-currency address.") % {"value": value}
    )


def _domain(value: str) -> str:
    candidate = value.strip().lower()
    candidate = re.sub(r"^[a-z][a-z0-9+.-]*://", "", candidate).split("/", 1)[0]
    candidate = candidate.split(":", 1)[0].rstrip(".")
    try:
        candidate = candidate.encode("idna").decode("ascii")
    except UnicodeError:
        candidate = ""
    if not _DOMAIN.match(candidate):
        raise ValidationError(_("%(value)s is not a valid web domain.") % {"value": value})
    return candidate


def _hash(value: str) -> str:
    candidate = value.strip().lower()
    if not (_HEX.match(candidate) and len(candidate) in _HASH_LENGTHS):
        raise ValidationError(
            _("%(value)s is not an MD5, SHA-1, SHA-256 or SHA-512 hash.") % {"value": value}
        )
    return candidate


def _identifier(value: str, label: str) -> str:
    """Plates, VINs and document numbers: letters and digits only, upper case."""
    key = _ALNUM.sub("", unicodedata.normalize("NFKC", value).upper())
    if not 2 <= len(key) <= 40:
        raise ValidationError(
            _("%(value)s is not a valid %(kind)s number.") % {"value": value, "kind": label}
        )
    return key


def normalise(kind: str, value: str, *, country: str = "") -> str:
    """The canonical key of ``value`` as an entity of ``kind``; a translated error if invalid.

    ``country`` is an ISO 3166 alpha-2 code that helps read a national telephone number.
    """
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(_("An entity needs a value."))
    if len(value) > MAX_VALUE_LENGTH:
        raise ValidationError(
            _("An entity's value has at most %(limit)d characters.") % {"limit": MAX_VALUE_LENGTH}
        )
    try:
        entity_type = EntityType(kind)
    except ValueError:
        raise ValidationError(_("%(kind)s is not a kind of entity.") % {"kind": kind}) from None
    if entity_type == EntityType.PHONE:
        return _phone(value, country)
    if entity_type == EntityType.IBAN:
        return _iban(value)
    if entity_type == EntityType.EMAIL:
        return _email(value)
    if entity_type == EntityType.CRYPTO:
        return _crypto(value)
    if entity_type == EntityType.DOMAIN:
        return _domain(value)
    if entity_type == EntityType.HASH:
        return _hash(value)
    if entity_type in (EntityType.VEHICLE, EntityType.DOCUMENT):
        return _identifier(value, str(entity_type.label))
    key = _text_key(value)
    if not key:
        raise ValidationError(_("An entity needs a value."))
    return key


# --- cross-checking ------------------------------------------------------------------------


@dataclass(frozen=True)
class EntityKey:
    """A normalised value to look for; ``names`` instead of ``key`` for a person."""

    kind: str
    key: str = ""
    names: tuple[str, ...] = ()
    birth_date: str = ""


@dataclass(frozen=True)
class Correlation:
    """Where a value was also found: ``kind`` of record ("case", "alert", "lead", "bulletin"),
    its id, a reference a person recognises, and the page that opens it (for a user who may)."""

    entity: EntityKey
    kind: str
    id: str
    reference: str
    url: str = ""
    score: float | None = None


def entity_sources() -> list[str]:
    """Dotted paths of every installed app's cross-check sources."""
    found: list[str] = []
    for config in apps.get_app_configs():
        found.extend(getattr(config, "entity_sources", ()))
    return found


def cross_check(
    keys: Iterable[EntityKey], user: Any, *, exclude: Sequence[tuple[str, str]] = ()
) -> list[Correlation]:
    """Every place, among the records ``user`` may open, where one of ``keys`` also occurs.

    ``exclude`` lists ``(kind, id)`` records not to report (the record being checked).
    The caller logs the check with its purpose.
    """
    wanted = list(keys)
    if not wanted:
        return []
    skip = set(exclude)
    found: list[Correlation] = []
    for path in entity_sources():
        source = import_string(path)
        found.extend(c for c in source(wanted, user) if (c.kind, c.id) not in skip)
    return found
