"""The administrator's federation page: link health, counts, dead letters and Retry."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from jisr.accounts.roles import Role
from jisr.audit.models import AuditEntry
from jisr.federation.models import OutboxEnvelope, Partner
from jisr.federation.services import outbox_enqueue
from tests.federation.support import FakePartner
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


def _dead_letter() -> OutboxEnvelope:
    envelope = outbox_enqueue(envelope_type="hit.reported", recipient="FR-DGPN", body={"hit": 1})
    OutboxEnvelope.objects.filter(pk=envelope.pk).update(
        state="dead", attempts=3, last_error="HTTP 422 refused: no such alert"
    )
    envelope.refresh_from_db()
    return envelope


def test_the_administrator_sees_each_link_with_counts_and_dead_letters(
    fr_partner: FakePartner, make_user: Any
) -> None:
    admin = make_user("ma.admin", [Role.ADMINISTRATOR])
    outbox_enqueue(envelope_type="hit.reported", recipient="FR-DGPN", body={})
    dead = _dead_letter()
    Partner.objects.update(out_of_sync=True)
    response = logged_in(admin).get(reverse("federation:links"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="link-FR-DGPN"' in html
    assert 'data-testid="pending">1<' in html and 'data-testid="failed">1<' in html
    assert str(dead.id) in html and "no such alert" in html
    assert 'data-testid="out-of-sync"' in html
    assert reverse("federation:retry", args=[dead.id]) in html
    assert '"hit": 1' not in html  # the body is never shown


def test_retry_puts_the_dead_letter_back_in_the_queue_and_is_audited(
    fr_partner: FakePartner, make_user: Any
) -> None:
    admin = make_user("ma.admin", [Role.ADMINISTRATOR])
    dead = _dead_letter()
    response = logged_in(admin).post(reverse("federation:retry", args=[dead.id]))
    assert response.status_code == 302
    dead.refresh_from_db()
    assert (dead.state, dead.attempts) == ("pending", 0)
    entry = AuditEntry.objects.get(action="federation.retry")
    assert entry.actor_username == "ma.admin" and entry.recipient == "FR-DGPN"


def test_others_may_neither_see_the_page_nor_retry(fr_partner: FakePartner, make_user: Any) -> None:
    officer = make_user("ma.officer", [Role.LIAISON_OFFICER, Role.DPO])
    dead = _dead_letter()
    client = logged_in(officer)
    assert client.get(reverse("federation:links")).status_code == 403
    assert client.post(reverse("federation:retry", args=[dead.id])).status_code == 403
    dead.refresh_from_db()
    assert dead.state == "dead"
    home = client.get(reverse("core:home")).content.decode()
    assert reverse("federation:links") not in home


def test_the_navigation_offers_the_page_to_administrators(
    fr_partner: FakePartner, make_user: Any
) -> None:
    admin = make_user("ma.admin", [Role.ADMINISTRATOR])
    home = logged_in(admin).get(reverse("core:home")).content.decode()
    assert f'href="{reverse("federation:links")}"' in home


def test_retry_needs_post(fr_partner: FakePartner, make_user: Any) -> None:
    admin = make_user("ma.admin", [Role.ADMINISTRATOR])
    dead = _dead_letter()
    assert logged_in(admin).get(reverse("federation:retry", args=[dead.id])).status_code == 405
