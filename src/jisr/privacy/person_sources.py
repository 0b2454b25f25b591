"""Where the DPO's person search looks: one source per kind of record naming a person.

A source lists its record ids cheaply (``ids()``) and reads the people named in some of
them (``people(ids)``). Apps declare theirs as ``person_sources`` on their AppConfig; the
sources of apps that existed before this registry are declared here, each only when its
app is installed, so the search works with any set of modules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class PersonRow:
    """One person named in a record (a record may name several)."""

    record_id: str
    names: list[str]
    birth_date: str = ""
    documents: tuple[str, ...] = ()
    owner: str = ""


@dataclass(frozen=True)
class PersonSource:
    """A kind of record that names people, for the DPO's search.

    ``kind`` is also the audit log's ``target_type`` of these records, so the search
    finds every consultation, disclosure and change of them.
    """

    kind: str
    label: str | Promise
    app_label: str
    ids: Callable[[], Iterable[Any]]
    people: Callable[[list[str]], Iterator[PersonRow]]


def _str_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, str | int) and str(v).strip()]
    return []


def _documents(value: Any) -> tuple[str, ...]:
    found: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            item = item.get("number", "")
        if isinstance(item, str | int) and str(item).strip():
            found.append(str(item))
    return tuple(found)


# -- wanted ---------------------------------------------------------------------------------


def _alert_ids() -> Iterable[Any]:
    from jisr.wanted.models import Alert

    return Alert.objects.values_list("pk", flat=True)


def _alert_people(ids: list[str]) -> Iterator[PersonRow]:
    from jisr.wanted.models import Alert

    for row in Alert.objects.filter(pk__in=ids).values(
        "pk", "names", "aliases", "birth_date", "documents", "owner__code"
    ):
        yield PersonRow(
            str(row["pk"]),
            [*_str_list(row["names"]), *_str_list(row["aliases"])],
            row["birth_date"] or "",
            _documents(row["documents"]),
            row["owner__code"],
        )


def _screening_ids() -> Iterable[Any]:
    from jisr.wanted.models import Screening

    return Screening.objects.values_list("pk", flat=True)


def _screening_people(ids: list[str]) -> Iterator[PersonRow]:
    from jisr.accounts.selectors import own_agency
    from jisr.wanted.models import Screening

    own = own_agency()
    for pk, subjects in Screening.objects.filter(pk__in=ids).values_list("pk", "subjects"):
        for subject in subjects if isinstance(subjects, list) else []:
            if not isinstance(subject, dict):
                continue
            yield PersonRow(
                str(pk),
                _str_list(subject.get("names")),
                str(subject.get("birth_date") or ""),
                _documents(subject.get("document")),
                own.code if own else "",
            )


def _hit_ids() -> Iterable[Any]:
    from jisr.wanted.models import Hit

    return Hit.objects.values_list("pk", flat=True)


def _hit_people(ids: list[str]) -> Iterator[PersonRow]:
    from jisr.wanted.models import Hit

    for row in Hit.objects.filter(pk__in=ids).values(
        "pk", "subject", "alert_names", "owner_code", "document_seen"
    ):
        subject = row["subject"] if isinstance(row["subject"], dict) else {}
        names = [*_str_list(subject.get("names")), *_str_list(row["alert_names"])]
        docs = (*_documents(subject.get("document")), *_documents(row["document_seen"]))
        yield PersonRow(
            str(row["pk"]),
            names,
            str(subject.get("birth_date") or ""),
            docs,
            row["owner_code"],
        )


# -- exchange -------------------------------------------------------------------------------


def _message_ids() -> Iterable[Any]:
    from jisr.exchange.models import Message

    return Message.objects.exclude(person_names=[]).values_list("pk", flat=True)


def _message_people(ids: list[str]) -> Iterator[PersonRow]:
    from jisr.exchange.models import Message

    for pk, names, owner in Message.objects.filter(pk__in=ids).values_list(
        "pk", "person_names", "case__owner__code"
    ):
        yield PersonRow(str(pk), _str_list(names), owner=owner)


# -- events ---------------------------------------------------------------------------------


def _accredited_ids() -> Iterable[Any]:
    from jisr.events.models import AccreditedPerson

    return AccreditedPerson.objects.values_list("pk", flat=True)


def _accredited_people(ids: list[str]) -> Iterator[PersonRow]:
    from jisr.events.models import AccreditedPerson

    for pk, name, birth, owner in AccreditedPerson.objects.filter(pk__in=ids).values_list(
        "pk", "full_name", "birth_date", "accreditation_list__event__owner__code"
    ):
        yield PersonRow(str(pk), _str_list(name), birth or "", owner=owner)


# -- groups ---------------------------------------------------------------------------------


def _target_ids() -> Iterable[Any]:
    from jisr.groups.models import Target

    return Target.objects.values_list("pk", flat=True)


def _target_people(ids: list[str]) -> Iterator[PersonRow]:
    """Persons of interest by their own identity; alert targets by the alert's names."""
    from jisr.groups.models import Target
    from jisr.wanted.models import Alert

    rows = list(
        Target.objects.filter(pk__in=ids).values_list(
            "pk", "names", "birth_date", "alert_id", "owner__code"
        )
    )
    alerts = {
        pk: (names, aliases, birth)
        for pk, names, aliases, birth in Alert.objects.filter(
            pk__in=[r[3] for r in rows if r[3]]
        ).values_list("pk", "names", "aliases", "birth_date")
    }
    for pk, names, birth, alert_id, owner in rows:
        found = [*_str_list(names)]
        if alert_id in alerts:
            a_names, a_aliases, a_birth = alerts[alert_id]
            found += [*_str_list(a_names), *_str_list(a_aliases)]
            birth = birth or a_birth
        yield PersonRow(str(pk), found, birth or "", owner=owner)


