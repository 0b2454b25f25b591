"""MISP interoperability: a bulletin as a MISP event, and a MISP event as a draft bulletin.

The format is ``pymisp``'s (``MISPEvent``, ``MISPObject``), never hand-written JSON.
Handling codes map to the TLP and PAP taxonomies (see docs/risks.md); H3 never exports.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jisr.audit.services import audit_record
from jisr.core.access import require_perm
from jisr.core.entities import normalise
from jisr.core.handling import HandlingCode, Use
from jisr.core.uploads import loads_bounded
from jisr.risks.actions import RiskAction
from jisr.risks.models import Bulletin, BulletinKind
from jisr.risks.permissions import EXPORT_BULLETIN, WRITE_BULLETINS

MAX_MISP_BYTES = 2 * 1024 * 1024
#: A MISP event nests about seven levels (Event, Object, Attribute, Tag); a file nesting
#: deeper is refused before the parser, whose recursion would otherwise end in a 500.
MAX_MISP_DEPTH = 20

#: Handling code -> (TLP tag, PAP tag). H3 has no entry: it never exports.
HANDLING_TO_TAGS = {
    "H0": ("tlp:green", "PAP:GREEN"),
    "H1": ("tlp:amber", "PAP:GREEN"),
    "H2": ("tlp:amber+strict", "PAP:AMBER"),
}
#: TLP tag on import -> handling code (the stricter reading when in doubt).
TLP_TO_HANDLING = {
    "tlp:clear": "H0",
    "tlp:white": "H0",
    "tlp:green": "H0",
    "tlp:amber": "H1",
    "tlp:amber+strict": "H2",
    "tlp:red": "H2",
}
SOURCE_TO_ADMIRALTY = {"A": "a", "B": "b", "C": "c", "X": "f"}
INFORMATION_TO_ADMIRALTY = {"1": "1", "2": "2", "3": "3", "4": "6"}
THREAT_LEVEL = {
    "alert_bulletin": 1,
    "early_warning": 2,
    "modus_operandi": 3,
    "threat_assessment": 3,
}
HASHES = {32: "md5", 40: "sha1", 64: "sha256", 128: "sha512"}
KIND_TAG = 'jisr:bulletin-kind="%s"'
TEXT_COMMENTS = {
    "jisr:summary": "summary",
    "jisr:details": "details",
    "jisr:measures": "recommended_measures",
}


def _coin_symbol(address: str) -> str:
    if address.startswith("0x"):
        return "ETH"
    if address.startswith(("T",)):
        return "TRX"
    if address.startswith(("L", "M", "ltc1")):
        return "LTC"
    return "BTC"


def export_refusal(bulletin: Bulletin, user: Any) -> str:
    """Why the user may not export this bulletin, or "" when they may."""
    code = HandlingCode(bulletin.handling_code)
    if code is HandlingCode.H3:
        return _(
            "This bulletin is H3: its restrictions are stated in its text, so it never "
            "leaves Jisr as a MISP event."
        )
    holder = user.agency.code if user.agency_id else ""
    if not code.may_export(provider=bulletin.owner.code, holder=holder):
        return code.refusal(Use.EXPORT, provider=bulletin.owner.code)
    return ""


def bulletin_to_misp(bulletin: Bulletin) -> Any:
    """The bulletin as a ``pymisp.MISPEvent`` (attributes, objects and tags)."""
    from pymisp import MISPEvent, MISPObject

    event = MISPEvent()
    event.uuid = str(bulletin.id)
    event.info = bulletin.title
    event.distribution = 0
    event.analysis = 2
    event.threat_level_id = THREAT_LEVEL.get(bulletin.kind, 3)
    if bulletin.released_at:
        event.date = bulletin.released_at.date()
    tlp, pap = HANDLING_TO_TAGS[bulletin.handling_code]
    event.add_tag(tlp)
    event.add_tag(pap)
    event.add_tag(KIND_TAG % bulletin.kind)
    event.add_tag(
        f'admiralty-scale:source-reliability="{SOURCE_TO_ADMIRALTY.get(bulletin.source_reliability, "f")}"'
    )
    event.add_tag(
        "admiralty-scale:information-credibility="
        f'"{INFORMATION_TO_ADMIRALTY.get(bulletin.information_accuracy, "6")}"'
    )
    for comment, name in TEXT_COMMENTS.items():
        text = getattr(bulletin, name)
        if text:
            event.add_attribute("text", text, category="Other", comment=comment, to_ids=False)
    for indicator in bulletin.indicators.all():
        value = indicator.key if indicator.type in ("hash", "domain") else indicator.value
        if indicator.type == "domain":
            event.add_attribute("domain", value)
        elif indicator.type == "hash":
            event.add_attribute(HASHES[len(value)], value)
        elif indicator.type == "route":
            event.add_attribute(
                "text", indicator.value, category="Other", comment="jisr:route", to_ids=False
            )
        elif indicator.type == "document":
            event.add_attribute(
                "identity-card-number", indicator.value, comment="jisr:document", to_ids=False
            )
        else:
            if indicator.type == "phone":
                obj = MISPObject("phone-number")
                obj.add_attribute("phone-number", value=indicator.key)
            elif indicator.type == "vehicle":
                obj = MISPObject("vehicle")
                obj.add_attribute("license-plate-number", value=indicator.value)
            elif indicator.type == "crypto":
                obj = MISPObject("coin-address")
                obj.add_attribute("address", value=indicator.value)
                obj.add_attribute("symbol", value=_coin_symbol(indicator.value))
            else:  # place
                obj = MISPObject("geolocation")
                obj.add_attribute("address", value=indicator.value)
            event.add_object(obj)
    return event


def bulletin_export(*, acting_user: Any, bulletin: Bulletin) -> dict[str, Any]:
    """The MISP event JSON of a bulletin the user may export (audited as a disclosure)."""
    require_perm(acting_user, EXPORT_BULLETIN, _("You may not export bulletins."), obj=bulletin)
    refusal = export_refusal(bulletin, acting_user)
    if refusal:
        raise PermissionDenied(refusal)
    event = bulletin_to_misp(bulletin)
    with transaction.atomic():
        audit_record(
            acting_user,
            RiskAction.BULLETIN_EXPORT_MISP,
            target=bulletin,
            extra={"format": "misp", "indicators": bulletin.indicators.count()},
        )
    result: dict[str, Any] = json.loads(event.to_json())
    return {"Event": result}


# -- import ------------------------------------------------------------------------------------


@dataclass
class MappedEvent:
    title: str
    fields: dict[str, Any] = field(default_factory=dict)
    indicators: list[dict[str, str]] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)


_FLAT = {
    "phone-number": "phone",
    "domain": "domain",
    "hostname": "domain",
    "url": "domain",
    "md5": "hash",
    "sha1": "hash",
    "sha256": "hash",
    "sha512": "hash",
    "btc": "crypto",
    "xmr": "crypto",
    "dash": "crypto",
    "identity-card-number": "document",
    "passport-number": "document",
}
_OBJECTS = {
    ("phone-number", "phone-number"): "phone",
    ("vehicle", "license-plate-number"): "vehicle",
    ("vehicle", "vin"): "vehicle",
    ("coin-address", "address"): "crypto",
    ("geolocation", "address"): "place",
    ("file", "md5"): "hash",
    ("file", "sha1"): "hash",
    ("file", "sha256"): "hash",
    ("file", "sha512"): "hash",
    ("domain-ip", "domain"): "domain",
    ("person", "passport-number"): "document",
    ("person", "identity-card-number"): "document",
}
#: Object attributes that qualify another one and need no mapping of their own.
_QUALIFIERS = {("coin-address", "symbol")}


def _not_a_misp_event() -> ValidationError:
    return ValidationError(
        {"file": _("This is not a MISP event: a MISP event is a JSON object with an info field.")}
    )


def parse_misp(raw: bytes | str) -> MappedEvent:
    """Read a MISP event with pymisp and map what Jisr can carry; report the rest."""
    from pymisp import MISPAttribute, MISPEvent, MISPObject

    if isinstance(raw, bytes):
        if len(raw) > MAX_MISP_BYTES:
            raise ValidationError({"file": _("A MISP file has at most 2 MB.")})
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError({"file": _("This file is not valid JSON.")}) from None
    if len(raw) > MAX_MISP_BYTES:
        raise ValidationError({"file": _("A MISP file has at most 2 MB.")})
    try:
        data = loads_bounded(raw, max_depth=MAX_MISP_DEPTH)
    except json.JSONDecodeError:
        raise ValidationError({"file": _("This file is not valid JSON.")}) from None
    except ValueError as exc:
        raise ValidationError({"file": str(exc)}) from None
    if isinstance(data, dict) and isinstance(data.get("Event"), dict):
        data = data["Event"]
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("info"), str)
        or not data["info"].strip()
    ):
        raise _not_a_misp_event()
    plain = {k: v for k, v in data.items() if k not in ("Attribute", "Object", "Tag")}
    event = MISPEvent()
    try:
        event.from_dict(**plain)
    except Exception:
        raise _not_a_misp_event() from None
    mapped = MappedEvent(title=event.info.strip()[:200])
    tags = [str(t.get("name", "")) for t in data.get("Tag") or [] if isinstance(t, dict)]
    _map_tags(tags, mapped)
    for item in data.get("Attribute") or []:
        try:
            attribute = MISPAttribute()
            attribute.from_dict(**item)
        except Exception:
            mapped.unmapped.append(
                _("an attribute pymisp cannot read: %(a)s") % {"a": _short(item)}
            )
            continue
        comment = str(attribute.get("comment") or "")
        if attribute.type == "text" and comment in TEXT_COMMENTS:
            mapped.fields[TEXT_COMMENTS[comment]] = str(attribute.value)
        elif attribute.type == "text" and comment == "jisr:route":
            _add(mapped, "route", str(attribute.value), attribute.type)
        elif attribute.type in _FLAT:
            _add(mapped, _FLAT[attribute.type], str(attribute.value), attribute.type)
        else:
            mapped.unmapped.append(f"{attribute.type}: {str(attribute.value)[:80]}")
    for item in data.get("Object") or []:
        try:
            obj = MISPObject(str(item.get("name") or "unknown"), strict=False)
            obj.from_dict(**item)
        except Exception:
            mapped.unmapped.append(_("an object pymisp cannot read: %(a)s") % {"a": _short(item)})
            continue
        for attribute in obj.attributes:
            pair = (obj.name, attribute.object_relation)
            if pair in _OBJECTS:
                _add(
                    mapped,
                    _OBJECTS[pair],
                    str(attribute.value),
                    f"{obj.name}/{attribute.object_relation}",
                )
            elif pair not in _QUALIFIERS:
                mapped.unmapped.append(
                    f"{obj.name}/{attribute.object_relation}: {str(attribute.value)[:80]}"
                )
    return mapped


def _short(item: Any) -> str:
    return json.dumps(item, ensure_ascii=False)[:80]


def _add(mapped: MappedEvent, kind: str, value: str, source: str) -> None:
    try:
        key = normalise(kind, value)
    except ValidationError as exc:
        mapped.unmapped.append(f"{source}: {value[:80]} ({' '.join(exc.messages)})")
        return
    if all((i["type"], normalise(i["type"], i["value"])) != (kind, key) for i in mapped.indicators):
        mapped.indicators.append({"type": kind, "value": value})


def _map_tags(tags: list[str], mapped: MappedEvent) -> None:
    handling = None
    for tag in tags:
        low = tag.lower()
        if low in TLP_TO_HANDLING:
            code = TLP_TO_HANDLING[low]
            handling = code if handling is None else max(handling, code)
        elif low.startswith("jisr:bulletin-kind="):
            kind = low.split("=", 1)[1].strip('"')
            if kind in BulletinKind.values:
                mapped.fields["kind"] = kind
        elif low.startswith("admiralty-scale:source-reliability="):
            letter = low.split("=", 1)[1].strip('"').upper()
            mapped.fields["source_reliability"] = letter if letter in "ABC" else "X"
        elif low.startswith("admiralty-scale:information-credibility="):
            digit = low.split("=", 1)[1].strip('"')
            mapped.fields["information_accuracy"] = digit if digit in "123" else "4"
        elif not low.startswith("pap:"):
            mapped.unmapped.append(_("tag %(tag)s") % {"tag": tag[:80]})
    if handling is None:
        handling = "H2"
        mapped.unmapped.append(_("no TLP tag: the bulletin is marked H2 until you decide"))
    mapped.fields["handling_code"] = handling


def bulletin_import(*, acting_user: Any, raw: bytes | str) -> Bulletin:
    """A MISP event file becomes a draft bulletin; what could not be mapped is reported on it."""
    from jisr.risks.services.bulletins import bulletin_create

    require_perm(acting_user, WRITE_BULLETINS, _("You may not write bulletins."))
    mapped = parse_misp(raw)
    fields = {"kind": "early_warning", **mapped.fields}
    fields.setdefault("summary", mapped.title)
    for name, limit in (("summary", 5000), ("details", 20_000), ("recommended_measures", 5000)):
        if name in fields:
            fields[name] = str(fields[name])[:limit]
    with transaction.atomic():
        bulletin = bulletin_create(
            acting_user=acting_user,
            draft=True,
            title=mapped.title,
            indicators=mapped.indicators,
            recipients=[],
            import_report=mapped.unmapped,
            **fields,
        )
        audit_record(
            acting_user,
            RiskAction.BULLETIN_IMPORT_MISP,
            target=bulletin,
            extra={"indicators": len(mapped.indicators), "unmapped": len(mapped.unmapped)},
        )
    return bulletin
