"""Bad input that used to get through: each is refused with a clear, translated error."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from PIL import Image

from jisr.audit.models import AuditEntry
from jisr.core import clock
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user: Any) -> Any:
    from jisr.accounts.roles import Role

    return make_user("ma.writer", [Role.LIAISON_OFFICER, Role.ANALYST])


def _alert(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "category": "arrest",
        "names": ["Anouar Fictif-Tahiri"],
        "birth_date": "1984-03-12",
        "nationality": ["MA"],
        "legal_basis": {
            "reference": "TNG-2026-9",
            "authority": "Juge fictif",
            "date": "2026-01-15",
            "offence_category": "drug_trafficking",
            "offence_description": "Trafic fictif.",
        },
    }
    data.update(overrides)
    return data


def _errors(call: Any, language: str = "fr") -> dict[str, list[str]]:
    with translation.override(language), pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


@pytest.mark.parametrize(
    ("birth_date", "message"),
    [
        ("2099-01-01", "La date de naissance ne peut pas être dans le futur."),
        ("1899-12-31", "La date de naissance ne peut pas être antérieure à 1900."),
        ("1850", "La date de naissance ne peut pas être antérieure à 1900."),
    ],
)
def test_a_birth_date_in_the_future_or_before_1900_is_refused(
    officer: Any, birth_date: str, message: str
) -> None:
    from jisr.wanted import services
    from jisr.wanted.models import Alert

    errors = _errors(
        lambda: services.alert_create(acting_user=officer, data=_alert(birth_date=birth_date))
    )
    assert errors["birth_date"] == [message]
    assert not Alert.objects.exists()


def test_a_decision_dated_2099_is_refused_in_arabic(officer: Any) -> None:
    from jisr.wanted import services

    legal = {"reference": "X-1", "authority": "Juge fictif", "date": "2099-01-01"}
    errors = _errors(
        lambda: services.alert_create(acting_user=officer, data=_alert(legal_basis=legal)), "ar"
    )
    assert errors["legal_basis.date"] == ["لا يمكن أن يكون التاريخ في المستقبل."]


def test_a_300_letter_name_is_refused_and_nothing_is_written(officer: Any) -> None:
    from jisr.wanted.models import Alert

    client = logged_in(officer)
    client.cookies["jisr_language"] = "fr"
    response = client.post(
        reverse("wanted:alert_create"),
        {"category": "arrest", "names": "A" * 300, "handling_code": "H1"},
    )
    assert response.status_code == 422
    assert "Un nom compte au plus 200 caractères." in response.content.decode()
    assert not Alert.objects.exists()


def test_the_author_deletes_a_draft_and_the_audit_log_keeps_that_it_existed(
    officer: Any, make_user: Any
) -> None:
    from jisr.accounts.roles import Role
    from jisr.wanted import services
    from jisr.wanted.models import Alert

    draft = services.alert_create(acting_user=officer, data=_alert())
    colleague = make_user("ma.colleague", [Role.LIAISON_OFFICER])
    refused = logged_in(colleague).post(reverse("wanted:alert_delete", args=[draft.pk]))
    assert refused.status_code == 403 and Alert.objects.filter(pk=draft.pk).exists()

    client = logged_in(officer)
    page = client.get(reverse("wanted:alert_detail", args=[draft.pk])).content.decode()
    assert 'data-testid="delete-draft"' in page
    response = client.post(reverse("wanted:alert_delete", args=[draft.pk]))
    assert response.status_code == 302
    assert not Alert.objects.filter(pk=draft.pk).exists()
    entry = AuditEntry.objects.get(action="alert.delete_draft")
    assert entry.target_id == str(draft.pk) and entry.actor_id == officer.pk


def test_a_submitted_alert_cannot_be_deleted(officer: Any) -> None:
    from jisr.wanted import services
    from jisr.wanted.models import Alert

    alert = services.alert_create(acting_user=officer, data=_alert())
    services.alert_submit(acting_user=officer, alert=alert)
    errors = _errors(lambda: services.alert_delete_draft(acting_user=officer, alert=alert))
    assert errors["status"] == ["Seul un brouillon jamais partagé peut être supprimé."]
    assert Alert.objects.filter(pk=alert.pk).exists()


def _png(size: tuple[int, int] = (40, 50)) -> io.BytesIO:
    out = io.BytesIO()
    image = Image.new("RGB", size, (120, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "Fictive Camera Maker"  # Make: metadata that must not survive
    image.save(out, format="JPEG", exif=exif)
    out.seek(0)
    out.name = "face.jpg"
    return out


def test_an_executable_is_refused_as_a_photo(officer: Any) -> None:
    from jisr.wanted.models import Alert

    client = logged_in(officer)
    client.cookies["jisr_language"] = "fr"
    exe = io.BytesIO(b"MZ\x90\x00" + b"\x00" * 200)
    exe.name = "photo.jpg"
    response = client.post(
        reverse("wanted:alert_create"),
        {"category": "arrest", "names": "Anouar Fictif", "handling_code": "H1", "photo": exe},
    )
    assert "La photo doit être une image (JPEG, PNG ou WebP)." in response.content.decode()
    assert not Alert.objects.exists()


def test_a_photo_is_re_encoded_without_metadata_and_served_as_an_image_only(
    officer: Any, settings: Any, tmp_path: Any
) -> None:
    from jisr.wanted import services

    settings.MEDIA_ROOT = str(tmp_path)
    alert = services.alert_create(acting_user=officer, data=_alert(), photo=_png())
    stored = alert.photo.read()
    assert stored[:3] == b"\xff\xd8\xff"
    assert b"Fictive Camera Maker" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (40, 50) and not image.getexif()
    response = logged_in(officer).get(reverse("wanted:alert_photo", args=[alert.pk]))
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_photo_over_the_size_cap_is_refused(officer: Any, settings: Any) -> None:
    from jisr.wanted import services

    settings.JISR_PHOTO_MAX_BYTES = 1000
    errors = _errors(
        lambda: services.alert_create(acting_user=officer, data=_alert(), photo=_png((400, 400)))
    )
    assert errors["photo"] == ["La photo dépasse 0 Mo."] or errors["photo"][0].startswith(
        "La photo dépasse"
    )


# -- events -------------------------------------------------------------------------------


def test_an_event_in_1800_is_refused(coordinator: Any, fr_partner: Any) -> None:
    from jisr.events import services

    errors = _errors(
        lambda: services.event_create(
            acting_user=coordinator,
            name="Tournoi fictif",
            starts_on=dt.date(1800, 6, 1),
            ends_on=dt.date(1800, 6, 10),
        )
    )
    assert errors["starts_on"] == ["Un événement ne peut pas commencer avant 2000."]


def test_a_venue_capacity_of_twenty_digits_is_a_form_error_not_a_500(
    coordinator: Any, event: Any
) -> None:
    client = logged_in(coordinator)
    client.cookies["jisr_language"] = "fr"
    response = client.post(
        reverse("events:event_detail", args=[event.id]),
        {
            "venue-name": "Stade D",
            "venue-kind": "stadium",
            "venue-capacity": "99999999999999999999",
        },
    )
    assert response.status_code in (200, 422)
    assert "inférieure ou égale à 10000000" in response.content.decode()
    assert event.venues.count() == 3


def test_a_deployment_outside_the_events_days_is_refused(coordinator: Any, event: Any) -> None:
    from jisr.events import services

    errors = _errors(
        lambda: services.deployment_add(
            acting_user=coordinator,
            event=event,
            officer="Capitaine Fictif",
            agency=event.owner,
            venue=None,
            starts_at=dt.datetime(2027, 5, 20, 8, tzinfo=dt.UTC),
            ends_at=dt.datetime(2027, 6, 2, 18, tzinfo=dt.UTC),
        )
    )
    assert errors["starts_at"] == [
        "Le déploiement doit se situer pendant les jours de l'événement (01/06/2027 au 10/06/2027)."
    ]
    assert "ends_at" not in errors


def test_an_incident_dated_2035_is_refused(coordinator: Any, event: Any) -> None:
    from jisr.events import services

    errors = _errors(
        lambda: services.incident_record(
            acting_user=coordinator,
            event=event,
            venue=event.venues.first(),
            category="crowd",
            severity=2,
            description="Foule fictive",
            occurred_at=dt.datetime(2035, 6, 5, 12, tzinfo=dt.UTC),
        )
    )
    assert errors["occurred_at"] == ["Cette heure est dans le futur."]
    assert clock.now().year < 2035