def _lead_ids() -> Iterable[Any]:
    from jisr.groups.models import Lead

    return Lead.objects.filter(target__isnull=False).values_list("pk", flat=True)


def _lead_people(ids: list[str]) -> Iterator[PersonRow]:
    """A lead names the person of its target (its free text is not parsed for names)."""
    from jisr.groups.models import Lead

    rows = list(Lead.objects.filter(pk__in=ids).values_list("pk", "target_id", "owner__code"))
    targets = {row.record_id: row for row in _target_people([str(r[1]) for r in rows if r[1]])}
    for pk, target_id, owner in rows:
        target = targets.get(str(target_id))
        if target is not None:
            yield PersonRow(str(pk), target.names, target.birth_date, owner=owner)


# -- risks ----------------------------------------------------------------------------------


def _indicator_ids() -> Iterable[Any]:
    from jisr.risks.models import BulletinIndicator

    return BulletinIndicator.objects.filter(type="document").values_list("pk", flat=True)


def _indicator_people(ids: list[str]) -> Iterator[PersonRow]:
    """Bulletins have no person indicator; a document number is the one that names someone."""
    from jisr.risks.models import BulletinIndicator

    for pk, value, owner in BulletinIndicator.objects.filter(pk__in=ids).values_list(
        "pk", "value", "bulletin__owner__code"
    ):
        yield PersonRow(str(pk), [], documents=_documents(value), owner=owner)


# -- training -------------------------------------------------------------------------------


def _nomination_ids() -> Iterable[Any]:
    from jisr.training.models import Nomination

    return Nomination.objects.filter(anonymised=False).values_list("pk", flat=True)


def _nomination_people(ids: list[str]) -> Iterator[PersonRow]:
    from jisr.training.models import Nomination

    for pk, name, owner in Nomination.objects.filter(pk__in=ids).values_list(
        "pk", "participant_name", "agency__code"
    ):
        yield PersonRow(str(pk), _str_list(name), owner=owner)


BUILT_IN = (
    PersonSource("wanted.alert", _("Alert"), "wanted", _alert_ids, _alert_people),
    PersonSource("wanted.screening", _("Screening"), "wanted", _screening_ids, _screening_people),
    PersonSource("wanted.hit", _("Hit"), "wanted", _hit_ids, _hit_people),
    PersonSource("exchange.message", _("Case message"), "exchange", _message_ids, _message_people),
    PersonSource(
        "events.accreditedperson",
        _("Accreditation candidate"),
        "events",
        _accredited_ids,
        _accredited_people,
    ),
    PersonSource("groups.target", _("Working group target"), "groups", _target_ids, _target_people),
    PersonSource("groups.lead", _("Working group lead"), "groups", _lead_ids, _lead_people),
    PersonSource(
        "risks.bulletinindicator",
        _("Bulletin indicator (document)"),
        "risks",
        _indicator_ids,
        _indicator_people,
    ),
    PersonSource(
        "training.nomination",
        _("Training participant"),
        "training",
        _nomination_ids,
        _nomination_people,
    ),
)


def person_sources() -> list[PersonSource]:
    """The built-in sources of installed apps, then every app's declared ``person_sources``."""
    sources = [s for s in BUILT_IN if apps.is_installed(f"jisr.{s.app_label}")]
    for config in apps.get_app_configs():
        sources.extend(getattr(config, "person_sources", ()))
    return sources


def source_labels() -> dict[str, str]:
    return {s.kind: str(s.label) for s in person_sources()}
