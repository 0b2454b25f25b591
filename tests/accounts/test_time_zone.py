"""Each user reads and types times in their own zone (else the node's); storage stays UTC."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from jisr.audit.models import AuditEntry
from tests.support.web import logged_in


def _zone_shown(page: str) -> str:
    """The zone the header says times are shown in."""
    match = re.search(r'<dd data-testid="active-zone">([^<]*)</dd>', page)
    assert match, page
    return match.group(1)


pytestmark = pytest.mark.django_db


@override_settings(TIME_ZONE="Africa/Casablanca")
def test_times_are_in_the_nodes_zone_until_the_user_chooses_another(make_user: Any) -> None:
    user = make_user("ma.zone")
    client = logged_in(user)
    page = client.get(reverse("accounts:me")).content.decode()
    assert _zone_shown(page) == "Africa/Casablanca"

    response = client.post(reverse("accounts:me"), {"time_zone": "Europe/Paris"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.time_zone == "Europe/Paris"
    page = client.get(reverse("accounts:me")).content.decode()
    assert _zone_shown(page) == "Europe/Paris"
    entry = AuditEntry.objects.filter(action="user.time_zone").get()
    assert entry.extra == {"old": "", "new": "Europe/Paris"}


def test_an_unknown_zone_is_refused_in_the_users_language_and_nothing_changes(
    make_user: Any,
) -> None:
    user = make_user("fr.zone", agency="MA-DGSN")
    client = logged_in(user)
    client.cookies["jisr_language"] = "fr"
    response = client.post(reverse("accounts:me"), {"time_zone": "Mars/Olympus_Mons"})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    user.refresh_from_db()
    assert user.time_zone == ""
    assert not AuditEntry.objects.filter(action="user.time_zone").exists()
