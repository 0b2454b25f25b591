"""The accreditation review table: it fills in by itself, and shows what the decision rests on."""

from __future__ import annotations

import html
import re
import uuid
from typing import Any

import pytest
from django.urls import reverse

from jisr.events import services
from jisr.events.models import AccreditationCandidate
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db

CSV = (
    "full_name,category,birth_date,nationality,organisation\n"
    "Amina Fictive-Kadiri,staff,1990,MA,Comité fictif\n"
    "Lucien Fictif Moreau,media,1984-03-02,FR,Journal fictif\n"
).encode()


@pytest.fixture
def two_script_alert(fr_partner: Any) -> str:
    """An FR alert copy whose first name is in Arabic script, then in Latin."""
    from jisr.wanted.register_index import reset_register_index
    from jisr.wanted.services import copy_upsert

    alert_id = str(uuid.uuid4())
    copy_upsert(
        "FR-DGPN",
        alert_id,
        1,
        {
            "id": alert_id,
            "owner": "FR-DGPN",
            "category": "arrest",
            "names": ["لوسيان فيكتيف مورو", "Lucien Fictif-Moreau"],
            "aliases": ["Lulu Fictif"],
            "birth_date": "1984-03-02",
            "nationalities": ["FR"],
            "legal_basis": {
                "reference": "FR-2026-001",
                "authority": "Juge fictif",
                "date": "2026-01-05",
                "offence_category": "",
                "offence_description": "Fictitious",
            },
        },
    )
    reset_register_index()
    return alert_id


def _rows(page: str) -> list[str]:
    return re.findall(r'<tr data-testid="candidate">(.*?)</tr>', page, flags=re.S)


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def test_the_review_refresh_brings_the_candidates_with_alert_score_and_explanation(
    coordinator: Any, event: Any, two_script_alert: str
) -> None:
    client = logged_in(coordinator)
    client.cookies["jisr_language"] = "fr"
    services.accreditation_upload(
        acting_user=coordinator, event=event, filename="l.csv", content=CSV, purpose="Accréditation"
    )
    progress = reverse("events:accreditation_progress", args=[event.id])
    waiting = client.get(progress).content.decode()
    assert 'hx-get="' + progress + '"' in waiting  # keeps polling while the list is screened
    assert _rows(waiting) == []

    while services.screening_step(budget_seconds=5) is not None:
        pass
    done = client.get(progress).content.decode()
    assert 'hx-get="' not in done  # the last refresh: the table is filled, polling stops
    [row] = _rows(done)
    text = _text(row)
    assert "Lucien Fictif Moreau" in text
    names = _text(re.search(r'data-testid="candidate-names">(.*?)</span>', row, re.S).group(1))
    # A French reader sees the Latin names first, and every name, aliases included.
    assert names == "Lucien Fictif-Moreau / Lulu Fictif / لوسيان فيكتيف مورو"
    score = float(
        _text(re.search(r'data-testid="score">(.*?)</td>', row, re.S).group(1)).replace(",", ".")
    )
    assert 0.8 <= score <= 1
    assert 'data-testid="explanation"' in row and "Date de naissance" in text
    # No decision is preselected, and the choices say what they do.
    assert '<option value="" selected>' in row
    assert "Ce n'est pas la personne recherchée : l'accréditation peut être accordée" in text
    assert "transmettre une concordance au propriétaire du signalement" in text


def test_deciding_without_choosing_is_refused_and_the_candidate_stays_to_review(
    coordinator: Any, event: Any, two_script_alert: str
) -> None:
    services.accreditation_upload(
        acting_user=coordinator, event=event, filename="l.csv", content=CSV, purpose="Accréditation"
    )
    while services.screening_step(budget_seconds=5) is not None:
        pass
    candidate = AccreditationCandidate.objects.get()
    client = logged_in(coordinator)
    client.cookies["jisr_language"] = "fr"
    response = client.post(
        reverse("events:candidate_decide", args=[candidate.pk]),
        {"decision": "", "reason": "Vu"},
        follow=True,
    )
    assert "Indiquez la décision et son motif." in _text(response.content.decode())
    candidate.refresh_from_db()
    assert candidate.status == "pending" and candidate.decided_by is None


def test_an_arabic_reader_sees_the_arabic_name_first_in_screening_results(
    make_user: Any, two_script_alert: str
) -> None:
    from jisr.accounts.roles import Role

    officer = make_user("ma.screener", [Role.LIAISON_OFFICER])
    client = logged_in(officer)
    for language, first in (("ar", "لوسيان فيكتيف مورو"), ("fr", "Lucien Fictif-Moreau")):
        client.cookies["jisr_language"] = language
        response = client.post(
            reverse("wanted:screen"),
            {
                "purpose": "Contrôle frontière fictif",
                "names": "Lucien Fictif Moreau",
                "birth_date": "1984-03-02",
            },
            follow=True,
        )
        page = response.content.decode()
        match = re.search(r'data-testid="candidate-names">(.*?)</span>', page, re.S)
        assert match, page[-3000:]
        names = _text(match.group(1)).split(" / ")
        assert names[0] == first
        assert sorted(names) == sorted(
            ["لوسيان فيكتيف مورو", "Lucien Fictif-Moreau", "Lulu Fictif"]
        )
