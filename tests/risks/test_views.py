"""The pages a person clicks: write a bulletin, release it, import a MISP file, playbooks."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jisr.core import bounds
from jisr.risks.models import Bulletin, Playbook
from tests.risks.conftest import outbox
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


def test_a_bulletin_written_on_the_form_is_released_by_a_second_person(
    analyst: Any, reviewer: Any
) -> None:
    author = logged_in(analyst)
    answer = author.post(
        "/risks/bulletins/new/",
        {
            "kind": "alert_bulletin",
            "title": "Livraison d'armes imminente",
            "summary": "Un camion frigorifique transporte des armes.",
            "indicators": "vehicle 12345-A-6\nphone +212 612 345 678",
            "handling_code": "H1",
            "source_reliability": "B",
            "information_accuracy": "2",
            "valid_until": bounds.today().isoformat(),
            "recipients": ["FR-DGPN"],
        },
    )
    bulletin = Bulletin.objects.get()
    assert answer.status_code == 302 and bulletin.indicators.count() == 2
    page = author.get(f"/risks/bulletins/{bulletin.id}/").content.decode()
    assert "its author cannot" in page and 'data-testid="approve"' not in page
    review = logged_in(reviewer)
    assert (
        'data-testid="approve"' in review.get(f"/risks/bulletins/{bulletin.id}/").content.decode()
    )
    assert not outbox()
    review.post(f"/risks/bulletins/{bulletin.id}/approve/")
    bulletin.refresh_from_db()
    assert bulletin.status == "released" and len(outbox("risks.bulletin")) == 1


def test_a_wrong_indicator_on_the_form_is_shown_and_nothing_is_created(analyst: Any) -> None:
    answer = logged_in(analyst).post(
        "/risks/bulletins/new/",
        {
            "kind": "early_warning",
            "title": "T",
            "summary": "S",
            "indicators": "hash 1234",
            "handling_code": "H0",
            "source_reliability": "X",
            "information_accuracy": "4",
            "valid_until": bounds.today().isoformat(),
            "recipients": ["FR-DGPN"],
        },
    )
    assert answer.status_code == 200
    assert "Indicator 1" in answer.content.decode() and not Bulletin.objects.exists()


def test_a_misp_file_is_imported_as_a_draft_from_the_page(analyst: Any) -> None:
    browser = logged_in(analyst)
    event = {
        "Event": {
            "info": "Hameçonnage fictif",
            "Attribute": [{"type": "domain", "value": "x-fictif.example"}],
        }
    }
    upload = SimpleUploadedFile("event.json", json.dumps(event).encode(), "application/json")
    answer = browser.post("/risks/bulletins/import/", {"file": upload})
    draft = Bulletin.objects.get()
    assert answer.status_code == 302 and draft.status == "draft"
    page = browser.get(f"/risks/bulletins/{draft.id}/").content.decode()
    assert "no TLP tag" in page
    bad = SimpleUploadedFile("event.json", b"{broken", "application/json")
    browser.post("/risks/bulletins/import/", {"file": bad})
    assert Bulletin.objects.count() == 1


def test_a_playbook_is_written_and_versioned_on_its_pages(officer: Any) -> None:
    browser = logged_in(officer)
    browser.post(
        "/risks/playbooks/",
        {
            "name": "Arrivage signalé",
            "crime_area": "drug_trafficking",
            "steps": "MA-DGSN | Vérifier les numéros | 12\nFR-DGPN | Alerter les ports | 4",
        },
    )
    playbook = Playbook.objects.get()
    assert playbook.steps.count() == 2
    browser.post(
        f"/risks/playbooks/{playbook.id}/",
        {
            "name": "Arrivage signalé",
            "crime_area": "drug_trafficking",
            "steps": "MA-DGSN | Vérifier | 6",
        },
    )
    page = browser.get(f"/risks/playbooks/{playbook.id}/").content.decode()
    assert "Earlier versions" in page and "Alerter les ports" in page
