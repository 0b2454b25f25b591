"""Demo data: the same shared rows (same ids) on both nodes, Arabic on MA, French on FR."""

from __future__ import annotations

from typing import Any

import pytest

from jisr.risks import demo
from jisr.risks.models import Bulletin, Playbook, Risk, RiskAssessment

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_risks_with_both_scores_a_playbook_and_a_released_bulletin(
    agencies: Any, officer: Any
) -> None:
    demo.seed(agencies["MA-DGSN"])
    demo.seed(agencies["MA-DGSN"])
    assert Risk.objects.count() == 4 and RiskAssessment.objects.count() == 4
    drug = Risk.objects.get(id=demo._id(1))
    assert drug.owner.code == "MA-DGSN" and drug.description_ar and not drug.description_fr
    assert Playbook.objects.get().steps.count() == 3
    bulletin = Bulletin.objects.get(id=demo.BULLETIN_ID)
    assert bulletin.status == "released" and bulletin.owner.code == "FR-DGPN"
    assert list(bulletin.acks.values_list("username", flat=True)) == ["ma.officer"]
