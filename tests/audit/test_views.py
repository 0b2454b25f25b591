"""The DPO's audit page: the partners-as-witnesses panel and the on-demand check."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from jisr.accounts.roles import Role
from jisr.audit.models import AuditEntry, WitnessCheck
from jisr.core import clock
from jisr.federation.models import OutboxEnvelope
from tests.federation.support import FakePartner
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


def test_the_dpo_asks_the_partners_and_sees_their_answer(
    make_user: Any, fr_partner: FakePartner
) -> None:
    dpo = logged_in(make_user("ma.dpo", [Role.DPO]))
    page = dpo.get(reverse("audit:log")).content.decode()
    assert 'data-testid="witness-check"' in page and "Not checked yet." in page
    asked = dpo.post(reverse("audit:witness_check"))
    assert asked.status_code == 302
    check = WitnessCheck.objects.get(partner="FR-DGPN")
    assert OutboxEnvelope.objects.filter(type="audit.witness_request").count() == 1
    assert AuditEntry.objects.filter(action="audit.witness_request", actor_username="ma.dpo")
    pending = dpo.get(reverse("audit:log")).content.decode()
    assert "A newer request awaits an answer." in pending
    # FR-DGPN's answer, as the inbox handler records it
    check.completed_at, check.ok, check.anchors, check.first_bad_seq = clock.now(), False, 3, 12
    check.save()
    broken = dpo.get(reverse("audit:log")).content.decode()
    assert "row 12 or an earlier one was rewritten or removed" in broken
    dpo.post(reverse("set_language"), {"language": "fr", "next": "/"})
    in_french = dpo.get(reverse("audit:log")).content.decode()
    assert "la ligne 12 ou une ligne antérieure" in in_french


def test_only_those_who_may_browse_the_log_may_ask(make_user: Any, fr_partner: FakePartner) -> None:
    officer = logged_in(make_user("ma.officer", [Role.LIAISON_OFFICER]))
    assert officer.post(reverse("audit:witness_check")).status_code == 403
    assert not WitnessCheck.objects.exists()
    assert officer.get(reverse("audit:witness_check")).status_code in (403, 405)
