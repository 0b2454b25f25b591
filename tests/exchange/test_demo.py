"""Demo data: one fictitious case per agency, identical ids on both nodes, seeded once."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps

from jisr.exchange.models import Case, Message

pytestmark = pytest.mark.django_db


def test_the_demo_seed_is_idempotent_and_owns_only_its_agencys_case(agencies: Any) -> None:
    config = apps.get_app_config("exchange")
    config.demo_seed(agencies["MA-DGSN"])
    config.demo_seed(agencies["MA-DGSN"])
    assert Case.objects.count() == 2 and Message.objects.count() == 4
    own = Case.objects.get(owner__is_own=True)
    assert own.reference.startswith("MA-DGSN-")
    assert Case.objects.get(owner__code="FR-DGPN").is_copy
    assert all(m.author_name.endswith("-Test") for m in Message.objects.all())
    # The request of the demo case is answered, so no reminder will fire for it.
    assert not Message.objects.filter(kind="request_information", answered_at__isnull=True).exists()
